"""The ROI test modules' shared cases: a minimal valid payload, and a payload's result or errors.

Used by tests/test_roi.py, tests/test_roi_tei.py and tests/test_roi_sensitivity.py.
"""

from __future__ import annotations

from calculators import api


def minimal(**changes) -> dict:
    """One build cost of 1,000 and one quality metric: 10 -> 6 rework, 100 a year, worth 2 each."""
    payload = {
        "horizon_years": 3,
        "discount_rate": 0.1,
        "one_off_costs": [{"name": "Build", "amount": 1000}],
        "metrics": [{"name": "Rework", "type": "quality", "direction": "lower_is_better", "baseline": 10,
                     "outcome": 6, "annual_volume": 100, "value_per_unit": 2, "attribution": 1.0,
                     "risk_adjustment": 0.0}],
    }
    payload.update(changes)
    return payload


def run(payload: dict) -> dict:
    """The result of a payload that must be valid."""
    response = api.run("roi", payload)
    assert response["ok"], response
    return response["result"]


def errors(payload: dict) -> dict[str, str]:
    """The validation errors of a payload that must be invalid, by field."""
    response = api.run("roi", payload)
    assert not response["ok"], response
    return {error["field"]: error["message"] for error in response["errors"]}
