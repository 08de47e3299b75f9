"""What a calculator's result looks like: HTML, CSV and the booking query, from the result alone.

The site build (MkDocs, under CPython) and the visitor's browser (Pyodide, in
a Web Worker) both call :func:`render`, so the result a visitor sees before and
after the page turns live is the same markup for the same input, and the
page's JavaScript does no arithmetic and no formatting. Everything here is
pure: a result in, a string out; no I/O.

The DOM contract for results:

* every value a visitor reads is an element with ``data-field`` and
  ``data-value``;
* ``data-field`` is the JSON path of the value inside the result
  (``npv``, ``stage.id``, ``years[2].net``, ``dimensions[4].score``), so
  :func:`value_at` finds it again;
* ``data-value`` is ``format_value(value_at(result, data-field))``, always,
  and :func:`format_value` is the only function that writes it.

Currency is presentation only: the numbers are the same whatever the visitor
chooses; only the symbol changes (:data:`CURRENCIES`).

A calculator this module has no special view for (a third one, registered with
:func:`calculators.api.register`) is shown as a list of its result values, so
adding a calculator needs no template or JavaScript change.

>>> print(format_value(0.1 + 0.2), format_value(None), format_value(True), format_value([1, 2.5]))
0.30000000000000004 null true [1,2.5]
>>> money(-1234567.4, "GBP"), percent(1.234), months(14.26)
('−£1,234,567', '123.4%', '14.3 months')
"""

from __future__ import annotations

import csv as csv_module
import io
import json
import math
from dataclasses import dataclass
from typing import Any, Callable

from . import api, charts
from .markup import escape
from .questionnaire import QUESTIONNAIRE

MINUS = "\u2212"
#: Where "Book a diagnostic about these results" points; the query comes from :func:`booking_query`.
BOOKING_PATH = "/book-a-diagnostic/"


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
DEFAULT_CURRENCY = "GBP"


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


def field(path: str, value: Any, shown: str, *, tag: str = "span", cls: str = "") -> str:
    """One displayed result value carrying its ``data-field`` and ``data-value``.

    ``shown`` is already-escaped HTML.

    >>> field("npv", 12.5, "£13")
    '<span data-field="npv" data-value="12.5">£13</span>'
    """
    klass = f' class="{cls}"' if cls else ""
    return f'<{tag}{klass} data-field="{escape(path)}" data-value="{escape(format_value(value))}">{shown}</{tag}>'


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


def h(value: Any) -> str:
    """Escape anything for HTML text or attributes."""
    return escape(str(value))


# --- Shared pieces -------------------------------------------------------------------------------


def tile(label: str, path: str, value: Any, shown: str, note: str = "", tone: str = "") -> str:
    """A headline figure: label, big value (a result field), optional note."""
    cls = "calc-tile" + (f" calc-tile--{tone}" if tone else "")
    note_html = f'<span class="calc-tile-note">{note}</span>' if note else ""
    return (
        f'<div class="{cls}"><span class="calc-tile-label">{h(label)}</span>'
        f"{field(path, value, shown, cls='calc-tile-value')}{note_html}</div>"
    )


def notice(kind: str, title: str, body_html: str) -> str:
    """A boxed message in the result: ``kind`` is ``warning``, ``gate`` or ``info``."""
    return (
        f'<div class="calc-notice calc-notice--{kind}"><p class="calc-notice-title">{h(title)}</p>{body_html}</div>'
    )


def table(caption: str, head: list[str], rows: list[list[str]], *, cls: str = "", numeric_from: int = 1) -> str:
    """A data table; cells are escaped HTML already; columns from ``numeric_from`` are right-aligned.

    The first cell of each row is its header. Each data cell carries its column's name in
    ``data-label``, so a narrow screen can show the table as one card per row.

    >>> table("Cap", ["Year", "Net"], [["Year 1", "£5"]])
    '<div class="calc-table-wrap"><table class="calc-table"><caption>Cap</caption><thead><tr><th scope="col">Year</th><th class="num" scope="col">Net</th></tr></thead><tbody><tr><th scope="row">Year 1</th><td class="num" data-label="Net">£5</td></tr></tbody></table></div>'
    """
    def cells(row: list[str], tag: str) -> str:
        out = []
        for index, cell in enumerate(row):
            klass = ' class="num"' if index >= numeric_from else ""
            if tag == "th":
                out.append(f'<th{klass} scope="col">{cell}</th>')
            elif index == 0:
                out.append(f'<th scope="row">{cell}</th>')
            else:
                label = f' data-label="{head[index]}"' if index < len(head) else ""
                out.append(f"<td{klass}{label}>{cell}</td>")
        return "".join(out)

    klass = f"calc-table {cls}".strip()
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return (
        f'<div class="calc-table-wrap"><table class="{klass}"><caption>{h(caption)}</caption>'
        f"<thead><tr>{cells(head, 'th')}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def booking_note(summary: str) -> str:
    return (
        '<p class="calc-booking-note">Booking a diagnostic from this page shares only '
        f"{summary}. Your answers stay in your browser.</p>"
    )


# --- Readiness -----------------------------------------------------------------------------------


def _readiness_html(result: dict, currency: str) -> str:
    schema = api.schema("readiness")
    stages = schema["stages"]
    critical = {d["id"] for d in schema["dimensions"] if d["critical"]}
    critical_minimum = QUESTIONNAIRE.critical_minimum
    total_questions = sum(len(d["questions"]) for d in schema["dimensions"])
    parts: list[str] = []

    score = result["score"]
    score_shown = "—" if score is None else f"{score:.0f}" if float(score).is_integer() else f"{score:.1f}"
    summary = [tile("Readiness score", "score", score, h(score_shown), "out of 100", "score")]
    stage = result.get("stage")
    if result["complete"] and stage is not None:
        position = next((i for i, s in enumerate(stages) if s["id"] == stage["id"]), 0) + 1
        steps = "".join(
            f'<li class="calc-stage-step{" is-current" if s["id"] == stage["id"] else ""}">{h(s["label"])}</li>'
            for s in stages
        )
        summary.append(
            '<div class="calc-stage">'
            f'<p class="calc-eyebrow">Stage {position} of {len(stages)}</p>'
            f'<p class="calc-stage-label">{field("stage.id", stage["id"], h(stage["label"]))}</p>'
            f'<p class="calc-stage-summary">{h(stage["summary"])}</p>'
            f'<ol class="calc-stage-steps" aria-label="All stages, lowest first">{steps}</ol></div>'
        )
    else:
        answered = total_questions - len(result["unanswered"])
        summary.append(
            '<div class="calc-stage calc-stage--incomplete">'
            '<p class="calc-eyebrow">No stage yet</p>'
            f'<p class="calc-stage-label">{field("complete", result["complete"], "Answer at least half the questions")}</p>'
            f'<p class="calc-stage-summary">You have answered {answered} of {total_questions}. The stage appears once '
            f"at least half are answered; the scores below cover what you have answered so far.</p></div>"
        )
    parts.append('<div class="calc-summary">' + "".join(summary) + "</div>")

    for index, gate in enumerate(result["gates_applied"]):
        parts.append(
            notice(
                "gate",
                "Why the stage is capped",
                f'<p>{field(f"gates_applied[{index}].message", gate["message"], h(gate["message"]))}</p>',
            )
        )

    dimensions = result["dimensions"]
    spokes = [charts.Spoke(d["label"], d["score"]) for d in dimensions]
    scored = [d for d in dimensions if d["score"] is not None]
    if scored:
        strongest = max(scored, key=lambda d: d["score"])
        weakest = min(scored, key=lambda d: d["score"])
        description = (
            f"Scores of the {len(dimensions)} dimensions out of 100. Strongest: {strongest['label']} at "
            f"{strongest['score']:g}; weakest: {weakest['label']} at {weakest['score']:g}. "
            "The table next to the chart lists every score."
        )
    else:
        description = "No dimension has an answer yet."
    radar = charts.radar_chart(
        spokes, threshold=critical_minimum, chart_id="readiness-radar", title="Readiness by dimension", description=description
    )
    rows = []
    for index, d in enumerate(dimensions):
        badge = f' <span class="calc-badge" title="Critical: below {critical_minimum:g} it caps the stage">critical</span>' if d["id"] in critical else ""
        if d["score"] is None:
            shown = field(f"dimensions[{index}].score", None, "no answers")
            meter = ""
        else:
            shown = field(f"dimensions[{index}].score", d["score"], h(f"{d['score']:g}"))
            level = "low" if d["score"] < 50 else "mid" if d["score"] < 75 else "high"
            meter = (
                f'<meter class="calc-meter calc-meter--{level}" min="0" max="100" low="50" high="75" optimum="100" '
                f'value="{d["score"]:g}" aria-hidden="true"></meter>'
            )
        rows.append([h(d["label"]) + badge, f"{shown}{meter}"])
    parts.append(
        '<h3 class="calc-subheading">Your profile by dimension</h3>'
        f'<figure class="calc-figure calc-figure--radar">{radar}<figcaption>Each spoke is a dimension, scored 0 to 100; '
        f"the dashed ring marks {critical_minimum:g}, the score a critical dimension must reach.</figcaption></figure>"
        + table("Score by dimension (out of 100)", ["Dimension", "Score"], rows, cls="calc-table--dimensions")
    )

    blockers = result["blockers"]
    if blockers:
        items = []
        for index, b in enumerate(blockers):
            items.append(
                '<li class="calc-blocker">'
                f'<p class="calc-blocker-head"><span class="calc-blocker-label">{h(b["label"])}</span> '
                f'<span class="calc-blocker-score">{field(f"blockers[{index}].score", b["score"], h(f"{b["score"]:g}"))} / 100</span></p>'
                f'<p class="calc-blocker-action"><strong>Next action:</strong> '
                f'{field(f"blockers[{index}].next_action", b["next_action"], h(b["next_action"]))}</p>'
                f'<p><a class="calc-blocker-link" href="{h(b["playbook_url"])}">Read the playbook: {h(b["label"])}</a></p></li>'
            )
        parts.append(
            f'<h3 class="calc-subheading">Your top {len(blockers)} blocker{"s" if len(blockers) != 1 else ""}</h3>'
            f'<ol class="calc-blockers">{"".join(items)}</ol>'
        )

    unanswered = result["unanswered"]
    if unanswered:
        count = len(unanswered)
        parts.append(
            f'<p class="calc-unanswered">{field("unanswered", unanswered, str(count))} of {total_questions} '
            f'question{"s" if count != 1 else ""} unanswered. Unanswered questions are left out of the scores, not counted as zero.</p>'
        )
    if result["complete"] and stage is not None:
        parts.append(booking_note(f"your score ({h(score_shown)}) and stage ({h(stage['label'])})"))
    elif score is not None:
        parts.append(booking_note(f"your score so far ({h(score_shown)})"))
    return "".join(parts)


# --- ROI -----------------------------------------------------------------------------------------


def _signed_tone(value: float | None) -> str:
    return "" if value is None else ("positive" if value > 0 else "negative" if value < 0 else "")


def _payback_text(value: float | None, horizon: int) -> str:
    return months(value) if value is not None else f"Not within {horizon} year{'s' if horizon != 1 else ''}"


def _driver_value(path: str, value: float, currency: str) -> str:
    """A sensitivity driver's value in its own terms: a rate, an amount, or a metric value."""
    if path == "discount_rate" or path.endswith(".attribution"):
        return percent(value)
    if path.endswith(".amount"):
        return money(value, currency)
    return plain_number(value)


def _with_unit(value: float, unit: str, currency: str) -> str:
    """A metric value with its unit; a metric measured in money shows the currency, to the penny.

    >>> _with_unit(8.0, "minutes", "GBP"), _with_unit(0.5, "money", "EUR"), _with_unit(3.0, "", "GBP")
    ('8 minutes', '€0.50', '3')
    """
    if unit == "money":
        return money(value, currency, 2)
    shown = plain_number(value)
    return f"{shown} {unit}" if unit else shown


def _roi_tiles(result: dict, currency: str, horizon: int) -> str:
    irr = result["irr"]
    return '<div class="calc-tiles">' + "".join(
        (
            tile("Net present value", "npv", result["npv"], h(money(result["npv"], currency)),
                 "after costs, in today's money", _signed_tone(result["npv"])),
            tile("Return on investment", "roi", result["roi"], h(percent(result["roi"])),
                 "PV benefits less PV costs, over PV costs", _signed_tone(result["roi"])),
            tile("Payback", "payback_months", result["payback_months"],
                 h(_payback_text(result["payback_months"], horizon)), "from the start, undiscounted"),
            tile("PV of benefits", "pv_benefits", result["pv_benefits"], h(money(result["pv_benefits"], currency)),
                 "risk-adjusted and attributed"),
            tile("PV of costs", "pv_costs", result["pv_costs"], h(money(result["pv_costs"], currency)),
                 "including the cost risk allowance"),
            tile("Internal rate of return", "irr", irr, h("undefined" if irr is None else percent(irr)),
                 "the rate at which NPV is zero"),
        )
    ) + "</div>"


def _roi_cash_flow(result: dict, currency: str) -> str:
    years = result["years"]

    def year_label(year: int) -> str:
        return "Initial" if year == 0 else f"Year {year}"

    bars = [charts.YearBar(year_label(y["year"]), y["benefits"], y["costs"], y["cumulative"]) for y in years]
    last = years[-1]
    crossing = next((y for y in years if y["cumulative"] >= 0 and y["year"] > 0), None)
    description = (
        f"Costs and risk-adjusted benefits for each year from the initial investment to year {last['year']}, "
        f"with the cumulative net cash flow as a line, ending at {money(last['cumulative'], currency)}. "
        + (
            f"The cumulative line crosses zero during {year_label(crossing['year']).lower()}. "
            if crossing is not None
            else "The cumulative line stays below zero over the horizon. "
        )
        + "The table below lists the same figures."
    )
    chart = charts.cash_flow_chart(
        bars,
        money=lambda v: money_compact(v, currency),
        chart_id="roi-cash-flow",
        title="Yearly benefits, costs and cumulative net cash flow",
        description=description,
    )
    legend = (
        '<ul class="calc-legend" aria-hidden="true">'
        '<li><span class="calc-swatch calc-swatch--benefit"></span>Benefits (risk-adjusted)</li>'
        '<li><span class="calc-swatch calc-swatch--cost"></span>Costs</li>'
        '<li><span class="calc-swatch calc-swatch--net"></span>Cumulative net cash flow</li></ul>'
    )
    rows = []
    for i, y in enumerate(years):
        label = "Year 0 (initial)" if y["year"] == 0 else f"Year {y['year']}"
        rows.append(
            [field(f"years[{i}].year", y["year"], h(label))]
            + [
                field(f"years[{i}].{key}", y[key], h(money(y[key], currency)))
                for key in ("benefits", "costs", "net", "cumulative", "discounted_net")
            ]
        )
    rows.append(
        ["Total"]
        + [h(money(math.fsum(y[key] for y in years), currency)) for key in ("benefits", "costs", "net")]
        + ["", field("npv", result["npv"], h(money(result["npv"], currency)))]
    )
    return (
        '<h3 class="calc-subheading">Cash flow by year</h3>'
        f'<figure class="calc-figure calc-figure--wide">{chart}<figcaption>{legend}'
        "Cash flows fall at the end of each year; the initial investment is at the start (year 0).</figcaption></figure>"
        + table(
            "Cash flow by year (end-of-year; the last column is discounted to today)",
            ["Year", "Benefits", "Costs", "Net cash flow", "Cumulative", "Present value of net"],
            rows,
            cls="calc-table--cash-flow calc-table--totals calc-table--stack",
        )
    )


#: The tornado chart shows this many drivers; the table beside it says how many more there are.
TORNADO_ROWS = 8


def _roi_sensitivity(result: dict, currency: str) -> str:
    rows = result["sensitivity"]
    if not rows:
        return ""
    shown = rows[:TORNADO_ROWS]
    top = shown[0]
    description = (
        f"How the net present value of {money(result['npv'], currency)} moves when one input at a time is set 20% "
        f"lower or higher. The largest effect comes from {top['label']}: from "
        f"{money(top['npv_down'], currency)} to {money(top['npv_up'], currency)}. The table below lists each driver."
    )
    chart = charts.tornado_chart(
        [charts.Swing(r["label"], r["npv_down"], r["npv_up"]) for r in shown],
        result["npv"],
        money=lambda v: money_compact(v, currency),
        chart_id="roi-tornado",
        title="Sensitivity of the net present value to each input",
        description=description,
    )
    legend = (
        '<ul class="calc-legend" aria-hidden="true">'
        '<li><span class="calc-swatch calc-swatch--low"></span>Input 20% lower</li>'
        '<li><span class="calc-swatch calc-swatch--high"></span>Input 20% higher</li>'
        '<li><span class="calc-swatch calc-swatch--axis"></span>NPV as entered</li></ul>'
    )
    body = []
    for i, r in enumerate(shown):
        body.append([
            field(f"sensitivity[{i}].label", r["label"], h(r["label"])),
            h(_driver_value(r["field"], r["value_down"], currency)) + " – " + h(_driver_value(r["field"], r["value_up"], currency)),
            field(f"sensitivity[{i}].npv_down", r["npv_down"], h(money(r["npv_down"], currency))),
            field(f"sensitivity[{i}].npv_up", r["npv_up"], h(money(r["npv_up"], currency))),
            field(f"sensitivity[{i}].swing", r["swing"], h(money(r["swing"], currency))),
        ])
    more = len(rows) - len(shown)
    note = (
        f'<p class="calc-small">{more} smaller driver{"s" if more != 1 else ""} not shown; the CSV download has them all.</p>'
        if more > 0
        else ""
    )
    return (
        '<h3 class="calc-subheading">What moves the result</h3>'
        f'<figure class="calc-figure calc-figure--wide">{chart}<figcaption>{legend}One input moves at a time, by 20% each '
        "way; the widest bars are the assumptions worth checking first.</figcaption></figure>"
        + table(
            "Net present value with each input 20% lower and higher",
            ["Input", "Value tried (−20% to +20%)", "NPV at −20%", "NPV at +20%", "Swing"],
            body,
            cls="calc-table--sensitivity calc-table--stack",
        )
        + note
    )


def _roi_metrics(result: dict, currency: str) -> str:
    rows = []
    for i, m in enumerate(result["metrics"]):
        name = m["name"] or f"Metric {i + 1}"
        kind = f'<span class="calc-metric-type">{h(m["type"])}</span>'
        if m["excluded"]:
            benefit = (
                field(f"metrics[{i}].annual_benefit", m["annual_benefit"], h(money(m["annual_benefit"], currency)))
                + " "
                + field(f"metrics[{i}].excluded", True, "excluded: activity is not impact", cls="calc-tag calc-tag--excluded")
            )
        else:
            benefit = field(f"metrics[{i}].annual_benefit", m["annual_benefit"], h(money(m["annual_benefit"], currency)))
        rows.append([
            f"{h(name)} {kind}",
            field(f"metrics[{i}].change", m["change"], h(_with_unit(m["change"], m["unit"], currency))),
            field(
                f"metrics[{i}].attributable_change",
                m["attributable_change"],
                h(_with_unit(m["attributable_change"], m["unit"], currency)),
            ),
            benefit,
        ])
    if not rows:
        return ""
    return '<h3 class="calc-subheading">Outcome metrics</h3>' + table(
        "Change against the baseline, the part attributed to the use case, and the yearly benefit at full "
        "ramp-up after the risk adjustment",
        ["Metric", "Change", "Attributable change", "Yearly benefit"],
        rows,
        cls="calc-table--metrics calc-table--stack",
    )


def _roi_evidence(result: dict, currency: str) -> str:
    blocks = []
    for i, m in enumerate(result["metrics"]):
        e = m.get("evidence")
        if not e:
            continue
        path = f"metrics[{i}].evidence"
        unit = m["unit"]
        verdict = (
            "The change is statistically significant (p &lt; 0.05)."
            if e["significant"]
            else "The change is not statistically significant: it may be noise."
        )
        items = [
            ("Mean change", field(f"{path}.mean_difference", e["mean_difference"], h(_with_unit(e["mean_difference"], unit, currency)))),
            ("95% confidence interval",
             field(f"{path}.ci_low", e["ci_low"], h(_with_unit(e["ci_low"], unit, currency))) + " to "
             + field(f"{path}.ci_high", e["ci_high"], h(_with_unit(e["ci_high"], unit, currency)))),
            ("p-value (Welch's t-test, two-sided)", field(f"{path}.p_value", e["p_value"], h(plain_number(e["p_value"])))),
            ("Significant at 5%", field(f"{path}.significant", e["significant"], "yes" if e["significant"] else "no")),
            ("Smallest change detectable at 80% power",
             field(f"{path}.min_detectable_effect", e["min_detectable_effect"], h(_with_unit(e["min_detectable_effect"], unit, currency)))),
            ("Observations", field(f"{path}.sample_sizes", e["sample_sizes"], h(" / ".join(grouped(n) for n in e["sample_sizes"])))),
        ]
        rows = "".join(f'<div class="calc-kv"><dt>{label}</dt><dd>{value}</dd></div>' for label, value in items)
        tone = "positive" if e["significant"] else "caution"
        blocks.append(
            f'<div class="calc-evidence calc-evidence--{tone}"><p class="calc-evidence-title">{h(m["name"] or f"Metric {i + 1}")}</p>'
            f'<p>{verdict}</p><dl class="calc-dl">{rows}</dl></div>'
        )
    if not blocks:
        return ""
    return '<h3 class="calc-subheading">Evidence from your observations</h3>' + "".join(blocks)


def _roi_scenarios(result: dict, currency: str, horizon: int) -> str:
    scenarios = result.get("scenarios")
    if not scenarios:
        return ""
    measures = (
        ("npv", "Net present value", lambda v: money(v, currency)),
        ("roi", "Return on investment", percent),
        ("payback_months", "Payback", lambda v: _payback_text(v, horizon)),
        ("pv_benefits", "PV of benefits", lambda v: money(v, currency)),
        ("pv_costs", "PV of costs", lambda v: money(v, currency)),
        ("irr", "Internal rate of return", lambda v: "undefined" if v is None else percent(v)),
    )
    rows = [
        [h(label)] + [field(f"scenarios[{i}].{key}", s[key], h(shown(s[key]))) for i, s in enumerate(scenarios)]
        for key, label, shown in measures
    ]
    descriptions = "".join(
        f'<div class="calc-kv"><dt>{h(s["label"])}</dt><dd>{h(s["description"])}</dd></div>' for s in scenarios
    )
    return (
        '<h3 class="calc-subheading">Scenarios</h3>'
        + table("The result under conservative, expected and optimistic assumptions", ["Measure"] + [h(s["label"]) for s in scenarios], rows, cls="calc-table--scenarios calc-table--stack")
        + f'<dl class="calc-dl calc-dl--notes">{descriptions}</dl>'
    )


def _roi_html(result: dict, currency: str) -> str:
    horizon = max(len(result["years"]) - 1, 1)
    parts = []
    warnings = result["warnings"]
    if warnings:
        items = "".join(
            f'<li class="calc-warning calc-warning--{h(w["code"])}">'
            f'{field(f"warnings[{i}].message", w["message"], h(w["message"]))}</li>'
            for i, w in enumerate(warnings)
        )
        parts.append(notice("warning", "Read these before you rely on the figures", f'<ul class="calc-warnings">{items}</ul>'))
    parts.append(_roi_tiles(result, currency, horizon))
    parts.append(_roi_cash_flow(result, currency))
    parts.append(_roi_metrics(result, currency))
    parts.append(_roi_evidence(result, currency))
    parts.append(_roi_scenarios(result, currency, horizon))
    parts.append(_roi_sensitivity(result, currency))
    band = npv_band(result["npv"])
    parts.append(booking_note(f"the band your net present value falls in ({h(band_text(band, currency))})"))
    return "".join(parts)


def band_text(band: str, currency: str) -> str:
    """An NPV band for people.

    >>> band_text("100k-500k", "GBP"), band_text("negative", "EUR"), band_text("5m+", "USD")
    ('£100k to £500k', 'below zero', '$5m or more')
    """
    symbol = currency_of(currency).symbol
    if band == "negative":
        return "below zero"
    if band.endswith("+"):
        return f"{symbol}{band[:-1]} or more"
    low, high = band.split("-")
    return f"{symbol}{low} to {symbol}{high}"


# --- Generic -------------------------------------------------------------------------------------


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


def _generic_html(result: Any, currency: str) -> str:
    if not isinstance(result, dict):
        result = {"result": result}
    items = "".join(
        f'<div class="calc-kv"><dt>{h(humanise(path))}</dt><dd>{field(path, value, h(plain_number(value)))}</dd></div>'
        for path, value in leaves(result)
    )
    return f'<dl class="calc-generic">{items}</dl>'


RENDERERS: dict[str, Callable[[dict, str], str]] = {
    "readiness": _readiness_html,
    "roi": _roi_html,
}


# --- Entry points --------------------------------------------------------------------------------


def render(name: str, response: dict, currency: str = DEFAULT_CURRENCY) -> str:
    """The result block of calculator ``name`` for an :func:`calculators.api.run` envelope.

    An ``ok`` response gives the calculator's view of its result; an error
    response gives a short list of what to fix (the page normally shows those
    beside the fields and keeps the last good result).

    >>> html = render("readiness", api.run("readiness", api.schema("readiness")["defaults"]))
    >>> 'data-field="score" data-value="65.2"' in html
    True
    >>> render("readiness", {"ok": False, "errors": [{"field": "answers.x", "message": "<b>No</b>"}]})
    '<div class="calc-output calc-output--errors" data-calculator-result="readiness"><p>The result could not be updated. Please check:</p><ul class="calc-error-list"><li><code>answers.x</code>: &lt;b&gt;No&lt;/b&gt;</li></ul></div>'
    """
    label = h(name)
    if not response.get("ok"):
        items = "".join(
            f"<li><code>{h(e.get('field', ''))}</code>: {h(e.get('message', ''))}</li>" for e in response.get("errors", [])
        )
        return (
            f'<div class="calc-output calc-output--errors" data-calculator-result="{label}">'
            f'<p>The result could not be updated. Please check:</p><ul class="calc-error-list">{items}</ul></div>'
        )
    code = currency_of(currency).code
    body = RENDERERS.get(name, _generic_html)(response["result"], code)
    return f'<div class="calc-output calc-output--{label}" data-calculator-result="{label}" data-currency="{code}">{body}</div>'


#: The NPV bands below the top one, each with its (exclusive) upper limit.
NPV_BAND_LIMITS = ((1e5, "0-100k"), (5e5, "100k-500k"), (1e6, "500k-1m"), (5e6, "1m-5m"))
#: Every band :func:`npv_band` can return, lowest first (the booking page accepts only these).
NPV_BANDS = ("negative", *(band for _, band in NPV_BAND_LIMITS), "5m+")


def npv_band(npv: float) -> str:
    """The NPV as a coarse band for the booking query; never the figure itself.

    >>> [npv_band(v) for v in (-5, 0, 99_999, 250_000, 750_000, 2e6, 7e6)]
    ['negative', '0-100k', '0-100k', '100k-500k', '500k-1m', '1m-5m', '5m+']
    """
    if npv < 0:
        return NPV_BANDS[0]
    for upper, band in NPV_BAND_LIMITS:
        if npv < upper:
            return band
    return NPV_BANDS[-1]


def booking_query(name: str, result: dict, currency: str = DEFAULT_CURRENCY) -> dict[str, str]:
    """The query parameters of "Book a diagnostic about these results": a summary, never the raw answers.

    >>> booking_query("readiness", {"complete": True, "score": 65.2, "stage": {"id": "building_the_road"}})
    {'calculator': 'readiness', 'score': '65.2', 'stage': 'building_the_road'}
    >>> booking_query("roi", {"npv": 250000.0}, "EUR")
    {'calculator': 'roi', 'npv_band': '100k-500k', 'currency': 'EUR'}
    """
    query = {"calculator": name if name in api.CALCULATORS else "unknown"}
    if name == "readiness":
        if result.get("score") is not None:
            query["score"] = format_value(result["score"])
        if result.get("complete") and result.get("stage"):
            query["stage"] = result["stage"]["id"]
    elif name == "roi":
        query["npv_band"] = npv_band(result["npv"])
        query["currency"] = currency_of(currency).code
    return query


def booking_href(query: dict[str, str]) -> str:
    """The booking link for a query: always the site's own booking page.

    >>> booking_href({"calculator": "roi", "npv_band": "100k-500k"})
    '/book-a-diagnostic/?calculator=roi&npv_band=100k-500k'
    """
    from urllib.parse import urlencode  # here, not at the top: the browser's start-up never needs it

    return f"{BOOKING_PATH}?{urlencode(query)}" if query else BOOKING_PATH


def _csv_text(value: Any) -> Any:
    """A cell for a spreadsheet: numbers as they are, text defused against formula injection."""
    if isinstance(value, str):
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
    if value is None or isinstance(value, (bool, list, dict)):
        return format_value(value) if value is not None else ""
    return format_value(value)


def _csv_readiness(result: dict, write: Callable[[list], None]) -> None:
    write(["score", result["score"]])
    write(["complete", result["complete"]])
    stage = result.get("stage") or {}
    write(["stage", stage.get("id")])
    write(["stage_label", stage.get("label")])
    write(["unanswered", len(result["unanswered"])])
    write([])
    write(["dimension", "label", "score", "answered", "questions"])
    for d in result["dimensions"]:
        write([d["id"], d["label"], d["score"], d["answered"], d["questions"]])
    write([])
    write(["blocker", "label", "score", "next_action", "playbook_url"])
    for b in result["blockers"]:
        write([b["dimension"], b["label"], b["score"], b["next_action"], b["playbook_url"]])


def _csv_roi(result: dict, write: Callable[[list], None]) -> None:
    for key in ("npv", "roi", "pv_benefits", "pv_costs", "payback_months", "irr"):
        write([key, result[key]])
    write([])
    write(["year", "benefits", "costs", "net", "cumulative", "discounted_net"])
    for y in result["years"]:
        write([y["year"], y["benefits"], y["costs"], y["net"], y["cumulative"], y["discounted_net"]])
    write([])
    write(["metric", "unit", "type", "change", "attributable_change", "annual_benefit", "excluded",
           "p_value", "ci_low", "ci_high"])
    for m in result["metrics"]:
        e = m.get("evidence") or {}
        write([m["name"], m["unit"], m["type"], m["change"], m["attributable_change"], m["annual_benefit"],
               m["excluded"], e.get("p_value"), e.get("ci_low"), e.get("ci_high")])
    write([])
    write(["driver", "field", "value", "value_down", "value_up", "npv_down", "npv_up", "swing"])
    for r in result["sensitivity"]:
        write([r["label"], r["field"], r["value"], r["value_down"], r["value_up"], r["npv_down"], r["npv_up"], r["swing"]])
    if result.get("scenarios"):
        write([])
        write(["scenario", "npv", "roi", "pv_benefits", "pv_costs", "payback_months", "irr"])
        for sc in result["scenarios"]:
            write([sc["id"], sc["npv"], sc["roi"], sc["pv_benefits"], sc["pv_costs"], sc["payback_months"], sc["irr"]])
    write([])
    write(["warning", "field", "message"])
    for w in result["warnings"]:
        write([w["code"], w["field"], w["message"]])


CSV_WRITERS: dict[str, Callable[[dict, Callable[[list], None]], None]] = {
    "readiness": _csv_readiness,
    "roi": _csv_roi,
}


def csv(name: str, result: dict) -> str:
    """The result as CSV for a spreadsheet: machine numbers (unrounded), one table after another.

    >>> print(csv("other", {"a": 1.5, "b": {"c": "=cmd()"}}), end="")
    field,value
    a,1.5
    b.c,'=cmd()
    """
    buffer = io.StringIO()
    writer = csv_module.writer(buffer, lineterminator="\n")

    def write(row: list) -> None:
        writer.writerow([_csv_text(cell) for cell in row])

    special = CSV_WRITERS.get(name)
    if special is not None:
        special(result, write)
    else:
        write(["field", "value"])
        for path, value in leaves(result if isinstance(result, dict) else {"result": result}):
            write([path, value])
    return buffer.getvalue()


def respond(name: str, payload: Any, currency: str = DEFAULT_CURRENCY) -> dict:
    """Run calculator ``name`` and return everything the page needs, as JSON-safe values.

    ``{"ok", "result" | "errors", "html", "csv", "booking"}``; this is what
    the Web Worker sends back to the page after each recompute.

    >>> answer = respond("readiness", {"answers": {"base_recorded": 9}})
    >>> answer["ok"], answer["errors"][0]["field"], answer["csv"], answer["booking"]
    (False, 'answers.base_recorded', '', {})
    """
    response = api.run(name, payload)
    answer = dict(response)
    answer["html"] = render(name, response, currency)
    if response["ok"]:
        answer["csv"] = csv(name, response["result"])
        answer["booking"] = booking_query(name, response["result"], currency)
    else:
        answer["csv"] = ""
        answer["booking"] = {}
    return answer
