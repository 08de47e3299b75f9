"""The ROI result as people see it: HTML, CSV rows, the compact summary, and the facts the method
page quotes (:data:`FACTS`); the booking summary (an NPV band) and its keys are
:mod:`calculators.web.roi_booking`'s, re-exported here as the view's.
"""

from __future__ import annotations

import math
from functools import cache

from .. import api
from . import charts
from .facts import Fact, cell
from .formatting import grouped, money, money_compact, months, percent, plain_number
from .markup import booking_note, field, h, notice, summary_item, table, tile
from .roi_booking import (  # noqa: F401 - the view's booking summary and its keys (calculators.web.View)
    MEASURED_BANDS,
    MEASURED_STEP,
    NPV_BAND_LIMITS,
    NPV_BANDS,
    band_text,
    booking,
    booking_keys,
    measured_band,
    npv_band,
)
from .roi_export import csv_rows, workbook  # noqa: F401 - the view's CSV rows and workbook (calculators.web.View)
from .site import Site


def _signed_tone(value: float | None) -> str:
    return "" if value is None else ("positive" if value > 0 else "negative" if value < 0 else "")


def _payback_text(value: float | None, horizon: int, undefined: bool = False) -> str:
    if undefined:
        return UNDEFINED
    return months(value) if value is not None else f"Not within {horizon} year{'s' if horizon != 1 else ''}"


def _whole_months(value: int) -> str:
    """The payback in whole months, as TEI states it.

    >>> _whole_months(19), _whole_months(1), _whole_months(0)
    ('19 months', '1 month', '0 months')
    """
    return "1 month" if value == 1 else f"{grouped(value)} months"


def _tei_payback(result: dict) -> str:
    """The TEI payback beside the interpolated one, its convention named; nothing when there is none
    (the interpolated figure says why: the same reason holds for both)."""
    value = result["payback_months_tei"]
    if value is None:
        return ""
    return field("payback_months_tei", value, h(_whole_months(value)), tag="strong")


#: What a figure shows when the inputs give it no value (the result says why, beside it).
UNDEFINED = "Undefined"

#: How each discounting convention is named beside the figures.
DISCOUNTING_TEXT = {"end_of_year": "end-of-year discounting", "mid_year": "mid-year discounting"}


def _timing_caption(discounting: str) -> str:
    """When the cash-flow table counts each year's flows.

    >>> _timing_caption("mid_year")
    'Cash flows are counted in the middle of each year (mid-year discounting); the initial investment is at the start (year 0).'
    """
    when = "in the middle of each year" if discounting == "mid_year" else "at the end of each year"
    return f"Cash flows are counted {when} ({DISCOUNTING_TEXT[discounting]}); the initial investment is at the start (year 0)."


def _share_text(value: float | None) -> str:
    return UNDEFINED if value is None else percent(value, 0)


#: What follows a sensitivity driver's range, by its unit (``calculators.roi.sensitivity_table``).
DRIVER_SUFFIX = {"money per year": " a year", "money per year, on average": " a year on average"}


def _driver_range(row: dict, result: dict, currency: str) -> str:
    """The values a sensitivity driver was tried at, in its own terms: shares and rates as
    percentages, an amount as entered (a yearly cost a year), a metric's change in the metric's
    unit, written once after the range.

    >>> _driver_range({"unit": "money per year", "value_down": 2e4, "value_up": 3e4}, {}, "GBP")
    '£20,000 – £30,000 a year'
    >>> metrics = {"metrics": [{"unit": "minutes"}]}
    >>> _driver_range({"unit": "metric unit", "field": "metrics[0].change", "value_down": 6.4, "value_up": 9.6}, metrics, "GBP")
    '6.4 – 9.6 minutes'
    """
    unit, low, high = row["unit"], row["value_down"], row["value_up"]
    if unit.startswith("share"):
        return f"{percent(low)} – {percent(high)}"
    if unit.startswith("money") and unit != "money per metric unit":
        return f"{money(low, currency)} – {money(high, currency)}{DRIVER_SUFFIX.get(unit, '')}"
    if unit == "metric unit":
        metric_unit = result["metrics"][int(row["field"].split("]")[0].removeprefix("metrics["))]["unit"]
        if metric_unit == "money":
            return f"{money(low, currency, 2)} – {money(high, currency, 2)}"
        return f"{plain_number(low)} – {plain_number(high)}" + (f" {metric_unit}" if metric_unit else "")
    return f"{plain_number(low)} – {plain_number(high)}"


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
    """A tile for each output the schema declares, in its order, with its label and note; a figure
    the inputs leave undefined says why in place of its note; the NPV names its discounting; the
    payback shows both conventions, each named beside its figure: interpolated, and TEI's whole months."""
    shown = {
        "npv": lambda v: money(v, currency),
        "roi": lambda v: UNDEFINED if v is None else percent(v),
        "payback_months": lambda v: _payback_text(v, horizon),
        "pv_benefits": lambda v: money(v, currency),
        "measured_share": _share_text,
        "pv_costs": lambda v: money(v, currency),
        "irr": lambda v: "undefined" if v is None else percent(v),
    }
    signed = ("npv", "roi")
    undefined = result.get("undefined") or {}
    tiles = []
    notes = {o["id"]: o["note"] for o in _outputs()}
    for o in _outputs():
        if o["id"] == "payback_months_tei":
            continue  # in the payback's tile
        value = result[o["id"]]
        note = h(o["note"])
        if o["id"] == "npv":
            note = h(f"{o['note']}; {DISCOUNTING_TEXT[result['discounting']]}")
        if o["id"] in undefined:
            reason = undefined[o["id"]].removeprefix("Undefined: ")
            shown_value, note = UNDEFINED, h(reason[:1].upper() + reason[1:])
        else:
            shown_value = shown[o["id"]](value)
        tone = _signed_tone(value) if o["id"] in signed else ""
        tei = _tei_payback(result) if o["id"] == "payback_months" else ""
        beside = f'{tei} ({h(notes["payback_months_tei"])})' if tei else ""
        tiles.append(tile(o["label"], o["id"], value, h(shown_value), note, tone, beside))
    return '<div class="calc-tiles">' + "".join(tiles) + "</div>"


def _roi_sources(result: dict, currency: str) -> str:
    """Where the PV of benefits comes from: metrics measured against a baseline, or stated amounts."""
    stated = result["stated_benefits"]
    if not stated:
        return ""
    total = result["pv_benefits"]
    measured = result["measured_share"]  # the core's share, with its rule for when there is none
    rows = [
        ["Measured against a baseline",
         field("pv_measured_benefits", result["pv_measured_benefits"], h(money(result["pv_measured_benefits"], currency))),
         h("–" if measured is None else percent(measured, 0))],
        ["Stated amounts",
         field("pv_stated_benefits", result["pv_stated_benefits"], h(money(result["pv_stated_benefits"], currency))),
         h("–" if measured is None else percent(1 - measured, 0))],
        ["Total", field("pv_benefits", total, h(money(total, currency))), ""],
    ]
    lines = [
        [h(line["name"] or f"Stated benefit {i + 1}"), h(percent(line["risk_adjustment"], 0))]
        + [field(f"stated_benefits[{i}].benefits[{y}]", amount, h(money(amount, currency)))
           for y, amount in enumerate(line["benefits"])]
        for i, line in enumerate(stated)
    ]
    years = [f"Year {y + 1}" for y in range(len(stated[0]["benefits"]))]
    return (
        '<h3 class="calc-subheading">Measured or stated</h3>'
        + table("Present value of benefits by source: outcome metrics measured against a baseline, or amounts "
                "taken as stated", ["Source", "PV of benefits", "Share"], rows,
                cls="calc-table--sources calc-table--totals")
        + table("Stated benefits after their risk adjustment, by year", ["Stated benefit", "Risk adjustment", *years],
                lines, cls="calc-table--stated calc-table--stack")
    )


@cache
def _outputs() -> tuple[dict, ...]:
    """The ROI calculator's declared outputs (read once: the schema is rebuilt on every call)."""
    return tuple(api.schema("roi")["outputs"])


def _roi_cash_flow(result: dict, currency: str) -> str:
    timing = _timing_caption(result["discounting"])
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
        f"{h(timing)}</figcaption></figure>"
        + table(
            f"Cash flow by year ({DISCOUNTING_TEXT[result['discounting']]}; the last column is discounted to today)",
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
        f"How the net present value of {money(result['npv'], currency)} moves when one assumption at a time (an "
        "improvement, a volume, a value, an attribution, a risk adjustment, a cost) is set 20% lower or higher. "
        f"The largest effect comes from {top['label']}: from "
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
        '<li><span class="calc-swatch calc-swatch--low"></span>Assumption 20% lower</li>'
        '<li><span class="calc-swatch calc-swatch--high"></span>Assumption 20% higher</li>'
        '<li><span class="calc-swatch calc-swatch--axis"></span>NPV as entered</li></ul>'
    )
    body = []
    for i, r in enumerate(shown):
        body.append([
            field(f"sensitivity[{i}].label", r["label"], h(r["label"])),
            h(_driver_range(r, result, currency)),
            field(f"sensitivity[{i}].npv_down", r["npv_down"], h(money(r["npv_down"], currency))),
            field(f"sensitivity[{i}].npv_up", r["npv_up"], h(money(r["npv_up"], currency))),
            field(f"sensitivity[{i}].swing", r["swing"], h(money(r["swing"], currency))),
        ])
    more = len(rows) - len(shown)
    note = (
        f'<p class="calc-small">{more} smaller driver{"s" if more != 1 else ""} not shown; the workbook download has them all.</p>'
        if more > 0
        else ""
    )
    return (
        '<h3 class="calc-subheading">What moves the result</h3>'
        f'<figure class="calc-figure calc-figure--wide">{chart}<figcaption>{legend}One assumption moves at a time, by 20% '
        "each way (a metric's improvement moves with its baseline held); the widest bars are the assumptions worth "
        "checking first.</figcaption></figure>"
        + table(
            "Net present value with each assumption 20% lower and higher",
            ["Assumption", "Value tried (−20% to +20%)", "NPV at −20%", "NPV at +20%", "Swing"],
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
        ("roi", "Return on investment", lambda v: UNDEFINED if v is None else percent(v)),
        ("payback_months", "Payback (interpolated)",
         lambda v: _payback_text(v, horizon, "payback_months" in result["undefined"])),
        ("payback_months_tei", "Payback (TEI, whole months)",
         lambda v: _payback_text(v, horizon, "payback_months_tei" in result["undefined"]) if v is None
         else _whole_months(v)),
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


def html(result: dict, currency: str, site: Site) -> str:
    """The ROI result: warnings, headline tiles, cash flow, metrics, evidence, scenarios, sensitivity."""
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
    parts.append(_roi_sources(result, currency))
    parts.append(_roi_cash_flow(result, currency))
    parts.append(_roi_metrics(result, currency))
    parts.append(_roi_evidence(result, currency))
    parts.append(_roi_scenarios(result, currency, horizon))
    parts.append(_roi_sensitivity(result, currency))
    band = npv_band(result["npv"])
    shared = f"the band your net present value falls in ({h(band_text(band, currency))})"
    measured = measured_band(result["measured_share"])
    if measured:
        shared += f" and the share of benefits measured against a baseline ({h(measured)}%)"
    parts.append(booking_note(site, shared))
    return "".join(parts)


def summary(result: dict, currency: str) -> str:
    """The compact summary kept in view while typing: NPV, ROI and payback (interpolated, and TEI's
    whole months beside it)."""
    horizon = max(len(result["years"]) - 1, 1)
    tei = result["payback_months_tei"]
    return "".join((
        summary_item("NPV", "npv", result["npv"], h(money(result["npv"], currency))),
        summary_item("ROI", "roi", result["roi"], h(UNDEFINED if result["roi"] is None else percent(result["roi"]))),
        summary_item("Payback", "payback_months", result["payback_months"],
                     h(_payback_text(result["payback_months"], horizon, "payback_months" in result["undefined"]))),
        "" if tei is None else summary_item("TEI", "payback_months_tei", tei, h(_whole_months(tei))),
    ))


# --- Facts the method page quotes ----------------------------------------------------------------


def metric_types_markdown(schema: dict, site: Site) -> str:
    """The metric types as a table: which count as benefit and what they measure."""
    spec = next(field for spec in schema["lists"] if spec["id"] == "metrics" for field in spec["fields"] if field["id"] == "type")
    rows = ["| Type | Counts towards the benefit | Examples |", "|---|---|---|"]
    for option in spec["options"]:
        counts = "no: activity is not impact" if option["value"] == "activity" else "yes"
        rows.append(f"| {cell(option['label'])} | {counts} | {cell(option.get('help', ''))} |")
    return "\n".join(rows)


def scenarios_markdown(schema: dict, site: Site) -> str:
    """The scenarios and what each one moves.

    >>> print(scenarios_markdown({"scenarios": [{"label": "Expected", "description": "As entered."}]}, Site()))
    - **Expected**: As entered.
    """
    return "\n".join(f"- **{cell(s['label'])}**: {s['description']}" for s in schema["scenarios"])


#: The facts of this calculator its page quotes (``calculators.web.fact``), beside the generic ones.
FACTS: dict[str, Fact] = {
    "metric_types": metric_types_markdown,
    "scenarios": scenarios_markdown,
}
