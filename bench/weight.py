"""Bytes over the wire per page type, compressed as a static host would serve them.

Playwright records every request a page makes (its worker's included) on a first visit with an
empty cache. Each same-origin response maps back to a file of the built site, and its size
on the wire is worked out from that file:

* text types (HTML, CSS, JavaScript, JSON, SVG, XML, WebAssembly, source maps) are
  compressed by the host: with the build's precompressed ``.br``/``.gz`` sibling when there
  is one (a host that honours them serves that), otherwise on the fly at the levels such hosts
  commonly use (:data:`ON_THE_FLY_GZIP_LEVEL`, :data:`ON_THE_FLY_BROTLI_QUALITY`);
* everything else (zip archives, wheels, images, fonts) goes as it is.

A response counts as Pyodide when its file is in the runtime folder
``assets/pyodide/<version>/``; the calculators' wheel and lockfile are counted apart.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli

from bench.liveness import TIMEOUT_MS

ON_THE_FLY_GZIP_LEVEL = 6  # nginx and most hosts' dynamic gzip level
ON_THE_FLY_BROTLI_QUALITY = 5  # a usual dynamic brotli quality (11 is for precompression)
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".bin", ".map", ".txt", ".webmanifest"}
RUNTIME = re.compile(r"^assets/pyodide/[^/]+/(?!.*packages/)")
PACKAGES = re.compile(r"^assets/pyodide/packages/")


class Sizes:
    """Compressed sizes of files, worked out once per file content."""

    def __init__(self, use_siblings: bool = True):
        self.use_siblings = use_siblings  # False: as if the build had written no .br/.gz files
        self.memo: dict[tuple[str, str], int] = {}

    def _digest(self, data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def on_the_wire(self, file: Path) -> dict[str, int]:
        """{"raw", "gzip", "br"} bytes for ``file`` as a host serves it."""
        data = file.read_bytes()
        sizes = {"raw": len(data), "gzip": len(data), "br": len(data)}
        if file.suffix not in COMPRESSIBLE:
            return sizes
        digest = self._digest(data)
        for encoding, suffix in (("gzip", ".gz"), ("br", ".br")):
            sibling = file.with_name(file.name + suffix)
            if self.use_siblings and sibling.is_file():
                sizes[encoding] = sibling.stat().st_size
                continue
            key = (digest, encoding)
            if key not in self.memo:
                if encoding == "gzip":
                    self.memo[key] = len(gzip.compress(data, ON_THE_FLY_GZIP_LEVEL, mtime=0))
                else:
                    self.memo[key] = len(brotli.compress(data, quality=ON_THE_FLY_BROTLI_QUALITY))
            sizes[encoding] = min(self.memo[key], len(data))
        return sizes


def kind(relative: str) -> str:
    """What a site file is, for the byte split: ``pyodide``, ``calculators`` or ``site``.

    >>> kind("assets/pyodide/0.29.5/pyodide.asm.wasm"), kind("assets/pyodide/packages/ab/x.whl"), kind("faq/index.html")
    ('pyodide', 'calculators', 'site')
    """
    if PACKAGES.match(relative) or relative == "assets/pyodide/runtime.json":
        return "calculators"
    if RUNTIME.match(relative):
        return "pyodide"
    return "site"


def record(context, base_url: str, path: str, calculator: str | None) -> list[str]:
    """The URL paths a first visit to ``path`` requests (a calculator page: until it is live)."""
    requested: list[str] = []
    page = context.new_page()
    page.on("requestfinished", lambda request: requested.append(request.url))
    try:
        page.goto(f"{base_url}{path}", wait_until="load")
        if calculator:
            page.wait_for_selector(f'[data-calculator="{calculator}"][data-status="ready"]', timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    return requested


def page_weight(host, sizes: Sizes, urls: list[str]) -> dict:
    """Totals and per-file sizes for the requests of one visit."""
    files: dict[str, dict] = {}
    other_origin = []
    for url in urls:
        parts = urlsplit(url)
        if not url.startswith(host.url):
            other_origin.append(url)
            continue
        status, file, _ = host.resolve(unquote(parts.path))
        if status != 200 or file is None:
            continue
        relative = file.relative_to(host.root).as_posix()
        if relative not in files:
            files[relative] = {**sizes.on_the_wire(file), "kind": kind(relative)}
    totals = {}
    for encoding in ("raw", "gzip", "br"):
        totals[encoding] = sum(entry[encoding] for entry in files.values())
        totals[f"pyodide_{encoding}"] = sum(e[encoding] for e in files.values() if e["kind"] == "pyodide")
        totals[f"calculators_{encoding}"] = sum(e[encoding] for e in files.values() if e["kind"] == "calculators")
    return {"requests": len(urls), "files": files, "other_origin": other_origin, **totals}


#: The content pages whose bytes have a budget together (the issue's "article, FAQ and playbook").
CONTENT_BUDGET_PAGES = ("article", "faq", "playbook")


def union(weights: list[dict]) -> dict:
    """The bytes of several visits in one browser session: each file counted once.

    A later page reuses what an earlier one fetched (at most a revalidation of a few hundred
    bytes of headers, which is not counted).
    """
    files: dict[str, dict] = {}
    for entry in weights:
        files.update(entry["files"])
    totals = {encoding: sum(f[encoding] for f in files.values()) for encoding in ("raw", "gzip", "br")}
    totals.update({f"pyodide_{e}": sum(f[e] for f in files.values() if f["kind"] == "pyodide") for e in ("raw", "gzip", "br")})
    return {"files": sorted(files), **totals}


def measure_all(browser, host, sizes: Sizes, page_types: dict[str, str]) -> dict:
    """Each page type's first-visit bytes, and the content pages' session total."""
    from bench.pages import CALCULATOR_PAGES

    weights = {}
    for name, path in page_types.items():
        context = browser.new_context()
        try:
            urls = record(context, host.url, path, name if name in CALCULATOR_PAGES else None)
        finally:
            context.close()
        weights[name] = page_weight(host, sizes, urls)
    session = union([weights[name] for name in CONTENT_BUDGET_PAGES if name in weights])
    return {"pages": weights, "content_session": session}
