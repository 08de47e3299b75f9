"""How the view writes numbers: the machine format of ``data-value`` and the human formats people read.

Currency is presentation only: the numbers are the same whatever the visitor chooses; only the
symbol changes (:data:`CURRENCIES`). The site's default currency is the plugin's ``currency``
option; an unknown or hostile code falls back to the first currency listed here.

>>> print(format_value(0.1 + 0.2), format_value(None), format_value(True), format_value([1, 2.5]))
0.30000000000000004 null true [1,2.5]
>>> money(-1234567.4, "GBP"), percent(1.234), months(14.26)
('−£1,234,567', '123.4%', '14.3 months')
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

MINUS = "\u2212"

@dataclass(frozen=True)
class Currency:
    """A currency the visitor can choose for display: ISO code, symbol and name."""

    code: str
    symbol: str
    name: str


CURRENCIES: dict[str, Currency] = {
    "GBP": Currency("GBP", "£", "Pound sterling"),
    "EUR": Currency("EUR", "€", "Euro"),
    "USD": Currency("USD", "$", "US dollar"),
}
#: The fallback for a code that is not in :data:`CURRENCIES` (and the default of the functions below).
DEFAULT_CURRENCY = next(iter(CURRENCIES))


def currency_of(code: object) -> Currency:
    """The currency with ISO ``code``; anything unknown (or hostile) falls back to pounds.

    >>> currency_of("EUR").symbol, currency_of("<script>").code
    ('€', 'GBP')
    """
    return CURRENCIES.get(code, CURRENCIES[DEFAULT_CURRENCY]) if isinstance(code, str) else CURRENCIES[DEFAULT_CURRENCY]


# --- Machine values ------------------------------------------------------------------------------


def format_value(value: Any) -> str:
    """The ``data-value`` string of a result value: the one machine format of the site.

    JSON spelling for everything (``null``, ``true``, ``1``, ``0.1``,
    ``[1,2]``), except that text is given as is. Floats use Python's shortest
    round-trip form, so CPython and Pyodide write the same string, and
    ``Number(dataValue)`` in the browser reads back the exact float.

    >>> [format_value(v) for v in (62.4, 3, -0.5, 1e21, "stuck_in_pilot", {"b": 1, "a": None})]
    ['62.4', '3', '-0.5', '1e+21', 'stuck_in_pilot', '{"a":null,"b":1}']
    """
    if isinstance(value, str):
        return value
    # The common cases without json.dumps (this runs for every value on every recompute): JSON
    # writes an int as str() does and a finite float as repr() does. bool is not int here.
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value, separators=(",", ":"), sort_keys=True, allow_nan=False)


def value_at(result: Any, path: str) -> Any:
    """The value at JSON path ``path`` (``years[2].net``) inside ``result``; KeyError if absent.

    >>> value_at({"years": [{"net": 1.5}, {"net": -2.0}]}, "years[1].net")
    -2.0
    """
    current = result
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("["):
            current = current[int(part[1:-1])]
        else:
            current = current[part]
    return current


# --- Human values --------------------------------------------------------------------------------


def grouped(value: float, decimals: int = 0) -> str:
    """``value`` with thousands separators and a real minus sign.

    >>> grouped(-1234.5), grouped(0.004, 2), grouped(-0.2)
    ('−1,234', '0.00', '0')
    """
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and any(c not in "0.," for c in text)
    return (MINUS if negative else "") + text


def money(amount: float, currency: object = DEFAULT_CURRENCY, decimals: int = 0) -> str:
    """An amount with its currency symbol, whole units by default.

    >>> money(1500, "EUR"), money(-20.5, "USD", 2)
    ('€1,500', '−$20.50')
    """
    text = grouped(amount, decimals)
    sign = MINUS if text.startswith(MINUS) else ""
    return f"{sign}{currency_of(currency).symbol}{text.removeprefix(MINUS)}"


def money_compact(amount: float, currency: object = DEFAULT_CURRENCY) -> str:
    """A short amount for chart axes: ``£250k``, ``−€1.2m``, ``$3bn``.

    >>> money_compact(250000), money_compact(-1_250_000, "EUR"), money_compact(0), money_compact(999)
    ('£250k', '−€1.25m', '£0', '£999')
    """
    size = abs(amount)
    for threshold, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if size >= threshold:
            number = f"{size / threshold:.2f}".rstrip("0").rstrip(".")
            break
    else:
        number, suffix = f"{size:.0f}", ""
    sign = MINUS if amount < 0 and number != "0" else ""
    return f"{sign}{currency_of(currency).symbol}{number}{suffix}"


def percent(ratio: float, decimals: int = 1) -> str:
    """A ratio as a percentage.

    >>> percent(0.1), percent(-0.5, 0), percent(12.3456)
    ('10.0%', '−50%', '1,234.6%')
    """
    return grouped(100 * ratio, decimals) + "%"


def months(value: float) -> str:
    """A duration in months, one decimal.

    >>> months(0), months(1), months(30.04)
    ('0 months', '1 month', '30.0 months')
    """
    if value == 0:
        return "0 months"
    if value == 1:
        return "1 month"
    return f"{grouped(value, 1)} months"


def plain_number(value: Any) -> str:
    """A generic value for people: numbers grouped and rounded to what a reader needs.

    >>> plain_number(1234567.891), plain_number(0.012345), plain_number(7), plain_number(None)
    ('1,234,567.89', '0.0123', '7', '—')
    >>> plain_number(48000.0), plain_number(11.6), plain_number(-2.5)
    ('48,000', '11.6', '−2.5')
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return grouped(value)
    if isinstance(value, float):
        if value != 0 and abs(value) < 1:
            return (MINUS if value < 0 else "") + f"{abs(value):.3g}"
        return grouped(value, 2).rstrip("0").rstrip(".")
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return ", ".join(plain_number(v) for v in value) or "none"
    return str(value)

