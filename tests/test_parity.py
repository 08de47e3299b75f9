"""Parity of the calculators in Pyodide (Node) with CPython, from the built site's wheel and lockfile.

Target: the browser path of the calculators (hooks/pyodide_bundle.py, which builds the
wheel and lockfile, and docs/assets/javascripts/calculator-python.js, which the worker and
tests/pyodide_parity_runner.mjs share). Each case runs in real Pyodide under Node, loaded
from the site that ``mkdocs build`` wrote, and the JSON text Python returns there must equal,
character for character, ``json.dumps(web.respond(...))`` under CPython: the result
or errors of ``api.run``, the HTML, the CSV and the booking query.

The cases:

* every payload the core's own example-based tests compute (recorded by
  tests/parity_recorder.py while those tests run, so no golden case is copied here);
* each calculator's schema defaults, in each display currency;
* a fixed, derandomised sample of Hypothesis payloads from tests/strategies.py, valid and
  broken.

Payloads cross JavaScript on their way to Python (as in the browser: JSON.stringify, then
json.loads), so CPython computes on exactly the text Pyodide received, which the runner
echoes back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import api
from calculators.web import formatting
from calculators import web

from tests import strategies

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "pyodide_parity_runner.mjs"
CORE_DIR = ROOT / "calculators"
HYPOTHESIS_SAMPLE = 120  # per strategy


def core_test_modules() -> list[Path]:
    """tests/test_<module>.py for every module of the calculators package that has one."""
    modules = sorted(path.stem for path in CORE_DIR.glob("*.py") if not path.stem.startswith("_"))
    return [ROOT / "tests" / f"test_{stem}.py" for stem in modules if (ROOT / "tests" / f"test_{stem}.py").is_file()]


def recorded_cases(tmp_path: Path) -> list[dict]:
    """The payloads the core's example-based tests pass to the calculators."""
    target = tmp_path / "recorded.json"
    env = {**os.environ, "PARITY_CASES_FILE": str(target), "PYTHONPATH": str(ROOT / "tests")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "parity_recorder", "-p", "no:cacheprovider",
               "-o", "addopts=", *map(str, core_test_modules())]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if not target.is_file():
        pytest.fail(f"recording the core's test payloads failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return json.loads(target.read_text())


def hypothesis_sample(strategy: st.SearchStrategy, count: int) -> list:
    """``count`` examples of ``strategy``, the same ones on every run."""
    drawn: list = []

    @settings(max_examples=count, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        drawn.append(value)

    collect()
    return drawn


#: The longest payload text handed to Pyodide. Pyodide 0.29's js2python_str collects a string's
#: code points in a JavaScript array, and V8 aborts the whole process (no exception) when that
#: array passes about 112 million elements; the core's million-metric case (254 million
#: characters) would take Node down with it. The page sends far less: a share link is at most
#: 65,536 characters, and a form's lists stop at their schema's row limits.
MAX_PAYLOAD_CHARACTERS = 100_000_000


def browser_safe(payload: object) -> bool:
    """True if a browser could send it: JSON without NaN or infinities, of a length Pyodide takes."""
    try:
        text = json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return len(text) <= MAX_PAYLOAD_CHARACTERS


def all_cases(tmp_path: Path) -> list[dict]:
    cases = [{**case, "currency": "GBP", "source": "core tests"} for case in recorded_cases(tmp_path)]
    for name in api.names():
        for currency in formatting.CURRENCIES:
            cases.append({"name": name, "payload": api.schema(name)["defaults"], "currency": currency, "source": "defaults"})
    samples = {
        "readiness": [strategies.readiness_payloads, strategies.full_readiness_answers.map(lambda a: {"answers": a})],
        "roi": [strategies.roi_payloads(), strategies.messy_roi_payloads()],
    }
    for name, strategy_list in samples.items():
        for strategy in strategy_list:
            for payload in hypothesis_sample(strategy, HYPOTHESIS_SAMPLE):
                cases.append({"name": name, "payload": payload, "currency": "EUR", "source": "hypothesis"})
    unique: dict[str, dict] = {}
    for case in cases:
        if browser_safe(case["payload"]):
            unique.setdefault(json.dumps([case["name"], case["payload"], case["currency"]], sort_keys=True), case)
    return list(unique.values())


def cpython_answer(name: str, payload: object, currency: str) -> str:
    """What the worker's bridge returns, computed under CPython."""
    try:
        return json.dumps(web.respond(name, payload, currency), allow_nan=False)
    except Exception as error:  # noqa: BLE001 - a crash must crash in Pyodide too
        return json.dumps({"crash": type(error).__name__})


@pytest.fixture(scope="module")
def parity_run(built_site, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("parity")
    cases = all_cases(tmp_path)
    cases_file, answers_file = tmp_path / "cases.json", tmp_path / "answers.json"
    cases_file.write_text(json.dumps([{k: c[k] for k in ("name", "payload", "currency")} for c in cases]))
    done = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(RUNNER), str(built_site), str(cases_file),
         str(answers_file)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, f"the Node runner failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return cases, json.loads(answers_file.read_text())


def test_cases_cover_the_core_tests_defaults_and_hypothesis(parity_run):
    cases, answers = parity_run
    assert len(answers) == len(cases)
    sources = {case["source"] for case in cases}
    assert sources == {"core tests", "defaults", "hypothesis"}
    for name in api.names():
        assert sum(1 for c in cases if c["name"] == name and c["source"] == "core tests") >= 5, name
    assert sum(1 for c in cases if c["source"] == "hypothesis") >= 200


def test_pyodide_answers_equal_cpython_exactly(parity_run):
    cases, answers = parity_run
    mismatches = []
    for case, answer in zip(cases, answers):
        received = answer["payload"]  # the payload text as Python in Pyodide received it
        expected = cpython_answer(case["name"], json.loads(received), case["currency"])
        got = answer["answer"] if "answer" in answer else json.dumps({"crash": answer["crash"]})
        if got != expected:
            mismatches.append((case["source"], case["name"], received[:300], expected[:300], got[:300]))
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ; first: {mismatches[0]}"


def test_the_runner_used_the_built_wheel_and_lockfile(built_site):
    manifest = json.loads((built_site / "assets" / "pyodide" / "runtime.json").read_text())
    lock = json.loads((built_site / "assets" / "pyodide" / manifest["lockFileURL"]).read_text())
    assert list(lock["packages"]) == ["calculators"]
    wheel = (built_site / "assets" / "pyodide" / manifest["lockFileURL"]).parent / lock["packages"]["calculators"]["file_name"]
    assert wheel.is_file()
