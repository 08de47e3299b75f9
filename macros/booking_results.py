"""The book page's "You are booking about: ..." line: the build-time data it is made from.

A calculator's booking link ("... about these results") opens the booking page with a
short query (``calculator``, ``score`` and ``stage``, or ``npv_band`` and ``currency``; see
:func:`calculators.web.booking_query`). docs/assets/javascripts/booking-link.js reads
that query, accepts only the values listed here, and shows them in the element this module
renders. The stage labels and the NPV band texts come from the calculator core, so the page
never types them a second time; they travel as ``data-`` attributes (JSON), because the site's
Content Security Policy allows no inline script.

>>> print(booking_results_element({"a": "Low"}, {"negative": {"GBP": "below zero"}}))
<p class="booking-results" data-booking-results data-stages="{&quot;a&quot;: &quot;Low&quot;}" data-npv-bands="{&quot;negative&quot;: {&quot;GBP&quot;: &quot;below zero&quot;}}" hidden></p>
"""

from __future__ import annotations

import json
from html import escape
from typing import Iterable


def stage_labels(stages: Iterable[dict]) -> dict[str, str]:
    """The readiness stages of the schema as ``{id: label}``.

    >>> stage_labels([{"id": "stuck", "label": "Stuck in pilot", "min_score": 0}])
    {'stuck': 'Stuck in pilot'}
    """
    return {stage["id"]: stage["label"] for stage in stages}


def npv_band_texts(bands: Iterable[str], currencies: Iterable[str], band_text) -> dict[str, dict[str, str]]:
    """Each NPV band as people read it, per currency: ``{band: {currency: text}}``.

    >>> npv_band_texts(["5m+"], ["GBP"], lambda band, code: f"{code} {band}")
    {'5m+': {'GBP': 'GBP 5m+'}}
    """
    codes = list(currencies)
    return {band: {code: band_text(band, code) for code in codes} for band in bands}


def booking_results_element(stages: dict[str, str], npv_bands: dict[str, dict[str, str]]) -> str:
    """The hidden paragraph booking-link.js fills (with textContent) and shows."""
    data_stages = escape(json.dumps(stages, ensure_ascii=False))
    data_bands = escape(json.dumps(npv_bands, ensure_ascii=False))
    return (
        f'<p class="booking-results" data-booking-results data-stages="{data_stages}" '
        f'data-npv-bands="{data_bands}" hidden></p>'
    )
