"""Recompute latency: from one input event to the result Python sends back, in the DOM.

On a live calculator page, a script in the page makes each change the way a visitor's
browser does: a number field gets a new value and an ``input`` event (a keystroke), a
radio button is clicked (``input`` and ``change``, as a real click fires). It stamps
``performance.now()`` just before the event and again when the result region's content is
replaced (a MutationObserver, so the same microtask the page updates in), then once more at
the next animation frame (when the visitor can see it). Changes are spaced a little apart,
as typing is; the page's own coalescing of quick changes is part of what is measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.liveness import TIMEOUT_MS

CHANGES = 60
PAUSE_MS = 25

MEASURE = """async ({ name, steps, pauseMs }) => {
  const root = document.querySelector(`[data-calculator="${name}"]`);
  const form = root.querySelector("form.calculator-form");
  const result = root.querySelector(".calculator-result");
  const timings = [];
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  for (const step of steps) {
    const replaced = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result within 10 s after ${step.name}=${step.value}`)), 10000);
      const observer = new MutationObserver(() => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now());
      });
      observer.observe(result, { childList: true });
    });
    let start;
    if (step.kind === "radio") {
      const radio = form.querySelector(`input[type=radio][name="${step.name}"][value="${step.value}"]`);
      start = performance.now();
      radio.click();
    } else {
      const input = form.elements.namedItem(step.name);
      input.value = step.value;
      start = performance.now();
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    const updated = await replaced;
    const painted = await nextFrame();
    if (result.hasAttribute("data-stale")) throw new Error(`the result went stale after ${step.name}=${step.value}`);
    timings.push({ dom: updated - start, frame: painted - start });
    await pause(pauseMs);
  }
  return timings;
}"""


@dataclass(frozen=True)
class Step:
    name: str
    value: str
    kind: str  # "number" or "radio"


def steps(calculator: str, count: int = CHANGES) -> list[Step]:
    """``count`` valid changes, each different from the form's state before it."""
    from calculators import api

    defaults = api.schema(calculator)["defaults"]
    if calculator == "roi":
        # discount rates 0.02, 0.03, ... 0.31, then back down: every one moves the NPV
        rates = [round(0.02 + 0.01 * (i % 30), 2) for i in range(count)]
        return [Step("discount_rate", f"{rate:.2f}", "number") for rate in rates]
    if calculator == "readiness":
        answers = dict(defaults["answers"])
        questions = list(answers)
        changes = []
        for i in range(count):
            question = questions[i % len(questions)]
            answers[question] = (answers[question] + 2) % 5
            changes.append(Step(question, str(answers[question]), "radio"))
        return changes
    raise KeyError(calculator)


def measure(context, base_url: str, path: str, calculator: str, count: int = CHANGES) -> list[dict]:
    """Open the calculator, wait until it is live, make ``count`` changes; per-change timings (ms)."""
    from calculators import api

    page = context.new_page()
    try:
        # A calculator with a quick estimate is measured in its full model, where every input counts.
        full = f"#calculator={calculator}&mode=full" if api.schema(calculator).get("quick") else ""
        page.goto(f"{base_url}{path}{full}")
        page.wait_for_selector(f'[data-calculator="{calculator}"][data-status="ready"]', timeout=TIMEOUT_MS)
        plan = [{"name": s.name, "value": s.value, "kind": s.kind} for s in steps(calculator, count)]
        return page.evaluate(MEASURE, {"name": calculator, "steps": plan, "pauseMs": PAUSE_MS})
    finally:
        page.close()
