"""Browser tests of the live calculators (mkdocs_calculators/assets/javascripts/calculators.js and its worker).

Target: the calculators as a visitor gets them, in Debian's Chromium driven by Playwright,
against the site ``mkdocs build`` wrote, served on 127.0.0.1 (fixtures in conftest.py).
What Python shows in the browser is compared with CPython: for the inputs the page sent,
every ``data-field``/``data-value`` pair in the result must equal the pairs of
``web.render(name, api.run(name, payload), currency)``. Also covered: rows added
and removed, share links (restored in a new page; hostile ones are tests/test_browser_hostile_input.py's), the
page without JavaScript, a blocked runtime, validation errors beside their field with the
last result marked out of date, instant navigation reusing the worker, no Pyodide byte on
other pages, no console error and no request to another origin. Screenshots of both
calculators, ready and with an error, desktop and phone, go to tests/artifacts/.
"""

from __future__ import annotations

import json
import os
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from calculators import api
from calculators import web
from calculators.web import form_input
from mkdocs_calculators import form as calculator_form

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
#: The pinned Pyodide (package.json), whose folder the built site serves under assets/pyodide/.
PYODIDE_VERSION = json.loads((Path(__file__).resolve().parent.parent / "node_modules" / "pyodide" / "package.json")
                             .read_text())["version"]
READY = "[data-calculator][data-status=ready]"
PAGES = {"readiness": "calculators/readiness/", "roi": "calculators/roi/"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Counts the answers the page shows (calculators.js dispatches calculator:result after each).
COUNT_RESULTS = """
window.__calculatorResults = 0;
document.addEventListener("calculator:result", () => { window.__calculatorResults += 1; });
"""


class FieldValues(HTMLParser):
    """The (data-field, data-value) pairs of an HTML fragment, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "data-field" in found:
            self.pairs.append((found["data-field"], found.get("data-value")))


def opening_payload(name: str) -> dict:
    """The inputs a calculator's page opens with: its quick estimate's when it has one, none for a
    questionnaire."""
    return calculator_form.opening_payload(api.schema(name))


def cpython_pairs(name: str, payload: dict, currency: str = "GBP") -> list[tuple[str, str]]:
    parser = FieldValues()
    parser.feed(web.render(name, api.run(name, payload), currency))
    return parser.pairs


class Visit:
    """A page in a fresh browser context that records console errors and every request."""

    def __init__(self, browser, site_url: str, *, viewport=DESKTOP, javascript=True) -> None:
        self.site_url = site_url
        self.context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        address = urlsplit(site_url)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=f"{address.scheme}://{address.netloc}")
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.new_page()

    def new_page(self):
        page = self.context.new_page()
        page.add_init_script(COUNT_RESULTS)
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        return page

    def open(self, name: str, fragment: str = "", page=None, wait_ready: bool = True, mode: str = "full"):
        """Open calculator ``name``'s page; a calculator with a quick estimate is switched to ``mode``
        (the full model by default: most tests here work on every input; "" leaves it as it opened)."""
        page = page or self.page
        page.goto(self.site_url + PAGES[name] + fragment)
        if wait_ready:
            page.wait_for_selector(READY, timeout=90_000)
            settle(page)
            choose_mode(page, mode)
        return page

    def foreign_requests(self) -> list[str]:
        origin = urlsplit(self.site_url).netloc
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:")) and urlsplit(url).netloc != origin]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened = Visit(browser, site_url)
    yield opened
    opened.close()


def settle(page, quiet_ms: int = 400) -> None:
    """Wait until the page has shown an answer and no new one arrived for ``quiet_ms``."""
    page.wait_for_function("window.__calculatorResults > 0", timeout=30_000)
    last, since = page.evaluate("window.__calculatorResults"), time.monotonic()
    while time.monotonic() - since < quiet_ms / 1000:
        page.wait_for_timeout(100)
        now = page.evaluate("window.__calculatorResults")
        if now != last:
            last, since = now, time.monotonic()


def choose_mode(page, mode: str) -> None:
    """Switch a calculator with a quick estimate to ``mode`` ("quick" or "full"), if it is not in it."""
    choice = page.locator(f'input[name="mode"][value="{mode}"]')
    if choice.count() and not choice.first.is_checked():
        after_change(page, lambda: choice.first.check())


def after_change(page, action) -> None:
    before = page.evaluate("window.__calculatorResults")
    action()
    page.wait_for_function(f"window.__calculatorResults > {before}", timeout=30_000)
    settle(page)


def copy_link(visit, page, name: str) -> str:
    """Press calculator ``name``'s "Copy link" and return the address it set (``location.href``:
    ``page.url`` may not yet have heard of the replaceState). The notice is said before the
    clipboard answers; if it never comes, the failure carries what the page logged."""
    page.click(f'[data-calculator="{name}"] [data-action="copy-link"]')
    try:
        page.wait_for_selector(f'[data-calculator="{name}"] .calculator-notice', timeout=15_000)
    except PlaywrightTimeout:
        raise AssertionError(f"no notice after Copy link; the page logged {visit.console_errors!r}, "
                             f"address {page.evaluate('location.href')!r}") from None
    return page.evaluate("location.href")


def sent_payload(page, name: str) -> dict:
    """The API payload of what the page sends: its form's texts (:func:`sent_texts`) read as the
    worker's respond reads them (calculators.web.form_input), every text a number of its field."""
    payload, errors = form_input.read(api.schema(name), sent_texts(page, name))
    assert errors == [], errors
    return payload


def sent_texts(page, name: str) -> dict:
    """The payload the page builds from its form, read with the module's own readPayload."""
    site_root = page.url.split("calculators/")[0]
    text = page.evaluate(
        """async ([name, moduleUrl]) => {
            const module = await import(moduleUrl);  // the instance the page already runs
            const form = document.querySelector(`[data-calculator="${name}"] form`);
            return JSON.stringify(module.readPayload(form));
        }""",
        [name, site_root + "assets/javascripts/calculators.js"],
    )
    return json.loads(text)


def shown_pairs(page, name: str) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in page.eval_on_selector_all(
        f'[data-calculator="{name}"] .calculator-result [data-field]',
        "elements => elements.map(e => [e.dataset.field, e.getAttribute('data-value')])",
    )]


def currency_of(page) -> str:
    select = page.query_selector("[data-presentation][name=currency]")
    return select.input_value() if select else "GBP"


def assert_matches_cpython(page, name: str) -> dict:
    payload = sent_payload(page, name)
    expected = cpython_pairs(name, payload, currency_of(page))
    assert api.run(name, payload)["ok"], api.run(name, payload)
    assert expected, "CPython rendered no values"
    assert shown_pairs(page, name) == expected
    return payload


def assert_clean(visit: Visit) -> None:
    assert visit.console_errors == []
    assert visit.foreign_requests() == []
    assert visit.dialogs == []


def screenshot(page, name: str, centre: str) -> None:
    """With ``SCREENSHOTS=1`` in the environment, save the viewport, scrolled so that ``centre`` (a
    selector) is in the middle, to tests/artifacts/ for a person to look at; else nothing: no test
    compares them."""
    page.locator(centre).first.evaluate("element => element.scrollIntoView({block: 'center'})")
    keep_screenshot(page, name)


def keep_screenshot(page, name: str, **options) -> None:
    """``page.screenshot(**options)`` to tests/artifacts/<name>.png, with ``SCREENSHOTS=1`` only."""
    if os.environ.get("SCREENSHOTS") != "1":
        return
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **options)


# --- live values ---------------------------------------------------------------------------------


def test_readiness_live_result_matches_cpython(warm):
    page = warm.open("readiness")
    assert sent_payload(page, "readiness") == {"answers": {}}  # the questions open unanswered
    assert_matches_cpython(page, "readiness")
    questions = list(api.schema("readiness")["defaults"]["answers"])
    after_change(page, lambda: page.check(f'input[name="{questions[0]}"][value="0"]'))
    after_change(page, lambda: page.check(f'input[name="{questions[-1]}"][value="4"]'))
    payload = assert_matches_cpython(page, "readiness")
    assert payload["answers"][questions[0]] == 0 and payload["answers"][questions[-1]] == 4
    assert page.get_attribute("[data-calculator=readiness]", "data-status") == "ready"
    booking = page.get_attribute("[data-calculator=readiness] a[data-booking-link]", "href")
    query = web.booking_query("readiness", api.run("readiness", payload)["result"])
    assert booking.startswith("/book-a-diagnostic/?")
    assert dict(parse_qsl(urlsplit(booking).query)) == query
    assert_clean(warm)


def test_roi_live_result_matches_cpython_with_rows_added_and_removed(warm):
    page = warm.open("roi")
    assert sent_payload(page, "roi") == api.schema("roi")["defaults"]
    assert_matches_cpython(page, "roi")

    after_change(page, lambda: page.fill('[name="discount_rate"]', "7"))  # in percent
    after_change(page, lambda: page.fill('[name="metrics[0].baseline"]', "20"))
    after_change(page, lambda: page.select_option('[name="currency"]', "EUR"))
    third_name = page.input_value('[name="metrics[2].name"]')

    # add a fourth metric and fill it
    after_change(page, lambda: page.click('[data-action="add-row"][data-list="metrics"]'))
    assert page.locator('[data-row="metrics"]').count() == 4
    for field, value in (("name", "Rework per invoice"), ("baseline", "3"), ("outcome", "1"),
                         ("annual_volume", "60000"), ("value_per_unit", "2")):
        after_change(page, lambda f=field, v=value: page.fill(f'[name="metrics[3].{f}"]', v))
    after_change(page, lambda: page.select_option('[name="metrics[3].type"]', "cost"))

    # remove the second: the rows after it are renumbered
    after_change(page, lambda: page.click('[data-row="metrics"]:nth-child(2) [data-action="remove-row"]'))
    assert page.locator('[data-row="metrics"]').count() == 3
    assert page.input_value('[name="metrics[1].name"]') == third_name
    assert page.input_value('[name="metrics[2].name"]') == "Rework per invoice"
    assert page.locator('[name="metrics[3].name"]').count() == 0

    payload = assert_matches_cpython(page, "roi")
    assert payload["discount_rate"] == 0.07 and payload["metrics"][0]["baseline"] == 20
    assert [m["name"] for m in payload["metrics"]][1:] == [third_name, "Rework per invoice"]
    assert page.get_attribute('[data-calculator="roi"] .calculator-result > div', "data-currency") == "EUR"
    assert not page.locator('[data-calculator="roi"] .calculator-result[data-stale]').count()
    assert_clean(warm)


def test_downloads_carry_python_csv_and_json(warm):
    page = warm.open("roi")
    with page.expect_download() as caught:
        page.click('[data-calculator="roi"] [data-action="download-csv"]')
    csv_text = Path(caught.value.path()).read_text(encoding="utf-8")
    payload = sent_payload(page, "roi")
    assert csv_text == web.csv("roi", api.run("roi", payload)["result"])
    with page.expect_download() as caught:
        page.click('[data-calculator="roi"] [data-action="download-json"]')
    record = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
    assert record == {"calculator": "roi", "inputs": payload, "result": api.run("roi", payload)["result"]}
    assert_clean(warm)


def test_download_workbook_writes_an_xlsx_with_live_formulas(warm):
    """Issue 26: the workbook is written by Python in the worker, whose writer (XlsxWriter, runtime.json's
    onDemand) is fetched at the first request only; the button says so while it loads."""
    from tests.spreadsheet_engine import read_xlsx

    page = warm.open("roi")
    after_change(page, lambda: page.select_option("[data-presentation][name=currency]", "EUR"))
    assert not [url for url in warm.requests if "/on-demand/" in url]  # not at the page's start
    button = page.locator('[data-calculator="roi"] [data-action="download-workbook"]')
    assert button.inner_text() == "Download workbook (.xlsx)" and button.is_enabled()
    page.evaluate("""() => {
        const status = document.querySelector('[data-calculator="roi"] .calc-action-status');
        window.__statusTexts = [];
        new MutationObserver(() => window.__statusTexts.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    with page.expect_download(timeout=60_000) as caught:
        button.click()
    download = caught.value
    said = page.evaluate("window.__statusTexts")
    assert said[0] == "Preparing the workbook…" and said[1].startswith("Preparing the workbook: loading the spreadsheet writer")
    assert download.suggested_filename == "roi-workbook.xlsx"
    book = read_xlsx(Path(download.path()).read_bytes())
    assert list(book.values) == ["Inputs", "Cash flows", "Sensitivity"]
    assert book.formulas["Cash flows"]["E6"] == "1/(1+discount_rate)^A6"
    assert book.values["Inputs"]["B2"] == "EUR"
    payload = sent_payload(page, "roi")
    result = api.run("roi", payload)["result"]
    assert book.named("result_npv") == pytest.approx(result["npv"], abs=0.005)  # the cached figure
    assert len([url for url in warm.requests if "/on-demand/" in url]) == 1
    page.wait_for_function("document.querySelector('[data-calculator=\"roi\"] .calc-action-status').textContent === ''")
    assert button.is_enabled() and button.get_attribute("aria-busy") is None
    assert_clean(warm)


def test_a_workbook_that_cannot_be_made_says_so_and_keeps_the_inputs(visit):
    page = visit.page
    page.route("**/on-demand/**", lambda route: route.fulfill(status=404, body="gone"))
    visit.open("roi")
    after_change(page, lambda: page.fill('[name="horizon_years"]', "4"))
    before = sent_payload(page, "roi")
    page.click('[data-calculator="roi"] [data-action="download-workbook"]')
    status = page.locator('[data-calculator="roi"] .calc-action-status[data-tone="error"]')
    status.wait_for(timeout=60_000)
    assert status.inner_text().startswith("The workbook could not be made")
    assert sent_payload(page, "roi") == before  # nothing typed is lost
    assert page.locator('[data-calculator="roi"] [data-action="download-workbook"]').is_enabled()
    assert any("the workbook could not be made" in error for error in visit.console_errors)


# --- share links ---------------------------------------------------------------------------------


def test_copy_link_restores_the_same_state_in_a_new_page(warm):
    page = warm.open("roi")
    after_change(page, lambda: page.fill('[name="horizon_years"]', "4"))
    after_change(page, lambda: page.fill('[name="ramp_up"]', "0.4, 0.8, 1, 1"))
    after_change(page, lambda: page.fill('[name="annual_costs[0].amount"]', "36000, 42000, 48000, 50000"))
    after_change(page, lambda: page.click('[data-row="one_off_costs"]:nth-child(1) [data-action="remove-row"]'))
    after_change(page, lambda: page.select_option('[name="currency"]', "USD"))
    page.click('[data-calculator="roi"] [data-action="copy-link"]')
    page.wait_for_selector(".calculator-notice:has-text('Link copied')")
    link = page.evaluate("location.href")  # page.url may not yet have heard of the replaceState
    assert "#calculator=roi&" in link
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == link
    original_payload = assert_matches_cpython(page, "roi")
    original_pairs = shown_pairs(page, "roi")

    fresh = warm.new_page()
    fresh.goto(link)
    fresh.wait_for_selector(READY, timeout=90_000)
    settle(fresh)
    assert sent_payload(fresh, "roi") == original_payload
    assert currency_of(fresh) == "USD"
    assert fresh.locator('[data-row="one_off_costs"]').count() == 1
    assert shown_pairs(fresh, "roi") == original_pairs
    assert_clean(warm)


# --- the first live result ------------------------------------------------------------------------

MARK_RESULT = "document.querySelector('[data-calculator] .calculator-result > *').__builtAtBuildTime = true"
MARKED = "Boolean(document.querySelector('[data-calculator] .calculator-result > *').__builtAtBuildTime)"


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_the_first_live_result_keeps_the_prerendered_one_when_the_inputs_are_the_same(browser, site_url, name):
    """Python's first answer to the page's own inputs is the HTML already there: the page keeps it
    (no re-parse, no re-layout), and a changed input replaces it as ever."""
    opened = Visit(browser, site_url)
    try:
        page = opened.page
        page.goto(site_url + PAGES[name], wait_until="domcontentloaded")
        page.evaluate(MARK_RESULT)
        page.wait_for_selector(READY, timeout=90_000)
        settle(page)
        assert page.evaluate(MARKED)
        assert_matches_cpython(page, name)
        field = '[name="discount_rate"]' if name == "roi" else "[data-calculator=readiness] input[type=radio] >> nth=0"
        if name == "roi":
            choose_mode(page, "full")
            after_change(page, lambda: page.fill(field, "0.12"))
        else:
            after_change(page, lambda: page.locator(field).check())
        assert not page.evaluate(MARKED)
        assert_matches_cpython(page, name)
        assert_clean(opened)
    finally:
        opened.close()


# --- the horizon drives the per-year lists ------------------------------------------------------


PER_YEAR = ("ramp_up", "annual_costs[0].amount", "metrics[1].ramp_up")


def per_year_values(page) -> list[str]:
    return [page.input_value(f'[data-calculator="roi"] [name="{name}"]') for name in PER_YEAR]


def shown_errors(page) -> list[str]:
    return page.eval_on_selector_all(
        '[data-calculator="roi"] .field-error:not([hidden]), [data-calculator="roi"] .form-errors:not([hidden])',
        "elements => elements.map(e => e.textContent)",
    )


def test_the_horizon_resizes_every_per_year_list_and_keeps_what_was_typed(warm):
    """Issue 18: horizon 5, then 2, then 4; the values typed for years 1-2 survive, a new year repeats
    the last one, a shorter horizon hides years until it grows again, and no error appears anywhere."""
    page = warm.open("roi")
    page.evaluate("document.querySelectorAll('[data-calculator=roi] details').forEach(d => { d.open = true; })")
    after_change(page, lambda: page.fill('[name="ramp_up"]', "0.3, 0.7, 1"))
    after_change(page, lambda: page.fill('[name="annual_costs[0].amount"]', "30000, 40000, 45000"))
    after_change(page, lambda: page.fill('[name="metrics[1].ramp_up"]', "0, 0.5, 0.9"))
    after_change(page, lambda: page.select_option('[name="discounting"]', "mid_year"))
    expected = {
        5: ["0.3, 0.7, 1, 1, 1", "30000, 40000, 45000, 45000, 45000", "0, 0.5, 0.9, 0.9, 0.9"],
        2: ["0.3, 0.7", "30000, 40000", "0, 0.5"],
        4: ["0.3, 0.7, 1, 1", "30000, 40000, 45000, 45000", "0, 0.5, 0.9, 0.9"],  # the hidden years come back
    }
    for horizon, values in expected.items():
        after_change(page, lambda h=horizon: page.fill('[name="horizon_years"]', str(h)))
        assert per_year_values(page) == values, horizon
        assert shown_errors(page) == [], horizon
        assert not page.locator('[data-calculator="roi"] .calculator-result[data-stale]').count()
        payload = assert_matches_cpython(page, "roi")
        assert payload["horizon_years"] == horizon and len(payload["ramp_up"]) == horizon
        assert payload["discounting"] == "mid_year"
        assert len(api.run("roi", payload)["result"]["years"]) == horizon + 1
    # A single amount stands for every year and is left as it is.
    assert page.input_value('[name="annual_costs[1].amount"]') == "25000"
    # The share link carries the resized lists and the convention: the same result in a new page.
    link = copy_link(warm, page, "roi")
    fresh = warm.new_page()
    fresh.goto(link)
    fresh.wait_for_selector(READY, timeout=90_000)
    settle(fresh)
    assert sent_payload(fresh, "roi") == payload and shown_pairs(fresh, "roi") == shown_pairs(page, "roi")
    assert_clean(warm)


def test_a_result_without_costs_says_why_roi_and_payback_are_undefined(warm):
    page = warm.open("roi")
    for group in ("one_off_costs", "annual_costs", "one_off_costs", "annual_costs"):
        # Removing a row focuses the next one, whose help opens; the help must not close under the
        # pointer when the next button is pressed (it once did, and the click landed elsewhere).
        after_change(page, lambda g=group: page.click(f'[data-row="{g}"]:nth-child(1) [data-action="remove-row"]'))
    assert page.locator('[data-row="one_off_costs"], [data-row="annual_costs"]').count() == 0
    assert shown_errors(page) == []
    payload = assert_matches_cpython(page, "roi")
    assert payload["one_off_costs"] == [] and payload["annual_costs"] == []
    tiles = page.inner_text('[data-calculator="roi"] .calc-tiles')
    assert "No costs were entered, and ROI divides by the present value of the costs." in tiles
    assert "No costs were entered, so there is nothing to pay back." in tiles
    assert_clean(warm)


# --- without JavaScript, and when the runtime cannot load ------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_without_javascript_the_prerendered_result_is_visible(browser, site_url, name):
    visit = Visit(browser, site_url, javascript=False)
    try:
        page = visit.open(name, wait_ready=False)
        root = f'[data-calculator="{name}"]'
        assert page.get_attribute(root, "data-status") == "static"
        assert page.locator(f"{root} .calculator-result").is_visible()
        assert shown_pairs(page, name) == cpython_pairs(name, opening_payload(name))
        assert page.locator(f"{root} a[data-booking-link]").is_visible()
        assert not any("/assets/pyodide/" in url for url in visit.requests)
    finally:
        visit.close()


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_blocked_runtime_reaches_error_and_keeps_the_result(browser, site_url, name, viewport):
    visit = Visit(browser, site_url, viewport=DESKTOP if viewport == "desktop" else PHONE)
    try:
        visit.context.route("**/assets/pyodide/**", lambda route: route.abort())
        page = visit.open(name, wait_ready=False)
        root = f'[data-calculator="{name}"]'
        page.wait_for_selector(f"{root}[data-status=error]", timeout=30_000)
        status = page.locator(f"{root} .calculator-status")
        assert status.is_visible() and "could not load" in status.inner_text()
        assert shown_pairs(page, name) == cpython_pairs(name, opening_payload(name))
        assert page.locator(f"{root} a[data-booking-link]").is_visible()
        assert not page.locator(f"{root} progress").is_visible()
        screenshot(page, f"calculator-{name}-runtime-error-{viewport}", f"{root} .calculator-status")
    finally:
        visit.close()


def no_webassembly(visit: Visit) -> None:
    visit.context.add_init_script("delete window.WebAssembly;")


def csp_without_wasm(visit: Visit) -> None:
    """A policy that allows our scripts but not WebAssembly: loadPyodide alone would hang."""
    policy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    visit.context.route("**/*", with_policy)


def crashing_worker(visit: Visit) -> None:
    visit.context.route("**/calculator-worker.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body="throw new Error('worker start-up failed on purpose');"))


def runtime_not_found(visit: Visit) -> None:
    visit.context.route(f"**/assets/pyodide/{PYODIDE_VERSION}*/**", lambda route: route.fulfill(status=404, body="not found"))


FAILURES = {
    "no-webassembly": (no_webassembly, "WebAssembly"),
    "csp-blocks-wasm": (csp_without_wasm, "WebAssembly"),
    "worker-crash": (crashing_worker, "stopped while starting"),
    "runtime-404": (runtime_not_found, "could not load"),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_start_up_failures_say_what_to_try_and_keep_the_result(browser, site_url, failure):
    visit = Visit(browser, site_url)
    try:
        arrange, words = FAILURES[failure]
        arrange(visit)
        page = visit.open("roi", wait_ready=False)
        root = '[data-calculator="roi"]'
        page.wait_for_selector(f"{root}[data-status=error]", timeout=30_000)  # no hang, even under CSP
        status = page.locator(f"{root} .calculator-status")
        assert status.is_visible() and words in status.inner_text()
        assert "Error" not in status.inner_text()  # the technical detail goes to the console only
        assert any("Calculator start-up failed" in text for text in visit.console_errors)
        assert shown_pairs(page, "roi") == cpython_pairs("roi", opening_payload("roi"))
        assert page.locator(f"{root} a[data-booking-link]").is_visible()
    finally:
        visit.close()


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_validation_error_shows_beside_its_field_and_marks_the_result_stale(warm, viewport):
    page = warm.open("roi", viewport=DESKTOP if viewport == "desktop" else PHONE)
    good = shown_pairs(page, "roi")
    after_change(page, lambda: page.fill('[name="discount_rate"]', "90"))
    errors = web.respond("roi", sent_texts(page, "roi"))["errors"]
    message = next(e["message"] for e in errors if e["field"] == "discount_rate")
    assert message == 'Discount rate: must be between 0% and 50%; you typed "90".'
    field = page.locator('[name="discount_rate"]')
    slot = page.locator('.field-error[data-error-for="discount_rate"]')
    assert slot.is_visible() and slot.inner_text() == message
    assert field.get_attribute("aria-invalid") == "true"
    assert slot.get_attribute("id") in field.get_attribute("aria-describedby").split()
    assert page.get_attribute('[data-calculator="roi"] .calculator-result', "data-stale") is not None
    assert shown_pairs(page, "roi") == good  # the last good result stays
    screenshot(page, f"calculator-roi-validation-error-{viewport}", '[name="discount_rate"]')
    screenshot(page, f"calculator-roi-stale-result-{viewport}", '[data-calculator="roi"] .calculator-stale-note')

    after_change(page, lambda: page.fill('[name="discount_rate"]', "8"))
    assert not slot.is_visible() and field.get_attribute("aria-invalid") is None
    assert page.get_attribute('[data-calculator="roi"] .calculator-result', "data-stale") is None
    assert_matches_cpython(page, "roi")
    assert_clean(warm)


# --- loading: only where needed, once ------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_both_calculators_say_they_are_live_at_each_width(warm, viewport):
    for name in PAGES:
        page = warm.open(name, viewport=DESKTOP if viewport == "desktop" else PHONE)
        status = page.locator(f'[data-calculator="{name}"] .calculator-status')
        assert status.is_visible() and status.inner_text().strip()
        screenshot(page, f"calculator-{name}-ready-{viewport}", f'[data-calculator="{name}"] .calculator-status')
    assert_clean(warm)


# When the parser inserts Material's bundle <script> (at the end of <body>).
WATCH_BUNDLE = """new MutationObserver((records, observer) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.tagName === "SCRIPT" && /bundle\\.[0-9a-f]+\\.min\\.js$/.test(node.src)) {
      window.__bundleParsed = performance.now();
      observer.disconnect();
    }
  }
}).observe(document, { childList: true, subtree: true });"""


@pytest.mark.parametrize("name", list(PAGES))
def test_the_worker_starts_before_the_parser_reaches_materials_bundle(visit, name):
    # calculator-start.js runs when the parser is past the content, so Pyodide downloads while
    # Material's bundle and the page's modules load and run (calculators.js alone would start
    # the worker only after them).
    visit.page.add_init_script(WATCH_BUNDLE)
    page = visit.open(name)
    started, bundle = page.evaluate("""() => [
        performance.getEntriesByName("calculators:worker-start").map((entry) => entry.startTime),
        window.__bundleParsed,
    ]""")
    assert bundle is not None, "Material's bundle script was not seen"
    assert len(started) == 1 and started[0] < bundle
    assert_matches_cpython(page, name)
    assert_clean(visit)


def test_pages_without_a_calculator_load_no_pyodide_byte(visit):
    for path in ("", "faq/", "playbook/"):
        visit.page.goto(visit.site_url + path)
        visit.page.wait_for_load_state("networkidle")
    assert visit.requests, "no request was recorded"
    assert [url for url in visit.requests if "/assets/pyodide/" in url or "calculator-" in url] == []
    # nor the calculators' page script: calculators-loader.js imports it only where one is
    assert [url for url in visit.requests if url.endswith("/calculators.js")] == []
    assert_clean(visit)


def serve_sitemap_for_this_origin(visit: Visit) -> None:
    """Material's instant navigation only follows links listed in sitemap.xml, matched on
    protocol, host AND port; the build lists site_url (https://wysegen.com/), so on this
    test server (a random port) the sitemap is served as if the site were deployed here."""

    def fulfil(route):
        response = route.fetch()
        text = response.text().replace("https://wysegen.com/", visit.site_url)
        route.fulfill(response=response, body=text)

    visit.context.route("**/sitemap.xml", fulfil)


def test_instant_navigation_from_a_page_without_a_calculator_loads_and_mounts_it(visit):
    # The home page does not load calculators.js; Material swaps the calculator page in without
    # running its <head> script, so calculators-loader.js must import it and mount the form.
    serve_sitemap_for_this_origin(visit)
    page = visit.page
    page.goto(visit.site_url)
    page.wait_for_load_state("networkidle")
    assert [url for url in visit.requests if url.endswith("/calculators.js")] == []
    page.evaluate("window.__samePage = true")
    page.locator(".md-content a[href$='calculators/roi/']").first.click()
    page.wait_for_selector('[data-calculator="roi"][data-status=ready]', timeout=90_000)
    assert page.evaluate("window.__samePage") is True  # an instant navigation, not a reload
    assert len([url for url in visit.requests if url.endswith("/calculators.js")]) == 1
    settle(page)
    assert_matches_cpython(page, "roi")
    after_change(page, lambda: page.fill('[name="metrics[0].outcome"]', "5"))  # in the quick estimate it opens on
    assert_matches_cpython(page, "roi")
    assert_clean(visit)


def test_instant_navigation_mounts_again_and_reuses_the_worker(visit):
    serve_sitemap_for_this_origin(visit)
    downloads: list[str] = []  # GETs only: the worker also checks the binary with one HEAD
    visit.context.on("request", lambda request: request.method == "GET" and downloads.append(request.url))
    page = visit.open("readiness")
    page.evaluate("window.__samePage = true")
    page.locator("a.md-footer__link--next[href$='roi/']").click()
    page.wait_for_selector('[data-calculator="roi"][data-status=ready]', timeout=60_000)
    assert page.evaluate("window.__samePage") is True  # an instant navigation, not a reload
    worker_loads = [url for url in downloads if url.endswith("calculator-worker.js")]
    runtime_loads = [url for url in downloads if url.endswith("pyodide.asm.wasm")]
    assert len(worker_loads) == 1 and len(runtime_loads) == 1
    settle(page)
    assert_matches_cpython(page, "roi")
    after_change(page, lambda: page.fill('[name="metrics[0].outcome"]', "5"))  # in the quick estimate it opens on
    assert_matches_cpython(page, "roi")
    assert_clean(visit)
