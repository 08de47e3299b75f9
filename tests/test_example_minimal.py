"""The minimal example (examples/minimal/): a second site, a plain Material site with one page and
one calculator of its own (tip.py), built with the calculators plugin alone.

It builds; its page shows the result pre-rendered, money in the site's own currency (EUR); it
carries none of this site's brand or offer; and in Chromium the calculator goes live and a
changed input shows what CPython computes for it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from tests.conftest import ROOT, build_site, serve_under
from tests.test_browser_calculators import PHONE, READY, Visit, after_change, settle

pytestmark = [pytest.mark.site, pytest.mark.browser]

EXAMPLE = ROOT / "examples" / "minimal"


def tip_module():
    """The example's own calculator, loaded from its file (as the plugin does)."""
    spec = importlib.util.spec_from_file_location("example_tip", EXAMPLE / "tip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("minimal") / "site"
    done = build_site(EXAMPLE / "mkdocs.yml", site)
    if done.returncode != 0:
        pytest.fail(f"the minimal example does not build:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return site


def test_the_example_shows_its_own_result_pre_rendered_in_its_own_currency(example_site):
    page = BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    [block] = page.select('section[data-calculator="tip"]')
    expected = tip_module().run(tip_module().schema()["defaults"])
    headline = block.select_one('.calc-tile-value[data-field="each"]')
    assert headline["data-value"] == repr(expected["each"])
    assert headline.get_text() == f"€{expected['each']:,.0f}"
    assert block.select_one('select[name="currency"] option[selected]')["value"] == "EUR"
    assert block.select_one("a[data-booking-link]") is None, "no booking page configured, so no button"
    assert page.select_one('script[type="module"][src$="assets/javascripts/calculators.js"]') is not None


def test_the_example_carries_none_of_this_sites_brand_or_offer(example_site):
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    words = {config["site_name"], config["extra"]["brand"]["name"], "diagnostic", config["extra"]["booking_cta_text"]}
    pages = [path for path in example_site.rglob("*.html")]
    assert pages
    for path in [*pages, *(example_site / "assets" / "javascripts").glob("calculator*.js")]:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [word for word in words if re.search(re.escape(word), text, re.IGNORECASE)], path


def test_the_example_goes_live_in_a_browser(browser, example_site):
    with serve_under(example_site, "/") as url:
        visit = Visit(browser, url, viewport=PHONE)
        failed = []
        page = visit.page
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        page.goto(url)
        page.wait_for_selector(READY, timeout=90_000)
        settle(page)
        after_change(page, lambda: page.fill('[name="bill"]', "200"))
        expected = tip_module().run({"bill": 200, "tip_share": 0.1, "people": 4})
        headline = page.locator('.calculator-result [data-field="each"]')
        assert headline.get_attribute("data-value") == repr(expected["each"])
        assert headline.inner_text() == f"€{expected['each']:,.0f}"
        assert visit.console_errors == [] and failed == [] and visit.foreign_requests() == []
        visit.close()
