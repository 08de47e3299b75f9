"""Tests of the built site's content (tests/conftest.py builds it with mkdocs build --strict):
the client's article in full, the FAQ and its JSON-LD, the playbook step pages, the home page's
figures, the campaign pages, and the feed, robots.txt, sitemap and meta tags."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.campaigns import parse_campaigns
from tests.site_text import CLIENT_ARTICLE, ROOT, content_text, html_pages, normalise, page, parse, url_of

ARTICLE = "blog/from-pilot-to-production/"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
# The article's header lines that are the site's chrome, rendered as markup and metadata.
CHROME = ["Wysegen", "← Back to blog", "Automation & AI", "27 June 2026·9 min read"]
PLAYBOOK_STEPS = [
    "design-for-production",
    "harden-the-data",
    "redesign-the-workflow",
    "build-governance-in",
    "measure-against-a-baseline",
    "scale-narrow-before-wide",
]


def load(name: str):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def article_lines() -> list[str]:
    lines = [normalise(line) for line in CLIENT_ARTICLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and line not in CHROME]


def json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]


def section(soup: BeautifulSoup, heading_id: str) -> BeautifulSoup:
    """The elements after the heading with ``heading_id``, up to the next heading of its level."""
    heading = soup.find(id=heading_id)
    assert heading is not None and heading.name in ("h2", "h3"), f"no heading with id {heading_id!r}"
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h1", heading.name) or (heading.name == "h3" and sibling.name == "h2"):
            break
        parts.append(str(sibling))
    return BeautifulSoup("".join(parts), "html.parser")


def visible_faq(soup: BeautifulSoup, level: str) -> list[tuple[str, str]]:
    ids = [entry["id"] for entry in load("faq.yml")]
    pairs = []
    for heading_id in ids:
        heading = soup.find(level, id=heading_id)
        assert heading is not None, f"no <{level} id={heading_id}>"
        heading = BeautifulSoup(str(heading), "html.parser")
        for link in heading.select("a.headerlink"):
            link.decompose()
        answer = soup.find(level, id=heading_id).find_next_sibling("p")
        pairs.append((normalise(heading.get_text(" ")), normalise(answer.get_text(" "))))
    return pairs


# The article

def test_the_article_text_is_present_in_full_and_in_order(built_site):
    text = content_text(page(built_site, ARTICLE))
    position = 0
    for line in article_lines():
        found = text.find(line, position)
        assert found >= 0, f"article text missing or out of order: {line[:80]!r}"
        position = found + len(line)


def test_the_article_header_lines_are_metadata_not_body_text(built_site):
    soup = page(built_site, ARTICLE)
    body = content_text(soup)
    assert "9 min read" not in body and "·" not in body
    assert normalise(soup.select_one("time").get_text()) == "27 June 2026"
    assert soup.select_one("time")["datetime"].startswith("2026-06-27")
    categories = [normalise(link.get_text()) for link in soup.select(".md-post__meta a[href*='category']")]
    assert categories == ["Automation & AI"]
    # The client's reading time, from the header line of their copy, not the blog plugin's estimate.
    stated = re.search(r"·(\d+) min read", "\n".join(CLIENT_ARTICLE.read_text(encoding="utf-8").splitlines()[:10])).group(1)
    assert f"{stated} min read" in normalise(soup.select_one(".md-post__meta").get_text(" "))
    assert normalise(soup.select_one(".md-post__profile strong").get_text()) == "Wysegen"
    back_links = [a for a in soup.select("article a") if normalise(a.get_text()) == "← Back to blog"]
    assert back_links and back_links[0]["href"] == "../"


def test_the_article_cites_its_figures_from_the_data_file(built_site):
    soup = page(built_site, ARTICLE)
    footnotes = normalise(soup.select_one(".footnote").get_text(" "))
    for figure in load("figures.yml"):
        assert figure["source"] in footnotes and figure["publisher"] in footnotes
    assert len(soup.select("sup[id^='fnref']")) >= 2


def test_the_articles_booking_line_links_to_the_booking_page(built_site):
    soup = page(built_site, ARTICLE)
    buttons = [a for a in soup.select("article a.md-button") if normalise(a.get_text()) == "Book a free diagnostic →"]
    assert [a["href"] for a in buttons] == ["../../book-a-diagnostic/"]


def test_the_blog_index_shows_the_articles_excerpt_and_links_to_it(built_site):
    soup = page(built_site, "blog/")
    posts = soup.select("article.md-post--excerpt")
    assert len(posts) == 1
    text = normalise(posts[0].get_text(" "))
    assert "Most AI never leaves the pilot." in text
    assert "Why does AI get stuck in pilot purgatory?" not in text  # only the excerpt
    assert posts[0].select_one("a[href='from-pilot-to-production/']") is not None


def test_the_article_carries_blog_posting_json_ld(built_site):
    [posting] = json_ld(page(built_site, ARTICLE))
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "From Pilot to Production: How to Scale AI and Prove Its Impact"
    assert posting["datePublished"] == "2026-06-27"
    assert posting["url"] == SITE_URL + ARTICLE
    assert posting["articleSection"] == "Automation & AI"


# The FAQ

def test_the_faq_json_ld_parses_and_equals_the_visible_questions_and_answers(built_site):
    soup = page(built_site, "faq/")
    [faq_page] = json_ld(soup)
    assert faq_page["@type"] == "FAQPage"
    structured = [(q["name"], q["acceptedAnswer"]["text"]) for q in faq_page["mainEntity"]]
    assert structured == visible_faq(soup, "h2")
    assert len(structured) == 4


def test_the_faq_is_the_articles_faq_word_for_word(built_site):
    expected = [(normalise(e["question"]), normalise(e["answer"])) for e in load("faq.yml")]
    assert visible_faq(page(built_site, "faq/"), "h2") == expected
    assert visible_faq(page(built_site, ARTICLE), "h3") == expected
    client_article = normalise(CLIENT_ARTICLE.read_text(encoding="utf-8"))
    assert all(question in client_article and answer in client_article for question, answer in expected)


def test_each_faq_question_has_a_stable_linkable_anchor(built_site):
    soup = page(built_site, "faq/")
    for entry in load("faq.yml"):
        heading = soup.find("h2", id=entry["id"])
        assert heading.select_one(f"a.headerlink[href='#{entry['id']}']") is not None


# The playbook

@pytest.mark.parametrize("step", PLAYBOOK_STEPS)
def test_every_playbook_step_has_a_checklist_exit_criteria_and_an_artefact(built_site, step):
    soup = page(built_site, f"playbook/{step}/")
    checklist = section(soup, "checklist")
    assert len(checklist.select("li")) >= 3 and checklist.select("input[type=checkbox]")
    assert len(section(soup, "exit-criteria").select("li")) >= 2
    artefact = section(soup, "artefact")
    assert artefact.select("pre, table"), f"{step}: the artefact has no template (code block or table)"


def test_build_governance_in_has_the_ownership_anchor(built_site):
    assert page(built_site, "playbook/build-governance-in/").find(id="ownership") is not None


# The home page

def test_the_home_page_shows_the_headline_figures_with_their_sources(built_site):
    soup = page(built_site, "")
    for figure in load("figures.yml"):
        card = soup.find(id=f"figure-{figure['key']}")
        assert card is not None, figure["key"]
        text = normalise(card.get_text(" "))
        assert figure["value"] in text and figure["source"] in text and figure["published"] in text
        assert card.select_one("figcaption a")["href"] == figure["url"]


def test_the_home_page_links_to_article_playbook_calculators_and_diagnostic(built_site):
    hrefs = {a["href"] for a in page(built_site, "").select("article a[href]")}
    for target in (ARTICLE, "playbook/", "calculators/", "book-a-diagnostic/"):
        assert any(href.startswith(target) for href in hrefs), target


def test_the_booking_page_has_the_button_and_no_footer_cta(built_site):
    soup = page(built_site, "book-a-diagnostic/")
    assert soup.select("article a[data-booking-link]")
    assert soup.select_one(".cta-band") is None
    text = content_text(soup)
    for heading in ("What we cover", "Who it is for", "What you get"):
        assert heading in text


# Campaign pages

def test_each_campaign_entry_has_its_generated_page_with_default_utm_values(built_site):
    campaigns = parse_campaigns(load("campaigns.yml"))
    assert campaigns
    for campaign in campaigns:
        path = built_site / "book-a-diagnostic" / campaign.slug / "index.html"
        assert path.exists(), f"no page for campaign {campaign.slug}"
        soup = page(built_site, f"book-a-diagnostic/{campaign.slug}/")
        assert normalise(soup.select_one("article h1").get_text()).rstrip("¶") == campaign.headline
        assert normalise(campaign.intro) in content_text(soup)
        [link] = soup.select("a[data-booking-link]")
        for key, value in campaign.utm.items():
            assert f"{key}%3D{value}" in link["href"] or f"{key}={value}" in link["href"]
    assert not (ROOT / "docs" / "book-a-diagnostic" / f"{campaigns[0].slug}.md").exists()


# Feed, robots.txt, sitemap, meta tags

def test_the_rss_feed_lists_the_article(built_site):
    channel = ElementTree.parse(built_site / "feed.xml").getroot().find("channel")
    [item] = channel.findall("item")
    assert item.findtext("title") == "From Pilot to Production: How to Scale AI and Prove Its Impact"
    assert item.findtext("link") == SITE_URL + ARTICLE
    assert item.findtext("pubDate").startswith("Sat, 27 Jun 2026")
    assert item.findtext("category") == "Automation & AI"


def test_robots_txt_points_at_the_sitemap_which_lists_the_pages(built_site):
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (built_site / "robots.txt").read_text(encoding="utf-8")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [node.text for node in ElementTree.parse(built_site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    for path in ("", ARTICLE, "faq/", "playbook/", "book-a-diagnostic/"):
        assert SITE_URL + path in urls


@pytest.mark.parametrize("path", ["", ARTICLE, "faq/", "blog/", "playbook/", "book-a-diagnostic/", "book-a-diagnostic/pilot-purgatory/"])
def test_pages_have_canonical_description_open_graph_and_twitter_tags(built_site, path):
    soup = page(built_site, path)
    assert soup.select_one("link[rel=canonical]")["href"] == SITE_URL + path
    description = soup.select_one("meta[name=description]")["content"]
    assert len(description) > 40
    assert soup.select_one("meta[property='og:url']")["content"] == SITE_URL + path
    assert soup.select_one("meta[property='og:description']")["content"] == description
    assert soup.select_one("meta[property='og:title']")["content"]
    assert soup.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    assert soup.select_one("meta[property='og:image']")["content"].startswith(SITE_URL)
    assert soup.select_one("link[rel=alternate][type='application/rss+xml']") is not None


def test_the_404_page_exists_and_links_home(built_site):
    soup = BeautifulSoup((built_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert "Page not found" in soup.get_text()
    # served at any missing address, however deep, its first link leads to the home page
    for missing in ("nothing", "a/b/c/nothing/"):
        assert urljoin(SITE_URL + missing, soup.select_one("article a")["href"]) == SITE_URL


def test_every_page_has_a_canonical_url_and_a_meta_description(built_site):
    missing = []
    for path in html_pages(built_site):
        if path.name == "404.html":
            continue
        soup = parse(path)
        canonical = soup.select_one("link[rel=canonical]")
        if canonical is None or canonical["href"] != SITE_URL + url_of(built_site, path):
            missing.append(f"{url_of(built_site, path)}: canonical")
        if not (soup.select_one("meta[name=description]") or {}).get("content"):
            missing.append(f"{url_of(built_site, path)}: description")
        if soup.select_one("meta[property='og:title']") is None:
            missing.append(f"{url_of(built_site, path)}: og:title")
    assert missing == []
