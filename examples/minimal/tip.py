"""Split a restaurant bill with a tip: the one calculator of the minimal example site.

Equations, for a bill B, a tip share t and n people:

    tip = B × t        total = B + tip        each = total / n

Conventions: amounts in the currency the visitor picks (the number is never converted); the
tip is a share of the bill before the tip (0.1 = 10%). Degenerate case: at least one person.

>>> run({"bill": 120, "tip_share": 0.1, "people": 4})
{'each': 33.0, 'tip': 12.0, 'total': 132.0}
"""

from __future__ import annotations

from calculators.outputs import Output, outputs_json
from calculators.validation import read_fields

INPUTS = (
    {"id": "bill", "label": "Bill", "kind": "number", "unit": "money", "min": 0, "max": 1e6, "default": 120, "help": ""},
    {"id": "tip_share", "label": "Tip", "kind": "number", "unit": "share", "min": 0, "max": 1, "default": 0.1,
     "help": "A share of the bill: 10% adds a tenth."},
    {"id": "people", "label": "People", "kind": "integer", "unit": "", "min": 1, "max": 100, "default": 4, "help": ""},
)
OUTPUTS = (
    Output("each", "Each person pays", "money", headline=True),
    Output("tip", "Tip", "money"),
    Output("total", "Total", "money"),
)


def schema() -> dict:
    return {
        "calculator": "tip",
        "title": "Split the bill",
        "summary": "What each person pays, tip included.",
        "fields": [dict(field) for field in INPUTS],
        "outputs": outputs_json(OUTPUTS),
        "defaults": {field["id"]: field["default"] for field in INPUTS},
    }


def run(payload: dict) -> dict:
    values = read_fields(payload, INPUTS)
    tip = values["bill"] * values["tip_share"]
    total = values["bill"] + tip
    return {"each": total / values["people"], "tip": tip, "total": total}
