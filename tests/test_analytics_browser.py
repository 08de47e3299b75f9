"""Opt-in analytics in Chromium: docs/assets/javascripts/analytics.js with each provider.

Targets: docs/assets/javascripts/analytics.js (the forwarding of ``site:analytics`` events),
the script tags of macros/analytics.py in the built pages and the policy hooks/static_headers.py
writes for them. For Plausible (cloud script) and Umami (a self-hosted script) in turn, a copy of
the project is built with ``extra.analytics`` set and served with its own ``_headers`` (so the
Content Security Policy is enforced). The provider's host is routed to a local stand-in: a tiny
script with the provider's API (``window.plausible(name, {props})``, ``window.umami.track(name,
data)``) that posts each call back to the same host, where the test records it. A call-to-action
click and a completed ROI calculator reach the stand-in with the booking summary only (never an
answer typed in the form), no policy violation is reported, and no request leaves the site but
to the provider's host. Off (the default build): no provider script, no analytics.js, and the
policy of the default build is the one a provider extends by exactly its origin.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from bench.headers import headers_for, read
from tests.conftest import serve_as_host
from tests.site_text import html_pages, parse
from tests.test_browser_csp import RECORD_VIOLATIONS, wait_for_results
from tests.test_browser_calculators import READY
from tests.variants import ANALYTICS as PROVIDERS
from tests.variants import variant_of

# Stand-ins for the providers' scripts: the same global API, each call posted to the script's host.
FAKE_SCRIPTS = {
    "plausible": """(function () {
  var me = document.currentScript;
  var endpoint = me.getAttribute("data-api") || new URL(me.src).origin + "/api/event";
  function send(name, options) {
    fetch(endpoint, {method: "POST", headers: {"Content-Type": "text/plain"},
      body: JSON.stringify({n: name, d: me.getAttribute("data-domain"), p: (options && options.props) || null})});
  }
  window.plausible = send;
  send("pageview");
})();""",
    "umami": """(function () {
  var me = document.currentScript;
  var host = me.getAttribute("data-host-url") || new URL(me.src).origin;
  var website = me.getAttribute("data-website-id");
  function post(payload) {
    fetch(host + "/api/send", {method: "POST", headers: {"Content-Type": "text/plain"},
      body: JSON.stringify({type: "event", payload: payload})});
  }
  window.umami = {track: function (name, data) { post({website: website, name: name, data: data}); }};
  post({website: website});
})();""",
}
# Keep the booking links from leaving the page when the test clicks one.
STAY = """document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("a[data-booking-link]")) event.preventDefault();
});"""
FORM_VALUE = "130000"  # typed into the ROI form: it must never reach the provider


def directives(csp: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}


class Stub:
    """The provider's host, answered locally: its script, and a record of every call posted back."""

    def __init__(self, name: str, settings: dict) -> None:
        self.name = name
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings["script"]))
        self.script_path = urlsplit(settings["script"]).path
        self.calls: list[dict] = []
        self.bodies: list[str] = []

    def handle(self, route) -> None:
        request = route.request
        cors = {"Access-Control-Allow-Origin": "*"}
        if request.method == "GET" and urlsplit(request.url).path == self.script_path:
            route.fulfill(status=200, content_type="text/javascript", body=FAKE_SCRIPTS[self.name], headers=cors)
        elif request.method == "POST":
            body = request.post_data or ""
            self.bodies.append(body)
            sent = json.loads(body)
            if self.name == "plausible":
                self.calls.append({"name": sent["n"], "site": sent["d"], "data": sent["p"]})
            else:
                payload = sent["payload"]
                self.calls.append({"name": payload.get("name", "pageview"), "site": payload["website"], "data": payload.get("data")})
            route.fulfill(status=202, body="ok", headers=cors)
        else:
            route.fulfill(status=404, body="", headers=cors)

    def events(self, name: str) -> list[dict]:
        return [call for call in self.calls if call["name"] == name]

    def wait_for(self, name: str, count: int = 1, timeout_s: float = 20) -> list[dict]:
        start = time.monotonic()
        while time.monotonic() - start < timeout_s:
            if len(self.events(name)) >= count:
                return self.events(name)
            time.sleep(0.1)
        raise AssertionError(f"{self.name}: no {name!r} event reached the stand-in; calls: {self.calls}")


@pytest.fixture(scope="module", params=list(PROVIDERS))
def analytics_site(request, variant_site):
    """(provider name, its settings, the site built with it: tests/variants.py, where the same
    build has a booking provider too, which adds no origin to the policy)."""
    name = request.param
    return name, PROVIDERS[name], variant_site(variant_of("analytics", name))


def test_every_page_loads_the_providers_script_with_its_attributes_and_the_forwarder(analytics_site):
    name, settings, site = analytics_site
    attribute = {"plausible": "data-domain", "umami": "data-website-id"}[name]
    pages = html_pages(site)
    assert len(pages) > 10
    for path in pages:
        soup = parse(path)
        [provider] = soup.select("head script[data-analytics-provider]")
        assert provider["src"] == settings["script"] and provider[attribute] == settings["site_id"]
        assert provider.string is None
        [forwarder] = soup.select('head script[type=module][src$="assets/javascripts/analytics.js"]')
        assert forwarder.string is None
    assert (site / "assets" / "javascripts" / "analytics.js").is_file()


def test_the_policy_adds_exactly_the_providers_origin(analytics_site, built_site):
    name, settings, site = analytics_site
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(settings["script"]))
    default = directives(headers_for(read(built_site), "/")["Content-Security-Policy"])
    policy = directives(headers_for(read(site), "/")["Content-Security-Policy"])
    assert policy["script-src"] == [*default["script-src"], origin]
    assert policy["connect-src"] == [*default["connect-src"], origin]
    assert {k: v for k, v in policy.items() if k not in ("script-src", "connect-src")} == {
        k: v for k, v in default.items() if k not in ("script-src", "connect-src")}


def test_cta_clicks_and_a_completed_calculator_reach_the_provider_with_the_summary_only(browser, analytics_site):
    name, settings, site = analytics_site
    stub = Stub(name, settings)
    with serve_as_host(site, read(site)) as url:
        context = browser.new_context()
        context.route(stub.origin + "/**", stub.handle)
        requests: list[tuple[str, str]] = []
        context.on("request", lambda request: requests.append((request.method, request.url)))
        tab = context.new_page()
        tab.add_init_script(RECORD_VIOLATIONS + STAY)
        try:
            tab.goto(url + "faq/", wait_until="networkidle")
            assert stub.wait_for("pageview")[0]["site"] == settings["site_id"]
            href = tab.get_attribute(".cta-band a[data-cta]", "href")
            tab.click(".cta-band a[data-cta]")
            [click] = stub.wait_for("cta-click")
            assert click["data"] == {"cta": "footer-band", "href": href}

            tab.goto(url + "calculators/roi/")
            tab.wait_for_selector(READY, timeout=90_000)
            wait_for_results(tab, 0)
            shown = tab.evaluate("window.__calculatorResults")
            tab.fill('[name="one_off_costs[0].amount"]', FORM_VALUE)
            wait_for_results(tab, shown)
            [complete] = stub.wait_for("calculator-complete")
            tab.wait_for_timeout(300)
            violations = tab.evaluate("window.__violations")
        finally:
            context.close()
    assert complete["data"]["calculator"] == "roi"
    assert set(complete["data"]) == {"calculator", "npv_band", "currency", "measured"}
    assert all(isinstance(value, str) for value in complete["data"].values())
    assert {call["name"] for call in stub.calls} == {"pageview", "cta-click", "calculator-complete"}
    assert len(stub.events("cta-click")) == 1 and len(stub.events("calculator-complete")) == 1
    assert not any(FORM_VALUE in body for body in stub.bodies)
    assert violations == []
    site_origin = urlsplit(url).netloc
    foreign = [(method, address) for method, address in requests
               if not address.startswith(("data:", "blob:")) and urlsplit(address).netloc != site_origin]
    assert foreign and {urlsplit(address).netloc for _, address in foreign} == {urlsplit(stub.origin).netloc}
    endpoint = {"plausible": "/api/event", "umami": "/api/send"}[name]
    assert {(method, urlsplit(address).path) for method, address in foreign} == {("GET", stub.script_path), ("POST", endpoint)}


def test_off_by_default_no_provider_script_and_no_forwarder(built_site):
    for path in html_pages(built_site):
        text = path.read_text(encoding="utf-8")
        assert "data-analytics-provider" not in text and "analytics.js" not in text, path
    assert not (built_site / "assets" / "javascripts" / "analytics.js").exists()
    policy = directives(headers_for(read(built_site), "/")["Content-Security-Policy"])
    assert policy["connect-src"] == ["'self'"]
    assert [source for source in policy["script-src"] if not source.startswith("'")] == []
