"""Helpers for the tests that read the built site: paths, parsed pages and normalised text."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
#: The client's article as delivered, the reference the content tests check the post and FAQ against.
CLIENT_ARTICLE = ROOT / "tests" / "data" / "client-article.txt"


def normalise(text: str) -> str:
    """Text with runs of whitespace as one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url_path: str) -> BeautifulSoup:
    """The built page at ``url_path`` (like ``faq/``), parsed."""
    return parse(site / url_path / "index.html")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def content_text(soup: BeautifulSoup) -> str:
    """The visible text of the page's article, without heading permalinks and footnote marks."""
    article = soup.select_one("article.md-content__inner")
    assert article is not None, "page has no <article class=md-content__inner>"
    article = BeautifulSoup(str(article), "html.parser")
    for junk in article.select("a.headerlink, sup[id^='fnref'], .footnote, script, style"):
        junk.decompose()
    return block_text(article)


BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, div, pre, td, th, figcaption, dd, dt, blockquote, br, hr"


def block_text(soup: BeautifulSoup) -> str:
    """Text as a reader sees it: inline elements run on, block elements are separated."""
    soup = BeautifulSoup(str(soup), "html.parser")
    for block in soup.select(BLOCKS):
        block.insert_before(" ")
        block.append(" ")
    return normalise(soup.get_text(""))


def url_of(site: Path, path: Path) -> str:
    """The site-relative URL of a built file (``faq/`` for faq/index.html)."""
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative
