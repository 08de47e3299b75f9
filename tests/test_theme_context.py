"""Tests for hooks/theme_context.py: the booking and analytics filters, the check of
``extra.booking`` and ``extra.analytics`` when the configuration loads, the analytics forwarder
left out while analytics is off, the JSON-LD objects and the Open Graph type the theme overrides
receive from Python (its plain functions; the built pages are checked in
tests/test_structured_data.py, tests/test_site_cta.py and tests/test_booking_providers.py)."""

from __future__ import annotations

import importlib.util

import pytest
import yaml
from mkdocs.exceptions import PluginError

from macros.booking import site_booking_href
from macros.structured_data import blog_posting, faq_page
from tests.site_text import ROOT

SPEC = importlib.util.spec_from_file_location("theme_context", ROOT / "hooks" / "theme_context.py")
theme_context = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(theme_context)

EXTRA = {"booking": {"provider": "mailto", "email": "a@b.c", "email_subject": "Free {diagnostic_minutes}"},
         "diagnostic_minutes": 20}  # fmt: skip
PLAUSIBLE = {"provider": "plausible", "script": "https://plausible.io/js/script.js", "site_id": "example.org"}
POST = {"headline": "H", "description": "D", "url": "https://x.example/p/", "date_published": "2026-06-27",
        "author": "A", "publisher": "P", "section": "S"}  # fmt: skip


def test_the_booking_filter_builds_the_same_link_as_the_macro():
    assert theme_context.booking_href_filter(EXTRA) == site_booking_href(EXTRA) == "mailto:a@b.c?subject=Free%2020"
    utm = {"utm_source": "news"}
    scheduling = dict(EXTRA, booking={"provider": "url", "url": "https://cal.example/x"})
    assert theme_context.booking_href_filter(scheduling, utm) == "https://cal.example/x?utm_source=news"


def test_the_filter_is_registered_on_the_jinja_environment():
    class Env:
        filters: dict = {}

    env = theme_context.on_env(Env(), None, None)
    assert env.filters["booking_href"] is theme_context.booking_href_filter
    assert env.filters["analytics_tags"] is theme_context.analytics_tags_filter
    calendly = dict(EXTRA, booking={"provider": "calendly", "url": "https://calendly.com/team/intro"})
    assert env.filters["booking_prefill"](calendly) == ' data-booking-prefill="{&quot;text&quot;: &quot;a1&quot;}"'
    assert env.filters["booking_prefill"](EXTRA) == ""


def test_the_analytics_filter_writes_nothing_while_off_and_the_provider_script_when_on():
    assert theme_context.analytics_tags_filter(EXTRA, "../assets/javascripts/analytics.js") == ""
    assert theme_context.analytics_tags_filter(dict(EXTRA, analytics={"provider": "none"}), "x.js") == ""
    tags = theme_context.analytics_tags_filter(dict(EXTRA, analytics=PLAUSIBLE), "../assets/javascripts/analytics.js")
    assert tags == (
        '<script defer src="https://plausible.io/js/script.js" data-domain="example.org" '
        'data-analytics-provider="plausible"></script>\n'
        '<script type="module" src="../assets/javascripts/analytics.js"></script>'
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (dict(EXTRA, booking={"provider": "calendly", "url": "https://cal.com/x"}), "extra.booking.url must be a calendly.com address"),
        (dict(EXTRA, booking_url=""), "extra.booking_url has moved to extra.booking.url"),
        (dict(EXTRA, analytics={"provider": "google"}), "extra.analytics.provider must be none, plausible or umami"),
        (dict(EXTRA, analytics=dict(PLAUSIBLE, script="http://plausible.io/js/script.js")), "extra.analytics.script must be an https://"),
    ],
)
def test_a_bad_booking_or_analytics_setting_stops_the_build_naming_the_field(extra, message):
    class Config:
        pass

    config = Config()
    config.extra = extra
    with pytest.raises(PluginError, match=message.replace(".", r"\.")):
        theme_context.on_config(config)


def test_the_forwarder_is_left_out_of_the_site_while_analytics_is_off():
    from mkdocs.structure.files import File, Files

    class Config:
        extra = EXTRA

    def files():
        return Files([File(theme_context.FORWARDER, "/docs", "/site", False), File("index.md", "/docs", "/site", False)])

    kept = theme_context.on_files(files(), Config())
    assert [f.src_uri for f in kept] == ["index.md"]
    Config.extra = dict(EXTRA, analytics=PLAUSIBLE)
    kept = theme_context.on_files(files(), Config())
    assert [f.src_uri for f in kept] == [theme_context.FORWARDER, "index.md"]


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
