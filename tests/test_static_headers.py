"""Tests for hooks/static_headers.py: the Content Security Policy and the other response headers
the build writes to ``site/_headers``, and the nginx snippet in README.md.

The policy is read back from the built site: scripts only from the site itself plus
``'wasm-unsafe-eval'``, never ``'unsafe-eval'`` or ``'unsafe-inline'``; every inline script a
page keeps is allowed by its hash and no hash is left over; no page relies on inline event
handlers, ``style`` attributes or ``javascript:`` URLs. How a browser behaves under the
policy is tested in tests/test_browser_csp.py.
"""

from __future__ import annotations

import re

import pytest

from bench.headers import headers_for, read
from hooks import static_headers
from tests.site_text import ROOT, html_pages, parse, url_of

SECURITY_NAMES = {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options"}


def directives(csp: str) -> dict[str, list[str]]:
    parsed = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            assert words[0] not in parsed, f"directive {words[0]} twice"
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture(scope="module")
def rules(built_site):
    found = read(built_site)
    assert found, "the build wrote no _headers"
    return found


@pytest.fixture(scope="module")
def csp(rules) -> str:
    return headers_for(rules, "/")["Content-Security-Policy"]


def test_the_policy_allows_webassembly_but_no_eval_and_no_inline_code(csp):
    policy = directives(csp)
    scripts = policy["script-src"]
    assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source) for source in scripts[2:]), scripts
    forbidden = {"'unsafe-eval'", "'unsafe-inline'", "'unsafe-hashes'", "*", "data:", "blob:", "http:", "https:"}
    for name, sources in policy.items():
        assert not forbidden & set(sources) - ({"data:", "blob:"} if name == "img-src" else set()), (name, sources)
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'"
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"] and policy["worker-src"] == ["'self'"]


def test_every_inline_script_and_style_is_allowed_by_its_hash_and_no_hash_is_stale(built_site, csp):
    policy = directives(csp)
    scripts, styles = set(), set()
    for path in html_pages(built_site):
        page_scripts, page_styles = static_headers.inline_code(path.read_text(encoding="utf-8"))
        scripts |= {static_headers.source_hash(text) for text in page_scripts}
        styles |= {static_headers.source_hash(text) for text in page_styles}
    assert len(scripts) >= 3  # Material's base URL, palette and anchor scripts
    assert set(policy["script-src"][2:]) == scripts
    assert set(policy["style-src"][1:]) == styles


def test_hashes_follow_the_csp_specification():
    # The example of CSP Level 3, section "hash-source": alert('Hello, world.');
    assert static_headers.source_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    scripts, styles = static_headers.inline_code(
        '<script>one()</script><script type="module">two()</script><script src="x.js"></script>'
        '<script type="application/ld+json">{}</script><script type="application/json">{}</script>'
        "<style>p { color: red }</style><p>&amp;</p>"
    )
    assert scripts == ["one()", "two()"] and styles == ["p { color: red }"]


def test_no_page_needs_inline_handlers_style_attributes_or_script_urls(built_site):
    found = []
    for path in html_pages(built_site):
        for tag in parse(path).find_all(True):
            for attribute, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                if attribute.startswith("on") or attribute == "style":
                    found.append(f"{url_of(built_site, path)}: <{tag.name} {attribute}>")
                elif attribute in ("href", "src", "action", "formaction") and text.strip().lower().startswith("javascript:"):
                    found.append(f"{url_of(built_site, path)}: <{tag.name} {attribute}={text}>")
    assert found == []


@pytest.mark.parametrize(
    "path",
    ["/", "/calculators/roi/", "/404.html", "/assets/javascripts/calculator-worker.js",
     "/assets/pyodide/runtime.json", "/feed.xml", "/no/such/page/"],
)
def test_every_path_gets_every_security_header(rules, csp, path):
    headers = headers_for(rules, path)
    assert SECURITY_NAMES <= set(headers)
    assert headers["Content-Security-Policy"] == csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in {"strict-origin-when-cross-origin", "no-referrer", "same-origin"}
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_fingerprinted_files_are_cached_and_pages_are_not(rules, built_site):
    runtime = next((built_site / "assets" / "pyodide").glob("[0-9]*/pyodide.asm.wasm"))
    wasm_path = "/" + runtime.relative_to(built_site).as_posix()
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for path in (wasm_path, "/" + bundle.relative_to(built_site).as_posix()):
        assert "immutable" in headers_for(rules, path).get("Cache-Control", ""), path
    for path in ("/", "/calculators/roi/", "/assets/pyodide/runtime.json", "/assets/javascripts/calculators.js"):
        assert "immutable" not in headers_for(rules, path).get("Cache-Control", ""), path


def test_a_cdn_runtime_adds_only_its_origin():
    policy = directives(static_headers.content_security_policy(
        ["'sha256-AAAA'"], [], static_headers.runtime_origin("https://cdn.example/pyodide/v1/full/")))
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'sha256-AAAA'", "https://cdn.example"]
    assert policy["connect-src"] == ["'self'", "https://cdn.example"]
    assert static_headers.runtime_origin("") is None


def test_an_analytics_provider_adds_only_its_origins_to_scripts_and_connections():
    from macros.analytics import Analytics, csp_origins

    origins = csp_origins(Analytics("umami", "https://cdn.example/script.js", "x", "https://stats.example"))
    with_analytics = directives(static_headers.content_security_policy(["'sha256-AAAA'"], ["'sha256-BBBB'"], None, origins))
    without = directives(static_headers.content_security_policy(["'sha256-AAAA'"], ["'sha256-BBBB'"]))
    assert with_analytics["script-src"] == [*without["script-src"], "https://cdn.example"]
    assert with_analytics["connect-src"] == [*without["connect-src"], "https://cdn.example", "https://stats.example"]
    assert {name: sources for name, sources in with_analytics.items() if name not in ("script-src", "connect-src")} == {
        name: sources for name, sources in without.items() if name not in ("script-src", "connect-src")}
    assert static_headers.content_security_policy([], [], None, csp_origins(None)) == static_headers.content_security_policy([])


def readme_nginx_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Security and privacy", 1)
    assert len(section) == 2, "README.md has no '## Security and privacy' section"
    block = re.search(r"```nginx\n(.*?)```", section[1], re.S)
    assert block, "the section has no ```nginx block"
    return block.group(1)


def test_the_readme_nginx_snippet_sends_the_same_headers(csp):
    """When this fails, the policy changed (a theme update, a new inline script): print the
    snippet with `.venv/bin/python hooks/static_headers.py site` after `make build` and paste it."""
    assert readme_nginx_block() == static_headers.nginx_snippet(csp)
