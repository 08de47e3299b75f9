"""Tests for calculators/__main__.py: the command line, run as a subprocess the way a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import api

ROOT = Path(__file__).resolve().parent.parent


def cli(*arguments: str, stdin: bytes | str = b"") -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "calculators", *arguments],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def output(process: subprocess.CompletedProcess) -> dict:
    assert b"Traceback" not in process.stderr, process.stderr.decode()
    return json.loads(process.stdout)


@pytest.mark.parametrize("name", api.names())
def test_without_input_it_runs_the_schema_defaults(name):
    process = cli(name)
    assert process.returncode == 0, process.stdout
    assert output(process) == api.run(name, api.schema(name)["defaults"])


@pytest.mark.parametrize("name", api.names())
def test_schema_prints_the_schema(name):
    process = cli(name, "--schema")
    assert process.returncode == 0
    assert output(process) == api.schema(name)


def test_input_file(tmp_path):
    payload = tmp_path / "answers.json"
    payload.write_text(json.dumps({"answers": {"base_recorded": 4, "own_named_owner": 0}}), encoding="utf-8")
    process = cli("readiness", "--input", str(payload))
    assert process.returncode == 0
    result = output(process)["result"]
    assert result["complete"] is False
    assert {d["id"]: d["score"] for d in result["dimensions"]}["baseline"] == 100.0


def test_input_from_stdin():
    process = cli("readiness", "--input", "-", stdin=json.dumps({"answers": {"focus_one_use_case": 2}}))
    assert process.returncode == 0
    assert output(process)["result"]["dimensions"][-1]["score"] == 50.0


def test_the_roi_discounting_convention_is_an_input_like_any_other():
    payload = api.schema("roi")["defaults"] | {"discounting": "mid_year"}
    process = cli("roi", "--input", "-", stdin=json.dumps(payload))
    assert process.returncode == 0
    assert output(process) == api.run("roi", payload) and output(process)["result"]["discounting"] == "mid_year"
    refused = cli("roi", "--input", "-", stdin=json.dumps(payload | {"discounting": "monthly"}))
    assert refused.returncode == 2 and output(refused)["errors"][0]["field"] == "discounting"


def test_validation_errors_exit_2_with_the_errors_in_json():
    process = cli("readiness", "--input", "-", stdin='{"answers": {"base_recorded": 5, "nope": 1}}')
    assert process.returncode == 2
    body = output(process)
    assert body["ok"] is False
    assert [e["field"] for e in body["errors"]] == ["answers.base_recorded", "answers.nope"]


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"{bad", "Standard input is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2."),
        (b"", "Standard input is not valid JSON: Expecting value at line 1, column 1."),
        (b"\xff\xfe{}", "Cannot read standard input: it is not UTF-8 text."),
        (b"[" * 100_000, "Standard input is nested too deeply to read."),
    ],
)
def test_unreadable_input_is_a_json_error_and_exit_2(stdin, message):
    process = cli("readiness", "--input", "-", stdin=stdin)
    assert process.returncode == 2
    assert output(process) == {"ok": False, "errors": [{"field": "input", "message": message}]}


def test_a_json_value_that_is_not_an_object_is_a_validation_error():
    process = cli("readiness", "--input", "-", stdin="[1, 2]")
    assert process.returncode == 2
    assert output(process)["errors"][0]["field"] == "payload"


def test_missing_file_is_a_json_error(tmp_path):
    missing = tmp_path / "missing.json"
    process = cli("readiness", "--input", str(missing))
    assert process.returncode == 2
    assert output(process)["errors"] == [
        {"field": "input", "message": f"Cannot read {missing}: No such file or directory."}
    ]


def test_a_directory_is_a_json_error(tmp_path):
    process = cli("roi", "--input", str(tmp_path))
    assert process.returncode == 2
    assert output(process)["errors"][0]["message"].startswith(f"Cannot read {tmp_path}:")


def test_file_with_byte_order_mark_is_read(tmp_path):
    payload = tmp_path / "bom.json"
    payload.write_bytes(b"\xef\xbb\xbf" + json.dumps({"answers": {}}).encode())
    assert cli("readiness", "--input", str(payload)).returncode == 0


def test_help_explains_with_examples():
    process = cli("--help")
    assert process.returncode == 0
    text = process.stdout.decode()
    for expected in ("readiness", "roi", "--input", "--schema", "examples:", "Exit status: 0 ok, 2 invalid input"):
        assert expected in text


def test_unknown_calculator_is_a_usage_error():
    process = cli("nope")
    assert process.returncode == 2
    assert b"invalid choice: 'nope'" in process.stderr
    assert b"Traceback" not in process.stderr


def test_schema_and_input_are_exclusive():
    process = cli("readiness", "--schema", "--input", "-")
    assert process.returncode == 2
    assert b"not allowed with" in process.stderr
