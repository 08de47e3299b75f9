"""What a calculator's booking link may carry, and how the booking page states it.

A result's booking link opens the site's booking page with a short query: ``calculator`` and the
view's :func:`booking` summary (a score, a band, never the raw answers). The booking page is
static and runs no Python, so it cannot ask the view what a value means. Each view therefore
declares its keys as :class:`BookingKey` values, which the site writes into the booking page as
JSON (:func:`calculators.web.booking_keys`); the page's script accepts only a value a key
allows, and shows the key's text. A link someone edits by hand can drop a value, never add text.

>>> key = BookingKey("stage", "stage {}", values={"stuck": "Stuck in pilot"})
>>> key.to_json()
{'key': 'stage', 'text': 'stage {}', 'values': {'stuck': 'Stuck in pilot'}}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping


@dataclass(frozen=True)
class BookingKey:
    """One key of a result's booking query.

    * ``key``: its name in the query (and in a booking provider's form, ``fields.pairs``);
    * ``text``: how the booking page states it, ``{}`` standing for the value's text; empty: carried,
      not stated;
    * ``values``: the values it accepts, each with its text; with ``by``, each with its text per
      value of that other key (the first text when that key is absent);
    * ``pattern``: or a regular expression, in the syntax Python and JavaScript share, that the whole
      value matches; the value is then stated as it is;
    * ``requires``: carried and stated only beside an accepted value of that other key.
    """

    key: str
    text: str = ""
    values: Mapping[str, Any] | None = None
    pattern: str = ""
    by: str = ""
    requires: str = ""

    def __post_init__(self) -> None:
        if (self.values is None) == (not self.pattern):
            raise ValueError(f"booking key {self.key!r}: give either values or a pattern")

    def to_json(self) -> dict:
        """The key as the booking page's script reads it (empty parts left out)."""
        data: dict[str, Any] = {"key": self.key, "text": self.text}
        if self.values is not None:
            data["values"] = {value: text if isinstance(text, str) else dict(text) for value, text in self.values.items()}
        for name in ("pattern", "by", "requires"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data
