"""Tests for mkdocs_calculators.form and mkdocs_calculators.block: the calculator block drawn from
api.schema, per the DOM contract."""

from __future__ import annotations

import json
import re
from types import ModuleType

import pytest
from bs4 import BeautifulSoup

from calculators import api
from calculators.web import form_input, formatting
from calculators import web
from calculators.validation import FieldError, Invalid, Reader
from calculators.web.site import Site
from mkdocs_calculators import block as calculator_block
from mkdocs_calculators import form as calculator_form

NUMBER_TEXT = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
PATH_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,4})\]")


#: What a page of a site configured as this one hands the block (see mkdocs.yml's calculators plugin).
SITE = calculator_block.site_of("../../", {"playbook": "playbook/{id}/"}, "Booking shares only {summary}.")
OFFER = calculator_block.Offer("../../book/", "Book a call about these results")


def block_html(name: str, currency: str = "GBP") -> str:
    return calculator_block.calculator_block(name, web.respond, SITE, OFFER, currency)


def block(name: str) -> BeautifulSoup:
    return BeautifulSoup(block_html(name), "html.parser")


def outside_templates(elements):
    return [e for e in elements if e.find_parent("template") is None]


def number_or_text(text: str):
    """What the page script does with a radio's value: a number if it reads as one."""
    if NUMBER_TEXT.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return text


def set_path(target: dict, path: str, value) -> None:
    parts = [key if key else int(index) for key, index in PATH_PART.findall(path)]
    node = target
    for part, following in zip(parts, parts[1:]):
        if isinstance(node, list):
            while len(node) <= part:
                node.append({})
        if isinstance(node, dict) and part not in node:
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    if isinstance(node, list):
        while len(node) <= parts[-1]:
            node.append({})
    node[parts[-1]] = value


def payload_from_form(form) -> dict:
    """The payload the page script builds from the full form (calculators.js readPayload), in Python:
    typed values as the texts typed, radios, tick boxes and choices as their JSON values."""
    fields: dict = {}
    for rows in form.select("[data-rows]"):
        set_path(fields, rows["data-rows"], [{} for _ in rows.find_all(attrs={"data-row": True}, recursive=False)])
    for control in outside_templates(form.select("input[name], select[name], textarea[name]")):
        if control.has_attr("data-presentation"):
            continue
        kind = control.get("type", "")
        if control.name == "select":
            chosen = control.find("option", selected=True) or control.find("option")
            text = chosen["value"]
        elif control.name == "textarea":
            text = control.get_text()
        else:
            text = control.get("value", "")
        if kind == "radio":
            if control.has_attr("checked"):
                set_path(fields, control["name"], number_or_text(text))
            continue
        if kind == "checkbox":
            set_path(fields, control["name"], control.has_attr("checked"))
            continue
        text = text.strip()
        if text == "":
            continue
        set_path(fields, control["name"], text)
    root = form.get("data-payload-root")
    return {root: fields} if root else fields


# --- The block and its parts ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_block_follows_the_dom_contract(name):
    page = block(name)
    section = page.select_one("section.calculator")
    assert section["data-calculator"] == name and section["data-status"] == "static"
    form = section.select_one("form.calculator-form")
    assert form.has_attr("novalidate")
    assert form.select_one(".form-errors[role=alert]").has_attr("hidden")
    status = section.select_one("p.calculator-status[role=status]")
    assert status.select_one("progress") is not None
    result = section.select_one(".calculator-result")
    assert result["aria-live"] == "polite"
    # The result is pre-rendered at build time by the same function the browser calls.
    schema = api.schema(name)
    # A calculator with a quick estimate opens on it (quick_payload), a questionnaire unanswered.
    response = api.run(name, calculator_form.opening_payload(schema))
    rendered = BeautifulSoup(web.render(name, response, "GBP", Site.from_json(SITE)), "html.parser")
    assert result.decode_contents() == rendered.decode()
    # Actions: JS-only buttons wait for the script; the booking link works without it.
    for action in ("copy-link", "download-json", "download-csv") + (("clear-all", "fill-example") if name == "readiness" else ()):
        assert section.select_one(f'button[data-action="{action}"]').has_attr("disabled")
    booking = section.select_one("a[data-booking-link]")
    assert booking.get_text() == OFFER.booking_label
    assert booking["href"] == calculator_block.booking_href(OFFER.booking_href, web.booking_query(name, response["result"]))
    assert booking["href"].startswith("../../book/?calculator=" + name)


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_every_field_is_labelled_and_linked_to_its_error_slot(name):
    page = block(name)
    ids = [e["id"] for e in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids are unique"
    controls = outside_templates(page.select("form input, form select, form textarea"))
    assert controls
    for control in controls:
        assert page.select_one(f'label[for="{control["id"]}"]') is not None, control["id"]
        described = control["aria-describedby"].split()
        for ref in described:
            assert page.find(id=ref) is not None, (control["id"], ref)
        if control.has_attr("data-presentation"):
            continue
        slots = [page.find(id=ref) for ref in described if ref.startswith("err-")]
        assert len(slots) == 1 and "field-error" in slots[0]["class"] and slots[0].has_attr("hidden")
        root = page.select_one("form").get("data-payload-root")
        expected = f"{root}.{control['name']}" if root else control["name"]
        assert slots[0]["data-error-for"] == expected


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_the_form_holds_exactly_what_it_opens_with(name):
    """Read the form the way the page script does: the texts it shows are those form_texts writes for
    what it opens with (ROI's full model, which its form holds in full; the questionnaire's none: its
    questions open unanswered), and Python reads them back exactly."""
    schema = api.schema(name)
    expected = calculator_form.opening_payload(schema) if name == "readiness" else schema["defaults"]
    texts = payload_from_form(block(name).select_one("form"))
    assert texts == form_input.form_texts(schema, expected)
    payload, errors = form_input.read(schema, texts)
    assert errors == [] and payload == expected
    assert api.run(name, payload) == api.run(name, expected)
    if name == "readiness":
        assert payload == {"answers": {}}


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_no_inline_script_style_or_handlers(name):
    page = block(name)
    assert not page.find("script")
    for element in page.find_all(True):
        assert "style" not in element.attrs
        assert not any(attribute.startswith("on") for attribute in element.attrs), element.name


def test_readiness_questions_are_radio_groups_by_dimension_with_visible_scale():
    schema = api.schema("readiness")
    page = block("readiness")
    form = page.select_one("form")
    assert form["data-payload-root"] == "answers"
    groups = form.select("fieldset.calc-group")
    # Each dimension says how many of its questions are answered (the view's progress): none yet.
    progress = [g.legend.select_one(".calc-progress").extract().get_text() for g in groups]
    assert progress == [f"0 of {len(d['questions'])} answered" for d in schema["dimensions"]]
    assert [g.legend.get_text(" ", strip=True).replace(" critical", "") for g in groups] == [
        d["label"] for d in schema["dimensions"]
    ]
    critical = [d["critical"] for d in schema["dimensions"]]
    assert [bool(g.legend.select(".calc-badge")) for g in groups] == critical
    short_labels = [calculator_form.short_label(level["label"]) for level in schema["scale"]]
    for group, dimension in zip(groups, schema["dimensions"]):
        questions = group.select("fieldset.calc-question")
        assert [q.legend.get_text() for q in questions] == [q["text"] for q in dimension["questions"]]
        for fieldset, question in zip(questions, dimension["questions"]):
            radios = fieldset.select("input[type=radio]")
            assert [r["name"] for r in radios] == [question["id"]] * len(schema["scale"])
            assert [int(r["value"]) for r in radios] == [level["value"] for level in schema["scale"]]
            assert not [r for r in radios if r.has_attr("checked")]  # the visitor's to answer
            assert [o.select_one(".calc-scale-name").get_text() for o in fieldset.select("label")] == short_labels
            assert question["help"] in fieldset.get_text()
    # The worked example's answers are one click away, and every answer can be cleared at once.
    fill = form.select_one('.calc-answers-actions button[data-action="fill-example"]')
    assert json.loads(fill["data-answers"]) == schema["defaults"]["answers"]
    assert form.select_one('.calc-answers-actions button[data-action="clear-all"]').get_text() == "Clear all answers"
    assert form.select_one('.calc-answers-actions button[data-action="undo-answers"]').has_attr("hidden")
    legend = form.select_one(".calc-scale-legend").get_text(" ")
    for level in schema["scale"]:
        assert level["label"].split(":", 1)[1].strip() in legend
    assert not form.select("[data-presentation]"), "no money, so no currency control"


def test_roi_form_has_rows_templates_buttons_and_a_presentation_only_currency():
    schema = api.schema("roi")
    defaults = schema["defaults"]
    form = block("roi").select_one("form")
    assert not form.has_attr("data-payload-root")
    for spec in schema["fields"]:
        assert form.select_one(f'[name="{spec["id"]}"]') is not None, spec["id"]
    for group in schema["lists"]:
        rows = form.select_one(f'[data-rows="{group["id"]}"]').find_all(attrs={"data-row": group["id"]}, recursive=False)
        assert len(rows) == len(defaults.get(group["id"], []))
        template = form.select_one(f'template[data-row-template="{group["id"]}"]')
        names = [c["name"] for c in template.select("[name]")]
        assert names and all(n.startswith(f'{group["id"]}[__i__].') for n in names)
        assert {n.split(".", 1)[1] for n in names} == {f["id"] for f in group["fields"]}
        assert form.select_one(f'button[data-action="add-row"][data-list="{group["id"]}"]') is not None
        assert len(form.select(f'button[data-action="remove-row"][data-list="{group["id"]}"]')) == len(rows)
        assert template.select_one(f'button[data-action="remove-row"][data-list="{group["id"]}"]') is not None
        fieldset = form.select_one(f'fieldset[data-list="{group["id"]}"]')
        assert fieldset["data-max-rows"] == str(group["max_items"])
    currency = form.select_one("select[name=currency]")
    assert currency.has_attr("data-presentation")
    assert [o["value"] for o in currency.select("option")] == list(formatting.CURRENCIES)
    # A per-year amount given as a list shows as the visitor would type it.
    yearly = form.select_one('[name="annual_costs[0].amount"]')
    assert yearly["data-kind"] == "number_or_list" and yearly["value"] == "36000, 42000, 48000"
    ramp = form.select_one('[name="ramp_up"]')
    assert ramp["data-kind"] == "number_list"
    # A control group in the example: its "more" section is open so no input is hidden.
    first_metric_more = form.select('[data-rows="metrics"] > [data-row] details.calc-advanced')[0]
    assert first_metric_more.has_attr("open")
    assert form.select_one('[name="metrics[0].control.baseline"]')["value"] == "14.5"


def test_defaults_that_do_not_compute_stop_the_build(monkeypatch):
    broken = ModuleType("broken")
    broken.schema = lambda: {"fields": [], "defaults": {"x": 1}}

    def run(payload):
        raise Invalid([FieldError("x", "No.")])

    broken.run = run
    monkeypatch.setitem(api.CALCULATORS, "broken", broken)
    with pytest.raises(calculator_block.CalculatorError, match="broken.*x: No"):
        block_html("broken")


# --- A third calculator needs no template change --------------------------------------------------------


def tiny_calculator() -> ModuleType:
    """A tiny calculator written the way a new one would be: a schema with defaults, and run()."""
    module = ModuleType("tiny")

    def schema() -> dict:
        return {
            "title": "Tiny",
            "fields": [
                {"id": "rate", "label": "Rate", "kind": "number", "unit": "share", "min": 0, "max": 1, "step": 0.01,
                 "default": 0.5, "help": "A share.", "required": True},
                {"id": "mode", "label": "Mode", "kind": "choice", "required": True,
                 "options": [{"value": "plain", "label": "Plain"}, {"value": "fancy", "label": "Fancy"}]},
            ],
            "lists": [
                {"id": "items", "label": "Items", "item_label": "Item", "min_items": 0, "max_items": 5,
                 "fields": [{"id": "amount", "label": "Amount", "kind": "number", "unit": "money", "min": 0, "max": 1e6}],
                 "new_item": {"amount": 0}},
            ],
            "defaults": {"rate": 0.25, "mode": "fancy", "items": [{"amount": 100}, {"amount": 300}]},
        }

    def run(payload: dict) -> dict:
        reader = Reader()
        reader.object(payload, "", allowed=("rate", "mode", "items"))
        rate = reader.number(payload, "rate", minimum=0, maximum=1)
        mode = reader.choice(payload, "mode", ("plain", "fancy"))
        items = reader.items(payload, "items", max_items=5, default=[]) or []
        amounts = [reader.number(item, "amount", f"items[{i}]", minimum=0, maximum=1e6) for i, item in enumerate(items)]
        reader.check()
        total = sum(amounts) * rate
        return {"total": total, "mode": mode, "count": len(amounts)}

    module.schema, module.run = schema, run
    return module


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setitem(api.CALCULATORS, "tiny", tiny_calculator())
    return "tiny"


def test_a_registered_third_calculator_renders_with_no_template_change(tiny):
    page = block(tiny)
    section = page.select_one('section[data-calculator="tiny"][data-status="static"]')
    form = section.select_one("form")
    assert form.select_one('input[name="rate"]')["value"] == "25"  # a share, in percent
    assert form.select_one('input[name="rate"]').has_attr("data-percent")
    assert form.select_one('select[name="mode"] option[selected]')["value"] == "fancy"
    assert len(form.select('[data-rows="items"] > [data-row="items"]')) == 2
    template = form.select_one('template[data-row-template="items"]')
    assert template.select_one('[name="items[__i__].amount"]') is not None
    assert form.select_one("select[name=currency][data-presentation]") is not None  # it has money
    result = section.select_one(".calculator-result")
    total = result.select_one('[data-field="total"]')
    assert total["data-value"] == formatting.format_value(100.0)
    assert section.select_one("a[data-booking-link]")["href"].startswith("../../book/?calculator=tiny")
    assert web.respond(tiny, payload_from_form(form))["result"] == api.run(tiny, api.schema(tiny)["defaults"])["result"]
    answer = web.respond(tiny, {"rate": 2})
    assert answer["ok"] is False and answer["errors"][0]["field"] == "rate"
    # Typed in the form: percent, in the form's units; the API's fraction is never guessed from text.
    answer = web.respond(tiny, {"rate": "200%", "mode": "plain"})
    assert answer["errors"] == [{"field": "rate", "message": 'Rate: must be between 0% and 100%; you typed "200%".'}]


def test_field_kinds_render_their_controls():
    number = BeautifulSoup(calculator_form.field_html(
        {"id": "h", "label": "Horizon", "kind": "integer", "unit": "years", "min": 1, "max": 10, "step": 1, "default": 3},
        "h", None), "html.parser")
    control = number.select_one("input")
    # Text, not type=number: the text typed reaches Python whole ("12k" is never cut to 12).
    assert (control["type"], control["inputmode"], control["value"], control["placeholder"]) == (
        "text", "numeric", "", "3 if empty")
    assert number.select_one(".calc-unit").get_text() == "years"
    check = BeautifulSoup(calculator_form.field_html({"id": "s", "label": "S", "kind": "boolean"}, "s", True), "html.parser")
    assert check.select_one("input[type=checkbox]").has_attr("checked")
    optional = BeautifulSoup(calculator_form.field_html(
        {"id": "c", "kind": "choice", "options": [{"value": "a", "label": "A"}]}, "c", None), "html.parser")
    assert [o["value"] for o in optional.select("option")] == ["", "a"]
    hostile = calculator_form.field_html({"id": "n", "label": "<b>", "kind": "text"}, "n", '"><script>')
    assert "<script>" not in hostile and "<b>" not in hostile


def test_several_calculators_can_share_a_page(tiny):
    page = BeautifulSoup("".join(block_html(n) for n in ("readiness", "roi", tiny)), "html.parser")
    ids = [e["id"] for e in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
