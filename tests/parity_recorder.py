"""A pytest plugin for tests/test_parity.py: records every payload the core's own tests compute.

tests/conftest.py registers one :class:`PayloadRecorder` per session, under the name
:data:`PLUGIN_NAME`. While each example-based test of a core test module runs (tests/test_<m>.py
for a module ``m`` of the calculators package; Hypothesis-driven tests are left out, the parity
test draws its own sample), it wraps ``calculators.api.run`` and each registered calculator's
``run`` and keeps the distinct ``(name, payload)`` pairs. So the golden cases reach Pyodide
without being copied out of the tests that own them, and the core tests run once per session.

It records only when the session will run the parity test (tests/conftest.py orders that test
after the others), or when ``PARITY_CASES_FILE`` names a file: then it keeps only the core's
example-based tests and writes the pairs there as JSON when the session ends. test_parity.py
starts such a run for the core test modules that its own session did not run in full (as when
it runs alone), so every core test's payloads reach it either way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test

PLUGIN_NAME = "parity_recorder"
ROOT = Path(__file__).resolve().parent.parent
PARITY_MODULE = ROOT / "tests" / "test_parity.py"
#: The longest payload text handed to Pyodide. Pyodide 0.29's js2python_str collects a string's
#: code points in a JavaScript array, and V8 aborts the whole process (no exception) when that
#: array passes about 112 million elements; the core's million-metric case (254 million
#: characters) would take Node down with it. The page sends far less: a share link is at most
#: 65,536 characters, and a form's lists stop at their schema's row limits.
MAX_PAYLOAD_CHARACTERS = 100_000_000


def core_test_modules() -> list[Path]:
    """tests/test_<module>.py for every module of the calculators package (core and view, whose
    package's own tests are tests/test_web.py) that has one."""
    stems = {path.stem for path in (ROOT / "calculators").rglob("*.py") if not path.stem.startswith("_")} | {"web"}
    return [ROOT / "tests" / f"test_{stem}.py" for stem in sorted(stems) if (ROOT / "tests" / f"test_{stem}.py").is_file()]


def payload_text(payload: object) -> str | None:
    """The payload as the JSON a browser could send, or None (NaN, infinities, non-JSON, too long)."""
    try:
        text = json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError):
        return None
    return text if len(text) <= MAX_PAYLOAD_CHARACTERS else None


#: A payload of at most this many values (containers, keys' values and items) is copied as JSON
#: when the calculator is called; a larger one when its test ends (PayloadRecorder.remember).
SNAPSHOT_NODES = 10_000


def has_at_most(value: object, count: int) -> bool:
    """True if ``value`` holds at most ``count`` values, itself and every nested one included."""
    pending, seen = [value], 0
    while pending:
        current = pending.pop()
        seen += 1
        if isinstance(current, dict):
            current = list(current.values()) if len(current) <= count else None
        elif isinstance(current, (list, tuple)):
            current = current if len(current) <= count else None
        else:
            continue
        if current is None:
            return False
        pending.extend(current)
        if seen + len(pending) > count:
            return False
    return True


def is_core_example(item: pytest.Item, core_modules: set[Path]) -> bool:
    return isinstance(item, pytest.Function) and item.path in core_modules and not is_hypothesis_test(item.obj)


class PayloadRecorder:
    """Collects the ``(name, payload)`` pairs the core's example-based tests pass to the calculators."""

    def __init__(self, output: Path | None = None):
        self.output = output
        self.core_modules = set(core_test_modules())
        self.recording = output is not None
        #: Each distinct pair, by the SHA-256 of its sort_keys JSON: {digest: (name, payload text)}.
        self.pairs: dict[str, tuple[str, str]] = {}
        self.later: list[tuple[str, object]] = []  # large payloads, kept when their test ends
        self.collected: dict[Path, set[str]] = defaultdict(set)
        self.finished: set[str] = set()
        self.notes: list[str] = []

    # --- what the session holds ---------------------------------------------------------------

    def pytest_itemcollected(self, item):
        if is_core_example(item, self.core_modules):
            self.collected[item.path].add(item.nodeid)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        if self.output is None:
            return
        keep = [item for item in items if is_core_example(item, self.core_modules)]
        deselected = [item for item in items if item not in keep]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = keep

    def pytest_collection_finish(self, session):
        if self.output is None:
            self.recording = any(item.path == PARITY_MODULE for item in session.items)

    # --- recording ----------------------------------------------------------------------------

    def remember(self, name: object, payload: object) -> None:
        """Keep the pair: as JSON now if the payload is small, else when the test has ended.

        A test may time its call (test_api bounds each at a second) or change the payload
        afterwards: a small payload, the golden cases, is copied as JSON at once, and a
        large one (a million list entries) is written out after the test, off its clock.
        """
        if not isinstance(name, str):
            return
        if has_at_most(payload, SNAPSHOT_NODES):
            self.keep(name, payload)
        else:
            self.later.append((name, payload))

    def keep(self, name: str, payload: object) -> None:
        text = payload_text(payload)
        if text is None:
            return
        key = hashlib.sha256(json.dumps([name, payload], sort_keys=True).encode()).hexdigest()
        self.pairs.setdefault(key, (name, text))

    @contextlib.contextmanager
    def wrapping_the_calculators(self):
        """``api.run`` and every calculator's ``run``, remembering their payloads, until the end."""
        from calculators import api

        originals = [(api, api.run)] + [(module, module.run) for module in api.CALCULATORS.values()]
        original_api_run = api.run

        def api_run(name, payload):
            self.remember(name, payload)
            return original_api_run(name, payload)

        api.run = api_run
        for name, module in list(api.CALCULATORS.items()):
            def module_run(payload, _original=module.run, _name=name):
                self.remember(_name, payload)
                return _original(payload)

            module.run = module_run
        try:
            yield
        finally:
            for owner, run in originals:
                owner.run = run

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        if not (self.recording and is_core_example(item, self.core_modules)):
            return (yield)
        with self.wrapping_the_calculators():
            outcome = yield
        for name, payload in self.later:
            self.keep(name, payload)
        self.later.clear()
        self.finished.add(item.nodeid)
        return outcome

    def pytest_sessionfinish(self, session, exitstatus):
        if self.output is not None:
            self.output.write_text(json.dumps(self.cases()), encoding="utf-8")

    # --- what test_parity.py reads ------------------------------------------------------------

    def cases(self) -> list[dict]:
        """The recorded pairs, each as ``{"name", "payload"}``, in the order first seen."""
        return [{"name": name, "payload": json.loads(text)} for name, text in self.pairs.values()]

    def modules_run_in_full(self) -> set[Path]:
        """The core test modules every example-based test of which ran, recorded, in this session."""
        return {path for path, nodeids in self.collected.items() if nodeids and nodeids <= self.finished}

    def core_cases(self, workdir: Path) -> list[dict]:
        """The payloads of every core test module's example-based tests.

        This session's recording, plus, for the modules it did not run in full (all of them when
        test_parity.py runs alone), a pytest run of those modules with this recorder writing to
        ``workdir``; the terminal summary says which.
        """
        missing = [path for path in core_test_modules() if path not in self.modules_run_in_full()]
        cases = self.cases()
        note = f"parity: {len(cases)} payloads of the core's tests recorded in this session"
        if missing:
            child_cases = cases_from_a_run_of(missing, workdir)
            cases += child_cases
            note += (f", {len(child_cases)} in a pytest run of {', '.join(path.name for path in missing)}"
                     " (this session did not run them in full)")
        self.notes.append(note)
        return cases

    def pytest_terminal_summary(self, terminalreporter):
        for note in self.notes:
            terminalreporter.write_line(note)


def cases_from_a_run_of(modules: list[Path], workdir: Path) -> list[dict]:
    """Run ``modules``' example-based tests in a child pytest; the payloads its recorder wrote."""
    target = workdir / "recorded.json"
    env = {**os.environ, "PARITY_CASES_FILE": str(target)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", *map(str, modules)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if not target.is_file():
        pytest.fail(f"recording the core's test payloads failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return json.loads(target.read_text(encoding="utf-8"))


def recorder_from_environment() -> PayloadRecorder:
    """The session's recorder: writing to ``PARITY_CASES_FILE`` if that is set."""
    output = os.environ.get("PARITY_CASES_FILE")
    return PayloadRecorder(Path(output) if output else None)
