"""Tests for docs/assets/javascripts/booking-link.js: its pure functions, run under Node
(tests/booking_link_runner.mjs), against the booking keys every calculator's view declares
(calculators.web.booking_keys).

The book page reads a calculator's result from its address (``calculator`` and the keys its view
writes), accepts only what the keys allow, shows one plain line with the keys' texts (a stage's
label, a band in the chosen currency), and carries the accepted pairs into the booking links the
way UTM values travel (a URL's query, a mailto's ``Ref:`` line, a provider's own fields). The page's
wiring, in Chromium, is in test_booking_results_browser.py.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from calculators import api, web
from calculators.outputs import KINDS, Output, outputs_json
from calculators.web import formatting
from calculators.web import roi as roi_view

RUNNER = Path(__file__).resolve().parent / "booking_link_runner.mjs"
STAGES = {stage["id"]: stage["label"] for stage in api.schema("readiness")["stages"]}
NOTHING = [[], "", ""]


def node(searches=(), calls=(), calculators=None) -> dict:
    """booking-link.js's answers: resultsFromSearch for each search, and each named call."""
    data = {"calculators": web.booking_keys() if calculators is None else calculators,
            "searches": list(searches), "calls": list(calls)}
    done = subprocess.run(["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(RUNNER)],
                          input=json.dumps(data), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def results(*searches: str) -> list:
    return node(searches)["results"]


def line(*parts: str) -> str:
    return "You are booking about: " + ", ".join(parts)


def test_readiness_score_and_stage_are_stated_with_the_schemas_label():
    [(pairs, shown, summary)] = results("?calculator=readiness&score=65.2&stage=building_the_road")
    assert pairs == [["calculator", "readiness"], ["score", "65.2"], ["stage", "building_the_road"]]
    assert shown == line("AI readiness score 65.2", f"stage {STAGES['building_the_road']}")
    assert shown == f"You are booking about: {summary}"


def test_roi_band_is_stated_in_the_chosen_currency():
    [(pairs, shown, _)] = results("?utm_source=news&calculator=roi&npv_band=100k-500k&currency=EUR")
    assert pairs == [["calculator", "roi"], ["npv_band", "100k-500k"], ["currency", "EUR"]]
    assert shown == line("ROI, net present value " + roi_view.band_text("100k-500k", "EUR"))


def test_roi_measured_share_is_accepted_only_in_tens_and_only_beside_a_band():
    band = "ROI, net present value " + roi_view.band_text("0-100k", "GBP")
    tens = results(*(f"?calculator=roi&npv_band=0-100k&measured={value}" for value in roi_view.MEASURED_BANDS))
    assert [shown for _, shown, _ in tens] == [
        line(band, f"{value}% of benefits measured against a baseline") for value in roi_view.MEASURED_BANDS
    ]
    bad = results(*(f"?calculator=roi&npv_band=0-100k&measured={value}" for value in ("73", "110", "-10", "70%25", "<b>1</b>")))
    assert all(shown == line(band) for _, shown, _ in bad)
    assert results("?calculator=roi&measured=70&currency=EUR") == [NOTHING]


def test_every_stage_and_band_the_calculators_know_is_accepted():
    stages = results(*(f"?calculator=readiness&stage={stage}" for stage in STAGES))
    assert [shown for _, shown, _ in stages] == [line(f"stage {label}") for label in STAGES.values()]
    bands = results(*(f"?{urlencode({'calculator': 'roi', 'npv_band': band})}" for band in roi_view.NPV_BANDS))
    assert [shown for _, shown, _ in bands] == [
        line("ROI, net present value " + roi_view.band_text(band, formatting.DEFAULT_CURRENCY)) for band in roi_view.NPV_BANDS
    ]


HOSTILE = [
    "",
    "?calculator=readiness",
    "?calculator=readiness&score=101&stage=nope",
    "?calculator=readiness&score=65.25",
    "?calculator=readiness&score=-1",
    "?calculator=readiness&score=1e2",
    "?calculator=readiness&score=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
    "?calculator=readiness&stage=__proto__",
    "?calculator=readiness&stage=toString",
    "?calculator=readiness&stage=constructor",
    "?calculator=roi&npv_band=%3Cscript%3Ewindow.__pwned%3D1%3C/script%3E",
    "?calculator=roi&npv_band=__proto__",
    "?calculator=roi&npv_band=hasOwnProperty",
    "?calculator=%3Cb%3Eevil%3C/b%3E&score=50&stage=stuck_in_pilot",
    "?calculator=__proto__&score=50",
    "?calculator=roi&score=50&stage=stuck_in_pilot",
]


def test_missing_unknown_or_hostile_values_state_nothing_and_carry_nothing():
    assert results(*HOSTILE) == [NOTHING] * len(HOSTILE)


def test_a_bad_value_is_dropped_and_the_good_one_kept():
    readiness, roi = results("?calculator=readiness&score=42.5&stage=%3Cb%3Ex%3C/b%3E&evil=1",
                             "?calculator=roi&npv_band=0-100k&currency=XXX")
    assert readiness[0] == [["calculator", "readiness"], ["score", "42.5"]]
    assert readiness[1] == line("AI readiness score 42.5")
    # An unknown currency is dropped, and the band is stated in the first one.
    assert roi[0] == [["calculator", "roi"], ["npv_band", "0-100k"]]
    assert roi[1] == line("ROI, net present value " + roi_view.band_text("0-100k", formatting.DEFAULT_CURRENCY))


def test_malformed_keys_in_the_data_are_ignored_not_thrown_on():
    data = {"x": [None, {"key": 3}, {"key": "n", "text": "n {}", "pattern": "[0-9]+"}], "y": "not a list"}
    assert node(["?calculator=x&n=12", "?calculator=y&n=1"], calculators=data)["results"] == [
        [[["calculator", "x"], ["n", "12"]], line("n 12"), "n 12"], NOTHING,
    ]


def test_links_carry_the_results_as_query_parameters_or_in_the_ref_line_after_the_utm_values():
    pairs = [["calculator", "readiness"], ["score", "12"]]
    mailto = "mailto:hello@example.com?subject=Diagnostic&body=" + "Ref%3A%20utm_source%3Dcampaign%26calculator%3Droi"
    url, mail = node(calls=[
        ["withUtm", "https://cal.example/team?x=1", pairs],
        ["mailtoWithUtm", mailto, [["utm_medium", "email"], ["utm_source", "news"], ["score", "12"]]],
    ])["calls"]
    assert parse_qsl(urlsplit(url).query) == [("x", "1"), ("calculator", "readiness"), ("score", "12")]
    body = dict(parse_qsl(urlsplit(mail).query))["body"]
    assert body == "Ref: utm_source=news&utm_medium=email&calculator=roi&score=12"


def test_a_providers_own_fields_get_the_summary_and_each_accepted_pair():
    [(pairs, _, summary)] = results("?calculator=readiness&score=65.2&stage=building_the_road")
    [href] = node(calls=[["withPrefill", "https://cal.com/team/intro?utm_source=news",
                          {"text": "notes", "pairs": "metadata[{key}]"}, pairs, summary]])["calls"]
    assert parse_qsl(urlsplit(href).query) == [
        ("utm_source", "news"), ("notes", summary), ("metadata[calculator]", "readiness"),
        ("metadata[score]", "65.2"), ("metadata[stage]", "building_the_road"),
    ]


@pytest.fixture
def every_kind(monkeypatch) -> str:
    """A calculator with no view of its own and a headline output of every kind."""
    outputs = tuple(Output(kind, kind.title(), kind, headline=True) for kind in KINDS)
    module = SimpleNamespace(schema=lambda: {"title": "Every kind", "summary": "", "fields": [],
                                             "outputs": outputs_json(outputs), "defaults": {}}, run=lambda payload: {})
    monkeypatch.setitem(api.CALCULATORS, "every_kind", module)
    return "every_kind"


def test_every_query_a_view_writes_is_accepted_whole(every_kind):
    """The view's booking summary and the keys it declares agree, for every calculator: whatever
    a result, the book page accepts each pair the calculator's booking link carries."""
    rng = random.Random(25)
    number = lambda: rng.choice([0, 1, -1, 0.5, 1e9, -1e9, 12345.678, 1e-5]) * rng.uniform(-2, 2)  # noqa: E731
    results_of = {
        "readiness": lambda: {"score": round(rng.uniform(0, 100), 1), "complete": rng.random() < 0.7,
                              "stage": {"id": rng.choice(list(STAGES))}},
        "roi": lambda: {"npv": number() * 1e3, "measured_share": rng.choice([None, rng.random(), 0.0, 1.0])},
        every_kind: lambda: {kind: rng.choice([number(), rng.randint(-10**6, 10**6), None]) for kind in KINDS},
    }
    queries = [
        web.booking_query(name, make(), rng.choice(list(formatting.CURRENCIES)))
        for name, make in results_of.items() for _ in range(200)
    ]
    answers = node(["?" + urlencode(query) for query in queries])["results"]
    for query, (pairs, shown, _) in zip(queries, answers):
        if list(query) == ["calculator"]:  # nothing to state (every headline undefined)
            assert (pairs, shown) == ([], ""), query
        else:
            assert dict(pairs) == query and shown, query
    assert sum(len(query) > 1 for query in queries) > 500  # most results had something to carry
