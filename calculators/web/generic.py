"""The view of a calculator that has none of its own, from the outputs its schema declares.

Headline outputs come first, as tiles; the others follow as a list; each is written by its
kind (:mod:`calculators.outputs`), money in the visitor's currency. A calculator that declares
no outputs is shown as a list of every value in its result, labelled from the keys.

>>> outputs = [{"id": "cost", "label": "Cost of delay", "kind": "money", "headline": True, "note": ""}]
>>> booking({"cost": 1500.0}, "EUR", outputs)
{'cost': '€1,500', 'currency': 'EUR'}
>>> shown("percent", 0.25, "GBP"), shown("months", 3, "GBP"), shown("money", None, "GBP")
('25.0%', '3.0 months', '—')
"""

from __future__ import annotations

import re
from typing import Any, Callable

from .booking import BookingKey
from .formatting import CURRENCIES, MINUS, currency_of, grouped, money, months, percent, plain_number, value_at
from .markup import booking_note, field, h, summary_item, tile
from .site import Site


def leaves(value: Any, path: str = "", limit: int = 400) -> list[tuple[str, Any]]:
    """Flatten a JSON value into ``(path, scalar)`` pairs, lists of scalars kept whole.

    >>> leaves({"a": 1, "b": {"c": [1, 2]}, "d": [{"e": None}]})
    [('a', 1), ('b.c', [1, 2]), ('d[0].e', None)]
    """
    out: list[tuple[str, Any]] = []

    def walk(item: Any, at: str) -> None:
        if len(out) >= limit:
            return
        if isinstance(item, dict):
            for key, child in item.items():
                walk(child, f"{at}.{key}" if at else str(key))
        elif isinstance(item, list) and any(isinstance(child, (list, dict)) for child in item):
            for index, child in enumerate(item):
                walk(child, f"{at}[{index}]")
        else:
            out.append((at, item))

    walk(value, path)
    return out


def humanise(path: str) -> str:
    """A readable label for a result path.

    >>> humanise("pv_benefits"), humanise("years[0].net")
    ('Pv benefits', 'Years 1 › net')
    """
    words = []
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            words[-1] = f"{words[-1]} {int(part[1:-1]) + 1}"
        elif part:
            words.append(part.replace("_", " "))
    text = " › ".join(words)
    return text[:1].upper() + text[1:]


def shown(kind: str, value: Any, currency: str) -> str:
    """An output's value as people read it, by its kind."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return plain_number(value)
    if kind == "money":
        return money(value, currency)
    if kind == "percent":
        return percent(value)
    if kind == "months":
        return months(value)
    if kind == "count":
        return grouped(value)
    return plain_number(value)


def _declared(result: Any, outputs: list[dict]) -> list[tuple[dict, Any]]:
    """The declared outputs with their values; an output the result lacks is left out."""
    found = []
    for output in outputs:
        try:
            found.append((output, value_at(result, output["id"])))
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    return found


def html(result: Any, currency: str, site: Site, outputs: list[dict]) -> str:
    """Headline tiles, then the other outputs; every value of the result when none is declared."""
    if not isinstance(result, dict):
        result = {"result": result}
    declared = _declared(result, outputs)
    if not declared:
        items = "".join(
            f'<div class="calc-kv"><dt>{h(humanise(path))}</dt><dd>{field(path, value, h(plain_number(value)))}</dd></div>'
            for path, value in leaves(result)
        )
        return f'<dl class="calc-generic">{items}</dl>'
    headlines = [(o, v) for o, v in declared if o["headline"]]
    others = [(o, v) for o, v in declared if not o["headline"]]
    parts = []
    if headlines:
        parts.append('<div class="calc-tiles">' + "".join(
            tile(o["label"], o["id"], v, h(shown(o["kind"], v, currency)), h(o["note"])) for o, v in headlines
        ) + "</div>")
    if others:
        parts.append('<dl class="calc-generic">' + "".join(
            f'<div class="calc-kv"><dt>{h(o["label"])}</dt><dd>{field(o["id"], v, h(shown(o["kind"], v, currency)))}</dd></div>'
            for o, v in others
        ) + "</dl>")
    summary = [f"{h(o['label'].lower())} ({h(shown(o['kind'], v, currency))})" for o, v in headlines]
    if summary:
        parts.append(booking_note(site, "your " + " and ".join(summary)))
    return "".join(parts)


def csv_rows(result: Any, write: Callable[[list], None], outputs: list[dict]) -> None:
    """The declared outputs (id, label, value), then every value of the result by its path."""
    declared = _declared(result, outputs)
    if declared:
        write(["output", "label", "value"])
        for output, value in declared:
            write([output["id"], output["label"], value])
        write([])
    write(["field", "value"])
    for path, value in leaves(result if isinstance(result, dict) else {"result": result}):
        write([path, value])


#: A number as :func:`shown` writes it (a sign, a currency symbol, grouped digits, a unit), and
#: nothing else: what the booking page accepts for a generic calculator's headline output.
SHOWN_NUMBER = (
    f"[{MINUS}]?[{''.join(c.symbol for c in CURRENCIES.values())}]?[0-9][0-9,]{{0,24}}(\\.[0-9]{{1,4}})?"
    "(e[-+][0-9]{1,3})?(%| months?)?"
)


def booking(result: Any, currency: str, outputs: list[dict]) -> dict[str, str]:
    """What a booking from this result shares: each headline number as people read it, and the
    currency if one is money (a headline that is not a number, or is undefined, is left out)."""
    headlines = [
        (output, shown(output["kind"], value, currency)) for output, value in _declared(result, outputs)
        if output["headline"] and isinstance(value, (int, float)) and not isinstance(value, bool)
    ]
    query = {output["id"]: text for output, text in headlines if re.fullmatch(SHOWN_NUMBER, text)}
    if any(output["kind"] == "money" for output, _ in headlines):
        query["currency"] = currency_of(currency).code
    return query


def booking_keys(outputs: list[dict]) -> tuple[BookingKey, ...]:
    """The keys :func:`booking` writes, as the booking page states them: each headline by its label.

    >>> [(key.key, key.text) for key in booking_keys([{"id": "cost", "label": "Cost", "kind": "money", "headline": True}])]
    [('cost', 'Cost {}'), ('currency', '')]
    """
    headlines = [output for output in outputs if output["headline"]]
    keys = [BookingKey(output["id"], f"{output['label']} {{}}", pattern=SHOWN_NUMBER) for output in headlines]
    if any(output["kind"] == "money" for output in headlines):
        keys.append(BookingKey("currency", values={code: code for code in CURRENCIES}))
    return tuple(keys)


def summary(result: Any, currency: str, outputs: list[dict]) -> str:
    """The compact summary kept in view while typing: each headline output."""
    return "".join(
        summary_item(o["label"], o["id"], v, h(shown(o["kind"], v, currency)))
        for o, v in _declared(result, outputs) if o["headline"]
    )
