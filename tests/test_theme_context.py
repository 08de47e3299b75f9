"""Tests for hooks/theme_context.py: the booking filter, the JSON-LD objects and the Open Graph type
the theme overrides receive from Python (its plain functions; the built pages are checked in
tests/test_structured_data.py and tests/test_site_cta.py)."""

from __future__ import annotations

import importlib.util

import yaml

from macros.booking import site_booking_href
from macros.structured_data import blog_posting, faq_page
from tests.site_text import ROOT

SPEC = importlib.util.spec_from_file_location("theme_context", ROOT / "hooks" / "theme_context.py")
theme_context = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(theme_context)

EXTRA = {"booking_url": "", "booking_email": "a@b.c", "booking_email_subject": "Free {diagnostic_minutes}",
         "diagnostic_minutes": 20}  # fmt: skip
POST = {"headline": "H", "description": "D", "url": "https://x.example/p/", "date_published": "2026-06-27",
        "author": "A", "publisher": "P", "section": "S"}  # fmt: skip


def test_the_booking_filter_builds_the_same_link_as_the_macro():
    assert theme_context.booking_href_filter(EXTRA) == site_booking_href(EXTRA) == "mailto:a@b.c?subject=Free%2020"
    utm = {"utm_source": "news"}
    assert theme_context.booking_href_filter(dict(EXTRA, booking_url="https://cal.example/x"), utm) == (
        "https://cal.example/x?utm_source=news"
    )


def test_the_filter_is_registered_on_the_jinja_environment():
    class Env:
        filters: dict = {}

    env = theme_context.on_env(Env(), None, None)
    assert env.filters["booking_href"] is theme_context.booking_href_filter


def test_the_offer_text_filter_fills_in_the_configured_length():
    class Env:
        filters: dict = {}

    class Config:
        extra = EXTRA

    env = theme_context.on_env(Env(), Config(), None)
    assert env.filters["offer_text"]("A {diagnostic_minutes}-minute call") == "A 20-minute call"


def test_a_faq_page_gets_faqpage_from_the_data_and_other_pages_nothing():
    entries = [{"id": "q", "question": "Why?", "answer": "Because."}]
    assert theme_context.json_ld_objects({"json_ld": "faq"}, lambda: entries, None) == [faq_page(entries)]
    loaded = []
    assert theme_context.json_ld_objects({"title": "x"}, lambda: loaded.append(1), None) == []
    assert loaded == []  # the FAQ file is read only for the page that needs it


def test_a_blog_post_gets_blogposting_and_the_article_type():
    assert theme_context.json_ld_objects({}, list, POST) == [blog_posting(**POST)]
    assert theme_context.og_type(True) == "article"
    assert theme_context.og_type(False) == "website"


def test_faq_data_reads_the_projects_data_file():
    expected = yaml.safe_load((ROOT / "data" / "faq.yml").read_text(encoding="utf-8"))
    assert theme_context.faq_data(str(ROOT / "mkdocs.yml")) == expected
