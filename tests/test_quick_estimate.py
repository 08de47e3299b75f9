"""The ROI calculator's quick estimate and full model (the mode switch of mkdocs_calculators/form.py,
read by calculators.js's readPayload, pre-rendered with quick_payload): in Chromium, the page opens
on the quick estimate; in either mode the payload the page sends is the one the Python rule gives
for the same form, and the result shown is calculators.api.run's for it; a share link made in
either mode opens in that mode with its values."""

from __future__ import annotations

import pytest

from calculators import api
from mkdocs_calculators.form import quick_payload
from tests.test_browser_calculators import READY, after_change, assert_matches_cpython, choose_mode, sent_payload, settle
from tests.test_browser_calculators import visit  # noqa: F401 - the fixture

pytestmark = [pytest.mark.site, pytest.mark.browser]

SCHEMA = api.schema("roi")


def mode_of(page) -> str:
    return page.locator('input[name="mode"]:checked').get_attribute("value")


def test_the_page_opens_on_the_quick_estimate_that_python_pre_rendered(visit):
    page = visit.open("roi", mode="quick")
    assert mode_of(page) == "quick"
    assert sent_payload(page, "roi") == quick_payload(SCHEMA, SCHEMA["defaults"])
    assert_matches_cpython(page, "roi")
    visible = page.locator('[data-calculator="roi"] form input:visible, [data-calculator="roi"] form select:visible')
    names = {name for name in visible.evaluate_all("elements => elements.map(e => e.name)") if name}
    assert names == {"mode", "currency", "one_off_costs[0].amount", "annual_costs[0].amount", "metrics[0].name",
                     "metrics[0].unit", "metrics[0].direction", "metrics[0].baseline", "metrics[0].outcome",
                     "metrics[0].annual_volume", "metrics[0].value_per_unit"}


def test_both_modes_compute_what_python_computes_for_the_same_payload(visit):
    page = visit.open("roi", mode="quick")
    after_change(page, lambda: page.fill('[name="metrics[0].outcome"]', "5"))
    quick = assert_matches_cpython(page, "roi")
    assert quick["metrics"][0]["outcome"] == 5 and len(quick["metrics"]) == 1 and "discount_rate" not in quick
    choose_mode(page, "full")
    full = assert_matches_cpython(page, "roi")
    assert full["metrics"][0]["outcome"] == 5 and len(full["metrics"]) == len(SCHEMA["defaults"]["metrics"])
    assert api.run("roi", quick)["result"]["npv"] != api.run("roi", full)["result"]["npv"]


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_a_share_link_restores_its_mode_and_values(visit, mode):
    page = visit.open("roi", mode=mode)
    after_change(page, lambda: page.fill('[name="annual_costs[0].amount"]', "30000"))
    page.click('[data-calculator="roi"] [data-action="copy-link"]')
    page.wait_for_selector(".calculator-notice")  # the address is set before the clipboard answers
    link, payload = page.url, sent_payload(page, "roi")
    fresh = visit.new_page()
    fresh.goto(link)
    fresh.wait_for_selector(READY, timeout=90_000)
    settle(fresh)
    assert mode_of(fresh) == mode
    assert sent_payload(fresh, "roi") == payload
    assert_matches_cpython(fresh, "roi")


def test_a_link_without_a_mode_opens_the_full_model_it_was_made_with(visit):
    """Links made before the quick estimate existed carry every input and no mode."""
    page = visit.open("roi", "#calculator=roi&discount_rate=0.07", mode="")  # "": left as the link set it
    assert mode_of(page) == "full"
    assert assert_matches_cpython(page, "roi")["discount_rate"] == 0.07
