"""Tests that build variants of the site (tests/conftest.py build_site on a temporary copy):
a malformed campaign entry fails the build naming the entry and the field, a new one becomes a
page (in tests/variants.py's build with the ``url`` booking provider), a bad or moved booking
setting fails the build naming it (a scheduling page configured in extra.booking replacing the
mailto: fallback everywhere, for each provider: tests/test_booking_providers.py), and a misspelt
macro variable fails the build naming the page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.conftest import build_site
from tests.site_text import ROOT, page

# Every test here runs mkdocs build --strict on its own copy of the project.
pytestmark = pytest.mark.site

BAD_ENTRIES = [
    (
        "- slug: fine-one\n  headline: Fine\n  intro: Fine.\n  utm: {utm_source: a, utm_campaign: b}\n"
        "- slug: spring-webinar\n  headline: Spring\n  utm: {utm_source: a, utm_campaign: b}\n",
        "data/campaigns.yml: entry 2 (spring-webinar): field 'intro' is missing or empty",
    ),
    (
        "- slug: Spring Webinar\n  headline: Spring\n  intro: Hello.\n  utm: {utm_source: a, utm_campaign: b}\n",
        "data/campaigns.yml: entry 1 (Spring Webinar): field 'slug' must be lower-case words",
    ),
    (
        "- slug: autumn\n  headline: Autumn\n  intro: Hello.\n  utm: {utm_source: a}\n",
        "data/campaigns.yml: entry 1 (autumn): field 'utm.utm_campaign' is required",
    ),
]


@pytest.mark.parametrize(("entries", "message"), BAD_ENTRIES)
def test_a_malformed_campaign_entry_fails_the_build_naming_entry_and_field(project_copy, tmp_path, entries, message):
    (project_copy / "data" / "campaigns.yml").write_text(entries, encoding="utf-8")
    result = build_site(project_copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert message in output
    assert "Traceback" not in output


def test_a_new_campaign_entry_becomes_a_page(variant_site):
    soup = page(variant_site("url-campaign"), "book-a-diagnostic/spring-webinar/")  # tests/variants.py
    [link] = soup.select("a[data-booking-link]")
    parts = urlsplit(link["href"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "book.example", "/team")
    assert [pair for pair in parse_qsl(parts.query) if pair[0].startswith("utm_")] == [
        ("utm_source", "webinar"), ("utm_campaign", "spring-2026")]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda text: text.replace("  booking:\n", '  booking_url: https://cal.example/x\n  booking:\n', 1),
         "mkdocs.yml: extra.booking_url has moved to extra.booking.url"),
        (lambda text: text.replace("    provider: mailto\n", "    provider: calendly\n", 1),
         "mkdocs.yml: extra.booking.url must be the https:// address of the calendly page (got '')"),
        (lambda text: text.replace("    provider: none\n", "    provider: google\n", 1),
         "mkdocs.yml: extra.analytics.provider must be none, plausible or umami (got 'google')"),
    ],
    ids=["moved-booking-url", "calendly-without-url", "unknown-analytics"],
)
def test_a_bad_booking_or_analytics_setting_fails_the_build_naming_it(project_copy, tmp_path, edit, message):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert edit(text) != text
    config.write_text(edit(text), encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert message in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ diagnostic_minuts }}", "'diagnostic_minuts' is undefined"),
        ("{{ brand.nmae }}", "has no attribute 'nmae'"),
    ],
    ids=["variable", "attribute"],
)
def test_a_misspelt_macro_variable_fails_the_build_naming_the_page(project_copy, tmp_path, text, message):
    """mkdocs.yml's macros run with on_undefined: strict, so the text does not ship as it is."""
    faq = project_copy / "docs" / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8") + f"\nA call takes {text} minutes.\n", encoding="utf-8")
    result = build_site(project_copy / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "_File_: `faq.md`" in output and message in output
    assert not (tmp_path / "site" / "faq" / "index.html").exists()
