"""Browser tests of the calculators plugin's ``snapshot`` option (calculator-worker.js, startWithSnapshot).

A copy of the site built with ``snapshot: true`` ships Pyodide's memory snapshot beside the wheel
and names it in runtime.json; the worker fetches it while the runtime downloads and starts from
it. Checked in Debian's Chromium: the snapshot is fetched, the live result equals CPython's for
the inputs the page sent, and a snapshot that is not the one runtime.json names (damaged bytes:
the browser's integrity check refuses them) falls back to the ordinary start with a console
warning, not a failure. The copy leaves out the precompress
hook: brotli at quality 11 of a 20 MB snapshot takes half a minute and is not what is tested.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from tests.conftest import QuietHandler, build_site, copy_project, serving
from tests.test_browser_calculators import READY, Visit, assert_clean, assert_matches_cpython, settle

SNAPSHOT_OPTION = "      snapshot: true  # test: start from Pyodide's memory snapshot\n"
#: mkdocs.yml's own line for the option (off unless PYODIDE_SNAPSHOT=true), replaced in the copy.
SNAPSHOT_LINE = "      snapshot: !ENV [PYODIDE_SNAPSHOT, false]\n"


@pytest.fixture(scope="module")
def snapshot_site(tmp_path_factory, built_site) -> Path:  # after it: its caches are filled
    project = copy_project(tmp_path_factory.mktemp("snapshot") / "project")
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[lines.index(SNAPSHOT_LINE)] = SNAPSHOT_OPTION
    lines = [line for line in lines if "hooks/precompress.py" not in line]
    config.write_text("".join(lines), encoding="utf-8")
    site = project / "site-built"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def manifest_of(site: Path) -> dict:
    return json.loads((site / "assets" / "pyodide" / "runtime.json").read_text(encoding="utf-8"))


def open_roi(browser, site: Path) -> tuple[Visit, object]:
    with serving(functools.partial(QuietHandler, directory=str(site))) as url:
        visit = Visit(browser, url)
        warnings: list[str] = []
        visit.page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
        page = visit.open("roi")
        settle(page)
        payload = assert_matches_cpython(page, "roi")
        return visit, (payload, warnings)


def test_the_worker_starts_from_the_snapshot_and_answers_as_cpython(browser, snapshot_site):
    snapshot = manifest_of(snapshot_site)["snapshot"]
    assert snapshot.startswith("packages/") and (snapshot_site / "assets" / "pyodide" / snapshot).stat().st_size > 1e6
    visit, (payload, warnings) = open_roi(browser, snapshot_site)
    try:
        assert any(url.endswith(snapshot) for url in visit.requests)
        assert not any("without the memory snapshot" in text for text in warnings)
        assert payload["horizon_years"] == 3
        assert_clean(visit)
    finally:
        visit.close()


def test_a_damaged_snapshot_falls_back_to_the_ordinary_start(browser, snapshot_site, tmp_path):
    import shutil

    damaged = tmp_path / "site"
    shutil.copytree(snapshot_site, damaged)
    file = damaged / "assets" / "pyodide" / manifest_of(damaged)["snapshot"]
    file.write_bytes(b"\0snp" + bytes(1000))  # Pyodide's magic, then nothing it can restore
    visit, (_, warnings) = open_roi(browser, damaged)
    try:
        assert visit.page.locator(READY).count() == 1
        assert any("without the memory snapshot" in text for text in warnings)
        assert_clean(visit)
    finally:
        visit.close()
