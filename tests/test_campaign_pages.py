"""Tests for hooks/campaign_pages.py: reading data/campaigns.yml into pages at build time
(read_campaigns, check_no_clash, on_files). The entry checks themselves are tested in
tests/test_campaigns.py, and the generated pages in the built site in tests/test_site_cta.py."""

from __future__ import annotations

import importlib.util

import pytest
import yaml
from mkdocs.exceptions import PluginError

from macros.campaigns import campaign_markdown, parse_campaigns
from tests.site_text import ROOT

SPEC = importlib.util.spec_from_file_location("campaign_pages", ROOT / "hooks" / "campaign_pages.py")
campaign_pages = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(campaign_pages)

GOOD = """
- slug: spring-webinar
  headline: After the webinar
  intro: Bring one stalled pilot.
  utm: {utm_source: webinar, utm_campaign: spring}
"""


def write(tmp_path, text: str):
    path = tmp_path / "campaigns.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_its_campaigns(tmp_path):
    [campaign] = campaign_pages.read_campaigns(write(tmp_path, GOOD))
    assert campaign.slug == "spring-webinar" and campaign.src_uri_beside("book-a-diagnostic/index.md") == "book-a-diagnostic/spring-webinar.md"


def test_a_missing_file_gives_no_campaigns(tmp_path):
    assert campaign_pages.read_campaigns(tmp_path / "nothing.yml") == []


def test_bad_yaml_names_the_file(tmp_path):
    with pytest.raises(PluginError, match=r"data/campaigns\.yml: not valid YAML"):
        campaign_pages.read_campaigns(write(tmp_path, "- slug: [unclosed\n"))


def test_a_malformed_entry_names_the_entry_and_field(tmp_path):
    with pytest.raises(PluginError, match=r"entry 1 \(spring-webinar\): field 'headline'"):
        campaign_pages.read_campaigns(write(tmp_path, GOOD.replace("headline: After the webinar", "headline: ''")))


def test_a_slug_that_would_replace_a_docs_page_is_refused(tmp_path):
    campaigns = campaign_pages.read_campaigns(write(tmp_path, GOOD))
    campaign_pages.check_no_clash(campaigns, "book-a-diagnostic/index.md", lambda src_uri: False)
    with pytest.raises(PluginError, match="campaign 'spring-webinar': field 'slug' clashes with docs/"):
        campaign_pages.check_no_clash(
            campaigns, "book-a-diagnostic/index.md", lambda src_uri: src_uri == "book-a-diagnostic/spring-webinar.md"
        )


def shipped_config():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = None  # what MkDocs sets while it runs an event
    return config


def booking_page_file(config):
    """The configured booking page (extra.booking_page), as the docs/ file it must be."""
    from mkdocs.structure.files import File

    return File.generated(config, config.extra["booking_page"], content="# Book")


def test_on_files_adds_one_generated_page_per_shipped_entry_beside_the_booking_page():
    from mkdocs.structure.files import Files

    config = shipped_config()
    booking = booking_page_file(config)
    files = [f for f in campaign_pages.on_files(Files([booking]), config) if f is not booking]
    expected = parse_campaigns(yaml.safe_load((ROOT / "data" / "campaigns.yml").read_text(encoding="utf-8")))
    assert expected
    booking_page = config.extra["booking_page"]
    assert [f.src_uri for f in files] == [c.src_uri_beside(booking_page) for c in expected]
    assert [f.content_string for f in files] == [campaign_markdown(c, booking_page) for c in expected]
    assert not any(f.abs_src_path for f in files)  # generated in memory, nothing on disk


def test_on_files_refuses_a_booking_page_that_is_not_in_docs():
    from mkdocs.structure.files import Files

    with pytest.raises(PluginError, match="extra.booking_page must name the booking page"):
        campaign_pages.on_files(Files([]), shipped_config())
    with pytest.raises(PluginError, match="extra.booking_page"):
        campaign_pages.check_booking_page(None, lambda src_uri: True)


def test_campaign_pages_follow_the_booking_page_to_another_folder():
    [campaign] = parse_campaigns(yaml.safe_load(GOOD))
    assert campaign.src_uri_beside("start/here.md") == "start/spring-webinar.md"
    assert "](here.md)" in campaign_markdown(campaign, "start/here.md")


def test_on_files_refuses_a_campaign_that_clashes_with_a_docs_page():
    from mkdocs.structure.files import File, Files

    config = shipped_config()
    [first, *_] = parse_campaigns(yaml.safe_load((ROOT / "data" / "campaigns.yml").read_text(encoding="utf-8")))
    existing = File.generated(config, first.src_uri_beside(config.extra["booking_page"]), content="# by hand")
    with pytest.raises(PluginError, match=f"campaign '{first.slug}': field 'slug' clashes"):
        campaign_pages.on_files(Files([booking_page_file(config), existing]), config)
