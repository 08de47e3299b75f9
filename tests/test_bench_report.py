"""Tests for bench.report: the README quote (splice replaces only the marked section) and the
time-to-live table, from made-up raw results (no browser, no timing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import report

ROOT = Path(__file__).resolve().parent.parent


def test_splice_keeps_everything_outside_the_markers():
    text = f"# Title\nbefore\n{report.README_START}\nold table\n{report.README_END}\nafter\n"
    spliced = report.splice(text, "\nnew table\n")
    assert spliced == f"# Title\nbefore\n{report.README_START}\nnew table\n{report.README_END}\nafter\n"
    assert report.splice(spliced, "new table") == spliced


@pytest.mark.parametrize("text", ["no markers", f"{report.README_END}\n{report.README_START}"])
def test_splice_refuses_text_without_the_markers_in_order(text):
    with pytest.raises(ValueError, match="bench:latest"):
        report.splice(text, "table")


def test_the_readme_has_the_markers_make_bench_fills():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(report.README_START) == 1 and readme.count(report.README_END) == 1
    assert report.splice(readme, "x") != readme


def visits(ready: list[float], **stages: list[float]) -> list[dict]:
    """Marks of interleaved visits: ``ready`` and each stage, run by run."""
    return [{"ready": value, **{stage: values[i] for stage, values in stages.items()}} for i, value in enumerate(ready)]


def made_up_results() -> dict:
    """Raw results shaped as ``python -m bench`` records them, with three runs."""
    bare = {"cold": visits([1000, 2000, 4000], workerMs=[900, 1800, 3700]),
            "warm": visits([800, 1000, 1200], workerMs=[700, 900, 1100])}
    worker = {"cold": visits([1100, 2000, 4400], workerStart=[100, 120, 140], runtime=[200, 220, 240],
                             packages=[900, 1800, 4000], imported=[1050, 1950, 4300]),
              "warm": visits([880, 1000, 1320], workerStart=[90, 100, 110], packages=[700, 800, 1100])}

    def calculator(factor: float) -> dict:
        return {visit: [{**mark, "ready": mark["ready"] * factor, "loading": 300, "workerStart": 250,
                         "packages": mark["ready"] * factor - 200, "firstContentfulPaint": 400, "value": "1"}
                        for mark in bare[visit]] for visit in ("cold", "warm")}

    page = {"requests": 10, "raw": 1000, "gzip": 500, "br": 400, "pyodide_raw": 0, "pyodide_gzip": 0, "pyodide_br": 0,
            "calculators_gzip": 0, "calculators_br": 0, "other_origin": []}
    return {
        "started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:10:00Z", "options": {"runs": 3},
        "machine": {"commit": "abc1234", "cores": 2, "cpu": "test", "memory_gib": 4, "load_average_at_start": [0.5, 0.5, 0.5],
                    "browser": "1", "pyodide": "0.0.0", "lighthouse": "12", "python": "3.12"},
        "liveness": {"series": {"bare": bare, "worker": worker, "readiness": calculator(1.2), "roi": calculator(1.3)},
                     "probes": {}},
        "recompute": {name: [{"dom": 5.0, "frame": 8.0}] * 3 for name in ("readiness", "roi")},
        "weight": {"pages": {"home": page, "roi": page},
                   "content_session": {"raw": 1000, "gzip": 500, "br": 400, "pyodide_gzip": 0}},
        "build": {"full_seconds": [1.0, 1.1, 1.2], "serve_rebuilds": [{"seconds": 1.0, "mkdocs_reported": 0.9}]},
    }


def test_the_site_worker_is_summarised_against_bare_run_by_run():
    live = report.summarise(made_up_results())["liveness"]
    cold, warm = live["worker"]["cold"], live["worker"]["warm"]
    assert cold["median_ms"] == 2000 and cold["n"] == 3
    assert cold["ratio_to_bare"] == pytest.approx(1.1)  # median of 1.1, 1.0, 1.1
    assert cold["ratio_range"] == pytest.approx((1.0, 1.1))
    assert cold["stages_ms"] == {"workerStart": 120, "packages": 1800, "ready": 2000}
    assert warm["median_ms"] == 1000 and warm["ratio_to_bare"] == pytest.approx(1.1)
    assert live["roi"]["cold"]["ratio_to_bare"] == pytest.approx(1.3)


def test_the_table_has_the_site_worker_between_bare_and_the_calculators():
    text = report.markdown(report.summarise(made_up_results()))
    lines = text.splitlines()
    start = lines.index("| Page | Cold | × bare | Warm | × bare (warm) | worker started | runtime up | live |") + 2
    rows = lines[start:lines.index("", start)]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == ["bare Pyodide", report.WORKER_ROW, "readiness", "roi"]
    assert rows[1] == f"| {report.WORKER_ROW} | 2000 ms | 1.10 | 1000 ms | 1.10 | 120 ms | 1800 ms | 2000 ms |"
    assert f'The row "{report.WORKER_ROW}"' in text and "competing with the worker for the cores" in text


def test_the_readme_quote_names_the_site_worker():
    section = report.readme_section(report.summarise(made_up_results()))
    assert "the site's worker on a minimal page has its first ROI result at 2000 ms (1.10 × bare)" in section


def test_a_serve_rebuild_whose_built_line_mkdocs_dropped_still_counts():
    results = made_up_results()
    results["build"]["serve_rebuilds"] = [{"seconds": 1.0, "mkdocs_reported": 0.9}, {"seconds": 1.2, "mkdocs_reported": None}]
    build = report.summarise(results)["build"]
    assert build["serve_rebuild_median_s"] == pytest.approx(1.1)
    assert build["serve_rebuild_mkdocs_reported_median_s"] == pytest.approx(0.9)


def test_the_targets_are_issue_14s_cold_warm_and_with_the_snapshot():
    results = made_up_results()
    series = results["liveness"]["series"]
    # the snapshot site's calculators, run by run at 0.6 and 0.9 of the bare load
    series["readiness, snapshot"] = {visit: [{**m, "ready": m["ready"] * 0.6 / 1.2} for m in series["readiness"][visit]]
                                     for visit in ("cold", "warm")}
    series["roi, snapshot"] = {visit: [{**m, "ready": m["ready"] * 0.9 / 1.3} for m in series["roi"][visit]]
                               for visit in ("cold", "warm")}
    results["snapshot_site"] = {"bytes": {"raw": 20 * 2**20, "gzip": 4 * 2**20, "br": 3 * 2**20}}
    summary = report.summarise(results)
    verdicts = {target["measure"]: (target["target"], target["met"]) for target in summary["targets"]}
    assert verdicts["Time to live, readiness, cold, × bare Pyodide load"] == ("≤ 1.25", True)  # 1.2
    assert verdicts["Time to live, roi, cold, × bare Pyodide load"] == ("≤ 1.25", False)  # 1.3
    assert verdicts["Time to live, roi, warm cache, × bare Pyodide load"] == ("≤ 1.15", False)
    assert verdicts["Time to live, readiness, cold, with the memory snapshot, × bare Pyodide load"] == ("≤ 0.80", True)
    assert verdicts["Time to live, roi, cold, with the memory snapshot, × bare Pyodide load"] == ("≤ 0.80", False)
    snapshot_row = next(t for t in summary["targets"] if t["measure"].startswith("Time to live, roi, cold, with"))
    assert snapshot_row["value"].endswith("+3.00 MB brotli on a first visit)")
    assert "| roi, with the memory snapshot | " in report.markdown(summary)


def test_without_the_snapshot_site_there_is_no_snapshot_target():
    summary = report.summarise(made_up_results())
    assert not any("memory snapshot" in target["measure"] for target in summary["targets"])
