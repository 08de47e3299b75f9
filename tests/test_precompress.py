"""Tests for hooks/precompress.py: which files get .br/.gz siblings, that they decode to the
original bytes, that the cache is used, and that incompressible files get none."""

from __future__ import annotations

import gzip
import os

import brotli

from hooks import precompress


def make_site(tmp_path):
    site = tmp_path / "site"
    (site / "assets" / "js").mkdir(parents=True)
    (site / "search").mkdir()
    text = ("function add(a, b) { return a + b; }\n" * 800).encode()
    (site / "assets" / "js" / "big.js").write_bytes(text)
    (site / "assets" / "js" / "small.js").write_bytes(b"let x = 1;\n")
    (site / "assets" / "js" / "random.wasm").write_bytes(os.urandom(40_000))
    (site / "search" / "search_index.json").write_bytes(b'{"docs": [' + b'{"t": "x"},' * 3000 + b"{}]}")
    (site / "index.html").write_bytes(b"<p>page</p>" * 3000)
    return site, text


def test_large_text_assets_get_siblings_that_decode_to_the_original(tmp_path):
    site, text = make_site(tmp_path)
    saved = precompress.precompress(site, tmp_path / "cache")
    big = site / "assets" / "js" / "big.js"
    assert brotli.decompress((big.parent / "big.js.br").read_bytes()) == text
    assert gzip.decompress((big.parent / "big.js.gz").read_bytes()) == text
    assert (site / "search" / "search_index.json.br").is_file()
    assert saved["assets/js/big.js"] == len(text) - (big.parent / "big.js.br").stat().st_size > 0


def test_small_files_html_and_incompressible_files_get_none(tmp_path):
    site, _ = make_site(tmp_path)
    precompress.precompress(site, tmp_path / "cache")
    assert not (site / "assets" / "js" / "small.js.br").exists()
    assert not (site / "index.html.br").exists()  # pages are left to the host
    assert not (site / "assets" / "js" / "random.wasm.br").exists()  # saves nothing
    assert not (site / "assets" / "js" / "random.wasm.gz").exists()


def test_the_cache_is_keyed_by_content(tmp_path, monkeypatch):
    site, _ = make_site(tmp_path)
    cache = tmp_path / "cache"
    precompress.precompress(site, cache)
    calls = []
    monkeypatch.setitem(precompress.ENCODINGS, ".br", lambda data: calls.append(data) or b"x")
    precompress.precompress(site, cache)
    assert calls == []  # unchanged files come from the cache
    (site / "assets" / "js" / "big.js").write_bytes(b"const changed = true;\n" * 1000)
    precompress.precompress(site, cache)
    assert len(calls) == 1


def test_a_stale_sibling_is_removed_when_it_no_longer_pays(tmp_path):
    site, _ = make_site(tmp_path)
    precompress.precompress(site, tmp_path / "cache")
    big = site / "assets" / "js" / "big.js"
    big.write_bytes(os.urandom(20_000))
    precompress.precompress(site, tmp_path / "cache")
    assert not (big.parent / "big.js.br").exists() and not (big.parent / "big.js.gz").exists()


def test_search_languages_the_site_never_loads_are_skipped(tmp_path):
    site, text = make_site(tmp_path)
    lunr = site / "assets" / "javascripts" / "lunr"
    lunr.mkdir(parents=True)
    (lunr / "wordcut.js").write_bytes(text)
    assert lunr / "wordcut.js" not in precompress.candidates(site)
    assert site / "assets" / "js" / "big.js" in precompress.candidates(site)
