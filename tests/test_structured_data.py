"""Tests for macros/structured_data.py: the schema.org FAQPage and BlogPosting objects."""

import doctest
import json

import pytest

import macros.structured_data
from macros.structured_data import blog_posting, faq_page

ENTRIES = [
    {"id": "a", "question": "What  is it?", "answer": "A thing\nthat works."},
    {"id": "b", "question": "Why?", "answer": "Because."},
]


def test_faq_page_has_one_question_per_entry_with_its_answer_text():
    page = faq_page(ENTRIES)
    assert page["@context"] == "https://schema.org" and page["@type"] == "FAQPage"
    assert [(q["@type"], q["name"], q["acceptedAnswer"]["text"]) for q in page["mainEntity"]] == [
        ("Question", "What is it?", "A thing that works."),
        ("Question", "Why?", "Because."),
    ]
    json.dumps(page)


def test_faq_page_refuses_bad_data():
    with pytest.raises(ValueError, match="field 'answer'"):
        faq_page([{"id": "a", "question": "Q"}])


def test_blog_posting_fields():
    posting = blog_posting(
        headline="H", description="D", url="https://x/p/", date_published="2026-06-27",
        author="Ann", publisher="Wysegen", section="Automation & AI",
    )
    assert posting["@type"] == "BlogPosting"
    assert posting["mainEntityOfPage"] == posting["url"] == "https://x/p/"
    assert posting["author"] == {"@type": "Person", "name": "Ann"}
    assert posting["publisher"] == {"@type": "Organization", "name": "Wysegen"}
    assert posting["articleSection"] == "Automation & AI"
    assert "wordCount" not in posting


def test_an_author_who_is_the_publisher_is_an_organization():
    posting = blog_posting(headline="H", description="D", url="u", date_published="d", author="W", publisher="W")
    assert posting["author"]["@type"] == "Organization"


def test_doctests():
    assert doctest.testmod(macros.structured_data).failed == 0
