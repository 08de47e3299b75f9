"""The ROI result for a spreadsheet: the CSV as one tidy table, and the workbook (.xlsx).

The tidy table has a row per yearly amount of each cost row, each benefit row and the totals
(:func:`tidy_rows`); the workbook (:mod:`calculators.web.roi_workbook`) adds the inputs, the
cash flows with live formulas and the sensitivity table. Both are re-exported by
:mod:`calculators.web.roi`, the view.
"""

from __future__ import annotations

from typing import Callable

from .formatting import currency_of

#: What each kind of input row is called in the CSV and the workbook, by its list in the payload.
LINE_KINDS = {
    "one_off_costs": "one-off cost",
    "annual_costs": "yearly cost",
    "metrics": "measured benefit",
    "stated_benefits": "stated benefit",
}
#: The unnamed row's name, by its list (as the form numbers them).
UNNAMED_LINES = {
    "one_off_costs": "One-off cost",
    "annual_costs": "Yearly cost",
    "metrics": "Metric",
    "stated_benefits": "Stated benefit",
}
#: The yearly totals, after the rows: (key in ``years``, line, kind).
TOTAL_LINES = (("benefits", "Total benefits", "total"), ("costs", "Total costs", "total"),
               ("net", "Net cash flow", "total"))


def line_name(line: dict) -> str:
    """A row's name, or its list's word and number when it has none.

    >>> line_name({"group": "annual_costs", "index": 1, "name": ""}), line_name({"group": "metrics", "index": 0, "name": "Time"})
    ('Yearly cost 2', 'Time')
    """
    return line["name"] or f"{UNNAMED_LINES[line['group']]} {line['index'] + 1}"


def cents(amount: float) -> str:
    """An amount rounded to the cent, as a spreadsheet reads a number (no grouping, no symbol, no −0).

    >>> cents(-11846.824918814576), cents(120000.0), cents(-0.001), cents(0.125)
    ('-11846.82', '120000.00', '0.00', '0.12')
    """
    text = f"{amount:.2f}"
    return "0.00" if text == "-0.00" else text


def tidy_rows(result: dict) -> list[tuple[int, str, str, float]]:
    """The yearly amounts as one tidy table: ``(year, line, kind, amount)`` for each year 0..N of
    each cost row, each benefit row (risk-adjusted, as in the totals), then the totals."""
    rows = []
    for line in result["lines"]:
        name, kind = line_name(line), LINE_KINDS[line["group"]]
        rows += [(year, name, kind, amount) for year, amount in enumerate(line["amounts"])]
    for key, name, kind in TOTAL_LINES:
        rows += [(y["year"], name, kind, y[key]) for y in result["years"]]
    return rows


def csv_rows(result: dict, write: Callable[[list], None], currency: str) -> None:
    """The result as one tidy table for a spreadsheet: a row per yearly amount of each cost row,
    each benefit row and the totals (benefits, costs, net cash flow), to the cent, in ``currency``.
    Costs are positive amounts; the net is benefits less costs. The figures, the inputs and the
    sensitivity table are in the workbook (:func:`workbook`)."""
    code = currency_of(currency).code
    write(["year", "line", "kind", "amount", "currency"])
    for year, name, kind, amount in tidy_rows(result):
        write([year, name, kind, cents(amount), code])


def workbook(payload: dict, result: dict, currency: str) -> bytes:
    """The workbook (.xlsx) of ``payload`` and its result: inputs, cash flows with live formulas,
    sensitivity (:mod:`calculators.web.roi_workbook`, imported here: it imports XlsxWriter)."""
    from .roi_workbook import write

    return write(payload, result, currency)
