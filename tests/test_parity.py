"""Parity of the calculators in Pyodide (Node) with CPython, from the built site's wheel and lockfile.

Target: the browser path of the calculators (mkdocs_calculators/bundle.py, which builds the
wheel and lockfile, and mkdocs_calculators/assets/javascripts/calculator-python.js, which the worker and
tests/pyodide_parity_runner.mjs share). Each case runs in real Pyodide under Node, loaded
from the site that ``mkdocs build`` wrote, and the JSON text Python returns there must equal,
character for character, ``json.dumps(web.respond(...))`` under CPython: the result
or errors of ``api.run``, the HTML, the CSV and the booking query.

The cases:

* every payload the core's own example-based tests compute (recorded by
  tests/parity_recorder.py while those tests run in a pytest of their own, started here; no
  golden case is copied here);
* each calculator's schema defaults, in each display currency;
* a fixed, derandomised sample of Hypothesis payloads from tests/strategies.py, valid and
  broken.

Payloads cross JavaScript on their way to Python (as in the browser: JSON.stringify, then
json.loads), so CPython computes on exactly the text Pyodide received, which the runner
echoes back.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import api
from calculators.web import formatting
from calculators import web

from tests import strategies
from tests.conftest import run_once
from tests.parity_recorder import ROOT, payload_text, record_core_cases, recorded_cases

pytestmark = pytest.mark.site  # every test here reads the built site (one through parity_run)

RUNNER = ROOT / "tests" / "pyodide_parity_runner.mjs"
#: A page's Site as the calculators plugin writes it into data-site (mkdocs.yml's options).
PAGE_SITE = {"root": "../../", "links": {"playbook": "playbook/{id}/"},
             "booking_note": "Booking from this page shares only {summary}. Your answers stay in your browser."}
HYPOTHESIS_SAMPLE = 120  # per strategy
#: run_once's name for the recording of the core tests' payloads (tests/conftest.py starts it).
PARITY_CASES = "parity-cases"




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


def browser_safe(payload: object) -> bool:
    """True if a browser could send it: JSON without NaN or infinities, of a length Pyodide takes
    (parity_recorder.MAX_PAYLOAD_CHARACTERS)."""
    return payload_text(payload) is not None


def all_cases(core: list[dict]) -> list[dict]:
    cases = [{**case, "currency": "GBP", "source": "core tests"} for case in core]
    for name in api.names():
        for currency in formatting.CURRENCIES:
            cases.append({"name": name, "payload": api.schema(name)["defaults"], "currency": currency, "source": "defaults"})
        # As a page of this site calls it: with its Site (links relative to the page, the booking note).
        cases.append({"name": name, "payload": api.schema(name)["defaults"], "currency": "GBP", "site": PAGE_SITE,
                      "source": "defaults"})
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
            key = [case["name"], case["payload"], case["currency"], case.get("site")]
            unique.setdefault(json.dumps(key, sort_keys=True), case)
    return list(unique.values())


def cpython_answer(name: str, payload: object, currency: str, site: dict | None = None) -> str:
    """What the worker's bridge returns, computed under CPython."""
    try:
        return json.dumps(web.respond(name, payload, currency, site or {}), allow_nan=False)
    except Exception as error:  # noqa: BLE001 - a crash must crash in Pyodide too
        return json.dumps({"crash": type(error).__name__})


@pytest.fixture(scope="module")
def parity_run(request, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("parity")
    built_site = request.getfixturevalue("built_site")
    # Started as the run's tests were collected (tests/conftest.py), beside the site build.
    cases = all_cases(recorded_cases(run_once(tmp_path_factory, PARITY_CASES, record_core_cases)))
    cases_file, answers_file = tmp_path / "cases.json", tmp_path / "answers.json"
    cases_file.write_text(json.dumps([{k: c[k] for k in ("name", "payload", "currency", "site") if k in c} for c in cases]))
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
        expected = cpython_answer(case["name"], json.loads(received), case["currency"], case.get("site"))
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


#: Starts as the worker does from the built site, answers each calculator, then counts the
#: calculators' dataclasses and those whose __init__ is a code object from the compiled methods
#: the build shipped (the BRIDGE's ``_methods``): compiled at start-up, it would be a new object.
COMPILED_METHODS_CHECK = r"""
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ANSWER_EACH, BRIDGE, importFromWheel } from "../mkdocs_calculators/assets/javascripts/calculator-python.js";

const bundleDir = path.join(path.resolve(process.argv[1]), "assets", "pyodide");
const manifest = JSON.parse(readFileSync(path.join(bundleDir, "runtime.json"), "utf8"));
const indexURL = path.join(bundleDir, manifest.indexURL) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL, lockFileURL: path.join(bundleDir, manifest.lockFileURL) });
importFromWheel(py, readFileSync(path.join(bundleDir, manifest.wheel)));
py.globals.set("entry", manifest.entry);
py.globals.set("register", py.toPy(manifest.register));
py.runPython(BRIDGE).destroy();
py.runPython(ANSWER_EACH);
console.log(py.runPython(`
import dataclasses, json, sys, types

def codes(code):
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from codes(constant)

shipped = {id(code) for source in _methods.values() for code in codes(source)}
classes = [value for name, module in list(sys.modules.items()) if name.startswith("calculators")
           for value in vars(module).values()
           if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name]
json.dumps({"classes": len(classes), "shipped": sum(id(cls.__init__.__code__) in shipped for cls in classes)})
`));
"""


def test_the_start_defines_the_calculators_classes_with_the_methods_the_build_compiled(built_site):
    """The worker's start runs the dataclass methods shipped in the stdlib zip instead of compiling
    them; a site built without bytecode (on another Python than the runtime's) ships none."""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", COMPILED_METHODS_CHECK, str(built_site)],
        cwd=ROOT / "tests", capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    manifest = json.loads((built_site / "assets" / "pyodide" / "runtime.json").read_text())
    compiled = "-cp" in manifest["indexURL"]
    assert counts["classes"] >= 20 and counts["shipped"] == (counts["classes"] if compiled else 0), counts
