"""Tests for bench/snapshot.py's plain helpers: reading a Pyodide snapshot's header, finding the
runtime's build id, checking the workers' answers against CPython, and turning marks into the
summary and the results.md paragraph. No browser, no Node and no timing: the marks are made up.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from bench import snapshot

ROOT = Path(__file__).resolve().parent.parent
BUILD_ID = "990c3b51a9722d62434de2bbc9643732658d488c1b6d467f22c1b6beba80d497"


def fake_snapshot(build_id: str = BUILD_ID, config: dict | None = None, memory: bytes = b"\0" * 64) -> bytes:
    """Bytes laid out as Pyodide's makeSnapshot lays them out (header, JSON, memory)."""
    text = json.dumps(config if config is not None else {"hiwireKeys": [None], "immortalKeys": []}).encode()
    offset = -(-(snapshot.HEADER_BYTES + 2 * len(text)) // 16) * 16
    words = [int(build_id[i:i + 8], 16) for i in range(0, 64, 8)]
    head = struct.pack("<4I", snapshot.MAGIC, offset, len(text), 0) + struct.pack("<8I", *words)
    return (head + text).ljust(offset, b"\0") + memory


def test_read_header_finds_the_build_id_the_offset_and_the_json():
    config = {"hiwireKeys": [None, {"path": ["console"]}], "immortalKeys": ["x"]}
    header = snapshot.read_header(fake_snapshot(config=config))
    assert header.build_id == BUILD_ID
    assert header.config == config
    assert header.memory_offset % 16 == 0 and header.memory_offset >= snapshot.HEADER_BYTES


@pytest.mark.parametrize("data, message", [
    (b"", "no Pyodide snapshot"),
    (b"\0" * 47, "no Pyodide snapshot"),
    (b"\1" * 64, "magic"),
    (struct.pack("<4I", snapshot.MAGIC, 10**9, 5, 0) + b"\0" * 44, "memory offset"),
])
def test_read_header_refuses_what_is_not_a_snapshot(data, message):
    with pytest.raises(ValueError, match=message):
        snapshot.read_header(data)


def test_the_installed_runtime_has_one_build_id():
    """The private format this lever relies on is still there in node_modules/pyodide."""
    loader = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
    assert loader.is_file(), "node_modules/pyodide is missing: make test runs npm ci"
    build_id = snapshot.runtime_build_id(loader.read_text(encoding="utf-8"))
    assert len(build_id) == 64 and int(build_id, 16) >= 0


def test_runtime_build_id_refuses_zero_or_two():
    with pytest.raises(ValueError):
        snapshot.runtime_build_id("no id here")
    with pytest.raises(ValueError):
        snapshot.runtime_build_id(f'BUILD_ID:"{"a" * 64}" BUILD_ID:"{"b" * 64}"')


def test_cases_are_the_schema_defaults_roi_first():
    from calculators import api

    cases = snapshot.cases()
    assert [case["name"] for case in cases] == ["roi", "readiness"]
    assert all(case["payload"] == api.schema(case["name"])["defaults"] and case["currency"] == "GBP" for case in cases)


def worker_answers(cases: list[dict]) -> list[dict]:
    """What a correct worker sends back: the payload text and CPython's own answer."""
    answers = []
    for case in cases:
        text = json.dumps(case["payload"])
        answers.append({"name": case["name"], "currency": case["currency"], "payload": text,
                        "answer": snapshot.cpython_answer(case["name"], text, case["currency"])})
    return answers


def test_mismatches_is_empty_for_cpythons_own_answers():
    cases = snapshot.cases()
    assert snapshot.mismatches(worker_answers(cases), cases) == []


def test_mismatches_names_a_changed_character_missing_answers_and_other_inputs():
    cases = snapshot.cases()
    answers = worker_answers(cases)
    changed = dict(answers[0], answer=answers[0]["answer"].replace('"ok": true', '"ok": false', 1))
    problems = snapshot.mismatches([changed, answers[1]], cases)
    assert len(problems) == 1 and "roi: differs from CPython at character" in problems[0]
    assert any("answered ['roi']" in p for p in snapshot.mismatches(answers[:1], cases))
    other = json.loads(answers[0]["payload"]) | {"discount_rate": 0.5}
    moved = dict(answers[0], payload=json.dumps(other), answer=snapshot.cpython_answer("roi", json.dumps(other), "GBP"))
    assert any("other inputs" in p for p in snapshot.mismatches([moved, answers[1]], cases))


def test_compressed_sizes_of_repetitive_bytes():
    sizes = snapshot.compressed_sizes(b"\0" * 100_000, brotli_quality=5)
    assert sizes["raw"] == 100_000
    assert 0 < sizes["br"] < 1000 and 0 < sizes["gzip"] < 1000
    assert len(sizes["_br"]) == sizes["br"] and len(sizes["_gz"]) == sizes["gzip"]


def made_up_raw() -> dict:
    def marks(ready: float, runtime_up: float) -> dict:
        return {"runtime": 100.0, "packages": runtime_up, "ready": ready}

    runs = [
        {"normal": {"cold": marks(2000, 1800), "warm": marks(1800, 1600)},
         "snapshot": {"cold": marks(1000, 950), "warm": marks(450, 420)}},
        {"normal": {"cold": marks(4000, 3600), "warm": marks(2000, 1800)},
         "snapshot": {"cold": marks(1000, 950), "warm": marks(500, 470)}},
        {"normal": {"cold": marks(3000, 2700), "warm": marks(1600, 1400)},
         "snapshot": {"cold": marks(1500, 1400), "warm": marks(400, 380)}},
    ]
    make = {"marks": [{"started": 0, "runtime": 10, "packages": 1510, "snapshot": 2010, "made": 2040, "written": 2100}] * 3,
            "process_seconds": [2.5, 2.4, 2.6]}
    sizes = {"raw": 31 * 2**20, "gzip": 7 * 2**20, "br": 5 * 2**20, "br_quality": 11, "gzip_seconds": 4.0, "br_seconds": 60.0}
    return {"runs": runs, "make": make, "bytes": sizes, "build_id": BUILD_ID, "parity": "6 visits × 2 answers checked",
            "warm_snapshot_requests": 0}


def test_summarise_takes_medians_and_run_by_run_ratios():
    summary = snapshot.summarise(made_up_raw())
    assert summary["runs"] == 3
    assert summary["cold"]["normal_ms"] == 3000 and summary["cold"]["snapshot_ms"] == 1000
    # ratios 0.5, 0.25, 0.5: the median of the pairs, not 1000/3000
    assert summary["cold"]["ratio"] == 0.5 and summary["cold"]["ratio_range"] == (0.25, 0.5)
    assert summary["cold"]["saved_ms"] == 1500  # differences 1000, 3000, 1500
    assert summary["warm"]["ratio"] == pytest.approx(0.25)  # 0.25, 0.25, 0.25
    assert summary["cold"]["normal_runtime_up_ms"] == 2700 and summary["cold"]["snapshot_runtime_up_ms"] == 950
    assert summary["make"] == {"total_ms": 2100, "runtime_ms": 1500, "packages_ms": 500, "make_snapshot_ms": 30,
                               "node_process_s": 2.5, "makes": 3}


def test_markdown_reports_the_ratios_the_bytes_and_the_parity():
    text = snapshot.markdown(snapshot.summarise(made_up_raw()))
    assert "| cold (fresh context) | 3000 ms | 1000 ms | 0.50 | 1500 ms |" in text
    assert "| warm (second visit) | 1800 ms | 450 ms | 0.25 |" in text
    assert "31.0 MB raw, 7.00 MB gzip -9, 5.00 MB brotli (quality 11)" in text
    assert "6 visits × 2 answers checked" in text and "`990c3b51a972`" in text


def test_write_pages_points_both_workers_at_the_sites_runtime(tmp_path):
    version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    bundle = tmp_path / "assets" / "pyodide"
    (bundle / version).mkdir(parents=True)
    (bundle / version / "pyodide.mjs").write_text("")
    (bundle / "runtime.json").write_text(json.dumps({"indexURL": f"{version}/", "lockFileURL": "packages/ab/pyodide-lock.json"}))
    paths = snapshot.write_pages(tmp_path, "bench-snapshot/data/x/calculators.snapshot", snapshot.cases())
    assert paths == {"normal": "bench-snapshot/normal/", "snapshot": "bench-snapshot/snapshot/"}
    normal = (tmp_path / "bench-snapshot" / "normal" / "worker.js").read_text()
    restored = (tmp_path / "bench-snapshot" / "snapshot" / "worker.js").read_text()
    assert f'from "../../assets/pyodide/{version}/pyodide.mjs"' in normal
    assert "startCalculators(loadPyodide, options)" in normal and "calculators.snapshot" not in normal
    assert "startFromSnapshot(loadPyodide, options)" in restored
    assert '"../../bench-snapshot/data/x/calculators.snapshot"' in restored
    assert '"../../assets/pyodide/packages/ab/pyodide-lock.json"' in restored
    assert "<script type=\"module\" src=\"./page.js\">" in (tmp_path / "bench-snapshot" / "snapshot" / "index.html").read_text()
