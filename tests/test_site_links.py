"""Tests of the built site's references: every internal link and anchor resolves (a small
crawler over the files: every HTML page, generated ones and 404.html included, plus the
sitemap and the feed), external links are listed in tests/artifacts/external-links.txt
rather than fetched, and no page or stylesheet loads a script, style, font or image from
a third party."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from tests.site_text import ROOT, html_pages, parse, url_of

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]
BASE = "http://site.invalid/"  # where the crawler pretends the built folder is served
OTHER_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")
LOADED = [  # (selector, attribute): the references a browser loads by itself
    ("script[src]", "src"),
    ("link[href]:not([rel~=canonical]):not([rel~=alternate]):not([rel~=prev]):not([rel~=next])", "href"),
    ("img[src]", "src"),
    ("source[src]", "src"),
    ("source[srcset]", "srcset"),
    ("img[srcset]", "srcset"),
    ("video[src], audio[src], iframe[src], embed[src], object[data]", "src"),
    ("image[href], use[href]", "href"),
]


#: Every attribute that points at a URL a visitor can follow or a page loads.
REFERENCES = "a[href], area[href], link[href], script[src], img[src], source[src], iframe[src], form[action], use[href], image[href]"


def local_target(site: Path, absolute: str) -> Path | None:
    """The file a same-site URL points at, or None when there is none."""
    path = unquote(urlsplit(absolute).path)[1:]
    candidate = site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def to_base(href: str, page_url: str) -> str | None:
    """The link as a URL under BASE, or None when it leaves the site."""
    if href.startswith(OTHER_SCHEMES):
        return None
    if href.startswith(SITE_URL):
        href = BASE + href[len(SITE_URL):]
    absolute = urljoin(BASE + page_url, href)
    return absolute if absolute.startswith(BASE) else None


def ids_of(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        soup = parse(path)
        cache[path] = {tag["id"] for tag in soup.select("[id]")} | {tag["name"] for tag in soup.select("a[name]")}
    return cache[path]


def test_every_internal_link_and_anchor_resolves(built_site):
    broken = []
    id_cache: dict = {}
    checked = 0
    for path in html_pages(built_site):
        page_url = url_of(built_site, path)
        for tag in parse(path).select(REFERENCES):
            href = tag.get("href") or tag.get("src") or tag.get("action") or tag.get("xlink:href")
            absolute = to_base(href, page_url)
            if absolute is None:
                continue
            checked += 1
            target = local_target(built_site, absolute)
            if target is None:
                broken.append(f"{page_url or '/'}: {href} (no such file)")
                continue
            fragment = unquote(urlsplit(absolute).fragment)
            if fragment and target.suffix == ".html" and fragment not in ids_of(target, id_cache):
                broken.append(f"{page_url or '/'}: {href} (no element with id {fragment!r})")
    assert checked > 100
    assert broken == []


def third_party(reference: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", reference.strip(), re.I)) and not reference.startswith(SITE_URL)


def test_no_page_loads_a_script_style_font_or_image_from_a_third_party(built_site):
    offending = []
    for path in html_pages(built_site):
        soup = parse(path)
        for selector, attribute in LOADED:
            for tag in soup.select(selector):
                for reference in re.split(r",\s*", tag.get(attribute, "")):
                    if third_party(reference.split(" ")[0]):
                        offending.append(f"{url_of(built_site, path)}: <{tag.name} {attribute}={reference}>")
        for style in soup.select("style"):
            offending += [f"{url_of(built_site, path)}: {url}" for url in css_urls(style.get_text()) if third_party(url)]
        for tag in soup.select("[style]"):
            offending += [f"{url_of(built_site, path)}: {url}" for url in css_urls(tag["style"]) if third_party(url)]
    for stylesheet in built_site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        offending += [f"{stylesheet.name}: {url}" for url in css_urls(text) if third_party(url)]
        offending += [f"{stylesheet.name}: @import {url}" for url in re.findall(r"@import\s+[\"']([^\"']+)", text) if third_party(url)]
    assert offending == []


def css_urls(css: str) -> list[str]:
    return [match.strip("'\" ") for match in re.findall(r"url\(([^)]*)\)", css)]


@pytest.mark.parametrize(
    ("reference", "outside"),
    [
        ("https://fonts.googleapis.com/css?family=Roboto", True),
        ("//cdn.example/x.js", True),
        ("HTTP://unpkg.com/mermaid", True),
        ("assets/javascripts/bundle.js", False),
        ("../assets/x.css", False),
        ("data:image/svg+xml;base64,AAA", False),
        (SITE_URL + "assets/images/logo.svg", False),
    ],
)
def test_the_third_party_check_tells_them_apart(reference, outside):
    assert third_party(reference) is outside


EXTERNAL_REPORT = ROOT / "tests" / "artifacts" / "external-links.txt"


def external_links(site: Path) -> list[tuple[str, str]]:
    """(page, URL) for every link that leaves the site: other hosts, mailto: and tel:."""
    found = set()
    for path in html_pages(site):
        for tag in parse(path).select("a[href], area[href]"):
            href = tag["href"].strip()
            if href.startswith(("mailto:", "tel:")) or (third_party(href) and not href.startswith(SITE_URL)):
                found.add((url_of(site, path) or "/", href))
    return sorted(found)


def test_external_links_are_listed_in_a_report_not_fetched(built_site):
    links = external_links(built_site)
    EXTERNAL_REPORT.parent.mkdir(exist_ok=True)
    EXTERNAL_REPORT.write_text(
        "# Links that leave the site, one per line: page<TAB>URL. Listed by tests/test_site_links.py, never fetched.\n"
        + "".join(f"{page}\t{url}\n" for page, url in links),
        encoding="utf-8",
    )
    assert links, "no external link found: the report would be empty"
    malformed = []
    for page, url in links:
        parts = urlsplit(url)
        if parts.scheme == "mailto":
            ok = re.fullmatch(r"[^@\s?]+@[^@\s?]+\.[a-z]{2,}", unquote(parts.path), re.I) is not None
        else:
            ok = parts.scheme in ("http", "https") and "." in parts.netloc and not re.search(r"\s", url)
        if not ok:
            malformed.append(f"{page}: {url}")
    assert malformed == []
    assert any(url.startswith("mailto:") for _, url in links)  # the booking link while no scheduling URL is set


def test_the_crawl_covers_generated_pages_and_the_404_page(built_site):
    crawled = {url_of(built_site, path) for path in html_pages(built_site)}
    assert {"404.html", "book-a-diagnostic/pilot-purgatory/", "blog/archive/2026/", "blog/category/automation--ai/"} <= crawled


def test_every_address_in_the_sitemap_and_the_feed_is_a_built_page(built_site):
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8"))
    feed = re.findall(r"<link>([^<]+)</link>", (built_site / "feed.xml").read_text(encoding="utf-8"))
    assert len(sitemap) > 10 and feed
    missing = [url for url in sitemap + feed if local_target(built_site, to_base(url, "") or "http://elsewhere/") is None]
    assert missing == []
    pages = {url_of(built_site, path) for path in html_pages(built_site)} - {"404.html"}
    listed = {to_base(url, "")[len(BASE):] for url in sitemap}
    assert pages - listed == set()  # every page can be found (campaign pages included)
