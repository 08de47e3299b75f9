"""Tests for macros/faq.py: the FAQ data check and its Markdown."""

import doctest

import markdown
import pytest
import yaml

import macros.faq
from macros.faq import escape_markdown, faq_entries, faq_markdown
from tests.site_text import ROOT

ENTRY = {"id": "why", "question": "Why?", "answer": "Because."}


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "toc"])


def test_the_data_file_is_valid_and_has_the_articles_four_questions():
    entries = faq_entries(yaml.safe_load((ROOT / "data" / "faq.yml").read_text(encoding="utf-8")))
    assert [entry["question"] for entry in entries] == [
        "What is pilot purgatory in AI?",
        "Why do AI pilots fail to reach production?",
        "How do you scale AI successfully?",
        "How do you measure AI impact at scale?",
    ]


def test_each_question_becomes_a_heading_with_its_stable_anchor():
    html = render(faq_markdown([ENTRY, {"id": "how", "question": "How?", "answer": "So."}], 3))
    assert '<h3 id="why">Why?</h3>' in html
    assert '<h3 id="how">How?</h3>' in html
    assert "<p>Because.</p>" in html


def test_markdown_characters_in_the_text_render_as_themselves():
    entry = {"id": "x", "question": "Is *this* [it]?", "answer": "Use <b> and _under_ # sign"}
    html = render(faq_markdown([entry]))
    assert "Is *this* [it]?" in html
    assert "Use &lt;b&gt; and _under_ # sign" in html


def test_escape_markdown_collapses_whitespace():
    assert escape_markdown("a\n  b") == "a b"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "non-empty list"),
        ([{"id": "a", "question": "Q"}], r"entry 1 \(a\): field 'answer' is missing"),
        ([ENTRY, {"id": "Not OK", "question": "Q", "answer": "A"}], r"entry 2 \(Not OK\): field 'id'"),
        ([ENTRY, ENTRY], r"entry 2 \(why\): field 'id' repeats"),
        (["text"], "entry 1"),
    ],
)
def test_bad_entries_are_named(entries, message):
    with pytest.raises(ValueError, match=message):
        faq_entries(entries)


def test_heading_level_out_of_range_is_refused():
    with pytest.raises(ValueError, match="heading_level"):
        faq_markdown([ENTRY], 7)


def test_doctests():
    assert doctest.testmod(macros.faq).failed == 0
