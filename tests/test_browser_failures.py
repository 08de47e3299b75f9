"""How the live calculators fail, in Chromium: mkdocs_calculators/assets/javascripts/calculators.js and its worker.

Target: the failure paths of the calculators in the browser, beyond the start-up failures
tests/test_browser_calculators.py already covers (a blocked runtime, ``WebAssembly`` deleted
on the page, a policy that blocks WebAssembly, a worker script that throws, the runtime
folder answering 404). Here each fault is made real at a different point: the runtime's
WebAssembly binary answers 404 while its loader is fine (Pyodide alone would only log a
warning and never settle); the calculators wheel answers 404 (Pyodide would only log it); the binary or the loader is served with the wrong MIME type; WebAssembly is missing in the worker's own scope (the worker script is
served with a first line that deletes it, since workers do not get a page's init scripts);
Python raises during a recompute (the worker's Python bridge is served with a wrapper that
raises from the second call on). In every case the page says what happened in plain words,
keeps the pre-rendered (or last good) result and the booking link, and the technical detail
goes to the console, never to the visitor.
"""

from __future__ import annotations

import re

import pytest

from calculators import api
from tests.test_browser_calculators import PAGES, Visit, cpython_pairs, opening_payload, shown_pairs

TECHNICAL = re.compile(r"Traceback|Error\b|\bat \w+ \(|HTTP \d{3}|\.mjs|\.js\b|\.wasm|sha256|undefined|null", re.I)


def rewrite(url_glob: str, change):
    """A route handler serving the real file with its text passed through ``change``."""

    def handler(route):
        response = route.fetch()
        route.fulfill(response=response, body=change(response.text()))

    return url_glob, handler


def assert_failed_plainly(visit: Visit, name: str, words: str, detail: str, *, kept=None) -> None:
    page = visit.page
    root = f'[data-calculator="{name}"]'
    page.wait_for_selector(f"{root}[data-status=error]", timeout=45_000)
    status = page.locator(f"{root} .calculator-status")
    assert status.is_visible()
    said = status.inner_text()
    assert words in said, said
    assert not TECHNICAL.search(said), said
    assert detail not in page.locator("body").inner_text()
    expected = kept if kept is not None else cpython_pairs(name, opening_payload(name))
    assert shown_pairs(page, name) == expected
    assert page.locator(f"{root} .calculator-result").is_visible()
    booking = page.locator(f"{root} a[data-booking-link]")
    assert booking.is_visible() and "book-a-diagnostic" in booking.get_attribute("href")
    assert not page.locator(f"{root} progress").is_visible()
    assert any(detail in text for text in visit.console_errors), visit.console_errors
    assert visit.dialogs == []


@pytest.fixture
def failing(browser, site_url):
    visit = Visit(browser, site_url)
    yield visit
    visit.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_the_runtime_binary_answers_404(failing, name):
    failing.context.route("**/assets/pyodide/*/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="not found"))
    failing.open(name, wait_ready=False)
    assert_failed_plainly(failing, name, "could not load", "HTTP 404")


def test_the_calculators_wheel_answers_404(failing):
    # The worker fetches the wheel itself (runtime.json names it); a refusal is a start-up failure.
    failing.context.route("**/assets/pyodide/packages/*/*.whl", lambda route: route.fulfill(status=404, body="not found"))
    failing.open("roi", wait_ready=False)
    assert_failed_plainly(failing, "roi", "could not load", "answered HTTP 404")


def test_a_wheel_that_is_not_the_one_runtime_json_names_is_refused(failing):
    def tampered(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.body() + b"tampered")

    failing.context.route("**/assets/pyodide/packages/*/*.whl", tampered)
    failing.open("roi", wait_ready=False)
    assert_failed_plainly(failing, "roi", "could not load", "do not match the sha256 in runtime.json")


WRONG_TYPES = {  # (runtime file, the type a misconfigured host sends, what the console says)
    "binary": ("pyodide.asm.wasm", "application/octet-stream", "Content-Type application/octet-stream"),
    "loader": ("pyodide.mjs", "text/plain", "pyodide.mjs failed"),
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("which", list(WRONG_TYPES))
def test_the_runtime_served_with_the_wrong_mime_type(failing, name, which):
    file, wrong, detail = WRONG_TYPES[which]

    def mistyped(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-type": wrong})

    failing.context.route(f"**/assets/pyodide/*/{file}", mistyped)
    failing.open(name, wait_ready=False)
    assert_failed_plainly(failing, name, "could not load", detail)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_webassembly_in_the_worker(failing, name):
    failing.context.route(*rewrite("**/calculator-worker.js", lambda text: "delete globalThis.WebAssembly;\n" + text))
    failing.open(name, wait_ready=False)
    assert_failed_plainly(failing, name, "needs WebAssembly", "WebAssembly is not available")


# Wraps the bridge's respond_json: the first call (the page's first result) works, later ones raise.
RAISING_BRIDGE = """
_real_respond_json = respond_json
_calls = []

def respond_json(name, payload_text, currency, site_text="{}"):
    _calls.append(name)
    if len(_calls) > 1:
        raise RuntimeError("injected failure in Python")
    return _real_respond_json(name, payload_text, currency, site_text)

respond_json
`;"""


def raise_after_first_call(text: str) -> str:
    changed = text.replace("\nrespond_json\n`;", "\nrespond_json\n" + RAISING_BRIDGE, 1)
    assert changed != text, "calculator-python.js no longer ends its bridge with `respond_json`"
    return changed


def test_python_raises_during_a_recompute(failing):
    failing.context.route(*rewrite("**/calculator-python.js", raise_after_first_call))
    page = failing.open("roi", mode="quick")  # switching modes would be a recompute of its own
    good = shown_pairs(page, "roi")
    page.fill('[name="metrics[0].outcome"]', "5")
    assert_failed_plainly(failing, "roi", "went wrong while working out this result", "injected failure in Python", kept=good)
    assert page.get_attribute('[data-calculator="roi"] .calculator-result', "data-stale") is not None
