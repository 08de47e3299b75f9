"""Facts a site's pages quote about a calculator, as short text or Markdown, from its schema.

A method page states a default, a range, a threshold or a table of stages. Those numbers live
in the calculator (its schema), so a page renders them from there and never types them twice:
``calculators.web.fact(name, key, site, *args)`` finds the fact ``key`` of calculator ``name``
among :data:`GENERIC` (what any schema answers) and the ``FACTS`` its own view declares.

Every fact is a function ``(schema, site, *args) -> str``; the helpers here take plain values.

>>> share_text(0.1), share_text(0.125), share_text(1)
('10%', '12.5%', '100%')
"""

from __future__ import annotations

from typing import Any, Callable

from .markup import h
from .site import Site

#: A fact: the calculator's schema, the calling page's :class:`Site`, the macro's arguments.
Fact = Callable[..., str]


def share_text(value: float) -> str:
    """A share (0.1) as a percentage for prose (``10%``)."""
    return f"{100 * value:.4g}%"


def number_text(value: float) -> str:
    """A number for prose, without a needless ``.0``.

    >>> number_text(65.0), number_text(62.5)
    ('65', '62.5')
    """
    return f"{value:g}"


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(count: int) -> str:
    """A small count as a word for prose (``three blockers``); 11 and up as digits.

    >>> count_word(3), count_word(10), count_word(12)
    ('three', 'ten', '12')
    """
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def and_list(items: list[str]) -> str:
    """Items as prose: ``A``, ``A and B``, ``A, B and C``.

    >>> and_list(["A"]), and_list(["A", "B", "C"]), and_list([])
    ('A', 'A, B and C', '')
    """
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def cell(text: Any) -> str:
    """Text safe inside a Markdown table cell.

    >>> cell("a | b\\nc")
    'a \\\\| b c'
    """
    return str(text).replace("|", "\\|").replace("\n", " ")


def find_field(schema: dict, field_id: str) -> dict:
    """A field of the schema: ``discount_rate``, or ``metrics.risk_adjustment`` inside a list.

    >>> find_field({"fields": [{"id": "a"}], "lists": [{"id": "m", "fields": [{"id": "b"}]}]}, "m.b")
    {'id': 'b'}
    """
    group, _, inner = field_id.partition(".")
    if inner:
        for spec in schema.get("lists") or []:
            if spec["id"] == group:
                for field in spec["fields"]:
                    if field["id"] == inner:
                        return field
    else:
        for spec in schema.get("fields") or []:
            if spec["id"] == field_id:
                return spec
    raise KeyError(f"no field {field_id!r} in the calculator's schema")


def default_text(schema: dict, site: Site, field_id: str) -> str:
    """A field's default as prose: shares as percentages, other numbers plain.

    >>> schema = {"fields": [{"id": "discount_rate", "unit": "share per year", "default": 0.1},
    ...                      {"id": "horizon_years", "unit": "years", "default": 3}]}
    >>> default_text(schema, Site(), "discount_rate"), default_text(schema, Site(), "horizon_years")
    ('10%', '3')
    """
    spec = find_field(schema, field_id)
    value = spec["default"]
    if value is None:
        raise ValueError(f"field {field_id!r} has no default to state")
    if str(spec.get("unit") or "").startswith("share"):
        return share_text(value)
    return number_text(value)


def range_text(schema: dict, site: Site, field_id: str) -> str:
    """A field's allowed range as prose.

    >>> range_text({"fields": [{"id": "h", "unit": "years", "min": 1, "max": 10}]}, Site(), "h")
    '1 to 10 years'
    """
    spec = find_field(schema, field_id)
    unit = str(spec.get("unit") or "")
    if unit.startswith("share"):
        return f"{share_text(spec['min'])} to {share_text(spec['max'])}"
    return f"{number_text(spec['min'])} to {number_text(spec['max'])}" + (f" {unit}" if unit else "")


def constant_text(schema: dict, site: Site, key: str) -> str:
    """One of the schema's ``constants`` (a threshold, a step, a level), as prose: shares as
    percentages, small counts as words, other numbers plain.

    >>> schema = {"constants": {"step": {"value": 0.2, "unit": "share"}, "blockers": {"value": 3, "unit": "count"}}}
    >>> constant_text(schema, Site(), "step"), constant_text(schema, Site(), "blockers")
    ('20%', 'three')
    """
    constants = schema.get("constants") or {}
    if key not in constants:
        raise KeyError(f"no constant {key!r} in the calculator's schema; known: {', '.join(constants) or 'none'}")
    constant = constants[key]
    if constant.get("unit") == "share":
        return share_text(constant["value"])
    if constant.get("unit") == "count":
        return count_word(constant["value"])
    return number_text(constant["value"])


def link(site: Site, kind: str, target: str, section: str, text: str) -> str:
    """An HTML link to a page of the site (``site.links``), or the text alone when it has none."""
    href = site.link(kind, target, section)
    return f'<a href="{h(href)}">{h(text)}</a>' if href else h(text)


#: The facts every calculator answers, from the parts of a schema every calculator has.
GENERIC: dict[str, Fact] = {
    "title": lambda schema, site: schema["title"],
    "summary": lambda schema, site: schema["summary"],
    "default": default_text,
    "range": range_text,
    "constant": constant_text,
}
