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

from __future__ import annotations


def escape(text: str) -> str:
    """``text`` made safe inside HTML element content and quoted attribute values."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
