"""What a calculator's result means, declared in its schema: the outputs a view shows.

A calculator lists its outputs in ``schema()["outputs"]``. Each names a value of the result by
its JSON path (``npv``, ``stage.label``), a label for people, a kind that says how to write it,
and whether it is a headline. A calculator with no view code of its own is shown from this
alone (:mod:`calculators.web.generic`): headlines first, money in the visitor's currency, a CSV
and a booking summary.

Kinds:

* ``money``: an amount in the display currency (the number is never converted);
* ``percent``: a ratio, 0.25 for 25%;
* ``months``: a duration in months;
* ``score``: a score out of 100;
* ``count``: a whole number of things;
* ``plain``: anything else, text included, shown as it is.

>>> Output("npv", "Net present value", "money", headline=True).to_json()
{'id': 'npv', 'label': 'Net present value', 'kind': 'money', 'headline': True, 'note': ''}
>>> Output("x", "X", "furlongs")
Traceback (most recent call last):
...
ValueError: output x: kind must be one of money, percent, months, score, count, plain; got 'furlongs'
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("money", "percent", "months", "score", "count", "plain")


@dataclass(frozen=True)
class Output:
    """One value of a result that people read: where it is, what it is called, how it is written."""

    id: str
    label: str
    kind: str = "plain"
    headline: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"output {self.id}: kind must be one of {', '.join(KINDS)}; got {self.kind!r}")

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label, "kind": self.kind, "headline": self.headline, "note": self.note}


def outputs_json(outputs: tuple[Output, ...] | list[Output]) -> list[dict]:
    """The ``outputs`` entry of a schema: every output as JSON, headlines first, otherwise in order.

    >>> [o["id"] for o in outputs_json([Output("a", "A"), Output("b", "B", headline=True)])]
    ['b', 'a']
    """
    return [o.to_json() for o in sorted(outputs, key=lambda o: not o.headline)]
