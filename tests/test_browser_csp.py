"""The built site in Chromium under its own Content Security Policy (hooks/static_headers.py).

Target: the policy as a browser enforces it. The ``hosted_url`` server (conftest.py) sends
every response with the headers of the ``_headers`` file the build wrote, as Netlify or
Cloudflare Pages would. Every page type loads, search runs, and both calculators reach
``ready`` and recompute with no ``securitypolicyviolation`` event and no console error. A
control proves the listener can fail: a script added at run time is refused and reported.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from bench.headers import headers_for, read
from tests.test_accessibility import PAGE_TYPES
from tests.test_browser_calculators import READY, assert_matches_cpython

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`);
});
window.__calculatorResults = 0;
document.addEventListener("calculator:result", () => { window.__calculatorResults += 1; });
"""


class PolicedPage:
    """A page on the hosted site that records CSP violations, console errors and foreign requests."""

    def __init__(self, browser, url: str) -> None:
        self.url = url
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: message.type in ("error", "warning") and self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.console.append(str(error)))
        self.context.on("request", lambda request: self.requests.append(request.url))

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")

    def policy_console(self) -> list[str]:
        return [text for text in self.console if "Content Security Policy" in text or "Content-Security-Policy" in text]

    def close(self) -> None:
        self.context.close()


def results_shown(page) -> int:
    return page.evaluate("window.__calculatorResults")


def wait_for_results(page, more_than: int, quiet_s: float = 0.4, timeout_s: float = 30) -> None:
    """Wait until more than ``more_than`` answers were shown and none came for ``quiet_s``.
    Polled from Python: Playwright's wait_for_function evaluates a string, which this very
    policy forbids."""
    start = last_change = time.monotonic()
    seen = results_shown(page)
    while time.monotonic() - start < timeout_s:
        page.wait_for_timeout(100)
        now = results_shown(page)
        if now != seen:
            seen, last_change = now, time.monotonic()
        if seen > more_than and time.monotonic() - last_change >= quiet_s:
            return
    raise AssertionError(f"no new result within {timeout_s} s")


@pytest.fixture
def policed(browser, hosted_url):
    opened = PolicedPage(browser, hosted_url)
    yield opened
    opened.close()


def test_the_server_sends_the_built_policy(built_site, hosted_url):
    expected = headers_for(read(built_site), "/")
    for path in ("", "calculators/roi/", "assets/javascripts/calculator-worker.js", "no/such/page/"):
        try:
            response = urllib.request.urlopen(hosted_url + path)
        except urllib.error.HTTPError as error:  # the 404 page
            assert error.code == 404
            response = error
        assert response.headers["Content-Security-Policy"] == expected["Content-Security-Policy"]
        assert "'wasm-unsafe-eval'" in response.headers["Content-Security-Policy"]


def test_the_policy_refuses_a_script_added_at_run_time_and_reports_it(policed):
    policed.page.goto(policed.url, wait_until="networkidle")
    ran = policed.page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.head.append(script);
        return Boolean(window.__injected);
    }""")
    policed.page.wait_for_timeout(200)
    assert ran is False
    assert any(violation.startswith("script-src") for violation in policed.violations())


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_page_type_runs_under_the_policy_without_a_violation(policed, kind):
    page = policed.page
    page.goto(policed.url + PAGE_TYPES[kind], wait_until="networkidle")
    assert page.evaluate("typeof window.document$ === 'object'"), "Material's bundle did not run"
    if kind == "home":  # search: Material's worker builds its index and answers
        page.keyboard.press("/")
        page.keyboard.type("pilot")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert policed.violations() == []
    assert policed.policy_console() == []
    assert [url for url in policed.requests if not url.startswith((policed.url, "data:", "blob:"))] == []


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_both_calculators_reach_ready_and_recompute_under_the_policy(policed, name):
    page = policed.page
    page.goto(policed.url + f"calculators/{name}/")
    page.wait_for_selector(READY, timeout=90_000)
    wait_for_results(page, 0)
    before = results_shown(page)
    if name == "roi":
        page.fill('[name="one_off_costs[0].amount"]', "130000")  # in the quick estimate the page opens on
    else:
        page.locator("[data-calculator=readiness] input[type=radio]").first.check()
    wait_for_results(page, before)
    assert_matches_cpython(page, name)
    assert policed.violations() == []
    assert policed.console == []
