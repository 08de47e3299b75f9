"""Tests for calculators.web.markup: escape matches the standard library's html.escape, the reference."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from calculators.web import markup


@given(st.text())
def test_escape_is_html_escape_with_quotes(text):
    assert markup.escape(text) == html.escape(text, quote=True)


def test_escape_replaces_the_five_special_characters_only():
    assert markup.escape("&<>\"'é€\u2212") == "&amp;&lt;&gt;&quot;&#x27;é€\u2212"


def test_escape_does_not_unescape_or_double_escape_within_one_call():
    assert markup.escape("&amp;") == "&amp;amp;"
    assert html.unescape(markup.escape("a & b < c")) == "a & b < c"
