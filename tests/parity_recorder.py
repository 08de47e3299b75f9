"""A pytest plugin for tests/test_parity.py: records every payload the core's own tests compute.

Loaded with ``-p parity_recorder`` in a child pytest run over the core's test modules. It
wraps ``calculators.api.run`` and each registered calculator's ``run`` before the tests
are collected, keeps the example-based tests (Hypothesis-driven ones are deselected: the
parity test draws its own sample), and writes the distinct ``(name, payload)`` pairs as JSON
to the file named by the ``PARITY_CASES_FILE`` environment variable. So the golden cases
reach Pyodide without being copied out of the tests that own them.
"""

from __future__ import annotations

import copy
import functools
import json
import os

from hypothesis import is_hypothesis_test

RECORDED: dict[str, tuple[str, object]] = {}


def _remember(name: object, payload: object) -> None:
    if not isinstance(name, str):
        return
    try:
        key = json.dumps([name, payload], sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):
        return  # not JSON a browser could send (NaN, infinities, non-JSON objects)
    RECORDED.setdefault(key, (name, copy.deepcopy(payload)))


def pytest_configure(config):
    from calculators import api

    original_api_run = api.run

    @functools.wraps(original_api_run)
    def api_run(name, payload):
        _remember(name, payload)
        return original_api_run(name, payload)

    api.run = api_run
    for name, module in list(api.CALCULATORS.items()):
        original = module.run

        def module_run(payload, _original=original, _name=name):
            _remember(_name, payload)
            return _original(payload)

        module.run = functools.wraps(original)(module_run)


def pytest_collection_modifyitems(config, items):
    keep = [item for item in items if not is_hypothesis_test(getattr(item, "obj", None))]
    deselected = [item for item in items if item not in keep]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("PARITY_CASES_FILE")
    if target:
        cases = [{"name": name, "payload": payload} for name, payload in RECORDED.values()]
        with open(target, "w", encoding="utf-8") as out:
            json.dump(cases, out)
