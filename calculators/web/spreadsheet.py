"""A calculator's workbook for an analyst: the parts any calculator's workbook shares, written with
XlsxWriter (pure Python, in memory).

Imported only when a visitor asks for a workbook (:func:`calculators.web.workbook`), never at a
page's start: the browser's worker fetches XlsxWriter then and puts it on ``sys.path``.

* :class:`Formats`: the cell formats (money to the cent, shares as percentages, headings).
* :func:`inputs_sheet`: every input of the payload, labelled from the calculator's schema, with its
  unit (``money`` becomes the currency's code) and whether it was entered or assumed; a list field
  gives one value per column. A top-level number field's cell is a workbook name (its id), so
  another sheet's formulas refer to ``discount_rate``, not to a cell address.

Visitor text goes in with ``write_string`` only, so nothing typed becomes a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter

#: The payload's value of a field the visitor left out: the schema's default applies.
MISSING = object()


@dataclass(frozen=True)
class Formats:
    """The workbook's cell formats."""

    title: Any
    heading: Any
    bold: Any
    money: Any
    money_bold: Any
    share: Any
    factor: Any
    number: Any
    note: Any
    wrap: Any

    @classmethod
    def of(cls, book: xlsxwriter.Workbook) -> Formats:
        money = "#,##0.00;-#,##0.00"
        return cls(
            title=book.add_format({"bold": True, "font_size": 14}),
            heading=book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom"}),
            bold=book.add_format({"bold": True}),
            money=book.add_format({"num_format": money}),
            money_bold=book.add_format({"num_format": money, "bold": True, "top": 1}),
            share=book.add_format({"num_format": "0.00%"}),
            factor=book.add_format({"num_format": "0.000000"}),
            number=book.add_format({"num_format": "General"}),
            note=book.add_format({"italic": True, "font_color": "#555555"}),
            wrap=book.add_format({"text_wrap": True, "valign": "top"}),
        )


def new_workbook(title: str) -> tuple[xlsxwriter.Workbook, io.BytesIO, Formats]:
    """An empty workbook written to memory, its buffer and its formats."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    book.set_properties({"title": title})
    book.set_calc_mode("auto")
    return book, buffer, Formats.of(book)


def value_in(row: Any, field_id: str) -> Any:
    """The value of ``field_id`` in a payload object (a dotted id is a key in a nested object).

    >>> value_in({"control": {"baseline": 3}}, "control.baseline"), value_in({}, "a") is MISSING
    (3, True)
    """
    for key in field_id.split("."):
        if not isinstance(row, dict) or key not in row:
            return MISSING
        row = row[key]
    return row


def unit_text(unit: str | None, currency: str, metric_unit: str = "") -> str:
    """A schema unit for an analyst: money in the currency, a metric's unit by its name.

    >>> unit_text("money per year", "EUR"), unit_text("money per metric unit", "GBP", "minutes")
    ('EUR per year', 'GBP per minutes')
    >>> unit_text("metric unit", "GBP", "money"), unit_text(None, "GBP")
    ('GBP', '')
    """
    if not unit:
        return ""
    named = metric_unit or "metric unit"
    if named == "money":
        named = currency
    return unit.replace("metric unit", named).replace("money", currency)


def is_share(unit: str | None) -> bool:
    """Whether a unit is a share (shown as a percentage)."""
    return bool(unit) and unit.startswith("share")


def is_money(unit: str | None) -> bool:
    return bool(unit) and unit.startswith("money")


class InputsSheet:
    """The inputs sheet as it is written: a row at a time, from row ``row``."""

    def __init__(self, book: xlsxwriter.Workbook, formats: Formats, currency: str, name: str = "Inputs") -> None:
        self.book, self.formats, self.currency, self.name = book, formats, currency, name
        self.sheet = book.add_worksheet(name)
        self.sheet.set_column(0, 0, 46)
        self.sheet.set_column(1, 1, 22)
        self.sheet.set_column(2, 40, 14)
        self.row = 0

    def text(self, column: int, text: str, cell_format: Any = None) -> None:
        self.sheet.write_string(self.row, column, text, cell_format)

    def cell(self, column: int, value: Any, unit: str | None) -> None:
        """One value: a number in its unit's format, a yes/no, or text (never a formula)."""
        if isinstance(value, bool):
            self.sheet.write_string(self.row, column, "yes" if value else "no")
        elif isinstance(value, (int, float)):
            cell_format = self.formats.share if is_share(unit) else self.formats.money if is_money(unit) else None
            self.sheet.write_number(self.row, column, value, cell_format)
        elif value is None:
            self.sheet.write_string(self.row, column, "")
        else:
            self.sheet.write_string(self.row, column, str(value))

    def line(self, label: str, unit: str | None, values: list, note: str = "", metric_unit: str = "") -> None:
        """A row: the label, the unit (the schema's, as :func:`unit_text` shows it), the values, a note."""
        self.text(0, label)
        self.text(1, unit_text(unit, self.currency, metric_unit))
        for offset, value in enumerate(values):
            self.cell(2 + offset, value, unit)
        if note:
            self.text(2 + max(len(values), 1), note, self.formats.note)
        self.row += 1

    def field(self, spec: dict, value: Any, metric_unit: str = "", label: str | None = None) -> int:
        """The row of one field's value (``MISSING``: the schema's default, said so); returns its row."""
        note = ""
        if value is MISSING:
            value = spec.get("default")
            note = "assumed: the calculator's default" if value is not None else "not entered"
        if spec.get("options") and not isinstance(value, list):
            labels = {option["value"]: option["label"] for option in spec["options"]}
            value = f"{labels[value]} ({value})" if value in labels else value
        values = value if isinstance(value, list) else [] if value is None else [value]
        if isinstance(value, list) and spec.get("length"):
            note = note or "one value per year, from year 1"
        row = self.row
        self.line(label or spec["label"], spec.get("unit"), values, note, metric_unit)
        return row

    def blank(self) -> None:
        self.row += 1


def inputs_sheet(book: xlsxwriter.Workbook, formats: Formats, schema: dict, payload: dict, currency: str,
                 warnings: list[dict] = ()) -> InputsSheet:
    """The sheet of every input of ``payload``, labelled from ``schema``, with units and the currency.

    Top-level fields first (each number field's value cell named by its id, for formulas
    elsewhere), then each list's rows, then the method's constants and the result's warnings.
    """
    sheet = InputsSheet(book, formats, currency)
    sheet.text(0, f"{schema.get('title', schema.get('calculator', ''))}: inputs and assumptions", formats.title)
    sheet.row += 1
    sheet.text(0, "Currency of every amount", formats.bold)
    sheet.text(1, currency)
    sheet.row += 2
    for column, heading in enumerate(("Input", "Unit", "Value (a list: one value per column)")):
        sheet.text(column, heading, formats.heading)
    sheet.row += 1
    for spec in schema.get("fields", []):
        row = sheet.field(spec, value_in(payload, spec["id"]))
        value = value_in(payload, spec["id"])
        if spec.get("kind") in ("number", "integer") and not isinstance(value, list):
            book.define_name(spec["id"], f"='{sheet.name}'!$C${row + 1}")
    for group in schema.get("lists", []):
        rows = payload.get(group["id"]) or []
        sheet.blank()
        sheet.text(0, f"{group['label']} ({len(rows)})", formats.heading)
        sheet.row += 1
        for index, item in enumerate(rows):
            name = item.get("name") if isinstance(item, dict) else None
            title = f"{group.get('item_label', group['label'])} {index + 1}" + (f": {name}" if name else "")
            sheet.text(0, title, formats.bold)
            sheet.row += 1
            metric_unit = item.get("unit", "") if isinstance(item, dict) else ""
            for spec in group["fields"]:
                value = value_in(item, spec["id"])
                if value is MISSING:
                    continue
                sheet.field(spec, value, metric_unit, label=f"  {spec['label']}")
    constants = schema.get("constants") or {}
    if constants:
        sheet.blank()
        sheet.text(0, "Constants of the method", formats.heading)
        sheet.row += 1
        for key, constant in constants.items():
            sheet.line(key.replace("_", " ").capitalize(), constant.get("unit"), [constant["value"]])
    if warnings:
        sheet.blank()
        sheet.text(0, "Read before relying on the figures", formats.heading)
        sheet.row += 1
        for warning in warnings:
            sheet.sheet.merge_range(sheet.row, 0, sheet.row, 6, "", formats.wrap)
            sheet.sheet.write_string(sheet.row, 0, warning["message"], formats.wrap)
            sheet.sheet.set_row(sheet.row, 30)
            sheet.row += 1
    return sheet


def finish(book: xlsxwriter.Workbook, buffer: io.BytesIO) -> bytes:
    """The workbook's bytes."""
    book.close()
    return buffer.getvalue()
