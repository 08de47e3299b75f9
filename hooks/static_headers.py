"""MkDocs hook: the site's HTTP response headers, written to ``site/_headers`` on every build.

One place holds every header the site asks its host to send:

* **Security** (under ``/*``): a strict Content Security Policy, ``X-Content-Type-Options``,
  ``Referrer-Policy``, ``Permissions-Policy`` and ``X-Frame-Options`` (``frame-ancestors``
  in the CSP is the modern form; the old header covers old browsers).
* **Caching** (the performance work's part): the rules in ``data/headers.yml``, then one
  rule per content-hashed file, which may be cached for a year: Material's bundle, search
  worker and stylesheets (a hash in the file name), the Pyodide runtime (its version folder)
  and the calculators' wheel and lockfile (their digest folder). Everything else is left to
  the host's default, which revalidates. Hosts combine the headers of every rule matching a
  path, so Cache-Control is set in one rule per path only; the ``/*`` block sets none.

The CSP allows scripts from the site itself and ``'wasm-unsafe-eval'`` (Pyodide compiles
WebAssembly), never ``'unsafe-eval'`` nor ``'unsafe-inline'``. Material for MkDocs keeps a
few small inline scripts in every page (its base URL, the palette, the anchor fix-up); each
one is allowed by the SHA-256 hash of its text, read from the built HTML after the build, so
a new Material release or a template change updates the policy by itself. Inline JSON data
blocks (``application/json``, ``application/ld+json``) are not run and need no hash.
Styles are as strict: ``style-src 'self'`` plus the hash of each inline ``<style>`` element
(the playbook diagram has one), no ``'unsafe-inline'``. That holds because no page carries a
``style="..."`` attribute (a test checks the built HTML) and Material's script sets styles
through the CSSOM (``element.style``), which a CSP does not restrict.

The file uses the ``_headers`` format of Netlify and Cloudflare Pages: a URL pattern on its
own line, then indented ``Name: value`` lines. ``nginx_snippet`` prints the same security
headers as nginx ``add_header`` lines (the README shows it; a test keeps the two equal).
When the calculators plugin's ``cdn_url`` points the runtime at a CDN, that origin is added to
``script-src`` and ``connect-src``; when ``extra.analytics`` turns a provider on, exactly its
script's origin is added to both, and its ``api`` origin, if another, to ``connect-src``
(macros/analytics.py, ``csp_origins``). Off (the default), the policy is unchanged.

The logic is in plain functions (tested in tests/test_static_headers.py); ``on_post_build``
only wires them to MkDocs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HEADERS_FILE = "_headers"

#: Script types a browser runs; any other type (JSON, JSON-LD) is a data block.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

#: Headers besides the CSP, sent with every response.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
        "browsing-topics=(), clipboard-write=(self)",
    ),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

# --- Caching (owned by the performance work) ---------------------------------------------------
RULES_FILE = "data/headers.yml"
IMMUTABLE = (("Cache-Control", "public, max-age=31536000, immutable"),)
#: Material's fingerprinted assets: bundle.a5f9d56c.min.js, main.57a0d79d.min.css, ...
HASHED_NAME = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
#: Folders whose name changes with their content (mkdocs_calculators/bundle.py).
IMMUTABLE_FOLDERS = ("assets/pyodide/packages",)
RUNTIME_FOLDER = "assets/pyodide"

Rule = tuple[str, tuple[tuple[str, str], ...]]


def data_rules(config_dir: Path) -> list[Rule]:
    """The rules of data/headers.yml: ``rules: [{pattern: "/x/*", headers: {Name: value}}]``."""
    path = config_dir / RULES_FILE
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    rules = []
    for rule in (loaded or {}).get("rules") or []:
        rules.append((str(rule["pattern"]), tuple((str(k), str(v)) for k, v in rule["headers"].items())))
    return rules


def cache_rules(site_dir: Path, configured: list[Rule]) -> list[Rule]:
    """The configured rules, then a year-long cache for every content-hashed file or folder."""
    rules = list(configured)
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and HASHED_NAME.search(path.name):
            rules.append(("/" + path.relative_to(site_dir).as_posix(), IMMUTABLE))
    runtime = site_dir / RUNTIME_FOLDER
    if runtime.is_dir():
        for version in sorted(runtime.iterdir()):
            if version.is_dir() and re.fullmatch(r"\d+(?:\.\d+)+(?:-cp\d+-[0-9a-f]{8})?", version.name):
                rules.append((f"/{RUNTIME_FOLDER}/{version.name}/*", IMMUTABLE))
    for folder in IMMUTABLE_FOLDERS:
        if (site_dir / folder).is_dir():
            rules.append((f"/{folder}/*", IMMUTABLE))
    return rules


class _InlineCode(HTMLParser):
    """Collects the text of inline executable <script> elements and of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "script" and "src" not in found and (found.get("type") or "").strip().lower() in EXECUTABLE_TYPES:
            self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            (self.scripts if tag == "script" else self.styles).append("".join(self._open[1]))
            self._open = None


def inline_code(html: str) -> tuple[list[str], list[str]]:
    """The inline scripts a browser would run, and the <style> texts, of one HTML page.

    >>> inline_code('<script>a()</script><script src="x.js"></script>'
    ...             '<script type="application/json">{"a": 1}</script><style>p{}</style>')
    (['a()'], ['p{}'])
    """
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.scripts, parser.styles


def source_hash(text: str) -> str:
    """The CSP hash source of an inline script or style: ``'sha256-<base64>'``.

    >>> source_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_hashes(site_dir: Path) -> tuple[list[str], list[str]]:
    """The sorted, distinct hashes of every inline script, and of every <style>, in the built HTML."""
    scripts, styles = set(), set()
    for page in site_dir.rglob("*.html"):
        page_scripts, page_styles = inline_code(page.read_text(encoding="utf-8"))
        scripts.update(source_hash(script) for script in page_scripts)
        styles.update(source_hash(style) for style in page_styles)
    return sorted(scripts), sorted(styles)


def content_security_policy(
    script_hashes: list[str],
    style_hashes: list[str] = (),
    runtime_origin: str | None = None,
    analytics: tuple[list[str], list[str]] = ([], []),
) -> str:
    """The site's CSP. ``runtime_origin``: the CDN origin of the Pyodide runtime, if any;
    ``analytics``: the analytics provider's origins for ``script-src`` and for ``connect-src``.

    >>> content_security_policy(["'sha256-AAA='"], ["'sha256-BBB='"]).split("; ")[:3]
    ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval' 'sha256-AAA='", "style-src 'self' 'sha256-BBB='"]
    >>> [d for d in content_security_policy([], [], None, (["https://a.example"], ["https://a.example"])).split("; ")
    ...  if "a.example" in d]
    ["script-src 'self' 'wasm-unsafe-eval' https://a.example", "connect-src 'self' https://a.example"]
    """
    extra = [runtime_origin] if runtime_origin else []
    analytics_scripts, analytics_connect = analytics
    directives = (
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", "'wasm-unsafe-eval'", *script_hashes, *extra, *analytics_scripts]),
        ("style-src", ["'self'", *style_hashes]),
        ("img-src", ["'self'", "data:"]),  # data: Material's icons in its stylesheet
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'", *extra, *analytics_connect]),
        ("worker-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
    )
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def security_headers(csp: str) -> list[tuple[str, str]]:
    """Every security header, the CSP first."""
    return [("Content-Security-Policy", csp), *SECURITY_HEADERS]


def headers_file(csp: str, cache: list[Rule] = ()) -> str:
    """The text of ``_headers``: the security headers for every path, then the cache rules.

    >>> print(headers_file("default-src 'self'", [("/a/*", (("Cache-Control", "no-cache"),))]).split("\\n/a")[1])
    /*
      Cache-Control: no-cache
    <BLANKLINE>
    """
    lines = [
        "# Written by hooks/static_headers.py on every build: edit that file, not this one.",
        "# Format: Netlify / Cloudflare Pages. The same security headers as nginx: see README.md.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(csp)]
    for pattern, headers in cache:
        lines += ["", pattern, *(f"  {name}: {value}" for name, value in headers)]
    return "\n".join(lines) + "\n"


def nginx_snippet(csp: str) -> str:
    """The security headers as nginx ``add_header`` lines (``always``: error pages get them too)."""
    return "".join(f'add_header {name} "{value}" always;\n' for name, value in security_headers(csp))


def runtime_origin(cdn_url: str) -> str | None:
    """The origin of the calculators plugin's ``cdn_url`` (``https://cdn.example``), or None when self-hosted.

    >>> runtime_origin("https://cdn.example/pyodide/v1/full/"), runtime_origin("")
    ('https://cdn.example', None)
    """
    parts = urlsplit(cdn_url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def write_headers(
    site_dir: Path, config_dir: Path, cdn_url: str = "", analytics: tuple[list[str], list[str]] = ([], [])
) -> str:
    """Compute the CSP from the built HTML in ``site_dir``, write ``_headers``; return the CSP.
    ``analytics``: the analytics provider's origins (macros/analytics.py, ``csp_origins``)."""
    csp = content_security_policy(*inline_hashes(site_dir), runtime_origin(cdn_url), analytics)
    cache = cache_rules(site_dir, data_rules(config_dir))
    (site_dir / HEADERS_FILE).write_text(headers_file(csp, cache), encoding="utf-8")
    return csp


# --- MkDocs events ---------------------------------------------------------------------------------


def on_post_build(config):
    from macros.analytics import analytics_settings, csp_origins  # here: the __main__ below runs without the site's packages

    calculators = config.plugins.get("calculators")
    cdn_url = calculators.config.cdn_url if calculators is not None else ""
    analytics = csp_origins(analytics_settings(config.extra))
    write_headers(Path(config["site_dir"]), Path(config["config_file_path"]).parent, cdn_url, analytics)


if __name__ == "__main__":  # print the nginx lines for a built site: python hooks/static_headers.py site
    import sys

    built = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    written = [line.split(":", 1)[1].strip() for line in (built / HEADERS_FILE).read_text(encoding="utf-8").splitlines()
               if line.strip().startswith("Content-Security-Policy:")] if (built / HEADERS_FILE).is_file() else []
    # The policy the build wrote (with any CDN or analytics origin), else the one its HTML needs.
    print(nginx_snippet(written[0] if written else content_security_policy(*inline_hashes(built))), end="")
