"""The ROI calculator's quick estimate and full model (the mode switch of mkdocs_calculators/form.py,
read by calculators.js's readPayload, pre-rendered with quick_payload): in Chromium, the page opens
on the quick estimate, the full model with fewer rows; in either mode the payload the page sends is
the one the Python rule gives for the same form, and the result shown is calculators.api.run's for
it; switching keeps every value typed; a share link made in either mode opens in that mode with its
values. Also the form's numbers as people type them: "10" in the discount rate is 10%, "12k" is 12000."""

from __future__ import annotations

import pytest

from calculators import api
from mkdocs_calculators.form import quick_payload
from tests.test_browser_calculators import (
    READY, after_change, assert_matches_cpython, choose_mode, copy_link, sent_payload, sent_texts, settle, shown_errors,
)
from tests.test_browser_calculators import visit  # noqa: F401 - the fixture

pytestmark = [pytest.mark.site, pytest.mark.browser]

SCHEMA = api.schema("roi")
EXAMPLE = SCHEMA["defaults"]
NPV = '[data-calculator="roi"] .calculator-result .calc-tile-value[data-field="npv"]'


def shown_npv(page) -> float:
    return float(page.locator(NPV).first.get_attribute("data-value"))


def mode_of(page) -> str:
    return page.locator('input[name="mode"]:checked').get_attribute("value")


def test_the_page_opens_on_the_quick_estimate_that_python_pre_rendered(warm):
    page = warm.open("roi", mode="quick")
    assert mode_of(page) == "quick"
    assert sent_payload(page, "roi") == quick_payload(SCHEMA, SCHEMA["defaults"])
    assert_matches_cpython(page, "roi")
    visible = page.locator('[data-calculator="roi"] form input:visible, [data-calculator="roi"] form select:visible')
    names = {name for name in visible.evaluate_all("elements => elements.map(e => e.name)") if name}
    assert names == {"mode", "currency", "horizon_years", "discount_rate", "cost_risk_adjustment", "ramp_up",
                     "discounting", "scenarios",
                     "one_off_costs[0].amount", "annual_costs[0].amount", "metrics[0].name",
                     "metrics[0].unit", "metrics[0].direction", "metrics[0].baseline", "metrics[0].outcome",
                     "metrics[0].annual_volume", "metrics[0].value_per_unit", "metrics[0].attribution",
                     "metrics[0].control.baseline", "metrics[0].control.outcome", "metrics[0].risk_adjustment"}


def test_the_quick_estimate_is_the_full_model_on_the_rows_it_shows(warm):
    """Issue 26: NPV, ROI and payback of the quick estimate are calculators.api.run's for the full
    model on the rows the quick estimate shows, with the example's assumptions (about £267k)."""
    page = warm.open("roi", mode="quick")
    shown_rows = {**EXAMPLE, "one_off_costs": EXAMPLE["one_off_costs"][:1], "annual_costs": EXAMPLE["annual_costs"][:1],
                  "metrics": EXAMPLE["metrics"][:1], "stated_benefits": []}
    full = api.run("roi", shown_rows)["result"]
    assert round(shown_npv(page)) == round(full["npv"]) == 267_397
    sent = api.run("roi", sent_payload(page, "roi"))["result"]
    for key in ("npv", "roi", "payback_months"):
        assert sent[key] == pytest.approx(full[key], abs=0.5 if key == "npv" else 1e-9), key


def test_both_modes_compute_what_python_computes_for_the_same_payload(warm):
    """readPayload in quick mode sends quick_payload of what it sends in full mode (the one rule of
    calculator-payload.js and form.py), on a form changed in rows the quick estimate hides too."""
    page = warm.open("roi", mode="full")
    after_change(page, lambda: page.fill('[name="metrics[0].risk_adjustment"]', "25"))
    after_change(page, lambda: page.fill('[name="metrics[1].outcome"]', "0.3"))
    after_change(page, lambda: page.click('[data-action="add-row"][data-list="stated_benefits"]'))
    after_change(page, lambda: page.fill('[name="stated_benefits[0].amount"]', "5k"))
    after_change(page, lambda: page.fill('[name="ramp_up"]', "40%, 80%, 100%"))
    full_texts = sent_texts(page, "roi")
    full = assert_matches_cpython(page, "roi")
    choose_mode(page, "quick")
    assert sent_texts(page, "roi") == quick_payload(SCHEMA, full_texts)
    after_change(page, lambda: page.fill('[name="metrics[0].outcome"]', "5"))
    quick = assert_matches_cpython(page, "roi")
    assert quick == quick_payload(SCHEMA, {**full, "metrics": [{**full["metrics"][0], "outcome": 5}, *full["metrics"][1:]]})
    assert quick["ramp_up"] == [0.4, 0.8, 1] and quick["metrics"][0]["risk_adjustment"] == 0.25
    assert "stated_benefits" not in quick and len(quick["metrics"]) == 1


def test_switching_between_quick_and_full_keeps_every_value_typed(warm):
    page = warm.open("roi", mode="quick")
    typed = {"discount_rate": "8%", "one_off_costs[0].amount": "£100,000", "metrics[0].outcome": "7"}
    for name, text in typed.items():
        after_change(page, lambda n=name, t=text: page.fill(f'[name="{n}"]', t))
    choose_mode(page, "full")
    more = {"metrics[1].baseline": "1.1", "annual_costs[1].amount": "20k"}
    for name, text in more.items():
        after_change(page, lambda n=name, t=text: page.fill(f'[name="{n}"]', t))
    choose_mode(page, "quick")
    choose_mode(page, "full")
    for name, text in {**typed, **more}.items():
        assert page.input_value(f'[name="{name}"]') == text, name
    full = assert_matches_cpython(page, "roi")
    assert full["discount_rate"] == 0.08 and full["one_off_costs"][0]["amount"] == 100000
    assert full["annual_costs"][1]["amount"] == 20000 and full["metrics"][1]["baseline"] == 1.1


@pytest.mark.parametrize("text", ["10", "10%"])
def test_ten_in_the_discount_rate_is_ten_percent(warm, text):
    """Issue 26: typing "10" (or "10%") into the discount rate gives the example's result."""
    page = warm.open("roi", mode="full")
    assert page.input_value('[name="discount_rate"]') == "10"  # the pre-rendered form shows percent
    after_change(page, lambda: page.fill('[name="discount_rate"]', "7"))
    after_change(page, lambda: page.fill('[name="discount_rate"]', text))
    assert shown_errors(page) == []
    assert shown_npv(page) == api.run("roi", EXAMPLE)["result"]["npv"]
    assert assert_matches_cpython(page, "roi") == EXAMPLE


def test_twelve_k_is_twelve_thousand_and_never_twelve(warm):
    page = warm.open("roi", mode="full")
    after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "12k"))
    assert page.input_value('[name="one_off_costs[0].amount"]') == "12k"  # kept as typed
    assert assert_matches_cpython(page, "roi")["one_off_costs"][0]["amount"] == 12000
    after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "12x"))
    assert shown_errors(page) == ['Amount: "12x" is not a number; type an amount such as 12000, 12,000 or 12k.']
    assert page.input_value('[name="one_off_costs[0].amount"]') == "12x"
    assert page.get_attribute('[data-calculator="roi"] .calculator-result', "data-stale") is not None


def test_a_rate_typed_in_percent_against_a_value_per_unit_gets_a_visible_notice(warm):
    """Visitor review, item 4: error rate 4 -> 2.5 (unit %) at 25 per error gave ROI 646% unremarked."""
    page = warm.open("roi", mode="quick")
    for name, text in {"metrics[0].name": "Error rate", "metrics[0].unit": "%", "metrics[0].baseline": "4",
                       "metrics[0].outcome": "2.5", "metrics[0].value_per_unit": "25"}.items():
        after_change(page, lambda n=name, t=text: page.fill(f'[name="{n}"]', t))
    assert_matches_cpython(page, "roi")
    notice = page.locator('[data-calculator="roi"] .calc-warning--percent_metric')
    assert notice.is_visible() and "Check Error rate" in notice.inner_text()


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_a_share_link_restores_its_mode_and_values(warm, mode):
    page = warm.open("roi", mode=mode)
    after_change(page, lambda: page.fill('[name="annual_costs[0].amount"]', "30k"))
    after_change(page, lambda: page.fill('[name="discount_rate"]', "7.5%"))
    link, payload = copy_link(warm, page, "roi"), sent_payload(page, "roi")
    fresh = warm.new_page()
    fresh.goto(link)
    fresh.wait_for_selector(READY, timeout=90_000)
    settle(fresh)
    assert mode_of(fresh) == mode
    assert fresh.input_value('[name="annual_costs[0].amount"]') == "30k"  # the texts as typed
    assert fresh.input_value('[name="discount_rate"]') == "7.5%"
    assert sent_payload(fresh, "roi") == payload and payload["discount_rate"] == 0.075
    assert_matches_cpython(fresh, "roi")


def test_a_link_without_a_mode_opens_the_full_model_it_was_made_with(warm):
    """Links made before the quick estimate existed carry every input and no mode; made before the
    form showed percent (no "v=2"), their shares are fractions, shown now in percent."""
    page = warm.open("roi", "#calculator=roi&discount_rate=0.07&ramp_up=0.5,0.75,1", mode="")  # "": as the link set it
    assert mode_of(page) == "full"
    assert page.input_value('[name="discount_rate"]') == "7"
    assert page.input_value('[name="ramp_up"]') == "50, 75, 100"
    payload = assert_matches_cpython(page, "roi")
    assert payload["discount_rate"] == 0.07 and payload["ramp_up"] == [0.5, 0.75, 1]
