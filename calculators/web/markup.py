"""HTML escaping for the calculators' rendered results, without importing :mod:`html`.

:func:`escape` gives exactly what ``html.escape(text, quote=True)`` gives:
``&``, ``<``, ``>``, ``"`` and ``'`` become ``&amp;``, ``&lt;``, ``&gt;``,
``&quot;`` and ``&#x27;``, and nothing else changes. It exists because the
standard library's ``html`` package builds its table of 2,231 named
character references when it is imported, and in the visitor's browser
(Pyodide compiles the standard library from source on every start) that
import alone costs about as much as computing a result. The browser worker
imports this module before it can show its first live result; see the
"Python start-up" table in ``bench/results.md``.

Conventions: ``&`` is replaced first, so an escaped text is never escaped
twice over within one call. Reference: the HTML Standard, "Escaping a
string" (https://html.spec.whatwg.org/multipage/parsing.html#escapingString),
and CPython's ``Lib/html/__init__.py``, whose behaviour the tests compare
against for arbitrary text.

>>> escape('<a href="x">Tom & Jerry\\'s</a>')
'&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt;'
>>> escape("")
''
"""


from typing import Any

from .formatting import format_value
from .site import Site



def escape(text: str) -> str:
    """``text`` made safe inside HTML element content and quoted attribute values."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def h(value: Any) -> str:
    """Escape anything for HTML text or attributes."""
    return escape(str(value))


def field(path: str, value: Any, shown: str, *, tag: str = "span", cls: str = "") -> str:
    """One displayed result value carrying its ``data-field`` and ``data-value``.

    ``shown`` is already-escaped HTML.

    >>> field("npv", 12.5, "£13")
    '<span data-field="npv" data-value="12.5">£13</span>'
    """
    klass = f' class="{cls}"' if cls else ""
    return f'<{tag}{klass} data-field="{escape(path)}" data-value="{escape(format_value(value))}">{shown}</{tag}>'


# --- Shared pieces -------------------------------------------------------------------------------


def tile(label: str, path: str, value: Any, shown: str, note: str = "", tone: str = "", beside: str = "") -> str:
    """A headline figure: label, big value (a result field), optional note, and optionally a second
    note (``beside``: the same figure by another convention)."""
    cls = "calc-tile" + (f" calc-tile--{tone}" if tone else "")
    note_html = "".join(f'<span class="calc-tile-note">{text}</span>' for text in (note, beside) if text)
    return (
        f'<div class="{cls}"><span class="calc-tile-label">{h(label)}</span>'
        f"{field(path, value, shown, cls='calc-tile-value')}{note_html}</div>"
    )


def notice(kind: str, title: str, body_html: str) -> str:
    """A boxed message in the result: ``kind`` is ``warning``, ``gate`` or ``info``."""
    return (
        f'<div class="calc-notice calc-notice--{kind}"><p class="calc-notice-title">{h(title)}</p>{body_html}</div>'
    )


def table(caption: str, head: list[str], rows: list[list[str]], *, cls: str = "", numeric_from: int = 1) -> str:
    """A data table; cells are escaped HTML already; columns from ``numeric_from`` are right-aligned.

    The first cell of each row is its header. Each data cell carries its column's name in
    ``data-label``, so a narrow screen can show the table as one card per row. The wrapper
    scrolls a table wider than the screen, so it is a named region a keyboard can reach.

    >>> table("Cap", ["Year", "Net"], [["Year 1", "£5"]])
    '<div class="calc-table-wrap" role="region" tabindex="0" aria-label="Cap"><table class="calc-table"><caption>Cap</caption><thead><tr><th scope="col">Year</th><th class="num" scope="col">Net</th></tr></thead><tbody><tr><th scope="row">Year 1</th><td class="num" data-label="Net">£5</td></tr></tbody></table></div>'
    """
    def cells(row: list[str], tag: str) -> str:
        out = []
        for index, cell in enumerate(row):
            klass = ' class="num"' if index >= numeric_from else ""
            if tag == "th":
                out.append(f'<th{klass} scope="col">{cell}</th>')
            elif index == 0:
                out.append(f'<th scope="row">{cell}</th>')
            else:
                label = f' data-label="{head[index]}"' if index < len(head) else ""
                out.append(f"<td{klass}{label}>{cell}</td>")
        return "".join(out)

    klass = f"calc-table {cls}".strip()
    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    return (
        f'<div class="calc-table-wrap" role="region" tabindex="0" aria-label="{h(caption)}">'
        f'<table class="{klass}"><caption>{h(caption)}</caption>'
        f"<thead><tr>{cells(head, 'th')}</tr></thead><tbody>{body}</tbody></table></div>"
    )




def booking_note(site: Site, summary: str) -> str:
    """The line that says what a booking from this result shares; ``summary`` is HTML already.

    Empty when the site configures no note.

    >>> booking_note(Site(booking_note="Booking shares only {summary}."), "your <b>score</b>")
    '<p class="calc-booking-note">Booking shares only your <b>score</b>.</p>'
    """
    if not site.booking_note:
        return ""
    before, _, after = site.booking_note.partition("{summary}")
    return f'<p class="calc-booking-note">{h(before)}{summary}{h(after)}</p>'


def summary_item(label: str, path: str, value: Any, shown: str) -> str:
    """One figure of a result's compact summary: its label and its value (a result field).

    >>> summary_item("NPV", "npv", 12.5, "£13")
    '<span class="calc-summary-item"><span class="calc-summary-label">NPV</span> <span class="calc-summary-value" data-field="npv" data-value="12.5">£13</span></span>'
    """
    return (
        f'<span class="calc-summary-item"><span class="calc-summary-label">{h(label)}</span> '
        f"{field(path, value, shown, cls='calc-summary-value')}</span>"
    )
