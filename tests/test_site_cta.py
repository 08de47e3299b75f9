"""Tests of the booking call to action in the built site (overrides/partials/cta-band.html):
on every page but those that opt out, pointing at the configured booking link, with the
UTM passthrough script loaded."""

from __future__ import annotations

import yaml
from mkdocs.utils.yaml import yaml_load

from macros.booking import site_booking_href
from macros.campaigns import parse_campaigns
from tests.site_text import ROOT, html_pages, normalise, parse, url_of

CONFIG_TEXT = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
# MkDocs' own YAML loader: mkdocs.yml uses its !ENV tag.
EXTRA = yaml_load("extra:" + CONFIG_TEXT.split("\nextra:", 1)[1].split("\nplugins:", 1)[0])["extra"]


def opted_out() -> set[str]:
    """The pages whose front matter says cta: false: the booking page and the campaign pages."""
    campaigns = parse_campaigns(yaml.safe_load((ROOT / "data" / "campaigns.yml").read_text(encoding="utf-8")))
    return {"book-a-diagnostic/"} | {f"book-a-diagnostic/{campaign.slug}/" for campaign in campaigns}


def test_every_content_page_has_the_cta_pointing_at_the_configured_booking_link(built_site):
    expected_href = site_booking_href(EXTRA)
    pages = [path for path in html_pages(built_site) if path.name == "index.html"]
    with_cta, without_cta = [], []
    for path in pages:
        soup = parse(path)
        cta = soup.select_one("aside.cta-band")
        (with_cta if cta else without_cta).append(url_of(built_site, path))
        if cta:
            [link] = cta.select("a[data-booking-link]")
            assert link["href"] == expected_href, url_of(built_site, path)
            assert normalise(link.get_text()) == EXTRA["booking_cta_text"] == "Book a free diagnostic →"
            scripts = [script for script in soup.select("script[src]") if script["src"].endswith("booking-link.js")]
            assert scripts and scripts[0].get("type") == "module", url_of(built_site, path)
    assert set(without_cta) == opted_out()
    for required in ("", "faq/", "blog/", "blog/from-pilot-to-production/", "playbook/", "playbook/checklist/"):
        assert required in with_cta
    assert [url for url in with_cta if url.startswith("playbook/")].__len__() >= 8
    assert [url for url in with_cta if url.startswith("calculators/")], "no calculator page carries the CTA"


def test_the_cta_is_a_plain_link_that_works_without_javascript(built_site):
    cta = parse(built_site / "faq" / "index.html").select_one("aside.cta-band")
    link = cta.select_one("a[data-booking-link]")
    assert link["href"].startswith(("https://", "mailto:"))
    assert not link.get("onclick") and cta.select("script") == []


def test_the_404_page_has_no_cta(built_site):
    assert parse(built_site / "404.html").select_one("aside.cta-band") is None


def test_the_diagnostic_length_is_the_one_setting_wherever_it_is_stated(built_site):
    minutes = EXTRA["diagnostic_minutes"]
    stated = f"{minutes}-minute"
    book = parse(built_site / "book-a-diagnostic" / "index.html")
    assert stated in normalise(book.select_one("h1").get_text())
    assert f"In {minutes} minutes" in normalise(book.get_text())
    home = parse(built_site / "index.html")
    assert stated in normalise(home.select_one("aside.cta-band").get_text())
    assert f"subject=Free%20{minutes}-minute%20diagnostic" in home.select_one("aside.cta-band a")["href"]
    # No source page, partial or data file types a length of its own (the article is the client's).
    typed = []
    sources = [*(ROOT / "docs").rglob("*"), *(ROOT / "overrides").rglob("*"), *(ROOT / "data").rglob("*")]
    for path in [*sources, ROOT / "macros" / "campaigns.py", ROOT / "mkdocs.yml"]:
        if path.is_file() and path.suffix in (".md", ".html", ".yml", ".py") and "blog/posts" not in path.as_posix():
            text = path.read_text(encoding="utf-8")
            if "-minute" in text.replace("{{ diagnostic_minutes }}-minute", "").replace(
                "{{ config.extra.diagnostic_minutes }}-minute", ""
            ).replace("{diagnostic_minutes}-minute", ""):
                typed.append(path.relative_to(ROOT).as_posix())
    assert typed == []


def test_the_cta_band_says_what_mkdocs_yml_says(built_site):
    band = parse(built_site / "faq" / "index.html").select_one("aside.cta-band")
    minutes = str(EXTRA["diagnostic_minutes"])
    assert normalise(band.select_one(".cta-band__title").get_text()) == EXTRA["cta_band"]["title"]
    [text] = [p for p in band.select(".cta-band__text p") if "cta-band__title" not in p.get("class", [])]
    assert normalise(text.get_text()) == normalise(EXTRA["cta_band"]["text"].replace("{diagnostic_minutes}", minutes))
    assert "{" not in band.get_text()


def test_the_404_page_says_what_mkdocs_yml_says_and_links_the_top_level_sections(built_site):
    soup = parse(built_site / "404.html")
    article = soup.select_one("article")
    assert normalise(article.select_one("h1").get_text()) == EXTRA["not_found"]["title"]
    assert EXTRA["not_found"]["text"] in normalise(article.get_text())
    nav = yaml_load(CONFIG_TEXT)["nav"]
    titles = [next(iter(entry)) for entry in nav]
    links = article.select("ul a")
    assert [normalise(a.get_text()) for a in links] == titles
    # MkDocs writes the 404 page's links from site_url's path, so they work at any depth
    assert [a["href"] for a in links][1:] == ["/blog/", "/faq/", "/playbook/", "/calculators/", "/book-a-diagnostic/"]
