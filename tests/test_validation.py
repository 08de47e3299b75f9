"""Tests for calculators/validation.py: reading untrusted JSON into values, with errors by JSON path."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators.validation import FieldError, Invalid, Reader, describe, fmt, join
from tests.strategies import json_values


def read(method: str, obj: dict, key: str, **options):
    reader = Reader()
    value = getattr(reader, method)(obj, key, **options)
    return value, [(e.field, e.message) for e in reader.errors]


# --- Paths and descriptions ---------------------------------------------------------------------


def test_join_builds_json_paths():
    assert join("", "metrics") == "metrics"
    assert join("metrics", 0) == "metrics[0]"
    assert join("metrics[0]", "baseline") == "metrics[0].baseline"
    assert join("metrics[0].control", "outcome") == "metrics[0].control.outcome"


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "nothing"), (True, "true"), (False, "false"), (3, "3"), (0.5, "0.5"), ("secret", "text"),
     ([1], "a list"), ({"a": 1}, "an object"), (float("nan"), "nan"), (10**40, "100000000000000000000...")],
)  # fmt: skip
def test_describe_is_short_and_never_echoes_text(value, text):
    assert describe(value) == text


@given(json_values())
def test_describe_is_always_short(value):
    assert len(describe(value)) <= 24


def test_fmt_writes_bounds_as_people_do():
    assert [fmt(0.5), fmt(10), fmt(1000000), fmt(1e20)] == ["0.5", "10", "1000000", "1e+20"]


# --- Numbers ------------------------------------------------------------------------------------


def test_number_in_range_is_a_float():
    assert read("number", {"r": 1}, "r", minimum=0, maximum=2) == (1.0, [])
    assert isinstance(read("number", {"r": 1}, "r", minimum=0, maximum=2)[0], float)


@pytest.mark.parametrize(
    ("value", "message"),
    [(0.7, "Must be between 0 and 0.5; got 0.7."), (-1, "Must be between 0 and 0.5; got -1."),
     (True, "Must be a number; got true."), ("0.2", "Must be a number; got text."),
     (float("nan"), "Must be a finite number; got nan."), (float("inf"), "Must be a finite number; got inf."),
     ([0.1], "Must be a number; got a list.")],
)  # fmt: skip
def test_number_errors_name_the_field(value, message):
    assert read("number", {"rate": value}, "rate", minimum=0, maximum=0.5) == (None, [("rate", message)])


def test_number_bounds_are_inclusive():
    assert read("number", {"r": 0}, "r", minimum=0, maximum=0.5)[0] == 0.0
    assert read("number", {"r": 0.5}, "r", minimum=0, maximum=0.5)[0] == 0.5


def test_missing_and_null_use_the_default_or_are_required():
    assert read("number", {}, "r", minimum=0, maximum=1, default=0.1) == (0.1, [])
    assert read("number", {"r": None}, "r", minimum=0, maximum=1, default=0.1) == (0.1, [])
    assert read("number", {}, "r", path="metrics[2]", minimum=0, maximum=1) == (None, [("metrics[2].r", "Required.")])


def test_integers():
    assert read("number", {"n": 3}, "n", minimum=1, maximum=10, integer=True) == (3, [])
    assert read("number", {"n": 3.0}, "n", minimum=1, maximum=10, integer=True) == (3, [])
    assert read("number", {"n": 3.5}, "n", minimum=1, maximum=10, integer=True) == (
        None,
        [("n", "Must be a whole number; got 3.5.")],
    )


def test_huge_integers_are_refused_not_overflowed():
    value, errors = read("number", {"n": 10**400}, "n", minimum=0, maximum=1e12)
    assert value is None and errors[0][1].startswith("Must be between 0 and 1000000000000; got 1000")


@given(json_values())
def test_number_never_raises_and_returns_only_finite_in_range(value):
    result, errors = read("number", {"x": value}, "x", minimum=-5, maximum=5)
    assert (result is None) == bool(errors) or value is None
    if result is not None:
        assert math.isfinite(result) and -5 <= result <= 5


# --- Text, choices, booleans, lists, objects ----------------------------------------------------


def test_string():
    assert read("string", {"name": "Cost per case"}, "name") == ("Cost per case", [])
    assert read("string", {"name": 3}, "name") == (None, [("name", "Must be text; got 3.")])
    assert read("string", {"name": "x" * 5}, "name", max_length=4) == (
        None,
        [("name", "Must be at most 4 characters; got 5.")],
    )


def test_choice():
    options = ("lower_is_better", "higher_is_better")
    assert read("choice", {"d": "higher_is_better"}, "d", options=options) == ("higher_is_better", [])
    assert read("choice", {"d": "up"}, "d", options=options) == (
        None,
        [("d", "Must be one of lower_is_better, higher_is_better.")],
    )
    assert read("choice", {}, "d", options=options, default="lower_is_better") == ("lower_is_better", [])


def test_boolean_is_strict():
    assert read("boolean", {"s": True}, "s") == (True, [])
    assert read("boolean", {"s": 1}, "s") == (None, [("s", "Must be true or false; got 1.")])


def test_items():
    assert read("items", {"xs": [1, 2]}, "xs", max_items=3) == ([1, 2], [])
    assert read("items", {"xs": [1] * 4}, "xs", max_items=3) == (
        None,
        [("xs", "Must have between 0 and 3 entries; got 4.")],
    )
    assert read("items", {"xs": []}, "xs", min_items=1, max_items=3)[1] == [
        ("xs", "Must have between 1 and 3 entries; got 0.")
    ]
    assert read("items", {"xs": {}}, "xs", max_items=3) == (None, [("xs", "Must be a list; got an object.")])


def test_object_reports_unknown_keys_and_non_objects():
    reader = Reader()
    assert reader.object({"a": 1, "typo": 2, "k" * 50: 3, "": 4}, "metrics[0]", allowed=("a",)) is not None
    assert reader.object([1], "control") is None
    assert reader.object(None, "") is None
    assert [(e.field, e.message) for e in reader.errors] == [
        ("metrics[0].typo", "Unknown field."),
        ("metrics[0].(a long key)", "Unknown field."),
        ("metrics[0].(an empty key)", "Unknown field."),
        ("control", "Must be an object; got a list."),
        ("payload", "Must be an object; got nothing."),
    ]


# --- Collecting errors --------------------------------------------------------------------------


def test_check_is_silent_until_an_error_and_then_raises_every_error_at_once():
    reader = Reader()
    assert reader.number({"ok": 0.5}, "ok", minimum=0, maximum=1) == 0.5
    assert reader.check() is None and reader.errors == []  # a valid read leaves nothing to raise
    reader.number({"a": -1}, "a", minimum=0, maximum=1)
    reader.string({}, "b")
    with pytest.raises(Invalid) as caught:
        reader.check()
    assert caught.value.errors == [
        FieldError("a", "Must be between 0 and 1; got -1."),
        FieldError("b", "Required."),
    ]
    assert str(caught.value) == "a: Must be between 0 and 1; got -1.; b: Required."
    assert caught.value.errors[1].to_json() == {"field": "b", "message": "Required."}


@given(st.dictionaries(st.text(max_size=10), json_values(10), max_size=5))
def test_reader_methods_never_raise(obj):
    reader = Reader()
    for key in list(obj)[:3]:
        reader.number(obj, key, minimum=0, maximum=1)
        reader.string(obj, key)
        reader.choice(obj, key, ("a", "b"))
        reader.boolean(obj, key)
        reader.items(obj, key, max_items=3)
        reader.object(obj[key], key, allowed=("a",))
    assert all(isinstance(e.message, str) and e.message for e in reader.errors)
