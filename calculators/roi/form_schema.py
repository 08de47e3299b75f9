"""The ROI calculator's schema: :func:`schema`, with the example payload it offers as defaults and the outputs it names.

Schema (what :func:`schema` returns, for a generic form renderer)
=================================================================

``{"calculator", "title", "summary", "fields", "lists", "outputs", "scenarios", "constants", "quick",
"defaults"}``.

* ``fields``: the top-level inputs, in display order.
* ``lists``: repeatable row groups, in display order (``one_off_costs``,
  ``annual_costs``, ``metrics``, ``stated_benefits``), each ``{id, label, help, item_label,
  min_items, max_items, fields, new_item}``; ``new_item`` is a valid row to
  add when the visitor presses "add".
* Every field, top-level or in a row, has the same keys: ``id``, ``label``,
  ``kind`` (``number`` | ``integer`` | ``choice`` | ``boolean`` | ``text`` |
  ``number_list``), ``unit``, ``min``, ``max``, ``step`` (a number, or
  ``"any"``), ``default`` (the
  value assumed when the key is left out; ``null`` when nothing is assumed),
  ``help``, ``required``, ``advanced`` (may sit behind a "more" toggle),
  ``options`` (``[{value, label, help}]`` for ``choice``, else ``null``),
  ``min_items``/``max_items`` (``number_list``), ``length`` (the id of the
  field that fixes a list's length, ``"horizon_years"``, else ``null``),
  ``per_year`` (``true`` when a number may also be given as a list of one
  number per year), ``max_length`` (``text``).
* ``unit`` says how a number is read. A *share* (``share``, ``share per year``, ``share of full
  benefit``) is a fraction from 0 to 1 in the payload: ``0.1`` is 10%; the form shows and takes it
  in percent, and :mod:`calculators.web.form_input` turns the form's text ("10", "10%") into the
  fraction. ``money...`` is an amount in the visitor's currency; the payload holds JSON numbers
  only (the form's "12k" or "£12,000" is read there too).
* An ``id`` is the JSON key inside its object; an id with a dot
  (``control.baseline``) is a key inside a nested object. A field left
  empty is omitted from the payload.
* ``scenarios`` (``[{id, label, description, shifts}]``) and ``constants`` (``{key: {value, unit}}``:
  the sensitivity step, the evidence test's levels) are what the method page quotes.
* ``defaults`` is a complete, valid payload (invoice processing).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from .. import welch
from ..outputs import Output, outputs_json
from .fields import (
    ANNUAL_AMOUNT,
    COST_LINE_RISK,
    COST_NAME,
    MAX_ROWS,
    METRIC_FIELDS,
    ONE_OFF_AMOUNT,
    STATED_FIELDS,
    TOP_LEVEL,
    FieldSpec,
)
from .scenarios import SCENARIOS
from .sensitivity_table import SENSITIVITY_STEP


#: The example the site pre-renders: invoice processing with an AI extraction and matching step.
EXAMPLE: dict = {
    "horizon_years": 3,
    "discount_rate": 0.10,
    "discounting": "end_of_year",
    "cost_risk_adjustment": 0.10,
    "ramp_up": [0.5, 0.9, 1.0],
    "scenarios": True,
    "one_off_costs": [
        {"name": "Integration and workflow redesign", "amount": 120000},
        {"name": "Data clean-up and exception rules", "amount": 30000},
    ],
    "annual_costs": [
        {"name": "Licences and model usage", "amount": [36000, 42000, 48000]},
        {"name": "Operations, monitoring and audit", "amount": 25000},
    ],
    "metrics": [
        {
            "name": "Handling time per invoice", "unit": "minutes", "type": "time", "direction": "lower_is_better",
            "baseline": 14, "outcome": 6, "annual_volume": 60000, "value_per_unit": 0.75,
            "control": {"baseline": 14.5, "outcome": 13}, "risk_adjustment": 0.10,
        },
        {
            "name": "Late-payment penalties per invoice", "unit": "money", "type": "cost",
            "direction": "lower_is_better", "baseline": 0.9, "outcome": 0.4, "annual_volume": 60000,
            "value_per_unit": 1, "attribution": 0.6, "risk_adjustment": 0.20,
        },
        {
            "name": "Assistant prompts per week", "unit": "prompts", "type": "activity",
            "direction": "higher_is_better", "baseline": 0, "outcome": 4200,
        },
    ],
    "stated_benefits": [],
}


def _row_group(id: str, label: str, help: str, item_label: str, fields: Sequence[FieldSpec], new_item: dict) -> dict:
    return {
        "id": id,
        "label": label,
        "help": help,
        "item_label": item_label,
        "min_items": 0,
        "max_items": MAX_ROWS,
        "fields": [spec.to_json() for spec in fields],
        "new_item": new_item,
    }


#: The inputs the quick estimate shows: one cost, one running cost, one outcome metric measured
#: against its baseline, with what the model does to that metric (attribution or control group,
#: risk adjustment). It is the full model with the first row of these lists: every top-level
#: assumption and every field of those rows counts, shown or not (mkdocs_calculators/form.py).
QUICK = (
    "one_off_costs.amount", "annual_costs.amount",
    "metrics.name", "metrics.unit", "metrics.direction",
    "metrics.baseline", "metrics.outcome", "metrics.annual_volume", "metrics.value_per_unit",
    "metrics.attribution", "metrics.control.baseline", "metrics.control.outcome", "metrics.risk_adjustment",
)

#: What the result means to a reader (see :mod:`calculators.outputs`).
OUTPUTS = (
    Output("npv", "Net present value", "money", headline=True, note="after costs, in today's money"),
    Output("roi", "Return on investment", "percent", headline=True, note="PV benefits less PV costs, over PV costs"),
    Output("payback_months", "Payback", "months", headline=True,
           note="interpolated: from the start, undiscounted, each year's cash accruing evenly through it"),
    # Shown beside the interpolated figure, in its tile (calculators.web.roi).
    Output("payback_months_tei", "Payback as TEI states it", "months",
           note="TEI: the first whole month by whose end the cumulative cash breaks even"),
    Output("pv_benefits", "PV of benefits", "money", note="risk-adjusted and attributed"),
    Output("measured_share", "Measured against a baseline", "percent",
           note="share of the PV of benefits from outcome metrics; the rest is stated"),
    Output("pv_costs", "PV of costs", "money", note="including the cost risk allowance"),
    Output("irr", "Internal rate of return", "percent", note="the rate at which NPV is zero"),
)


def schema() -> dict:
    """The inputs, for a generic form renderer; the shape is in the module docstring.

    >>> s = schema()
    >>> [f["id"] for f in s["fields"]], [r["id"] for r in s["lists"]]
    (['horizon_years', 'discount_rate', 'cost_risk_adjustment', 'ramp_up', 'discounting', 'scenarios'], ['one_off_costs', 'annual_costs', 'metrics', 'stated_benefits'])
    """
    return {
        "calculator": "roi",
        "title": "Baseline-versus-outcome ROI",
        "summary": (
            "Net present value, ROI, payback and IRR of one use case, from outcome metrics measured against a "
            "baseline, attributed to the change and risk-adjusted as in Forrester's Total Economic Impact method."
        ),
        "fields": [spec.to_json() for spec in TOP_LEVEL],
        "lists": [
            _row_group("one_off_costs", "One-off costs", "Paid once, at the start: build, integration, data work.",
                       "One-off cost", (COST_NAME, ONE_OFF_AMOUNT, COST_LINE_RISK), {"name": "", "amount": 0}),
            _row_group("annual_costs", "Yearly costs", "Paid every year: licences, usage, running and governance.",
                       "Yearly cost", (COST_NAME, ANNUAL_AMOUNT, COST_LINE_RISK), {"name": "", "amount": 0}),
            _row_group("metrics", "Outcome metrics",
                       "What the use case should move, measured before (baseline) and after (outcome).",
                       "Metric", METRIC_FIELDS,
                       {"name": "", "unit": "", "type": "time", "direction": "lower_is_better", "baseline": 0,
                        "outcome": 0, "annual_volume": 0, "value_per_unit": 0, "risk_adjustment": 0.1}),
            _row_group("stated_benefits", "Stated benefits",
                       "Benefits taken as stated, year by year, rather than measured against a baseline: avoided "
                       "licence fees, a business case's figure. The result says how much of the total rests on them.",
                       "Stated benefit", STATED_FIELDS, {"name": "", "amount": 0, "risk_adjustment": 0.1}),
        ],
        "outputs": outputs_json(OUTPUTS),
        # The scenarios and the numbers the method page quotes (calculators.web.facts, "constant").
        "scenarios": [scenario.to_json() for scenario in SCENARIOS],
        "constants": {
            "sensitivity_step": {"value": SENSITIVITY_STEP, "unit": "share"},
            "confidence_level": {"value": 1 - welch.ALPHA, "unit": "share"},
            "significance_level": {"value": welch.ALPHA, "unit": "share"},
            "power": {"value": welch.POWER, "unit": "share"},
        },
        # The quick estimate: the full model with the first row of these lists, showing these fields.
        "quick": list(QUICK),
        "defaults": copy.deepcopy(EXAMPLE),
    }
