"""Tests for bench.report's README quote: splice replaces only the marked section."""

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
