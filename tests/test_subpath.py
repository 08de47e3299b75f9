"""The site deployed under a sub-path (site_url https://example.org/deep/path/, as a GitHub Pages
project site is): built from a copy of the project, served at /deep/path/ and nowhere else.

Every internal link and asset of every page (pages, stylesheets, scripts, images, the calculator
results' playbook and booking links) resolves to a file of the site under the path, and both
calculators go live in Chromium: their worker finds runtime.json, the runtime, the lockfile and
the wheel under the path, and a changed input shows CPython's result."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build_site, copy_project, serve_under
from tests.test_browser_calculators import READY, Visit, after_change, assert_matches_cpython, settle

pytestmark = [pytest.mark.site, pytest.mark.browser]

SITE_URL = "https://example.org/deep/path/"
PREFIX = urlsplit(SITE_URL).path
ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"))


@pytest.fixture(scope="module")
def deep_site(tmp_path_factory, built_site) -> Path:  # after it: its caches are filled
    copy = copy_project(tmp_path_factory.mktemp("deep") / "project")
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nsite_url: https://wysegen.com/\n" in text
    config.write_text(text.replace("\nsite_url: https://wysegen.com/\n", f"\nsite_url: {SITE_URL}\n"), encoding="utf-8")
    site = copy / "site"
    done = build_site(config, site)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed under a sub-path:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return site


def file_of(site: Path, path: str) -> Path | None:
    """The site's file for URL path ``path`` (under the prefix), or None when it is outside it."""
    if not path.startswith(PREFIX):
        return None
    target = site / unquote(path[len(PREFIX):])
    return target / "index.html" if path.endswith("/") else target


def internal_links(site: Path):
    """``(page, attribute value, resolved URL path)`` of every same-site link of every page."""
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        page_url = SITE_URL + ("" if relative == "index.html" else relative.removesuffix("index.html"))
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in ATTRIBUTES:
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if not value or value.startswith(("#", "mailto:", "data:", "javascript:")):
                    continue
                resolved = urlsplit(urljoin(page_url, value))
                if resolved.netloc == urlsplit(SITE_URL).netloc:
                    yield relative, value, resolved.path


def test_every_internal_link_and_asset_resolves_under_the_sub_path(deep_site):
    checked, broken = set(), []
    for page, value, path in internal_links(deep_site):
        checked.add(page)
        target = file_of(deep_site, path)
        if page == "404.html" and value.endswith("."):  # Material's logo link on the error page, "/deep/path/."
            target = file_of(deep_site, path.removesuffix("."))
        if target is None or not target.is_file():
            broken.append((page, value, path))
    assert checked == {page.relative_to(deep_site).as_posix() for page in deep_site.rglob("*.html")}
    assert broken == []


def test_the_calculator_results_link_relative_to_their_page(deep_site):
    readiness = BeautifulSoup((deep_site / "calculators" / "readiness" / "index.html").read_text(), "html.parser")
    links = [a["href"] for a in readiness.select(".calculator-result a[href]")] + [
        a["href"] for a in readiness.select("a[data-booking-link].calc-booking")
    ]
    assert links and all(href.startswith("../../") for href in links), links


@pytest.mark.parametrize("name", ["readiness", "roi"])
def test_both_calculators_go_live_under_the_sub_path(browser, deep_site, name):
    with serve_under(deep_site, PREFIX) as url:
        visit = Visit(browser, url)
        responses = []
        visit.context.on("response", lambda response: responses.append((response.status, urlsplit(response.url).path)))
        page = visit.page
        page.goto(f"{url}calculators/{name}/")
        page.wait_for_selector(READY, timeout=90_000)
        settle(page)
        if name == "roi":
            after_change(page, lambda: page.fill('[name="one_off_costs[0].amount"]', "130000"))
        else:
            after_change(page, lambda: page.check(f'[data-calculator="readiness"] input[name="base_recorded"][value="4"]'))
        assert_matches_cpython(page, name)
        fetched = [path for status, path in responses]
        for needed in ("runtime.json", "pyodide-lock.json", ".whl", "pyodide.asm.wasm", "python_stdlib.zip"):
            assert any(path.endswith(needed) and path.startswith(PREFIX) for path in fetched), needed
        assert [(status, path) for status, path in responses if status >= 400] == []
        assert visit.console_errors == [] and visit.foreign_requests() == []
        visit.close()
