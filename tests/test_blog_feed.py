"""Tests for hooks/blog_feed.py: the RSS 2.0 document built from the posts."""

from datetime import datetime, timezone
from xml.etree import ElementTree

from hooks.blog_feed import rss_feed

CHANNEL = {"title": "Blog", "link": "https://x/blog/", "description": "D", "feed_url": "https://x/feed.xml"}


def item(title, day):
    return {
        "title": title,
        "link": f"https://x/blog/{title.lower()}/",
        "description": f"About {title} & more",
        "published": datetime(2026, 6, day, tzinfo=timezone.utc),
        "categories": ["Automation & AI"],
    }


def test_feed_parses_and_lists_items_newest_first():
    root = ElementTree.fromstring(rss_feed(CHANNEL, [item("Old", 1), item("New", 27)]).encode())
    assert root.tag == "rss" and root.get("version") == "2.0"
    titles = [node.text for node in root.iter("title")]
    assert titles == ["Blog", "New", "Old"]
    first = root.find("channel/item")
    assert first.findtext("pubDate") == "Sat, 27 Jun 2026 00:00:00 +0000"
    assert first.findtext("guid") == first.findtext("link") == "https://x/blog/new/"
    assert first.findtext("description") == "About New & more"
    assert first.findtext("category") == "Automation & AI"
    assert root.findtext("channel/lastBuildDate") == "Sat, 27 Jun 2026 00:00:00 +0000"


def test_feed_links_to_itself():
    root = ElementTree.fromstring(rss_feed(CHANNEL, []).encode())
    self_link = root.find("channel/{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "https://x/feed.xml" and self_link.get("rel") == "self"
    assert root.find("channel/item") is None
