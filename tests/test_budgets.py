"""Tests for the built site's byte budgets (issue 5): what the article, FAQ and playbook pages cost
a visitor, compressed, and that no page without a calculator touches the Pyodide runtime.

The sizes are worked out from the files the built HTML references, the way ``make bench``
counts bytes (bench/weight.py): each text file compressed as a static host serves it. The
browser benchmark checks that these references are what a real visit requests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from bench.pages import CONTENT_PAGES, article_path
from bench.weight import Sizes

#: The article page with everything it loads, compressed (gzip, the encoding every host has).
ARTICLE_BUDGET = 140 * 1024
#: The article, FAQ and a playbook page read in one visit: each file counted once.
CONTENT_BUDGET = 150 * 1024
PYODIDE_DIR = "assets/pyodide/"
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
JS_IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w*{}\s,]+from\s*)?|\bexport\s*[\w*{}\s,]+from\s*)["'](\.{1,2}/[^"']+)["']""")
SITE = "http://site.invalid/"


def _local(url: str, base: str) -> str | None:
    """The site path ``url`` (relative to ``base``) points at, or None for data:, anchors, other origins."""
    if url.startswith(("data:", "#", "mailto:", "javascript:")):
        return None
    absolute = urljoin(base, url)
    if not absolute.startswith(SITE):
        return None
    return unquote(urlsplit(absolute).path).lstrip("/")


def _file(site: Path, path: str) -> Path | None:
    candidate = site / path
    if path == "" or path.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def page_files(site: Path, page: str) -> set[str]:
    """Site paths of the page's HTML and every file it loads by itself: stylesheets (and their
    url()s), scripts (and their static imports), icons, images, preloads, and what Material's
    own script fetches (the search worker and index, and sitemap.xml for instant navigation)."""
    base = SITE + page
    html_file = _file(site, page)
    assert html_file is not None, f"{page} is not in the built site"
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    found = {html_file.relative_to(site).as_posix()}
    queue: list[tuple[str, str]] = []
    for link in soup.find_all("link", href=True):
        rel = set(link.get("rel") or [])
        if rel & {"stylesheet", "icon", "modulepreload", "preload", "prefetch"}:
            queue.append((link["href"], base))
    queue += [(script["src"], base) for script in soup.find_all("script", src=True)]
    queue += [(image["src"], base) for image in soup.find_all("img", src=True)]
    config_tag = soup.find("script", id="__config")
    if config_tag is not None:
        config = json.loads(config_tag.string)
        config_base = urljoin(base, config.get("base", "."))
        if config.get("search"):
            queue.append((config["search"], base))
            queue.append(("search/search_index.json", config_base + "/"))
        if "navigation.instant" in config.get("features", []):
            queue.append(("sitemap.xml", config_base + "/"))
    while queue:
        url, where = queue.pop()
        path = _local(url, where)
        target = _file(site, path) if path is not None else None
        if target is None:
            continue
        relative = target.relative_to(site).as_posix()
        if relative in found:
            continue
        found.add(relative)
        here = SITE + relative
        if target.suffix == ".css":
            queue += [(match, here) for match in CSS_URL.findall(target.read_text(encoding="utf-8"))]
        elif target.suffix in (".js", ".mjs"):
            queue += [(match, here) for match in JS_IMPORT.findall(target.read_text(encoding="utf-8"))]
    return found


def compressed(site: Path, files: set[str], sizes: Sizes) -> int:
    return sum(sizes.on_the_wire(site / path)["gzip"] for path in files)


@pytest.fixture(scope="module")
def sizes() -> Sizes:
    return Sizes()


def content_pages(site: Path) -> dict[str, str]:
    return {"article": article_path(site), "faq": CONTENT_PAGES["faq"], "playbook": CONTENT_PAGES["playbook"]}


def test_article_page_is_within_its_budget(built_site, sizes):
    files = page_files(built_site, article_path(built_site))
    total = compressed(built_site, files, sizes)
    assert any(path.endswith(".css") for path in files) and any(path.endswith(".js") for path in files)
    assert total <= ARTICLE_BUDGET, (
        f"the article page loads {total / 1024:.1f} KB compressed, over its {ARTICLE_BUDGET / 1024:.0f} KB budget: "
        + ", ".join(f"{path} {sizes.on_the_wire(built_site / path)['gzip'] / 1024:.1f} KB" for path in sorted(files))
    )


def test_article_faq_and_playbook_together_are_within_150_kb(built_site, sizes):
    files = set().union(*(page_files(built_site, page) for page in content_pages(built_site).values()))
    total = compressed(built_site, files, sizes)
    assert total <= CONTENT_BUDGET, f"article + FAQ + playbook load {total / 1024:.1f} KB compressed, over 150 KB"


def test_no_page_without_a_calculator_references_pyodide(built_site):
    pages = sorted(
        PurePosixPath(path.relative_to(built_site).as_posix()).parent.as_posix() + "/"
        for path in built_site.rglob("index.html")
    )
    pages = ["" if page == "./" else page for page in pages]
    assert len(pages) > 10
    for page in pages:
        html = _file(built_site, page).read_text(encoding="utf-8")
        has_calculator = "data-calculator=" in html
        touches_pyodide = [path for path in page_files(built_site, page) if path.startswith(PYODIDE_DIR)]
        if not page.startswith("calculators/"):
            assert not has_calculator, f"/{page} has a calculator block outside /calculators/"
        if not has_calculator:
            assert not touches_pyodide, f"/{page} has no calculator but loads {touches_pyodide}"
            assert PYODIDE_DIR not in html, f"/{page} has no calculator but names {PYODIDE_DIR} in its HTML"


def test_the_budget_counts_what_the_page_really_loads(built_site):
    # the reference model must see Material's bundle, its search worker and index, and the CSS
    files = page_files(built_site, article_path(built_site))
    names = {PurePosixPath(path).name for path in files}
    assert any(name.startswith("bundle.") for name in names)
    assert "search_index.json" in names and any(name.startswith("search.") for name in names)
    assert any(name.startswith("main.") and name.endswith(".css") for name in names)
