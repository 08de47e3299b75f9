"""Reading untrusted JSON into typed values, collecting every error on the way.

The browser, the CLI and the site build all hand the core a JSON-shaped
``dict``. :class:`Reader` turns it into plain Python values and, instead of
stopping at the first problem, records each one as a :class:`FieldError`
whose ``field`` is the JSON path of the offending value
(``metrics[0].baseline``). When reading is over, :meth:`Reader.check` raises
:class:`Invalid` with all of them, so a visitor sees every mistake at once.

Conventions:

* Booleans are not numbers (``True`` is not ``1``), and neither are NaN or
  infinities. Numbers outside a documented range are errors, never clamped.
* Unknown keys are errors, so a typo in a field name is not silently ignored.
* Lists have a maximum length, so a huge payload is refused, not processed.

>>> r = Reader()
>>> r.number({"rate": 0.7}, "rate", minimum=0, maximum=0.5)
>>> r.errors
[FieldError(field='rate', message='Must be between 0 and 0.5; got 0.7.')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MISSING = object()


@dataclass(frozen=True)
class FieldError:
    """One problem with one input: its JSON path and a plain-English message."""

    field: str
    message: str

    def to_json(self) -> dict:
        return {"field": self.field, "message": self.message}


class Invalid(Exception):
    """The payload broke one or more rules; ``errors`` says which and where."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = list(errors)


def join(parent: str, key: str | int) -> str:
    """The JSON path of ``key`` inside ``parent``.

    >>> join("", "metrics"), join("metrics", 0), join("metrics[0]", "baseline")
    ('metrics', 'metrics[0]', 'metrics[0].baseline')
    """
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def describe(value: object) -> str:
    """A short, safe description of a value for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if len(text) <= 24 else text[:21] + "..."
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def fmt(number: float) -> str:
    """A bound as people write it: ``0.5``, ``10``, ``1000000``.

    >>> fmt(0.5), fmt(10), fmt(1000000), fmt(1e20)
    ('0.5', '10', '1000000', '1e+20')
    """
    return f"{number:.15g}" if abs(number) < 1e16 else repr(number)


class Reader:
    """Collects :class:`FieldError` objects while values are read."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def error(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def check(self) -> None:
        """Raise :class:`Invalid` if anything was wrong."""
        if self.errors:
            raise Invalid(self.errors)

    def _get(self, obj: dict, key: str, path: str, default: object) -> object:
        value = obj.get(key, MISSING)
        if value is MISSING or value is None:
            if default is MISSING:
                self.error(join(path, key), "Required.")
            return default
        return value

    def object(self, value: object, path: str, allowed: tuple[str, ...] | None = None) -> dict | None:
        """``value`` as a dict, with unknown keys reported; None if it is not one."""
        if not isinstance(value, dict):
            self.error(path or "payload", f"Must be an object; got {describe(value)}.")
            return None
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    shown = key if isinstance(key, str) and 0 < len(key) <= 40 else "(an empty key)" if key == "" else "(a long key)"
                    self.error(join(path, str(shown)), "Unknown field.")
        return value

    def number(
        self,
        obj: dict,
        key: str,
        path: str = "",
        *,
        minimum: float,
        maximum: float,
        default: object = MISSING,
        integer: bool = False,
    ) -> float | None:
        """A finite number in ``[minimum, maximum]`` (an int if ``integer``)."""
        value = self._get(obj, key, path, default)
        return self.coerce_number(value, join(path, key), minimum=minimum, maximum=maximum, integer=integer)

    def coerce_number(
        self, value: object, field: str, *, minimum: float, maximum: float, integer: bool = False
    ) -> float | None:
        """Check an already-fetched value; see :meth:`number`."""
        if value is None or value is MISSING:
            return None
        kind = "a whole number" if integer else "a number"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(field, f"Must be {kind}; got {describe(value)}.")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self.error(field, f"Must be a finite number; got {describe(value)}.")
            return None
        if integer and (isinstance(value, float) and not value.is_integer()):
            self.error(field, f"Must be a whole number; got {describe(value)}.")
            return None
        if not minimum <= value <= maximum:
            self.error(field, f"Must be between {fmt(minimum)} and {fmt(maximum)}; got {describe(value)}.")
            return None
        return int(value) if integer else float(value)

    def string(
        self, obj: dict, key: str, path: str = "", *, default: object = MISSING, max_length: int = 200
    ) -> str | None:
        """A string of at most ``max_length`` characters."""
        value = self._get(obj, key, path, default)
        if value is None or value is MISSING:
            return None
        if not isinstance(value, str):
            self.error(join(path, key), f"Must be text; got {describe(value)}.")
            return None
        if len(value) > max_length:
            self.error(join(path, key), f"Must be at most {max_length} characters; got {len(value)}.")
            return None
        return value

    def choice(
        self, obj: dict, key: str, options: tuple[str, ...], path: str = "", *, default: object = MISSING
    ) -> str | None:
        """One of ``options``."""
        value = self._get(obj, key, path, default)
        if value is None or value is MISSING:
            return None
        if not isinstance(value, str) or value not in options:
            self.error(join(path, key), f"Must be one of {', '.join(options)}.")
            return None
        return value

    def boolean(self, obj: dict, key: str, path: str = "", *, default: object = MISSING) -> bool | None:
        value = self._get(obj, key, path, default)
        if value is None or value is MISSING:
            return None
        if not isinstance(value, bool):
            self.error(join(path, key), f"Must be true or false; got {describe(value)}.")
            return None
        return value

    def items(
        self, obj: dict, key: str, path: str = "", *, min_items: int = 0, max_items: int, default: object = MISSING
    ) -> list | None:
        """A list with ``min_items``..``max_items`` entries; longer lists are refused unread."""
        value = self._get(obj, key, path, default)
        if value is None or value is MISSING:
            return None
        field = join(path, key)
        if not isinstance(value, list):
            self.error(field, f"Must be a list; got {describe(value)}.")
            return None
        if not min_items <= len(value) <= max_items:
            self.error(field, f"Must have between {min_items} and {max_items} entries; got {len(value)}.")
            return None
        return value


def read_fields(payload: object, fields: list[dict] | tuple[dict, ...]) -> dict[str, float]:
    """Read the number fields a schema declares (``id``, ``min``, ``max``, ``default``, ``kind``)
    from ``payload``; raise :class:`Invalid` naming every field that is wrong, or unknown.

    A field left out (or null) takes its default; ``kind: integer`` must be a whole number.

    >>> fields = [{"id": "months", "kind": "integer", "min": 0, "max": 120, "default": 6}]
    >>> read_fields({}, fields)
    {'months': 6}
    >>> read_fields({"months": -1, "typo": 2}, fields)
    Traceback (most recent call last):
    ...
    calculators.validation.Invalid: typo: Unknown field.; months: Must be between 0 and 120; got -1.
    """
    reader = Reader()
    data = reader.object(payload, "", tuple(f["id"] for f in fields))
    values: dict[str, float] = {}
    if data is not None:
        for spec in fields:
            values[spec["id"]] = reader.number(
                data, spec["id"], minimum=spec["min"], maximum=spec["max"],
                default=spec.get("default", MISSING), integer=spec.get("kind") == "integer",
            )
    reader.check()
    return values
