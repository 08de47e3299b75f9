"""The headline figures, rendered from data/figures.yml with their sources.

An entry is ``{key, value, claim, source, publisher, published}`` and optionally ``url``.
"""

from __future__ import annotations

from html import escape

REQUIRED_FIELDS = ("key", "value", "claim", "source", "publisher", "published")


def figure_entries(entries: object) -> list[dict]:
    """Check the figures data and return it; a bad entry raises ValueError naming entry and field."""
    if not isinstance(entries, list) or not entries:
        raise ValueError("data/figures.yml: expected a non-empty list of figures")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"data/figures.yml: entry {number}: expected a mapping")
        for field in REQUIRED_FIELDS:
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                name = entry.get("key", f"#{number}")
                raise ValueError(f"data/figures.yml: entry {number} ({name}): field {field!r} is missing or empty")
    return entries


def citation_html(entry: dict) -> str:
    """The source of one figure: title (linked when a URL is given), publisher, date.

    >>> citation_html({"source": "S", "publisher": "P", "published": "July 2025"})
    '<cite>S</cite>, P, July 2025'
    """
    title = f"<cite>{escape(entry['source'])}</cite>"
    if entry.get("url"):
        title = f'<a href="{escape(entry["url"])}">{title}</a>'
    return f"{title}, {escape(entry['publisher'])}, {escape(entry['published'])}"


def figure_source(entries: object, key: str) -> str:
    """The citation of the figure ``key`` (for footnotes)."""
    for entry in figure_entries(entries):
        if entry["key"] == key:
            return citation_html(entry)
    known = ", ".join(entry["key"] for entry in entries)
    raise ValueError(f"data/figures.yml: no figure with key {key!r}; known: {known}")


def figure_cards(entries: object) -> str:
    """All figures as cards: the value, what it measures, and its source.

    >>> print(figure_cards([{"key": "k", "value": "9%", "claim": "of x", "source": "S",
    ...                      "publisher": "P", "published": "2025"}]))
    <div class="figure-cards">
    <figure class="figure-card" id="figure-k"><p class="figure-card__value">9%</p><p class="figure-card__claim">of x</p><figcaption>Source: <cite>S</cite>, P, 2025</figcaption></figure>
    </div>
    """
    cards = [
        f'<figure class="figure-card" id="figure-{escape(entry["key"])}">'
        f'<p class="figure-card__value">{escape(entry["value"])}</p>'
        f'<p class="figure-card__claim">{escape(entry["claim"])}</p>'
        f"<figcaption>Source: {citation_html(entry)}</figcaption></figure>"
        for entry in figure_entries(entries)
    ]
    return '<div class="figure-cards">\n' + "\n".join(cards) + "\n</div>"
