"""A calculator's form, drawn from its schema alone.

A questionnaire (``scale`` + ``dimensions``) becomes radio groups; a list of ``fields``
(scalars) and ``lists`` (repeatable rows) becomes inputs, each with its default filled in. A new
calculator registered in the core gets a working form with no change here.

(About 550 lines, over the project's guide of 500: the whole DOM contract the page script reads,
for both kinds of form and the quick estimate, stays in one module, in the sections below.)

The markup follows the DOM contract the page script (calculators.js) relies
on: input ``name`` = JSON path of the value in the payload; an error slot
``<p class="field-error" id="err-…" data-error-for="<payload path>">`` per
field, referenced by ``aria-describedby``; repeatable rows in
``[data-row="<list>"]`` with a ``<template data-row-template="<list>">`` whose
names and ids hold the index placeholder ``__i__``; presentation-only
controls carry ``data-presentation``. No inline script, no inline style, no
event-handler attribute: the page runs under a strict Content Security Policy.

Field schema (the shape the ROI calculator's ``schema()`` documents, shared by any
calculator): ``fields`` (top-level inputs) and ``lists`` (repeatable groups, each
``{id, label, help, item_label, min_items, max_items, fields, new_item}``); a
field is ``{id, label, kind, unit, min, max, step, default, help, required,
advanced, options, per_year, max_length, ...}`` with ``kind`` one of
``number``, ``integer``, ``choice``, ``boolean``, ``text``, ``number_list``.
An id with a dot (``control.baseline``) names a key in a nested object.

>>> input_id("metrics[0].baseline")
'metrics-0-baseline'
"""

from __future__ import annotations

import json
import re
from typing import Any

from calculators.web.form_input import form_text, is_percent
from calculators.web.formatting import CURRENCIES, value_at
from calculators.web.markup import h

ROW_PLACEHOLDER = "__i__"


def input_id(path: str) -> str:
    """An HTML id fragment for a JSON path (letters, digits, ``_`` and ``-`` only).

    >>> input_id("answers.gov_audit_trail"), input_id("one_off_costs[__i__].amount")
    ('answers-gov_audit_trail', 'one_off_costs-__i__-amount')
    """
    return re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def attribute_number(value: Any) -> str:
    """A number as an HTML attribute (``value``, ``min``, ``step``): shortest exact form, no ``.0``.

    >>> attribute_number(0.1), attribute_number(3.0), attribute_number(250000), attribute_number(None)
    ('0.1', '3', '250000', '')
    """
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def lookup(data: Any, path: str) -> Any:
    """The value at ``path`` in ``data``, or None when it is absent.

    >>> lookup({"metrics": [{"baseline": 3}]}, "metrics[0].baseline"), lookup({}, "x.y")
    (3, None)
    """
    try:
        return value_at(data, path)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def error_slot(slot_id: str, payload_path: str) -> str:
    return f'<p class="field-error" id="err-{slot_id}" data-error-for="{h(payload_path)}" hidden></p>'


def help_text(slot_id: str, text: str) -> str:
    return f'<p class="field-help" id="help-{slot_id}">{h(text)}</p>' if text else ""


# --- A questionnaire: scale + dimensions of questions -----------------------------------------------


def short_label(label: str) -> str:
    """The name of a scale level: the part of its label before the colon.

    >>> short_label("Ad hoc: discussed, or done once."), short_label("Never")
    ('Ad hoc', 'Never')
    """
    return label.split(":", 1)[0].strip()


def questionnaire_fields(name: str, schema: dict, answers: dict, progress: dict[str, str] | None = None) -> str:
    """Radio groups, one per question, grouped by dimension, with the scale spelled out once; each
    dimension says how many of its questions are answered (``progress``, from the view), and each
    answer can be cleared back to unanswered."""
    progress = progress or {}
    scale = schema["scale"]
    legend = "".join(
        f'<div class="calc-scale-key"><dt>{h(level["value"])} · {h(short_label(level["label"]))}</dt>'
        f'<dd>{h(level["label"].split(":", 1)[-1].strip())}</dd></div>'
        for level in scale
    )
    parts = [
        f'<details class="calc-scale-legend" open><summary>The answer scale, 0 to {h(scale[-1]["value"])}</summary>'
        f"<dl>{legend}</dl></details>"
    ]
    for dimension in schema["dimensions"]:
        badge = (
            ' <span class="calc-badge" title="A critical dimension: below the gate it caps the stage">critical</span>'
            if dimension.get("critical")
            else ""
        )
        questions = []
        for question in dimension["questions"]:
            qid = question["id"]
            slot = input_id(f"{name}-{qid}")
            described = f"help-{slot} err-{slot}" if question.get("help") else f"err-{slot}"
            chosen = answers.get(qid)
            options = "".join(
                f'<label class="calc-scale-option" for="in-{slot}-{h(level["value"])}">'
                f'<input type="radio" id="in-{slot}-{h(level["value"])}" name="{h(qid)}" value="{h(level["value"])}"'
                f'{" checked" if chosen == level["value"] else ""} aria-describedby="{described}">'
                f'<span class="calc-scale-value">{h(level["value"])}</span>'
                f'<span class="calc-scale-name">{h(short_label(level["label"]))}</span></label>'
                for level in scale
            )
            questions.append(
                f'<fieldset class="calc-question" data-field-path="{h(qid)}">'
                f'<legend class="calc-question-text">{h(question["text"])}</legend>'
                f'{help_text(slot, question.get("help", ""))}'
                f'<div class="calc-scale">{options}</div>'
                '<button type="button" class="calc-button calc-button--quiet calc-clear" data-action="clear-answer">'
                f'Clear answer<span class="calc-visually-hidden"> to: {h(question["text"])}</span></button>'
                f"{error_slot(slot, f'{schema_root(schema)}.{qid}' if schema_root(schema) else qid)}</fieldset>"
            )
        done = progress.get(dimension["id"], "")
        count = f' <span class="calc-progress" data-progress="{h(dimension["id"])}">{h(done)}</span>' if done else ""
        parts.append(
            f'<fieldset class="calc-group" id="{h(input_id(f"{name}-dimension-{dimension["id"]}"))}">'
            f'<legend class="calc-group-title">{h(dimension["label"])}{badge}{count}</legend>{"".join(questions)}</fieldset>'
        )
    return "".join(parts)


def is_questionnaire(schema: dict) -> bool:
    """Whether the schema is a questionnaire (``scale`` + ``dimensions``).

    >>> is_questionnaire({"scale": [], "dimensions": []}), is_questionnaire({"fields": []})
    (True, False)
    """
    return "dimensions" in schema and "scale" in schema


def answers_actions(name: str, example: dict) -> str:
    """The questionnaire's actions on all its answers at once: clear them all, fill in the worked
    example's (``example``, the schema's defaults, carried as JSON for the page script to check
    the radios with), and undo either; each is one click, and the page script enables them."""
    slot = input_id(f"{name}-all-answers")
    fill = (
        f'<button type="button" class="calc-button" data-action="fill-example" data-answers="{h(json.dumps(example, separators=(",", ":"), sort_keys=True))}" '
        'disabled>Fill in the example answers</button>'
        if example
        else ""
    )
    return (
        f'<div class="calc-answers-actions" role="group" aria-labelledby="{slot}-title" aria-describedby="help-{slot}">'
        f'<p class="calc-answers-title" id="{slot}-title">All answers</p>'
        '<div class="calc-answers-buttons">'
        '<button type="button" class="calc-button" data-action="clear-all" disabled>Clear all answers</button>'
        f"{fill}"
        '<button type="button" class="calc-button calc-button--quiet" data-action="undo-answers" hidden>Undo</button>'
        "</div>"
        f'<p class="field-help" id="help-{slot}">The questions start unanswered: the score counts only the answers '
        "you give. Clearing asks no confirmation; Undo brings the answers back until your next change.</p></div>"
    )


def schema_root(schema: dict) -> str:
    """The payload key the form's fields nest under (``answers`` for a questionnaire), or ``""``.

    >>> schema_root({"scale": [], "dimensions": [], "defaults": {"answers": {}}}), schema_root({"fields": []})
    ('answers', '')
    """
    if is_questionnaire(schema):
        return schema.get("payload_root", "answers")
    return schema.get("payload_root", "")


# --- Fields and repeatable rows -----------------------------------------------------------------------

#: How a schema unit reads next to an input; units not listed are shown as they are.
UNIT_TEXT = {
    "money": "",
    "money per year": "a year",
    "money per metric unit": "per unit of change",
    "share": "%",
    "share per year": "% a year",
    "share of full benefit": "% of full benefit, one per year",
    "metric unit": "in the metric's unit",
}


def unit_text(unit: str | None) -> str:
    """The unit as shown beside an input.

    >>> unit_text("share"), unit_text("years"), unit_text(None), unit_text("money")
    ('%', 'years', '', '')
    """
    return UNIT_TEXT.get(unit or "", unit or "")


def placeholder(spec: dict) -> str:
    """A ``placeholder`` attribute showing the value assumed when the field is left empty, as the
    form writes it (a share in percent).

    >>> placeholder({"default": 0.1}), placeholder({"default": 0.1, "unit": "share"}), placeholder({"default": None})
    (' placeholder="0.1 if empty"', ' placeholder="10 if empty"', '')
    """
    default = spec.get("default")
    if default is None or default == "" or isinstance(default, (bool, list, dict)):
        return ""
    shown = default if isinstance(default, str) else form_text({**spec, "kind": "number"}, default)
    return f' placeholder="{h(shown)} if empty"'


def options_of(spec: dict) -> list[tuple[str, str]]:
    """``(value, label)`` pairs of a choice field (``options`` as dicts, or plain values).

    >>> options_of({"options": ["lower_is_better", {"value": "x", "label": "Ex"}]})
    [('lower_is_better', 'Lower is better'), ('x', 'Ex')]
    """
    pairs = []
    for option in spec.get("options") or []:
        if isinstance(option, dict):
            pairs.append((str(option["value"]), str(option.get("label", option["value"]))))
        else:
            pairs.append((str(option), str(option).replace("_", " ").capitalize()))
    return pairs


def field_html(spec: dict, path: str, value: Any, scope: str = "", quick: bool = False) -> str:
    """One labelled input for field ``spec`` at JSON ``path``, with unit, help and error slot.

    ``kind``: ``number`` / ``integer`` (a text input with a decimal keyboard: the text typed goes
    to Python as it is, so "12k" or "10%" is read, or refused with a message, never cut to a number
    the browser makes of it; :mod:`calculators.web.form_input`), ``choice`` (a select),
    ``boolean`` (a checkbox), ``text``, ``number_list`` (numbers separated by
    commas, spaces or new lines; ``data-kind="number_list"``); a number with
    ``per_year`` also accepts such a list (``data-kind="number_or_list"``). A share (unit
    ``share...``) is shown in percent and marked ``data-percent``. ``scope`` (the calculator's
    name) prefixes the ids, so two calculators can share a page.

    >>> html = field_html({"id": "rate", "label": "Rate", "kind": "number", "unit": "share", "min": 0, "max": 0.5},
    ...                   "rate", 0.1)
    >>> 'name="rate"' in html and 'value="10"' in html and 'aria-describedby="err-rate"' in html
    True
    """
    slot = input_id(f"{scope}-{path}" if scope else path)
    kind = spec.get("kind") or spec.get("type") or "number"
    label = spec.get("label") or spec["id"].replace("_", " ").capitalize()
    unit = unit_text(spec.get("unit"))
    described = " ".join(x for x in (f"help-{slot}" if spec.get("help") else "", f"err-{slot}") if x)
    common = f'id="in-{slot}" name="{h(path)}" aria-describedby="{described}"'
    if spec.get("required"):
        common += ' aria-required="true"'
    if is_percent(spec) and (kind in ("number", "number_list") or spec.get("per_year")):
        common += " data-percent"  # typed in percent; a share link made before holds fractions
    if kind == "choice":
        if value is None:
            value = spec.get("default")  # a choice with a default shows it: "Not set" would mean the same
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{h(v)}"{" selected" if v == chosen else ""}>{h(text)}</option>' for v, text in options_of(spec)
        )
        if not spec.get("required") and spec.get("default") is None:
            options = f'<option value=""{"" if chosen else " selected"}>Not set</option>' + options
        control = f"<select {common}>{options}</select>"
    elif kind == "boolean":
        control = f'<input type="checkbox" {common} value="true"{" checked" if value else ""}>'
    elif kind == "text":
        maximum = f' maxlength="{h(spec["max_length"])}"' if spec.get("max_length") else ""
        shown = "" if value is None else h(value)
        control = f'<input type="text" {common} value="{shown}"{maximum} autocomplete="off">'
    elif kind == "number_list" or spec.get("per_year"):
        data_kind = "number_list" if kind == "number_list" else "number_or_list"
        many = kind == "number_list" and (spec.get("max_items") or 0) > 50
        text_value = h("" if value is None else form_text(spec, value))
        # A list with one number per year follows the field that sets its length (calculator-year-lists.js).
        follows = f' data-length="{h(spec["length"])}"' if spec.get("length") else ""
        if many:
            control = f'<textarea {common} data-kind="{data_kind}"{follows} rows="2" spellcheck="false">{text_value}</textarea>'
        else:
            control = (
                f'<input type="text" {common} data-kind="{data_kind}"{follows} value="{text_value}" inputmode="decimal" '
                'autocomplete="off" spellcheck="false">'
            )
    else:
        mode = "numeric" if kind == "integer" else "decimal"
        shown = "" if value is None else h(form_text(spec, value))
        control = (
            f'<input type="text" {common} data-kind="number" value="{shown}"{placeholder(spec)} '
            f'inputmode="{mode}" autocomplete="off" spellcheck="false">'
        )
    unit_html = f'<span class="calc-unit">{h(unit)}</span>' if unit else ""
    cls = f"calc-field calc-field--{h(kind)}"
    in_quick = " data-quick-field" if quick else ""  # shown in the quick estimate
    if kind == "boolean":
        return (
            f'<div class="{cls}"{in_quick}><label class="calc-check" for="in-{slot}">{control}<span>{h(label)}</span></label>'
            f"{help_text(slot, spec.get('help', ''))}{error_slot(slot, path)}</div>"
        )
    return (
        f'<div class="{cls}"{in_quick}><label class="calc-label" for="in-{slot}">{h(label)}</label>'
        f'<div class="calc-control">{control}{unit_html}</div>'
        f"{help_text(slot, spec.get('help', ''))}{error_slot(slot, path)}</div>"
    )


#: Said under a field that sets the length of per-year lists (``length`` in their schema), since
#: changing it resizes them (calculator-year-lists.js, ``resizeLists``).
RESIZE_HELP = (
    "Changing it resizes every list with one number per year: a new year repeats the last year's value, "
    "and a shorter horizon hides the later years until it grows again."
)


def length_setters(schema: dict) -> frozenset[str]:
    """The ids of the fields that set the length of some per-year list.

    >>> sorted(length_setters({"fields": [{"id": "years"}, {"id": "shares", "length": "years"}], "lists": []}))
    ['years']
    """
    specs = list(schema.get("fields") or [])
    for group in schema.get("lists") or []:
        specs += group.get("fields") or []
    return frozenset(spec["length"] for spec in specs if spec.get("length"))


def fields_html(specs: list[dict], prefix: str, values: Any, more_label: str, scope: str = "",
                quick: frozenset[str] = frozenset()) -> str:
    """Fields at ``prefix`` (``""`` or ``metrics[0].``); ``advanced`` ones go behind a "more" toggle,
    open when one of them holds a value; those in ``quick`` show in the quick estimate."""

    def one(spec: dict) -> str:
        return field_html(spec, f"{prefix}{spec['id']}", lookup(values, spec["id"]), scope, spec["id"] in quick)

    main = "".join(one(spec) for spec in specs if not spec.get("advanced"))
    advanced = [spec for spec in specs if spec.get("advanced")]
    out = f'<div class="calc-fields">{main}</div>'
    if advanced:
        is_open = any(lookup(values, spec["id"]) not in (None, "", []) for spec in advanced)
        out += (
            f'<details class="calc-advanced"{" open" if is_open else ""}><summary>{h(more_label)}</summary>'
            f'<div class="calc-fields">{"".join(one(spec) for spec in advanced)}</div></details>'
        )
    return out


def row_html(spec: dict, index: str, row_values: Any, scope: str = "", quick: frozenset[str] = frozenset()) -> str:
    """One repeatable row of group ``spec`` at ``index`` (a number, or ``__i__`` in the template);
    its ``quick`` fields are marked (the quick estimate reads them from the list's first row)."""
    group = spec["id"]
    item = spec.get("item_label", "Item")
    number = "" if index == ROW_PLACEHOLDER else f" {int(index) + 1}"
    body = fields_html(spec["fields"], f"{group}[{index}].", row_values if isinstance(row_values, dict) else {},
                       "More: control group and observations" if group == "metrics" else "More options", scope, quick)
    return (
        f'<fieldset class="calc-row" data-row="{h(group)}">'
        f'<legend class="calc-row-title">{h(item)}<span class="calc-row-number">{number}</span></legend>'
        f"{body}"
        f'<button type="button" class="calc-button calc-button--quiet" data-action="remove-row" data-list="{h(group)}">'
        f"Remove this {h(item.lower())}</button></fieldset>"
    )


def rows_html(spec: dict, values: Any, scope: str = "", quick: frozenset[str] = frozenset()) -> str:
    """A repeatable group: its rows with their defaults, a template row (``new_item``), an add button;
    ``quick``: the fields of its first row that the quick estimate asks for."""
    group = spec["id"]
    item = spec.get("item_label", "Item")
    rows = "".join(row_html(spec, str(i), v, scope, quick) for i, v in enumerate(values if isinstance(values, list) else []))
    limits = "".join(
        f' data-{attr}="{h(spec[key])}"'
        for attr, key in (("min-rows", "min_items"), ("max-rows", "max_items"))
        if spec.get(key) is not None
    )
    slot = input_id(f"{scope}-{group}" if scope else group)
    described = f"help-{slot} err-{slot}" if spec.get("help") else f"err-{slot}"  # errors about the list as a whole
    return (
        f'<fieldset class="calc-group calc-list" data-list="{h(group)}"{limits}{" data-quick" if quick else ""} '
        f'aria-describedby="{described}">'
        f'<legend class="calc-group-title">{h(spec.get("label", group))}</legend>'
        f'{help_text(slot, spec.get("help", ""))}'
        f'<div class="calc-rows" data-rows="{h(group)}">{rows}</div>'
        f'<template data-row-template="{h(group)}">{row_html(spec, ROW_PLACEHOLDER, spec.get("new_item") or {}, scope)}</template>'
        f"{error_slot(slot, group)}"
        f'<button type="button" class="calc-button" data-action="add-row" data-list="{h(group)}">Add {h(item.lower())}</button>'
        "</fieldset>"
    )


def field_groups(schema: dict, defaults: dict, scope: str = "") -> str:
    """The top-level fields, then each repeatable group (``lists``) in schema order."""
    parts = []
    setters = length_setters(schema)
    fields = [
        {**spec, "help": f"{spec.get('help', '')} {RESIZE_HELP}".strip()} if spec["id"] in setters else spec
        for spec in schema.get("fields") or []
    ]
    if fields:
        # Shown in the quick estimate too (compactly, quick-estimate.css): it counts there as in the full model.
        parts.append(
            f'<fieldset class="calc-group calc-assumptions"{" data-quick" if schema.get("quick") else ""}>'
            '<legend class="calc-group-title">Assumptions</legend>'
            f'{fields_html(fields, "", defaults, "More options", scope)}</fieldset>'
        )
    for spec in schema.get("lists") or schema.get("rows") or []:
        parts.append(rows_html(spec, lookup(defaults, spec["id"]), scope, quick_fields(schema, spec["id"])))
    return "".join(parts)


# --- The quick estimate: the full model, with the first row of a few lists shown ---------------------


def quick_fields(schema: dict, group: str) -> frozenset[str]:
    """The fields of list ``group`` that the schema's quick estimate shows (``quick``: paths
    ``<list>.<field>``).

    >>> sorted(quick_fields({"quick": ["costs.amount", "metrics.baseline"]}, "costs"))
    ['amount']
    """
    return frozenset(path.partition(".")[2] for path in schema.get("quick") or () if path.partition(".")[0] == group)


def quick_payload(schema: dict, payload: dict) -> dict:
    """The payload of the quick estimate made from the full form's: the full model with fewer rows.

    The rule: each list that has quick fields is cut to its first row (the whole row, the fields
    it does not show included, at their values); a list without quick fields is left out; every
    top-level field (the assumptions: horizon, discount rate, cost risk, ramp-up...) is kept as it
    is. So what the quick estimate does not show keeps the values the full form holds, and counts
    exactly as in the full model. calculator-payload.js reads the same payload from the form in
    quick mode (``readPayload``); tests/test_quick_estimate.py holds the two to it.

    >>> schema = {"quick": ["costs.amount"], "fields": [{"id": "rate"}],
    ...           "lists": [{"id": "costs", "fields": [{"id": "name"}, {"id": "amount"}, {"id": "x.y", "advanced": True}]},
    ...                     {"id": "notes", "fields": [{"id": "text"}]}]}
    >>> quick_payload(schema, {"rate": 0.2, "costs": [{"name": "A", "amount": 1, "x": {"y": 2}}, {"amount": 5}], "notes": []})
    {'rate': 0.2, 'costs': [{'name': 'A', 'amount': 1, 'x': {'y': 2}}]}
    """
    lists = {group["id"]: group for group in schema.get("lists") or []}
    quick: dict = {}
    for key, value in payload.items():
        if key not in lists:
            quick[key] = value
        elif quick_fields(schema, key):
            quick[key] = value[:1] if isinstance(value, list) else value
    return quick


def mode_switch(name: str) -> str:
    """Quick estimate or full model: presentation (it decides which fields are read), never part of
    the payload; carried in a share link like any control."""
    slot = input_id(f"{name}-mode")
    choices = (("quick", "Quick estimate", True), ("full", "Full model", False))
    options = "".join(
        f'<label class="calc-mode-option" for="in-{slot}-{value}"><input type="radio" id="in-{slot}-{value}" name="mode" '
        f'value="{value}" data-presentation{" checked" if checked else ""} aria-describedby="help-{slot}">'
        f"<span>{label}</span></label>"
        for value, label, checked in choices
    )
    return (
        f'<fieldset class="calc-mode"><legend class="calc-label">How much detail</legend>'
        f'<div class="calc-mode-options">{options}</div>'
        f'<p class="field-help" id="help-{slot}">The quick estimate is the full model with one cost, one running cost '
        "and one outcome metric: the assumptions below and everything the full model holds for those rows count as "
        "there. Switching keeps what you typed.</p></fieldset>"
    )


def opening_payload(schema: dict) -> dict:
    """The inputs a calculator's form opens with: a questionnaire's none (its answers are the
    visitor's to give; the schema's defaults are a worked example), the quick estimate's when the
    calculator has one, else the schema's defaults.

    >>> opening_payload({"scale": [], "dimensions": [], "defaults": {"answers": {"q": 3}}})
    {'answers': {}}
    >>> opening_payload({"fields": [], "defaults": {"rate": 0.1}})
    {'rate': 0.1}
    """
    defaults = schema.get("defaults", {})
    if is_questionnaire(schema):
        return {schema_root(schema): {}}
    return quick_payload(schema, defaults) if schema.get("quick") else defaults


def uses_money(schema: Any) -> bool:
    """Whether any field or declared output of the schema is an amount of money.

    >>> uses_money({"fields": [{"id": "x", "unit": "money"}]}), uses_money({"scale": []})
    (True, False)
    >>> uses_money({"outputs": [{"id": "cost", "kind": "money"}]})
    True
    """
    if isinstance(schema, dict):
        if str(schema.get("unit") or "").startswith(("money", "currency")) or schema.get("kind") == "money":
            return True
        return any(uses_money(v) for k, v in schema.items() if k != "defaults")
    if isinstance(schema, list):
        return any(uses_money(v) for v in schema)
    return False


def currency_select(name: str, selected: str) -> str:
    """The currency chooser: presentation only, never part of the payload."""
    slot = input_id(f"{name}-currency")
    options = "".join(
        f'<option value="{h(code)}"{" selected" if code == selected else ""}>'
        f"{h(c.symbol)} {h(c.name)} ({h(code)})</option>"
        for code, c in CURRENCIES.items()
    )
    return (
        f'<div class="calc-field calc-field--currency"><label class="calc-label" for="in-{slot}">Show amounts in</label>'
        f'<div class="calc-control"><select id="in-{slot}" name="currency" data-presentation '
        f'aria-describedby="help-{slot}">{options}</select></div>'
        f'<p class="field-help" id="help-{slot}">Changes the symbol only; nothing is converted.</p></div>'
    )


def form(name: str, schema: dict, currency: str, progress: dict[str, str] | None = None) -> str:
    """The calculator's ``<form>``, every field filled with the schema's defaults (a questionnaire's
    unanswered: :func:`opening_payload`); ``currency`` is
    the one selected at first (the chooser appears only when the calculator deals in money);
    ``progress`` is the view's text of how far each group is filled in (a questionnaire's)."""
    defaults = schema.get("defaults", {})
    root = schema_root(schema)
    if is_questionnaire(schema):
        # Blank (opening_payload): the schema's defaults are the worked example, one click away. The
        # actions on all answers follow the questions, so the first answer is the form's first Tab stop
        # after the skip link (and the scale).
        body = questionnaire_fields(name, schema, {}, progress or {}) + answers_actions(name, lookup(defaults, root) or {})
    else:
        body = field_groups(schema, defaults, name)
    money_control = currency_select(name, currency) if uses_money(schema) else ""
    if schema.get("quick"):
        money_control = mode_switch(name) + money_control
    root_attr = f' data-payload-root="{h(root)}"' if root else ""
    return (
        f'<form class="calculator-form" novalidate{root_attr} aria-label="{h(schema.get("title", name.capitalize()))} inputs">'
        '<div class="form-errors" role="alert" hidden></div>'
        f"{money_control}{body}</form>"
    )
