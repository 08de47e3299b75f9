"""The form's typed texts as a calculator's JSON payload: numbers read the way people write them.

Two contracts meet here, and this module is the only place that joins them.

* **The JSON API** (:func:`calculators.api.run`, the CLI, the Download JSON file): every number
  is a JSON number, and a *share* (a field whose schema ``unit`` starts with ``share``: a discount
  rate, a risk adjustment, an attribution, a ramp-up) is a fraction from 0 to 1: ``0.1`` is 10%.
  Text is never read as a number there.
* **The form** (``mkdocs_calculators/form.py`` draws it; ``calculator-payload.js`` ``readPayload``
  reads it): what a visitor *types* travels as the text typed, at the payload path of its field; a
  choice, a tick box or a radio answer travels as its JSON value. A share is typed and shown in
  percent: ``10`` or ``10%`` is 10%.

:func:`read` turns the second into the first, by the calculator's schema: a text in a field of
kind ``number``, ``integer`` or ``number_list`` (or a ``per_year`` number) is read as

* a share, in percent: ``"10"``, ``"10%"``, ``"12.5 %"`` (so ``"0.1"`` is 0.1%);
* an amount of money: ``"12000"``, ``"12,000"``, ``"£12,000"``, ``"12k"``, ``"1.5m"``, ``"2bn"``,
  ``"1,200.50"``; a count per year (``units per year``) takes the same k/m/bn;
* any other number: ``"-3.5"``, ``"1,200"``, ``"1e3"``;
* a list (``number_list``, or several numbers in a ``per_year`` field): items separated by
  semicolons, spaces, new lines or commas (``"50, 90, 100"``, ``"50%;90%;100%"``); in a list of
  amounts, ``"36,000, 42,000"`` keeps its thousands commas (a comma with exactly three digits
  after it, in a number written wholly in such groups, is a thousands separator).

and checked against the field's range in the form's units. A value that is already a JSON number
is the API's and is left as it is, so an API payload passes through unchanged. Text that cannot be
read is reported with the field's label and the text as typed, never replaced by another number
(a decimal comma, ``"2,5"``, is refused with a hint). :func:`form_texts` is the inverse: the texts
the form shows for an API payload (what ``readPayload`` sends for a form left as it was drawn).

>>> spec = {"id": "discount_rate", "label": "Discount rate", "kind": "number", "unit": "share per year",
...         "min": 0, "max": 0.5}
>>> read({"fields": [spec]}, {"discount_rate": "10%"})
({'discount_rate': 0.1}, [])
>>> read({"fields": [spec]}, {"discount_rate": 0.07})
({'discount_rate': 0.07}, [])
>>> read({"fields": [spec]}, {"discount_rate": "60"})[1]
[{'field': 'discount_rate', 'message': 'Discount rate: must be between 0% and 50%; you typed "60".'}]
>>> form_texts({"fields": [spec]}, {"discount_rate": 0.035})
{'discount_rate': '3.5'}
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any

#: Kinds whose value a visitor types as a number.
NUMBER_KINDS = frozenset({"number", "integer", "number_list"})
#: Multipliers written after an amount or a count: 12k, 1.5m, 2bn.
MULTIPLIERS = {"k": 3, "m": 6, "bn": 9}
_NUMBER = re.compile(
    r"(?P<sign>[+\-\u2212]?)\s*(?P<currency>[£$€]?)\s*(?P<sign2>[+\-\u2212]?)"
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?P<exponent>[eE][+-]?\d{1,4})?"
    r"\s*(?P<suffix>k|m|bn|%)?",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"[+\-\u2212]?[£$€]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:k|m|bn)?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[;\s]+|,\s+")
MAX_TEXT = 200_000  # longer text is refused unread (a list of 10,000 observations fits)


def is_percent(spec: dict) -> bool:
    """Whether the form shows field ``spec`` in percent (its unit is a share).

    >>> is_percent({"unit": "share of full benefit"}), is_percent({"unit": "money"}), is_percent({})
    (True, False, False)
    """
    return str(spec.get("unit") or "").startswith("share")


def _is_money(spec: dict) -> bool:
    return str(spec.get("unit") or "").startswith("money")


def _takes_multiplier(spec: dict) -> bool:
    return str(spec.get("unit") or "").startswith(("money", "units"))


def _label(spec: dict) -> str:
    return str(spec.get("label") or spec["id"].replace("_", " ").capitalize())


def _hint(spec: dict) -> str:
    if is_percent(spec):
        return "type a percentage such as 10 or 10%"
    if _is_money(spec):
        return "type an amount such as 12000, 12,000 or 12k"
    return "type a number such as 1200 or 2.5"


class _Unreadable(ValueError):
    """Text that is not a number of the field; the message says why, for the visitor."""


def _shown(text: str) -> str:
    """The text typed, quoted in a message: whole up to 40 characters, else its start.

    >>> _shown("12x"), _shown("9" * 50)
    ('12x', '9999999999999999999999999999999999999…')
    """
    return text if len(text) <= 40 else text[:37] + "…"


def _bound(value: float, percent: bool) -> str:
    text = _plain(value * 100 if percent else value, percent)
    return f"{text}%" if percent else text


def _plain(value: float, percent: bool = False) -> str:
    if percent:
        value = round(value, 10)
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e16 else repr(float(value))


def parse_number(text: str, spec: dict) -> float | int:
    """One number typed in field ``spec``, in the API's units (a share as a fraction); raises
    :class:`ValueError` with a message for the visitor.

    >>> money = {"unit": "money"}
    >>> parse_number("12k", money), parse_number("£12,000", money), parse_number("1,200.50", money)
    (12000, 12000, 1200.5)
    >>> parse_number("10", {"unit": "share"}), parse_number("12.5 %", {"unit": "share"})
    (0.1, 0.125)
    >>> parse_number("2,5", {"unit": "metric unit"})
    Traceback (most recent call last):
    ...
    calculators.web.form_input._Unreadable: "2,5" is not a number: write decimals with a point, as in 2.5
    """
    found = _NUMBER.fullmatch(text.strip())
    if found is None:
        if re.fullmatch(r"[+\-]?\d+,\d+", text.strip()):
            raise _Unreadable(f'"{_shown(text)}" is not a number: write decimals with a point, as in {text.strip().replace(",", ".")}')
        raise _Unreadable(f'"{_shown(text)}" is not a number; {_hint(spec)}')
    suffix = (found["suffix"] or "").lower()
    if found["sign"] and found["sign2"]:
        raise _Unreadable(f'"{_shown(text)}" is not a number; {_hint(spec)}')
    if found["currency"] and not _is_money(spec):
        raise _Unreadable(f'"{_shown(text)}" is not an amount of money; type the number alone')
    if suffix == "%" and not is_percent(spec):
        raise _Unreadable(f'"{_shown(text)}" is not a percentage here; type the number alone')
    if suffix in MULTIPLIERS and not _takes_multiplier(spec):
        raise _Unreadable(f'"{_shown(text)}" is not a number; {_hint(spec)}')
    if found["exponent"] and suffix:
        raise _Unreadable(f'"{_shown(text)}" is not a number; {_hint(spec)}')
    exponent = int(found["exponent"][1:]) if found["exponent"] else 0
    exponent += MULTIPLIERS.get(suffix, 0) - (2 if is_percent(spec) else 0)
    negative = (found["sign"] or found["sign2"]) in ("-", "\u2212")
    # The decimal text with its exponent, read once: the float nearest to what was typed, exactly.
    value = float(f"{'-' if negative else ''}{found['digits'].replace(',', '')}e{exponent}")
    if not math.isfinite(value):
        raise _Unreadable(f'"{_shown(text)}" is too large')
    if value == 0:
        return 0
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _split(text: str, spec: dict) -> list[str]:
    """The items of a list typed in field ``spec`` (see the module's docstring).

    >>> _split("36,000, 42,000;48000", {"unit": "money"}), _split("50,90,100", {"unit": "share"})
    (['36,000', '42,000', '48000'], ['50', '90', '100'])
    """
    items = []
    for chunk in _SEPARATORS.split(text.strip()):
        if not chunk:
            continue
        if not is_percent(spec) and _GROUPED.fullmatch(chunk):
            items.append(chunk)
        else:
            items.extend(part for part in chunk.split(",") if part)
    return items


def _check_range(value: float, spec: dict, typed: str) -> str | None:
    """The message when ``value`` (read from ``typed``) is outside the field's range, else None."""
    if spec.get("kind") == "integer" and not float(value).is_integer():
        return f'must be a whole number; you typed "{_shown(typed)}"'
    low, high = spec.get("min"), spec.get("max")
    percent = is_percent(spec)
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            return f"must be between {_bound(low, percent)} and {_bound(high, percent)}; you typed \"{_shown(typed)}\""
        if low is not None:
            return f"must be at least {_bound(low, percent)}; you typed \"{_shown(typed)}\""
        return f"must be at most {_bound(high, percent)}; you typed \"{_shown(typed)}\""
    return None


def read_value(spec: dict, path: str, text: str) -> tuple[Any, list[dict]]:
    """The API value of the text typed in field ``spec`` at ``path``, and what was wrong with it."""
    label = _label(spec)
    if len(text) > MAX_TEXT:
        return None, [_error(path, f"{label}: too long to read ({len(text)} characters).")]
    listed = spec.get("kind") == "number_list" or spec.get("per_year")
    items = _split(text, spec) if listed else [text.strip()]
    if not items:
        return None, [_error(path, f'{label}: "{_shown(text)}" holds no number; {_hint(spec)}.')]
    values, errors = [], []
    for index, item in enumerate(items):
        where = f"{label}, item {index + 1}" if len(items) > 1 else label
        try:
            value = parse_number(item, spec)
        except _Unreadable as problem:
            errors.append(_error(path, f"{where}: {problem}."))
            continue
        wrong = _check_range(value, spec, item)
        if wrong:
            errors.append(_error(path, f"{where}: {wrong}."))
        values.append(value)
    if errors:
        return None, errors
    if spec.get("kind") == "integer":
        return int(values[0]), []
    if spec.get("kind") == "number_list":
        return values, []
    return (values[0] if len(values) == 1 else values), []


def _error(field: str, message: str) -> dict:
    """An error as the JSON API writes one (``{"field", "message"}``: the view reaches the core only
    through calculators.api, so not its FieldError)."""
    return {"field": field, "message": message}


def _typed_specs(schema: dict) -> list[tuple[str, list[dict]]]:
    """``(list id or "", field specs)`` of every typed number field of the schema."""
    groups = [("", schema.get("fields") or [])]
    groups += [(group["id"], group.get("fields") or []) for group in schema.get("lists") or []]
    return [(group, [s for s in specs if s.get("kind") in NUMBER_KINDS or s.get("per_year")]) for group, specs in groups]


def _locate(obj: Any, dotted: str) -> tuple[dict | None, str]:
    """The object holding key ``dotted`` (``control.baseline``: the ``control`` object) and the key."""
    *parents, key = dotted.split(".")
    for parent in parents:
        obj = obj.get(parent) if isinstance(obj, dict) else None
    return (obj if isinstance(obj, dict) else None), key


def _objects(payload: dict, group: str) -> list[tuple[str, dict]]:
    """``(path prefix, object)`` for the top level (``group`` "") or each row of list ``group``."""
    if not group:
        return [("", payload)]
    rows = payload.get(group)
    if not isinstance(rows, list):
        return []
    return [(f"{group}[{index}].", row) for index, row in enumerate(rows) if isinstance(row, dict)]


def read(schema: dict, payload: Any) -> tuple[Any, list[dict]]:
    """The API payload for the form's ``payload``, and an error for each text that is not a number
    of its field. A field with an error is left out of the payload returned (so the calculator
    reports nothing more about it); ``payload`` itself is not changed."""
    if not isinstance(payload, dict) or not isinstance(schema, dict):
        return payload, []
    specs = _typed_specs(schema)
    if not any(fields for _, fields in specs):
        return payload, []
    out = copy.deepcopy(payload)
    errors: list[dict] = []
    for group, fields in specs:
        for prefix, obj in _objects(out, group):
            for spec in fields:
                holder, key = _locate(obj, spec["id"])
                if holder is None or not isinstance(holder.get(key), str):
                    continue
                value, problems = read_value(spec, f"{prefix}{spec['id']}", holder[key])
                if problems:
                    errors += problems
                    del holder[key]
                else:
                    holder[key] = value
    return out, errors


def form_text(spec: dict, value: Any) -> Any:
    """The text the form shows for API ``value`` of field ``spec`` (a share in percent); a value
    that is not typed as a number (a choice, a tick box, a name) is returned as it is.

    >>> form_text({"kind": "number", "unit": "share"}, 0.1), form_text({"kind": "number_list", "unit": "share"}, [0.5, 0.9, 1])
    ('10', '50, 90, 100')
    >>> form_text({"kind": "number", "unit": "money", "per_year": True}, [36000, 42000.5]), form_text({"kind": "integer"}, 3)
    ('36000, 42000.5', '3')
    """
    if not (spec.get("kind") in NUMBER_KINDS or spec.get("per_year")) or value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, list):
        return ", ".join(str(form_text(spec, item)) for item in value)
    if not isinstance(value, (int, float)):
        return value
    if is_percent(spec):
        from decimal import Decimal  # the build and the tests write texts; the browser only reads them

        return format(Decimal(repr(float(value))).scaleb(2).normalize(), "f")
    return _plain(value)


def form_texts(schema: dict, payload: Any) -> Any:
    """What ``readPayload`` sends for a form drawn with the API ``payload``: each typed number as
    the text the form shows, and each empty field (``None`` or ``""``) left out, as the page leaves
    it out. :func:`read` of the result gives ``payload`` back."""
    if not isinstance(payload, dict) or not (schema.get("fields") or schema.get("lists")):
        return payload
    out = copy.deepcopy(payload)
    groups = [("", schema.get("fields") or [])] + [(g["id"], g.get("fields") or []) for g in schema.get("lists") or []]
    for group, fields in groups:
        for _, obj in _objects(out, group):
            for spec in fields:
                holder, key = _locate(obj, spec["id"])
                if holder is None or key not in holder:
                    continue
                if holder[key] is None or holder[key] == "" or holder[key] == []:
                    del holder[key]
                else:
                    holder[key] = form_text(spec, holder[key])
    return out
