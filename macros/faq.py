"""The FAQ, rendered from data/faq.yml: one source for the FAQ page, the article's FAQ block
and the FAQPage JSON-LD (see macros/structured_data.py).

An entry is ``{id, question, answer}``. ``id`` is the question's anchor: it is written in
the data file, not derived from the wording, so links to it survive an edit of the question.
"""

from __future__ import annotations

import re

REQUIRED_FIELDS = ("id", "question", "answer")
ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#!>])")


def faq_entries(entries: object) -> list[dict]:
    """Check the FAQ data and return it; a bad entry raises ValueError naming entry and field.

    >>> faq_entries([{"id": "q", "question": "Why?", "answer": "Because."}])[0]["id"]
    'q'
    >>> faq_entries([{"id": "Bad id", "question": "Why?", "answer": "Because."}])
    Traceback (most recent call last):
    ...
    ValueError: data/faq.yml: entry 1 (Bad id): field 'id' must be lower-case words joined by hyphens
    """
    if not isinstance(entries, list) or not entries:
        raise ValueError("data/faq.yml: expected a non-empty list of {id, question, answer}")
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        name = entry.get("id", f"#{number}") if isinstance(entry, dict) else f"#{number}"
        where = f"data/faq.yml: entry {number} ({name})"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping with {', '.join(REQUIRED_FIELDS)}")
        for field in REQUIRED_FIELDS:
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ValueError(f"{where}: field {field!r} is missing or empty")
        if not ANCHOR.match(entry["id"]):
            raise ValueError(f"{where}: field 'id' must be lower-case words joined by hyphens")
        if entry["id"] in seen:
            raise ValueError(f"{where}: field 'id' repeats an earlier entry")
        seen.add(entry["id"])
    return entries


def escape_markdown(text: str) -> str:
    r"""Text as Markdown that renders to exactly that text.

    >>> escape_markdown("a *b* [c] <d> & e")
    'a \\*b\\* \\[c\\] &lt;d\\> &amp; e'
    """
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;")
    return MARKDOWN_SPECIALS.sub(r"\\\1", text)


def faq_markdown(entries: object, heading_level: int = 2) -> str:
    """Each question as a heading with its stable anchor, followed by its answer.

    >>> print(faq_markdown([{"id": "why", "question": "Why?", "answer": "Because."}], 3))
    ### Why? { #why }
    <BLANKLINE>
    Because.
    <BLANKLINE>
    """
    if heading_level not in range(1, 7):
        raise ValueError(f"faq_markdown: heading_level must be 1 to 6, not {heading_level!r}")
    blocks = [
        f"{'#' * heading_level} {escape_markdown(entry['question'])} {{ #{entry['id']} }}\n\n"
        f"{escape_markdown(entry['answer'])}\n"
        for entry in faq_entries(entries)
    ]
    return "\n".join(blocks)
