"""MkDocs hook: the blog's RSS 2.0 feed, written to feed.xml at the site root.

Built from the posts' own metadata (title, date, description, categories), offline, with the
standard library; no plugin and no network. ``rss_feed`` is a plain function (tested in
tests/test_blog_feed.py); the MkDocs events only collect the posts and write the file.
"""

from __future__ import annotations

import html
from datetime import timezone
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree

from material.plugins.blog.structure import Post

FEED_PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"

_posts: dict[str, dict] = {}


def rss_feed(channel: dict, items: list[dict]) -> str:
    """RSS 2.0 XML for ``channel`` (title, link, description, feed_url) and ``items``
    (title, link, description, published: datetime, categories), newest first."""
    ElementTree.register_namespace("atom", ATOM)
    rss = ElementTree.Element("rss", version="2.0")
    root = ElementTree.SubElement(rss, "channel")
    for tag in ("title", "link", "description"):
        ElementTree.SubElement(root, tag).text = channel[tag]
    ElementTree.SubElement(root, f"{{{ATOM}}}link", href=channel["feed_url"], rel="self", type="application/rss+xml")
    ElementTree.SubElement(root, "language").text = channel.get("language", "en")
    ordered = sorted(items, key=lambda item: item["published"], reverse=True)
    if ordered:
        ElementTree.SubElement(root, "lastBuildDate").text = format_datetime(ordered[0]["published"])
    for item in ordered:
        node = ElementTree.SubElement(root, "item")
        ElementTree.SubElement(node, "title").text = item["title"]
        ElementTree.SubElement(node, "link").text = item["link"]
        ElementTree.SubElement(node, "guid", isPermaLink="true").text = item["link"]
        ElementTree.SubElement(node, "description").text = item["description"]
        ElementTree.SubElement(node, "pubDate").text = format_datetime(item["published"])
        for category in item.get("categories", []):
            ElementTree.SubElement(node, "category").text = category
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(rss, encoding="unicode") + "\n"


def on_pre_build(config):
    _posts.clear()


def on_page_context(context, page, config, nav):
    if isinstance(page, Post):
        created = page.config.date.created
        _posts[page.url] = {
            "title": page.title,
            "link": page.canonical_url,
            "description": page.meta.get("description", ""),
            "published": created if created.tzinfo else created.replace(tzinfo=timezone.utc),
            "categories": [html.unescape(category.title) for category in page.categories],
        }
    return context


def on_post_build(config):
    site_url = config.site_url or "/"
    channel = {
        "title": f"{config.site_name} blog",
        "link": site_url + "blog/",
        "description": config.site_description or config.site_name,
        "feed_url": site_url + FEED_PATH,
    }
    Path(config.site_dir, FEED_PATH).write_text(rss_feed(channel, list(_posts.values())), encoding="utf-8")
