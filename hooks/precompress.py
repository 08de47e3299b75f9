"""MkDocs hook: precompressed ``.br`` and ``.gz`` siblings for the site's large static assets.

Hosts that serve precompressed files (nginx's ``gzip_static``/``brotli_static``, Caddy's
``precompressed``, Apache with the usual rewrite) then send the smallest encoding at no CPU
cost, instead of compressing on the fly at a low level. For the Pyodide runtime this matters:
its wasm is 3.2 MB with on-the-fly brotli (quality 5) and 2.7 MB at quality 11.

* **What.** Files under ``assets/`` and ``search/`` of at least :data:`MIN_BYTES` whose type
  a browser accepts compressed (:data:`SUFFIXES`). HTML pages change with every edit and are
  small, so they are left to the host; so are the search's other languages (:data:`SKIPPED`),
  which this English site never loads. A sibling is written only when it saves at least
  :data:`MIN_SAVING` of the file (``python_stdlib.zip`` is already compressed: none).
* **How.** Brotli at quality 11 (the ``brotli`` package) and gzip -9 with a zero timestamp,
  so a build is reproducible.
* **Cache.** Quality 11 is slow (about 40 s for the wasm), so each result is kept under
  ``build/precompress/`` by the SHA-256 of its input: only the first build after a runtime
  upgrade pays. The cache is pruned of nothing; ``make clean`` removes it.
* **When.** ``mkdocs build`` only: ``mkdocs serve`` serves no precompressed file, so its
  rebuilds stay fast.

The logic is in plain functions (tests/test_precompress.py); the ``on_*`` functions wire
them to MkDocs. List this hook after every hook that writes files into the site.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path

import brotli

MIN_BYTES = 10 * 1024
MIN_SAVING = 0.05
SUFFIXES = frozenset({".js", ".mjs", ".css", ".json", ".wasm", ".bin", ".svg", ".xml", ".txt"})  # .bin: the memory snapshot
FOLDERS = ("assets", "search")
SKIPPED = ("assets/javascripts/lunr/",)
ENCODINGS = {".br": lambda data: brotli.compress(data, quality=11), ".gz": lambda data: gzip.compress(data, 9, mtime=0)}


def candidates(site_dir: Path) -> list[Path]:
    """The files of ``site_dir`` that get precompressed siblings, sorted."""
    found = []
    for folder in FOLDERS:
        root = site_dir / folder
        if root.is_dir():
            found += [
                path for path in root.rglob("*")
                if path.is_file() and path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES
                and not path.relative_to(site_dir).as_posix().startswith(SKIPPED)
            ]
    return sorted(found)


def compressed(data: bytes, suffix: str, cache_dir: Path) -> bytes:
    """``data`` compressed for ``suffix`` (``.br`` or ``.gz``), from the cache when it is there."""
    key = cache_dir / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if key.is_file():
        return key.read_bytes()
    result = ENCODINGS[suffix](data)
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=cache_dir, delete=False) as scratch:
        scratch.write(result)
    os.replace(scratch.name, key)  # atomic: two builds at once both end with a whole file
    return result


def precompress(site_dir: Path, cache_dir: Path) -> dict[str, int]:
    """Write the siblings for :func:`candidates`; remove stale ones. Returns {site path: bytes saved by .br}."""
    saved = {}
    for path in candidates(site_dir):
        data = path.read_bytes()
        for suffix in ENCODINGS:
            sibling = path.with_name(path.name + suffix)
            packed = compressed(data, suffix, cache_dir)
            if len(packed) <= len(data) * (1 - MIN_SAVING):
                if not sibling.is_file() or sibling.read_bytes() != packed:
                    sibling.write_bytes(packed)
                if suffix == ".br":
                    saved[path.relative_to(site_dir).as_posix()] = len(data) - len(packed)
            elif sibling.exists():
                sibling.unlink()
    return saved


# --- MkDocs events -------------------------------------------------------------------------------

_command = {"name": "build"}


def on_startup(command, dirty):
    _command["name"] = command


def on_post_build(config):
    if _command["name"] != "build":
        return
    project = Path(config.config_file_path).resolve().parent
    precompress(Path(config.site_dir), project / "build" / "precompress")
