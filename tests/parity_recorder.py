"""A pytest plugin for tests/test_parity.py: records every payload the core's own tests compute.

:func:`record_core_cases` (started by tests/conftest.py as a run's tests are collected, when
test_parity.py is among them) runs :class:`CoreCases`: the example-based tests of every core
test module (tests/test_<m>.py for a module ``m`` of the calculators package; Hypothesis-driven
tests are left out, the parity test draws its own sample) in a pytest of their own, with
``PARITY_CASES_FILE`` naming a file. tests/conftest.py then registers one
:class:`PayloadRecorder` in that child session, under the name :data:`PLUGIN_NAME`: while each of
those tests runs it wraps ``calculators.api.run`` and each registered calculator's ``run``, keeps
the distinct ``(name, payload)`` pairs, and writes them to the file as JSON when the session
ends. So the golden cases reach Pyodide without being copied out of the tests that own them.

The recording happens in its own process, whatever the session around the parity test runs and
in whatever order (or in parallel: pytest-xdist): the parity test always replays the payloads of
every core test, and no test of the outer session runs with the calculators wrapped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import is_hypothesis_test

PLUGIN_NAME = "parity_recorder"
ROOT = Path(__file__).resolve().parent.parent
#: The longest payload text handed to Pyodide. Pyodide 0.29's js2python_str collects a string's
#: code points in a JavaScript array, and V8 aborts the whole process (no exception) when that
#: array passes about 112 million elements; the core's million-metric case (254 million
#: characters) would take Node down with it. The page sends far less: a share link is at most
#: 65,536 characters, and a form's lists stop at their schema's row limits.
MAX_PAYLOAD_CHARACTERS = 100_000_000
#: The environment variable that turns the recorder on, naming the file it writes.
OUTPUT_VARIABLE = "PARITY_CASES_FILE"


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
    """A core test module's example-based test: not Hypothesis-driven, nor marked ``sampled``
    (payloads drawn in bulk from a seeded generator, tests/hostile.py)."""
    return (isinstance(item, pytest.Function) and item.path in core_modules and not is_hypothesis_test(item.obj)
            and item.get_closest_marker("sampled") is None)


class PayloadRecorder:
    """Collects the ``(name, payload)`` pairs the core's example-based tests pass to the calculators
    and writes them to ``output`` as JSON, ``[{"name", "payload"}, ...]`` in the order first seen."""

    def __init__(self, output: Path):
        self.output = output
        self.core_modules = set(core_test_modules())
        #: Each distinct pair, by the SHA-256 of its name and payload text: {digest: (name, payload text)}.
        self.pairs: dict[str, tuple[str, str]] = {}
        #: Large payloads, kept when their test ends; by id, as api.run hands its payload on to the
        #: calculator's run and both are wrapped (the object is alive until the test ends).
        self.later: dict[int, tuple[str, object]] = {}

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        keep = [item for item in items if is_core_example(item, self.core_modules)]
        deselected = [item for item in items if item not in keep]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = keep

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
            self.later.setdefault(id(payload), (name, payload))

    def keep(self, name: str, payload: object) -> None:
        text = payload_text(payload)
        if text is None:
            return
        key = hashlib.sha256(json.dumps(name).encode() + b"\0" + text.encode()).hexdigest()
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
        if not is_core_example(item, self.core_modules):
            return (yield)
        with self.wrapping_the_calculators():
            outcome = yield
        for name, payload in self.later.values():
            self.keep(name, payload)
        self.later.clear()
        return outcome

    def pytest_sessionfinish(self, session, exitstatus):
        # The payload texts are JSON already: joined, not parsed and written again.
        cases = ",".join(f'{{"name":{json.dumps(name)},"payload":{text}}}' for name, text in self.pairs.values())
        self.output.write_text(f"[{cases}]", encoding="utf-8")


class CoreCases:
    """The payloads of every core test module's example-based tests, ``[{"name", "payload"}, ...]``:
    those tests run in a child pytest with a :class:`PayloadRecorder` writing to ``workdir``.
    Started at once, in the background; :func:`record_core_cases` waits for it."""

    def __init__(self, workdir: Path) -> None:
        self.target = workdir / "recorded.json"
        self.log = workdir / "recording.log"
        env = {**os.environ, OUTPUT_VARIABLE: str(self.target)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                   *map(str, core_test_modules())]
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)


def record_core_cases(workdir: Path) -> str | None:
    """Record the core tests' payloads into ``workdir``/recorded.json (:class:`CoreCases`, waited
    for); None, or what went wrong (for tests/conftest.py's ``run_once``, which starts it as the
    run's tests are collected, beside the site build)."""
    cases = CoreCases(workdir)
    cases.process.wait(timeout=900)
    if cases.target.is_file():
        return None
    return f"recording the core's test payloads failed:\n{cases.log.read_text(encoding='utf-8')[-6000:]}"


def recorded_cases(workdir: Path) -> list[dict]:
    """The payloads :func:`record_core_cases` wrote into ``workdir``."""
    return json.loads((workdir / "recorded.json").read_text(encoding="utf-8"))


def recorder_from_environment() -> PayloadRecorder | None:
    """The recorder of a session started by :func:`record_core_cases`, else None."""
    output = os.environ.get(OUTPUT_VARIABLE)
    return PayloadRecorder(Path(output)) if output else None
