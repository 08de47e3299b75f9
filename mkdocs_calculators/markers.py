"""The marker a page writes where a calculator goes, found in any form HTML allows.

The documented form is ``<div data-calculator="NAME"></div>``. Markdown authors also write it
with single quotes, without quotes, self-closing, or with other attributes before or after;
each of those is a marker too. Anything else that carries ``data-calculator`` (another element,
a ``div`` with content) is not a marker the plugin can replace, and a page that has one fails
the build with :class:`MarkerError` rather than ship an empty ``div``. Text that shows a marker
(in a code block, escaped as ``&lt;div ...``) is not a tag, and is left alone.

>>> replace_markers('<p>a</p><div class="x" data-calculator=\\'tip\\' id="t"/>', lambda name: f"[{name}]")
('<p>a</p>[tip]', 1)
>>> replace_markers('<code>&lt;div data-calculator="tip"&gt;&lt;/div&gt;</code>', str.upper)
('<code>&lt;div data-calculator="tip"&gt;&lt;/div&gt;</code>', 0)
"""

from __future__ import annotations

import re
from typing import Callable

#: ``<div ... data-calculator=NAME ...></div>`` or ``<div ... data-calculator=NAME ... />``, the
#: name in double quotes, single quotes or none.
MARKER = re.compile(
    r"""<div\b[^>]*?\sdata-calculator\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`/]+))"""
    r"""[^>]*?(?:/>|>\s*</div\s*>)""",
    re.IGNORECASE,
)
#: Any start tag that carries the attribute: what is left of these once the markers are replaced
#: is a marker the plugin cannot read.
TAG_WITH_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sdata-calculator(?=[\s=/>])[^>]*>", re.IGNORECASE)
DOCUMENTED = '<div data-calculator="NAME"></div>'


class MarkerError(Exception):
    """A tag with ``data-calculator`` that is not a marker; the message quotes it."""


def name_of(match: re.Match) -> str:
    return next(value for value in match.group("double", "single", "bare") if value is not None)


def replace_markers(html: str, block: Callable[[str], str]) -> tuple[str, int]:
    """``html`` with each marker replaced by ``block(name)``, and how many there were.

    Raises :class:`MarkerError` for a tag with ``data-calculator`` that is not a marker.
    """
    leftover = TAG_WITH_ATTRIBUTE.search(MARKER.sub("", html))
    if leftover:
        raise MarkerError(f"{leftover.group(0)[:120]} is not a calculator marker: write {DOCUMENTED}, "
                          "with nothing inside")
    return MARKER.subn(lambda match: block(name_of(match)), html)
