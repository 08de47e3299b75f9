"""The ROI calculator's workbook (.xlsx) for an analyst to hand to finance: three sheets.

* **Inputs**: every input of the payload, labelled from the schema, with units and the currency
  (:func:`calculators.web.spreadsheet.inputs_sheet`), and the warnings of the result.
* **Cash flows**: year, benefits, costs and net cash flow as the calculator computed them
  (values), then live formulas: each year's discount factor from the Inputs sheet's
  ``discount_rate`` under the result's convention (end of year: :math:`(1 + r)^{-t}`; mid-year:
  :math:`(1 + r)^{-(t - 1/2)}` for :math:`t \\ge 1`, year 0 undiscounted, as
  :func:`calculators.cash_flow.discount_factor`), the present values, the cumulative net cash
  flow, NPV, ROI and IRR. The mid-year IRR is the IRR of the half-year series (year 0's flow,
  then year t's in half-year period 2t − 1, nothing between), compounded to a year:
  :math:`(1 + h)^2 - 1`, which solves the very equation of
  :func:`calculators.cash_flow.internal_rate_of_return`. Each formula's cached value is the
  calculator's figure, so a viewer that does not recalculate shows it too. Then each input row's
  yearly amounts (values).
* **Sensitivity**: every driver of the tornado, its value as entered (a cost or benefit row's
  amount as typed, not its total over the horizon) and tried 20% lower and higher, and the NPV
  at each (values).

Imported only for a workbook (:func:`calculators.web.roi.workbook`): it imports XlsxWriter.
"""

from __future__ import annotations

import math
import re
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from .. import api
from .roi import DISCOUNTING_TEXT, UNDEFINED, _timing_caption
from .roi_export import LINE_KINDS, TOTAL_LINES, line_name
from .spreadsheet import MISSING, Formats, finish, inputs_sheet, is_money, is_share, new_workbook, unit_text, value_in

#: The result's ``discounting`` for the mid-year convention.
MID_YEAR = "mid_year"
CASH_FLOWS = "Cash flows"
SENSITIVITY = "Sensitivity"
#: The cash-flow table's columns, left to right.
COLUMNS = ("Year", "Benefits", "Costs", "Net cash flow", "Discount factor", "PV of benefits", "PV of costs",
           "PV of net cash flow", "Cumulative net cash flow")
#: The first row of the year table (0-based; a header above it).
FIRST_YEAR_ROW = 4


def cached_factor(rate: float, year: int, mid_year: bool) -> float:
    """What the sheet's discount-factor formula gives, stored as its cached value for a viewer that
    does not recalculate (the tests have a spreadsheet engine check the formula against the core).

    >>> cached_factor(0.1, 2, False), round(cached_factor(0.1, 2, True), 9), cached_factor(0.1, 0, True)
    (0.8264462809917354, 0.866784172, 1.0)
    """
    return 1.0 / (1.0 + rate) ** (max(year - 0.5, 0) if mid_year else year)


def cell(row: int, column: int, absolute: bool = False) -> str:
    return xl_rowcol_to_cell(row, column, row_abs=absolute, col_abs=absolute)


def _cash_flows(book: Any, formats: Formats, result: dict, currency: str, rate: float) -> None:
    sheet = book.add_worksheet(CASH_FLOWS)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 8, 16)
    sheet.set_column(10, 11, 14)
    years = result["years"]
    mid_year = result["discounting"] == MID_YEAR
    sheet.write_string(0, 0, f"Cash flows by year, in {currency} ({DISCOUNTING_TEXT[result['discounting']]})", formats.title)
    sheet.write_string(1, 0, _timing_caption(result["discounting"]) + " Benefits are risk-adjusted and attributed; "
                       "costs include the cost risk adjustment. The discount rate is the Inputs sheet's.", formats.note)
    header = FIRST_YEAR_ROW - 1
    for column, title in enumerate(COLUMNS):
        sheet.write_string(header, column, title + (f" ({currency})" if 0 < column != 4 else ""), formats.heading)
    sheet.set_row(header, 32)
    first, last = FIRST_YEAR_ROW, FIRST_YEAR_ROW + len(years) - 1
    for offset, y in enumerate(years):
        row = first + offset
        year = cell(row, 0)
        sheet.write_number(row, 0, y["year"])
        for column, key in ((1, "benefits"), (2, "costs"), (3, "net")):
            sheet.write_number(row, column, y[key], formats.money)
        exponent = f"MAX({year}-0.5,0)" if mid_year else year
        factor = cached_factor(rate, y["year"], mid_year)
        sheet.write_formula(row, 4, f"=1/(1+discount_rate)^{exponent}", formats.factor, factor)
        for column, key in ((5, "benefits"), (6, "costs"), (7, "net")):
            cached = y["discounted_net"] if key == "net" else y[key] * factor
            sheet.write_formula(row, column, f"={cell(row, column - 4)}*{cell(row, 4)}", formats.money, cached)
        cumulative = f"={cell(row, 3)}" if offset == 0 else f"={cell(row - 1, 8)}+{cell(row, 3)}"
        sheet.write_formula(row, 8, cumulative, formats.money, y["cumulative"])
    total = last + 1
    sheet.write_string(total, 0, "Total", formats.bold)
    totals = {1: math.fsum(y["benefits"] for y in years), 2: math.fsum(y["costs"] for y in years),
              3: math.fsum(y["net"] for y in years), 5: result["pv_benefits"], 6: result["pv_costs"], 7: result["npv"]}
    for column, cached in totals.items():
        sheet.write_formula(total, column, f"=SUM({cell(first, column)}:{cell(last, column)})", formats.money_bold, cached)
    net_range = f"{cell(first, 3, True)}:{cell(last, 3, True)}"
    if mid_year:
        # Half-year periods: year 0's flow in period 0, year t's in period 2t - 1, nothing between.
        sheet.write_string(header, 10, "Half-year period (for the mid-year IRR)", formats.heading)
        sheet.write_string(header, 11, f"Net cash flow ({currency})", formats.heading)
        periods = max(2 * (len(years) - 1), 1)
        for period in range(periods):
            row = first + period
            sheet.write_number(row, 10, period)
            if period == 0 or period % 2 == 1:
                source = (period + 1) // 2
                sheet.write_formula(row, 11, f"={cell(first + source, 3)}", formats.money, years[source]["net"])
            else:
                sheet.write_number(row, 11, 0, formats.money)
        irr_formula = f"=(1+IRR({cell(first, 11, True)}:{cell(first + periods - 1, 11, True)}))^2-1"
    else:
        irr_formula = f"=IRR({net_range})"

    row = total + 2
    sheet.write_string(row, 0, "Figures (live formulas)", formats.heading)
    sheet.write_string(row, 1, "Value", formats.heading)
    sheet.write_string(row, 2, "How", formats.heading)
    undefined = result["undefined"]
    pv_benefits, pv_costs = cell(total, 5, True), cell(total, 6, True)
    figures = [
        ("Discount rate", "=discount_rate", formats.share, "the Inputs sheet's", rate),
        ("Net present value (NPV)", f"=SUM({cell(first, 7, True)}:{cell(last, 7, True)})", formats.money,
         "sum of the present values of the net cash flows", result["npv"]),
        ("PV of benefits", f"={pv_benefits}", formats.money, "", result["pv_benefits"]),
        ("PV of costs", f"={pv_costs}", formats.money, "", result["pv_costs"]),
        ("Return on investment (ROI)",
         None if "roi" in undefined else f"=({pv_benefits}-{pv_costs})/{pv_costs}", formats.share,
         undefined.get("roi", "(PV of benefits − PV of costs) / PV of costs"), result["roi"]),
        ("Internal rate of return (IRR)", None if result["irr"] is None else irr_formula, formats.share,
         ("the IRR of the half-year series in columns K and L, compounded to a year" if mid_year
          else "the rate at which the NPV of the net cash flows is zero"), result["irr"]),
    ]
    names = {"Net present value (NPV)": "npv", "Return on investment (ROI)": "roi", "Internal rate of return (IRR)": "irr"}
    for label, formula, cell_format, how, value in figures:
        row += 1
        sheet.write_string(row, 0, label, formats.bold)
        if formula is None:
            sheet.write_string(row, 1, UNDEFINED)
            how = how or next((w["message"] for w in result["warnings"] if w["field"] == names.get(label)), "")
        else:
            sheet.write_formula(row, 1, formula, cell_format, "" if value is None else value)
        if label in names:
            book.define_name(f"result_{names[label]}", f"='{CASH_FLOWS}'!{cell(row, 1, True)}")
        sheet.write_string(row, 2, how, formats.note)
    paybacks = (
        ("payback_months", "Payback (months, interpolated)", "0.0",
         "the calculator's figure: undiscounted, each year's cash accruing evenly through it"),
        ("payback_months_tei", "Payback (whole months, TEI)", "0",
         "the first whole month by whose end the cumulative cash breaks even, as TEI studies state it"),
    )
    for key, label, number_format, how in paybacks:
        row += 1
        sheet.write_string(row, 0, label, formats.bold)
        if result[key] is None:
            sheet.write_string(row, 1, UNDEFINED if key in undefined else "Not within the horizon")
        else:
            sheet.write_number(row, 1, result[key], book.add_format({"num_format": number_format}))
        book.define_name(f"result_{key}", f"='{CASH_FLOWS}'!{cell(row, 1, True)}")
        sheet.write_string(row, 2, how, formats.note)

    row += 2
    sheet.write_string(row, 0, f"By input row ({currency}, risk-adjusted; values)", formats.heading)
    sheet.write_string(row, 1, "Kind", formats.heading)
    for offset, y in enumerate(years):
        sheet.write_string(row, 2 + offset, "Initial (year 0)" if y["year"] == 0 else f"Year {y['year']}", formats.heading)
    for line in result["lines"]:
        row += 1
        sheet.write_string(row, 0, line_name(line))
        sheet.write_string(row, 1, LINE_KINDS[line["group"]])
        for offset, amount in enumerate(line["amounts"]):
            sheet.write_number(row, 2 + offset, amount, formats.money)
    for key, name, kind in TOTAL_LINES:
        row += 1
        sheet.write_string(row, 0, name, formats.bold)
        sheet.write_string(row, 1, kind)
        for offset, y in enumerate(years):
            sheet.write_number(row, 2 + offset, y[key], formats.money)
    sheet.freeze_panes(FIRST_YEAR_ROW, 1)


_LINE_FIELD = re.compile(r"(?P<group>[a-z_]+)\[(?P<index>[0-9]+)\]\.(?P<field>.+)")


def _field_spec(schema: dict, path: str) -> tuple[dict | None, dict]:
    """The schema's field of a sensitivity driver's path, and the payload row it is in (``{}``: top level)."""
    found = _LINE_FIELD.fullmatch(path)
    if found is None:
        return next((spec for spec in schema["fields"] if spec["id"] == path), None), {}
    group = next((g for g in schema["lists"] if g["id"] == found["group"]), None)
    spec = None if group is None else next((s for s in group["fields"] if s["id"] == found["field"]), None)
    return spec, {"group": found["group"], "index": int(found["index"]), "field": found["field"]}


def _sensitivity(book: Any, formats: Formats, schema: dict, payload: dict, result: dict, currency: str) -> None:
    sheet = book.add_worksheet(SENSITIVITY)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 7, 16)
    step = schema.get("constants", {}).get("sensitivity_step", {}).get("value", 0.2)
    sheet.write_string(0, 0, f"What moves the NPV: each input {step:.0%} lower and higher, one at a time", formats.title)
    sheet.write_string(1, 0, f"Amounts in {currency}. The NPVs are the calculator's (values); a cost or benefit row "
                       "moves all its years together, so its value is its amount as entered.", formats.note)
    headings = ("Input", "Unit", "As entered", f"{step:.0%} lower", f"{step:.0%} higher",
                f"NPV, input {step:.0%} lower", f"NPV, input {step:.0%} higher", "Swing")
    for column, heading in enumerate(headings):
        sheet.write_string(3, column, heading, formats.heading)
    sheet.set_row(3, 32)
    for offset, r in enumerate(result["sensitivity"]):
        row = 4 + offset
        spec, where = _field_spec(schema, r["field"])
        unit = spec.get("unit") if spec else None
        item = payload.get(where["group"], [])[where["index"]] if where else payload
        metric_unit = item.get("unit", "") if where and isinstance(item, dict) else ""
        values: list[Any] = [r["value"], r["value_down"], r["value_up"]]
        entered = value_in(item, where["field"]) if where else MISSING
        if where and where["field"] == "amount" and entered is not MISSING:
            # A row's amount as typed (one amount, or one a year), not its total over the horizon.
            factors = (1.0, r["value_down"] / r["value"] if r["value"] else 1.0, r["value_up"] / r["value"] if r["value"] else 1.0)
            if isinstance(entered, list):
                values = [" / ".join(f"{amount * f:,.2f}" for amount in entered) for f in factors]
            else:
                values = [entered * f for f in factors]
        sheet.write_string(row, 0, r["label"])
        sheet.write_string(row, 1, unit_text(unit, currency, metric_unit))
        value_format = formats.share if is_share(unit) else formats.money if is_money(unit) else None
        for column, value in enumerate(values, start=2):
            if isinstance(value, str):
                sheet.write_string(row, column, value)
            else:
                sheet.write_number(row, column, value, value_format)
        for column, key in ((5, "npv_down"), (6, "npv_up"), (7, "swing")):
            sheet.write_number(row, column, r[key], formats.money)
    sheet.freeze_panes(4, 1)


def write(payload: dict, result: dict, currency: str) -> bytes:
    """The workbook of ``payload`` and its ``result`` (:func:`calculators.roi.run`), amounts in ``currency``."""
    schema = api.schema("roi")
    book, buffer, formats = new_workbook(f"{schema['title']}: workbook")
    inputs_sheet(book, formats, schema, payload, currency, result["warnings"])
    rate = payload.get("discount_rate") if isinstance(payload.get("discount_rate"), (int, float)) else None
    rate = float(next(spec["default"] for spec in schema["fields"] if spec["id"] == "discount_rate") if rate is None else rate)
    _cash_flows(book, formats, result, currency, rate)
    _sensitivity(book, formats, schema, payload, result, currency)
    return finish(book, buffer)
