"""Hostile payloads in bulk, from a seeded stdlib ``random.Random``: deterministic and cheap.

tests/test_api.py sends 10,000 of them to each calculator (issue 6: the JSON boundary never
raises and always answers JSON, in bounded time). Hypothesis spent about 6-18 ms drawing each
such payload, against well under a millisecond for ``api.run`` to answer it; this draws one in
tens of microseconds. Hypothesis keeps the smaller runs where its shrinking pays
(tests/strategies.py); a failure here names the seed and the payload's number, and
``payload(name, seed, number)`` gives that payload back.

The payloads are of three kinds, in turn:

* arbitrary JSON objects (``json_object``): random keys, nested lists and objects, and the
  values that break naive code (NaN, infinities, -0.0, 10**400, huge and tiny floats, empty
  strings, control characters, markup, non-ASCII text);
* objects whose keys are the calculator's own field names at any depth (``schema_object``),
  each holding arbitrary JSON, so validation is reached field by field;
* the calculator's schema defaults perturbed (``perturbed``): parts kept, dropped, replaced by
  arbitrary JSON or by an extreme value, lists shortened or lengthened, keys added.

>>> [payload("roi", 7, n) for n in range(3)] == [payload("roi", 7, n) for n in range(3)]
True
>>> payload("roi", 7, 2) != payload("roi", 8, 2)
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

SPECIAL_NUMBERS: tuple = (
    0, 1, -1, 2, 0.5, -0.0, 0.0, 1e-320, 5e-324, 1e308, -1e308, 1.7976931348623157e308,
    math.nan, math.inf, -math.inf, 2**31, 2**53 + 1, 2**63, -(2**63), 10**400, -(10**400), 1e16, 99999,
)
SPECIAL_TEXTS: tuple = (
    "", " ", "0", "1", "-1", "1e309", "NaN", "Infinity", "null", "true", "[]", "{}", "0x10", "1_000",
    "<script>alert(1)</script>", "</table>", "\x00", "\u202e", "é", "日本", "\U0001f600", "a" * 30,
)
#: Character ranges text is drawn from (no surrogates: they are not text a browser can send).
ALPHABETS: tuple = ((0x20, 0x7E), (0x00, 0x1F), (0xA0, 0x24F), (0x2000, 0x206F), (0x3040, 0x9FFF),
                    (0x1F300, 0x1F64F), (0xE000, 0xFFFD))
MAX_LEAVES = 30


def text(rng: random.Random, max_size: int = 30) -> str:
    if rng.random() < 0.25:
        return rng.choice(SPECIAL_TEXTS)[:max_size]
    low, high = rng.choice(ALPHABETS)
    return "".join(map(chr, rng.choices(range(low, high + 1), k=rng.randrange(max_size + 1))))


def scalar(rng: random.Random) -> Any:
    kind = rng.randrange(8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-1000, 1000)
    if kind == 3:
        return rng.randint(-(10**400), 10**400) if rng.random() < 0.5 else rng.randint(-(2**64), 2**64)
    if kind == 4:
        return rng.choice(SPECIAL_NUMBERS)
    if kind == 5:  # any finite float, by its bits or by scale
        return rng.uniform(-1, 1) * 10 ** rng.randint(-320, 308)
    return text(rng)


def json_value(rng: random.Random, leaves: list[int] | None = None) -> Any:
    """A JSON-shaped value (NaN and infinities included) of at most MAX_LEAVES scalars."""
    leaves = [MAX_LEAVES] if leaves is None else leaves
    if leaves[0] <= 1 or rng.random() < 0.6:
        leaves[0] -= 1
        return scalar(rng)
    if rng.random() < 0.5:
        return [json_value(rng, leaves) for _ in range(rng.randint(0, 5))]
    return {text(rng, 20): json_value(rng, leaves) for _ in range(rng.randint(0, 5))}


def json_object(rng: random.Random) -> dict:
    """An arbitrary JSON object: up to six random keys holding arbitrary JSON."""
    leaves = [MAX_LEAVES]
    return {text(rng, 20): json_value(rng, leaves) for _ in range(rng.randint(0, 6))}


def field_names(value: Any) -> list[str]:
    """Every object key inside ``value`` (a schema's defaults), each once, in order."""
    names: list[str] = []
    pending = [value]
    while pending:
        current = pending.pop(0)
        if isinstance(current, dict):
            names += [key for key in current if key not in names]
            pending += list(current.values())
        elif isinstance(current, list):
            pending += current
    return names


def schema_object(rng: random.Random, names: list[str]) -> dict:
    """An object keyed by the calculator's own field names (sometimes nested), values arbitrary."""
    leaves = [MAX_LEAVES]
    result: dict = {}
    for _ in range(rng.randint(1, 8)):
        value = json_value(rng, leaves)
        if rng.random() < 0.3:  # a field of a row: an object or a list of objects around it
            value = {rng.choice(names): value}
            value = [value] * rng.randint(1, 3) if rng.random() < 0.5 else value
        result[rng.choice(names)] = value
    return result


def perturbed(rng: random.Random, value: Any, depth: int = 0) -> Any:
    """``value`` with parts kept, dropped or replaced by arbitrary or extreme JSON, at any depth."""
    roll = rng.random()
    if roll < 0.08:
        return json_value(rng, [5])
    if roll < 0.12:
        return rng.choice(SPECIAL_NUMBERS)
    if isinstance(value, dict):
        changed = {key: perturbed(rng, item, depth + 1) for key, item in value.items() if rng.random() < 0.85}
        for _ in range(rng.randint(0, 2) if rng.random() < 0.2 else 0):
            changed[text(rng, 12)] = json_value(rng, [5])
        return changed
    if isinstance(value, list):
        items = [perturbed(rng, item, depth + 1) for item in value if rng.random() < 0.85]
        if value and rng.random() < 0.2:
            items += [perturbed(rng, rng.choice(value), depth + 1) for _ in range(rng.randint(1, 3))]
        return items
    return value


@lru_cache(maxsize=16)
def defaults_of(name: str) -> tuple[dict, tuple[str, ...]]:
    from calculators import api

    defaults = api.schema(name)["defaults"]
    return defaults, tuple(field_names(defaults))


def payloads(name: str, seed: int, count: int) -> Iterator[Any]:
    """``count`` hostile payloads for calculator ``name``, the same ones for the same seed."""
    defaults, names = defaults_of(name)
    rng = random.Random(f"{name}:{seed}")
    for number in range(count):
        kind = number % 3
        if kind == 0:
            yield json_object(rng)
        elif kind == 1:
            yield schema_object(rng, list(names))
        else:
            yield perturbed(rng, defaults)


def payload(name: str, seed: int, number: int) -> Any:
    """Payload ``number`` (from 0) of ``payloads(name, seed, ...)``: to look at a failure again."""
    for index, found in enumerate(payloads(name, seed, number + 1)):
        if index == number:
            return found
    raise IndexError(number)
