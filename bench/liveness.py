"""Time to a live calculator, and the minimal pages' load times, from navigation start.

A calculator page is opened through a share link carrying a :class:`bench.pages.Probe`, so
Python's first answer in the browser must differ from the pre-rendered one. A script added
before the page's own scripts watches the calculator with a MutationObserver and stamps, on
the page's clock (``performance.now()``, zero at navigation start):

* ``loading`` -- the page's module mounted the calculator and started the worker;
* ``runtime``/``packages`` -- the worker's progress (the progress bar's value);
* ``ready`` -- ``data-status="ready"``, which the page sets with Python's first result.

At ``ready`` it reads the watched ``data-value``; the visit counts only when that equals
CPython's value for the same inputs.
"""

from __future__ import annotations

import json

from bench.pages import Probe

TIMEOUT_MS = 90_000

WATCH = """
(() => {
  const watched = %(watched)s;
  const marks = {};
  window.__live = marks;
  const stages = { 15: "runtime", 75: "packages" };
  function watch() {
    const root = document.querySelector("[data-calculator]");
    if (!root) { marks.error = "no [data-calculator] on the page"; return; }
    const check = () => {
      const now = performance.now();
      const status = root.dataset.status;
      if (status === "loading" && marks.loading === undefined) marks.loading = now;
      const bar = root.querySelector("progress");
      if (bar && stages[bar.value] && marks[stages[bar.value]] === undefined) marks[stages[bar.value]] = now;
      if (status === "ready" && marks.ready === undefined) {
        marks.ready = now;
        const element = root.querySelector(`[data-field="${watched}"]`);
        marks.value = element ? element.dataset.value : null;
      }
      if (status === "error" && marks.error === undefined) marks.error = root.querySelector(".calculator-status")?.textContent || "error";
    };
    new MutationObserver(check).observe(root, { attributes: true, subtree: true, childList: true });
    check();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
"""

PAGE_TIMINGS = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : null,
    load: navigation ? navigation.loadEventEnd : null,
    firstContentfulPaint: paint ? paint.startTime : null,
    workerStart: performance.getEntriesByName("calculators:worker-start")[0]?.startTime ?? null,
  };
}"""


def watch_script(probe: Probe) -> str:
    return WATCH % {"watched": json.dumps(probe.watched)}


def visit_calculator(context, base_url: str, path: str, probe: Probe) -> dict:
    """Open the calculator in a new page of ``context``; the marks in milliseconds."""
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{base_url}{path}#{probe.fragment}", wait_until="commit")
        page.wait_for_function("() => window.__live && (window.__live.ready !== undefined || window.__live.error)", timeout=TIMEOUT_MS)
        marks = page.evaluate("() => window.__live")
        marks.update(page.evaluate(PAGE_TIMINGS))
    finally:
        page.close()
    if marks.get("error"):
        raise RuntimeError(f"{probe.calculator}: the calculator failed: {marks['error']} {errors}")
    if marks.get("value") != probe.expected:
        raise RuntimeError(
            f"{probe.calculator}: at ready, {probe.watched} is {marks.get('value')!r}, CPython says {probe.expected!r}"
        )
    return marks


def _minimal_page(context, base_url: str, path: str) -> dict:
    """Open a minimal page of :mod:`bench.baseline` in a new page of ``context``; its ``window.__bare``."""
    page = context.new_page()
    try:
        page.goto(f"{base_url}{path}", wait_until="commit")
        page.wait_for_function("() => window.__bare", timeout=TIMEOUT_MS)
        return page.evaluate("() => window.__bare")
    finally:
        page.close()


def visit_bare(context, base_url: str, path: str) -> dict:
    """Open the bare runtime page in a new page of ``context``; its marks in milliseconds."""
    marks = _minimal_page(context, base_url, path)
    if "error" in marks or marks.get("answer") != 2:
        raise RuntimeError(f"the bare Pyodide page failed: {marks}")
    return marks


def visit_worker(context, base_url: str, path: str) -> dict:
    """Open the site-worker page (:func:`bench.baseline.write_worker`); its marks in milliseconds."""
    marks = _minimal_page(context, base_url, path)
    if "error" in marks or marks.get("ok") is not True:
        raise RuntimeError(f"the site worker page failed: {marks}")
    return marks


def cold_and_warm(browser, base_url: str, visit, *args) -> tuple[dict, dict]:
    """One cold visit (a fresh context: empty cache) and a warm one (same context, a new page)."""
    context = browser.new_context()
    try:
        if len(args) and isinstance(args[-1], Probe):
            context.add_init_script(watch_script(args[-1]))
        cold = visit(context, base_url, *args)
        warm = visit(context, base_url, *args)
    finally:
        context.close()
    return cold, warm
