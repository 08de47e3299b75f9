"""Tests for macros.booking_results: the build-time data of the book page's results line."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from calculators import api
from calculators.web import formatting
from calculators.web import roi as roi_view
from macros import booking_results


def element_data(html: str) -> tuple[dict, dict, object]:
    element = BeautifulSoup(html, "html.parser").select_one("p[data-booking-results]")
    return json.loads(element["data-stages"]), json.loads(element["data-npv-bands"]), element


def test_stage_labels_are_the_schemas_in_order():
    stages = api.schema("readiness")["stages"]
    labels = booking_results.stage_labels(stages)
    assert list(labels) == [stage["id"] for stage in stages]
    assert list(labels.values()) == [stage["label"] for stage in stages]


def test_band_texts_cover_every_band_and_currency_with_the_cores_wording():
    texts = booking_results.npv_band_texts(roi_view.NPV_BANDS, formatting.CURRENCIES, roi_view.band_text)
    assert list(texts) == list(roi_view.NPV_BANDS)
    for band, by_currency in texts.items():
        assert list(by_currency) == list(formatting.CURRENCIES)
        assert all(text == roi_view.band_text(band, code) for code, text in by_currency.items())


def test_every_band_npv_band_returns_is_listed():
    for npv in (-1, 0, 1e5, 4.9e5, 5e5, 9e5, 1e6, 4e6, 5e6, 1e9):
        assert roi_view.npv_band(npv) in roi_view.NPV_BANDS


def test_the_element_is_hidden_empty_and_its_data_survives_hostile_labels():
    hostile = {"x": '"><script>alert(1)</script>'}
    html = booking_results.booking_results_element(hostile, {"b": {"GBP": "<b>&</b>"}})
    stages, bands, element = element_data(html)
    assert stages == hostile and bands == {"b": {"GBP": "<b>&</b>"}}
    assert element.has_attr("hidden") and element.get_text() == "" and "<script" not in html
