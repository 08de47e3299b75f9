"""Tests for macros.booking_results: the book page's results element and the data it carries."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from calculators import api, web
from macros import booking_results


def test_the_element_carries_every_calculators_keys_and_survives_hostile_texts():
    hostile = {"x": [{"key": "k", "text": '"><script>alert(1)</script>', "values": {"a": "<b>&</b>"}}]}
    html = booking_results.booking_results_element(hostile)
    element = BeautifulSoup(html, "html.parser").select_one("p[data-booking-results]")
    assert json.loads(element["data-calculators"]) == hostile
    assert element.has_attr("hidden") and element.get_text() == "" and "<script" not in html


def test_the_sites_data_names_every_registered_calculator():
    keys = web.booking_keys()
    assert list(keys) == api.names()
    assert all(keys[name] for name in keys)  # each shipped calculator's link carries something
