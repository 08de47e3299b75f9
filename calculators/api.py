"""The one JSON boundary of the core: the browser, the CLI and the site build call only this.

Every calculator is a module with two functions:

* ``schema() -> dict``: its inputs (ids, labels, units, ranges, defaults, help), from
  which the site renders the form;
* ``run(payload: dict) -> dict``: its result as JSON-safe values, raising
  :class:`calculators.validation.Invalid` when the payload breaks a rule.

``run`` here wraps that in the envelope every caller understands::

    {"ok": true, "result": {...}}
    {"ok": false, "errors": [{"field": "metrics[0].baseline", "message": "..."}]}

The calculators this package ships are listed in :mod:`calculators.registry` (``python -m
calculators new NAME`` writes a module and adds it there); a site adds its own with
:func:`register`, or sets the whole list with :func:`reset` (the site build does, at each build).

>>> message = run("nope", {})["errors"][0]["message"]
>>> message == f"Unknown calculator nope; known: {', '.join(names())}."
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from importlib import import_module
from typing import Any

from .registry import MODULES
from .validation import Invalid, describe


class Calculators(MutableMapping[str, Any]):
    """Calculator modules by name, each imported when it is first looked up.

    A calculator page's worker answers one calculator: importing only that one keeps the others'
    imports (up to a tenth of a second each in the browser) off the page's time to a live result.
    Membership, names and order never import.

    >>> calculators = Calculators({"roi": "calculators.roi"})
    >>> "roi" in calculators, list(calculators)
    (True, ['roi'])
    >>> calculators["roi"].__name__
    'calculators.roi'
    """

    def __init__(self, modules: dict[str, str]) -> None:
        self._entries: dict[str, Any] = dict(modules)  # name -> the module, or its import path until used

    def __getitem__(self, name: str) -> Any:
        module = self._entries[name]
        if isinstance(module, str):
            module = self._entries[name] = import_module(module)
        return module

    def __setitem__(self, name: str, module: Any) -> None:
        self._entries[name] = module

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Remove every calculator, importing none (MutableMapping's would look each one up)."""
        self._entries.clear()


def _own() -> dict[str, str]:
    """The package's own calculators (:data:`calculators.registry.MODULES`): name -> import path."""
    return {name: f"{__package__}.{name}" for name in MODULES}


#: Every calculator by name, in the order pages list them: the package's own, then any registered.
CALCULATORS = Calculators(_own())


def register(name: str, module: Any) -> None:
    """Make ``module`` (anything with ``schema()`` and ``run(payload)``) available as ``name``."""
    CALCULATORS[name] = module


def reset(modules: Mapping[str, Any] | None = None) -> None:
    """Make the calculators exactly the package's own, then ``modules`` (name -> module), in order.

    What :func:`register` added before is gone. The site build calls this with the site's own
    calculators each time it reads its configuration, so under ``mkdocs serve`` (one process, many
    builds) a calculator taken out of the configuration is no longer listed. A package calculator
    already imported is not imported again.

    >>> import types
    >>> reset({"tip": types.SimpleNamespace(schema=dict, run=dict)})
    >>> names() == [*MODULES, "tip"]
    True
    >>> reset()
    >>> names() == list(MODULES)
    True
    """
    CALCULATORS.clear()
    CALCULATORS.update(_own())
    CALCULATORS.update(modules or {})


def names() -> list[str]:
    """The registered calculators, in registration order."""
    return list(CALCULATORS)


def _unknown(name: object) -> dict:
    shown = name if isinstance(name, str) and len(name) <= 40 else describe(name)
    return {
        "ok": False,
        "errors": [{"field": "calculator", "message": f"Unknown calculator {shown}; known: {', '.join(CALCULATORS)}."}],
    }


def schema(name: str) -> dict:
    """The input description of calculator ``name``. Raises ``KeyError`` for an unknown name."""
    return CALCULATORS[name].schema()


def run(name: str, payload: Any) -> dict:
    """Validate ``payload`` and compute calculator ``name``, never raising for JSON-shaped input."""
    module = CALCULATORS.get(name) if isinstance(name, str) else None
    if module is None:
        return _unknown(name)
    if not isinstance(payload, dict):
        return {"ok": False, "errors": [{"field": "payload", "message": f"Must be an object; got {describe(payload)}."}]}
    try:
        result = module.run(payload)
    except Invalid as invalid:
        return {"ok": False, "errors": [error.to_json() for error in invalid.errors]}
    return {"ok": True, "result": result}
