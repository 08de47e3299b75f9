"""The form's texts into the API's numbers (calculators/web/form_input.py, run by calculators.web.respond),
and the quick estimate's rule (mkdocs_calculators/form.py quick_payload): the full model with fewer rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import api, web
from calculators.web import form_input
from mkdocs_calculators.form import quick_payload

SCHEMA = api.schema("roi")
EXAMPLE = SCHEMA["defaults"]
TOP = {spec["id"]: spec for spec in SCHEMA["fields"]}
ROWS = {group["id"]: {spec["id"]: spec for spec in group["fields"]} for group in SCHEMA["lists"]}


@pytest.mark.parametrize("text", ["10", "10%", " 10 % ", "10.0"])
def test_a_share_is_typed_in_percent(text):
    assert form_input.read(SCHEMA, {"discount_rate": text}) == ({"discount_rate": 0.1}, [])


@pytest.mark.parametrize(("text", "value"), [
    ("12k", 12000), ("12K", 12000), ("£12,000", 12000), ("1,200.50", 1200.5), ("1.5m", 1_500_000),
    ("2bn", 2e9), ("120000", 120000), ("$ 3,000", 3000), ("0.5", 0.5), ("1e3", 1000),
])
def test_amounts_as_people_write_them(text, value):
    payload, errors = form_input.read(SCHEMA, {"one_off_costs": [{"amount": text}]})
    assert errors == [] and payload["one_off_costs"][0]["amount"] == value


@pytest.mark.parametrize(("field", "text", "message"), [
    ("discount_rate", "abc", 'Discount rate: "abc" is not a number; type a percentage such as 10 or 10%.'),
    ("discount_rate", "60", 'Discount rate: must be between 0% and 50%; you typed "60".'),
    ("discount_rate", "12k", 'Discount rate: "12k" is not a number; type a percentage such as 10 or 10%.'),
    ("horizon_years", "2.5", 'Horizon: must be a whole number; you typed "2.5".'),
    ("cost_risk_adjustment", "£5", 'Cost risk adjustment: "£5" is not an amount of money; type the number alone.'),
])
def test_text_that_is_not_a_number_of_its_field_is_refused_by_name(field, text, message):
    answer = web.respond("roi", {**EXAMPLE, field: text})
    assert answer["ok"] is False
    assert answer["errors"] == [{"field": field, "message": message}]  # the calculator's "Required." is not added


def test_an_amount_is_never_silently_another_number():
    for text, message in [
        ("12x", '"12x" is not a number'), ("2,5", "write decimals with a point, as in 2.5"),
        ("1,2000", '"1,2000" is not a number'), ("12 000", '"12 000" is not a number'), ("--3", "is not a number"),
    ]:
        answer = web.respond("roi", {**EXAMPLE, "one_off_costs": [{"amount": text}]})
        assert not answer["ok"]
        [error] = answer["errors"]
        assert error["field"] == "one_off_costs[0].amount"
        assert error["message"].startswith("Amount: ") and message in error["message"], error


def test_lists_split_at_separators_but_keep_thousands_commas():
    read = form_input.read
    assert read(SCHEMA, {"ramp_up": "50%, 90%, 100%"})[0] == {"ramp_up": [0.5, 0.9, 1]}
    assert read(SCHEMA, {"ramp_up": "50,90,100"})[0] == {"ramp_up": [0.5, 0.9, 1]}
    assert read(SCHEMA, {"ramp_up": "50; 90\n100"})[0] == {"ramp_up": [0.5, 0.9, 1]}
    costs = read(SCHEMA, {"annual_costs": [{"amount": "36,000, 42,000, 48k"}, {"amount": "£25,000"}]})[0]
    assert costs == {"annual_costs": [{"amount": [36000, 42000, 48000]}, {"amount": 25000}]}
    _, errors = read(SCHEMA, {"ramp_up": "50, x, 100"})
    assert [e["message"] for e in errors] == ['Ramp-up, item 2: "x" is not a number; type a percentage such as 10 or 10%.']


def test_numbers_are_the_apis_and_pass_through():
    """A JSON number is the API's value: a share stays a fraction, never read as percent."""
    assert form_input.read(SCHEMA, EXAMPLE) == (EXAMPLE, [])
    assert web.respond("roi", EXAMPLE)["result"] == api.run("roi", EXAMPLE)["result"]
    assert api.run("roi", {**EXAMPLE, "discount_rate": "10"})["ok"] is False  # the API itself reads no text


def test_the_form_texts_of_the_example_are_read_back_exactly():
    texts = form_input.form_texts(SCHEMA, EXAMPLE)
    assert texts["discount_rate"] == "10" and texts["ramp_up"] == "50, 90, 100" and texts["metrics"][1]["attribution"] == "60"
    assert form_input.read(SCHEMA, texts) == (EXAMPLE, [])
    assert web.respond("roi", texts)["inputs"] == EXAMPLE


@given(st.decimals(min_value=0, max_value=1, places=6))
def test_every_share_written_by_the_form_reads_back_as_the_same_float(share):
    value = float(share)
    text = form_input.form_text(TOP["cost_risk_adjustment"], value)
    assert form_input.read(SCHEMA, {"cost_risk_adjustment": text}) == ({"cost_risk_adjustment": value}, [])


@given(st.floats(min_value=0, max_value=1e10, allow_nan=False))
def test_every_amount_written_by_the_form_reads_back_as_the_same_float(amount):
    text = form_input.form_text(ROWS["one_off_costs"]["amount"], amount)
    payload, errors = form_input.read(SCHEMA, {"one_off_costs": [{"amount": text}]})
    assert errors == [] and payload["one_off_costs"][0]["amount"] == amount


# --- The quick estimate: the full model with fewer rows ---------------------------------------------------


def test_the_quick_payload_is_the_full_one_with_each_quick_list_cut_to_its_first_row():
    quick = quick_payload(SCHEMA, EXAMPLE)
    lists = {group["id"] for group in SCHEMA["lists"]}
    quick_lists = {path.split(".")[0] for path in SCHEMA["quick"]}
    assert {key: value for key, value in quick.items() if key not in lists} == {
        key: value for key, value in EXAMPLE.items() if key not in lists}
    assert set(quick) & lists == quick_lists
    for name in quick_lists:
        assert quick[name] == EXAMPLE[name][:1]  # the whole row, control group and risk adjustment included


def test_the_quick_estimate_is_the_full_model_on_the_rows_it_shows():
    """Done when (issue 26): NPV, ROI and payback of the quick estimate equal calculators.api.run of
    the full model on the rows the quick estimate shows with the example's assumptions."""
    shown = {**EXAMPLE, "one_off_costs": EXAMPLE["one_off_costs"][:1], "annual_costs": EXAMPLE["annual_costs"][:1],
             "metrics": EXAMPLE["metrics"][:1], "stated_benefits": []}
    full = api.run("roi", shown)["result"]
    texts = form_input.form_texts(SCHEMA, quick_payload(SCHEMA, EXAMPLE))  # what the page sends
    quick = web.respond("roi", texts)["result"]
    for key in ("npv", "roi", "payback_months", "pv_costs", "pv_benefits"):
        assert quick[key] == pytest.approx(full[key], abs=0.5 if key.startswith(("npv", "pv")) else 1e-9), key
    assert round(quick["npv"]) == 267_397  # the example: £267k (the quick estimate once said £582,239)
    assert quick["pv_costs"] > 223_501  # the 10% cost-risk allowance counts
