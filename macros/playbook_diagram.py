"""The playbook's path diagram: an inline SVG drawn from data/playbook.yml.

The overview page (docs/playbook/index.md) shows the route from a working pilot to production
at scale as a vertical path: a pill for the start, one box per step (its number, title and
artefact), a gate after each, a pill for the end and a legend. Every word in it comes from the
data file: the steps' ``title`` and ``artefact``, and the ``diagram`` mapping for the rest
(``title``, ``caption``, ``start``, ``end``, ``gate``; ``{count}`` and ``{Count}`` in them
become the number of steps in words). Boxes grow when a title or an artefact needs a second
line, so a longer title never runs out of its box.

The SVG is accessible as one image: ``role="img"`` with a ``<title>`` and a ``<desc>`` that
says what the picture shows, step by step (the numbered list of steps follows it on the page).
Its ``<style>`` is allowed by the hash hooks/static_headers.py computes from the built page.

The functions take plain values and return strings; macros/main.py only registers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Iterable

from calculators.web.facts import count_word
from macros.playbook import SOURCE, PlaybookError, Step

DIAGRAM_FIELDS = ("title", "caption", "start", "end", "gate")
END_FIELDS = ("label", "note", "description")

#: Characters per line before a title (15 px bold) or a note (12.5 px) wraps in a step's box.
TITLE_CHARACTERS = 32
NOTE_CHARACTERS = 44

#: The diagram's styles, scoped to it. Colours are the theme's variables, so the picture follows
#: the brand and the light or dark palette.
STYLE = (
    ".md-typeset .playbook-path{display:block;width:100%;max-width:420px;height:auto;margin:0 auto}"
    ".playbook-path text{font-family:var(--md-text-font-family,sans-serif)}"
    ".playbook-path .pp-spine{stroke:var(--md-default-fg-color--lighter);stroke-width:3}"
    ".playbook-path .pp-arrow{fill:var(--md-default-fg-color--lighter)}"
    ".playbook-path .pp-gate{stroke:var(--md-accent-fg-color);stroke-width:5;stroke-linecap:round}"
    ".playbook-path .pp-end{fill:var(--md-default-bg-color);stroke:var(--md-primary-fg-color);stroke-width:2}"
    ".playbook-path .pp-box{fill:var(--md-code-bg-color);stroke:var(--md-default-fg-color--lightest);stroke-width:1}"
    ".playbook-path .pp-dot{fill:var(--md-primary-fg-color)}"
    ".playbook-path .pp-number{fill:var(--md-primary-bg-color);font-size:15px;font-weight:700;text-anchor:middle}"
    ".playbook-path .pp-title{fill:var(--md-default-fg-color);font-size:15px;font-weight:700}"
    ".playbook-path .pp-centre{text-anchor:middle}"
    ".playbook-path .pp-note{fill:var(--md-default-fg-color--light);font-size:12.5px}"
)


@dataclass(frozen=True)
class Diagram:
    """The ``diagram`` mapping of data/playbook.yml, checked, with ``{count}`` filled in."""

    title: str
    caption: str
    start: dict
    end: dict
    gate: str


def _fill(text: str, count: int) -> str:
    words = count_word(count)
    return " ".join(text.split()).replace("{count}", words).replace("{Count}", words[:1].upper() + words[1:])


def parse_diagram(data: object, count: int, source: str = SOURCE) -> Diagram:
    """The ``diagram`` mapping of the playbook data, checked; a problem names the field.

    >>> d = parse_diagram({"diagram": {"title": "{Count} steps", "caption": "C", "gate": "G",
    ...     "start": {"label": "A", "note": "n", "description": "a"},
    ...     "end": {"label": "B", "note": "n", "description": "b"}}}, 6)
    >>> d.title
    'Six steps'
    >>> parse_diagram({"diagram": {"title": "T"}}, 6)
    Traceback (most recent call last):
    ...
    macros.playbook.PlaybookError: data/playbook.yml: diagram: field 'caption' is missing or empty
    """
    raw = data.get("diagram") if isinstance(data, dict) else None
    if not isinstance(raw, dict):
        raise PlaybookError(f"{source}: expected a 'diagram' mapping with {', '.join(DIAGRAM_FIELDS)}")
    for field in raw:
        if field not in DIAGRAM_FIELDS:
            raise PlaybookError(f"{source}: diagram: field '{field}' is not a diagram field (expected: {', '.join(DIAGRAM_FIELDS)})")
    texts = {}
    for field in ("title", "caption", "gate"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise PlaybookError(f"{source}: diagram: field '{field}' is missing or empty")
        texts[field] = _fill(raw[field], count)
    ends = {}
    for field in ("start", "end"):
        end = raw.get(field)
        if not isinstance(end, dict) or any(not isinstance(end.get(key), str) or not end[key].strip() for key in END_FIELDS):
            raise PlaybookError(f"{source}: diagram: field '{field}' must be a mapping of {', '.join(END_FIELDS)} (text)")
        ends[field] = {key: _fill(end[key], count) for key in END_FIELDS}
    return Diagram(start=ends["start"], end=ends["end"], **texts)


def wrap_words(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words (a longer word
    keeps a line of its own).

    >>> wrap_words("Design for production from the start", 32)
    ['Design for production from the', 'start']
    >>> wrap_words("Harden the data", 32)
    ['Harden the data']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _text(css: str, x: float, y: float, content: str) -> str:
    return f'<text class="{css}" x="{x:g}" y="{y:g}">{escape(content)}</text>'


def description(steps: Iterable[Step], diagram: Diagram) -> str:
    """What the picture shows, in sentences, for the SVG's ``<desc>``."""
    steps = tuple(steps)
    sentences = [
        f"A path runs from {diagram.start['description']} down to {diagram.end['description']}.",
        f"On the way are {count_word(len(steps))} steps, each followed by a gate: {diagram.gate}.",
    ]
    sentences += [
        f"Step {number}, {step.title}, ends with its artefact: {step.artefact}." for number, step in enumerate(steps, start=1)
    ]
    return " ".join(sentences)


def diagram_svg(steps: Iterable[Step], diagram: Diagram, id_prefix: str = "playbook-path") -> str:
    """The figure: the SVG path from ``diagram.start`` through the steps to ``diagram.end``,
    and its caption. One line per element and no blank line, so Markdown leaves it as HTML."""
    steps = tuple(steps)
    width, box_left, text_left, spine = 400, 64, 78, 36
    parts: list[str] = []
    gates: list[float] = []

    def pill(top: float, end: dict) -> None:
        parts.append(f'<rect class="pp-end" x="8" y="{top:g}" width="{width - 16}" height="52" rx="26"/>')
        parts.append(_text("pp-title pp-centre", width / 2, top + 22, end["label"]))
        parts.append(_text("pp-note pp-centre", width / 2, top + 41, end["note"]))

    pill(8, diagram.start)
    top = 72
    for number, step in enumerate(steps, start=1):
        titles = wrap_words(step.title, TITLE_CHARACTERS)
        notes = wrap_words(f"Artefact: {step.artefact}", NOTE_CHARACTERS)
        height = 56 + 19 * (len(titles) - 1) + 16 * (len(notes) - 1)
        middle = top + height / 2
        parts.append(f'<rect class="pp-box" x="{box_left}" y="{top:g}" width="{width - 8 - box_left}" height="{height:g}" rx="8"/>')
        parts.append(f'<circle class="pp-dot" cx="{spine}" cy="{middle:g}" r="17"/>')
        parts.append(_text("pp-number", spine, middle + 5, str(number)))
        y = top + 23
        for line in titles:
            parts.append(_text("pp-title", text_left, y, line))
            y += 19
        y += 1
        for line in notes:
            parts.append(_text("pp-note", text_left, y, line))
            y += 16
        gates.append(top + height + 14)
        top += height + 28
    end_top = top + 12
    pill(end_top, diagram.end)
    legend = end_top + 72
    height = legend + 16

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    head = [
        '<figure class="playbook-diagram">',
        f'<svg class="playbook-path" role="img" viewBox="0 0 {width} {height:g}" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(diagram.title)}</title>',
        f'<desc id="{desc_id}">{escape(description(steps, diagram))}</desc>',
        f"<style>{STYLE}</style>",
        f'<line class="pp-spine" x1="{spine}" y1="60" x2="{spine}" y2="{end_top - 8:g}"/>',
        f'<polygon class="pp-arrow" points="{spine - 7},{end_top - 12:g} {spine + 7},{end_top - 12:g} {spine},{end_top:g}"/>',
    ]
    head += [f'<line class="pp-gate" x1="{spine - 14}" y1="{y:g}" x2="{spine + 14}" y2="{y:g}"/>' for y in gates]
    tail = [
        f'<line class="pp-gate" x1="{spine - 14}" y1="{legend:g}" x2="{spine + 14}" y2="{legend:g}"/>',
        _text("pp-note", 62, legend + 4, f"Gate: {diagram.gate}"),
        "</svg>",
        f"<figcaption>{escape(diagram.caption)}</figcaption>",
        "</figure>",
    ]
    return "\n".join(head + parts + tail)
