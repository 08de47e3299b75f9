"""A site's own calculator modules (the plugin's ``modules`` option): imported from their files and
checked on their defaults before any page is built.

Each problem stops the build with one line naming the option, the file and the fix, instead of
a traceback or a page that builds green and shows nothing:

* the file does not import, or lacks ``schema()`` and ``run(payload)``;
* ``schema()`` raises, or has no ``defaults``;
* an output's kind is not one the view knows (:data:`calculators.outputs.KINDS`);
* ``run()`` raises on the defaults (what the page pre-renders), or its result lacks a value an
  output declares (``outputs[].id``, a dotted path such as ``stage.label``).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.exceptions import PluginError

from calculators.outputs import KINDS

from .wheel import SITE_PACKAGE

MISSING = object()


def load_module(name: str, path: Path) -> ModuleType:
    """A site's calculator module from its file, as ``site_calculators.<name>`` (as in the wheel), checked."""
    package = sys.modules.setdefault(SITE_PACKAGE, ModuleType(SITE_PACKAGE))
    spec = importlib.util.spec_from_file_location(f"{SITE_PACKAGE}.{name}", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise PluginError(f"calculators: modules.{name}: {path} is not a Python file")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a site author's module: report it in one line, not a traceback
        raise PluginError(f"calculators: modules.{name}: {path} does not import: {type(error).__name__}: {error}") from None
    if not (callable(getattr(module, "schema", None)) and callable(getattr(module, "run", None))):
        raise PluginError(f"calculators: modules.{name}: {path} must define schema() and run(payload)")
    problem = problem_of(module)
    if problem:
        raise PluginError(f"calculators: modules.{name}: {path}: {problem}")
    setattr(package, name, module)
    return module


def value_at(result: Any, path: str) -> Any:
    """The value at a dotted ``path`` of ``result``, or :data:`MISSING`.

    >>> value_at({"stage": {"label": "Pilot"}}, "stage.label"), value_at({"a": 1}, "b") is MISSING
    ('Pilot', True)
    """
    for key in path.split("."):
        if not isinstance(result, dict) or key not in result:
            return MISSING
        result = result[key]
    return result


def problem_of(module: ModuleType) -> str | None:
    """What is wrong with a calculator module's schema and its run on the defaults, in one line; else None."""
    try:
        schema = module.schema()
    except Exception as error:  # noqa: BLE001 - a site author's code: one line, not a traceback
        return f"schema() raised {type(error).__name__}: {error}"
    if not isinstance(schema, dict) or not isinstance(schema.get("defaults"), dict):
        return "schema() must return a dict with the calculator's defaults under 'defaults'"
    outputs = [output for output in schema.get("outputs", []) if isinstance(output, dict)]
    for output in outputs:
        if output.get("kind", "plain") not in KINDS:
            return (f"output {output.get('id')!r} has kind {output.get('kind')!r}; "
                    f"use one of {', '.join(KINDS)} in schema()['outputs']")
    try:
        result = module.run(schema["defaults"])
    except Exception as error:  # noqa: BLE001
        return f"run() raised {type(error).__name__} on the defaults: {error}"
    for output in outputs:
        if value_at(result, str(output.get("id"))) is MISSING:
            return (f"run() on the defaults returns no {output.get('id')!r}, which schema()['outputs'] declares; "
                    "return it from run(), or take it out of the outputs")
    return None
