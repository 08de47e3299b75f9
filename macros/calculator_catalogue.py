"""The site's list of calculators, from the registry: the calculators index, the home page's links.

Which calculators exist is :func:`calculators.api.names`; what each is called and does is its
schema's ``title`` and ``summary``; where it lives is the page that marks it
(``<div data-calculator="NAME"></div>``). So a new calculator appears in every list once its
page exists, and no page counts the calculators by hand.

>>> cards([("Tip", "Splits a bill.", "tip.md")])
'<div class="grid cards" markdown>\\n\\n-   **[Tip](tip.md)**\\n\\n    ---\\n\\n    Splits a bill.\\n\\n</div>'
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Iterable

MARKER = re.compile(r'<div data-calculator="([a-z][a-z0-9_]*)">')


def calculator_pages(docs_dir: Path) -> dict[str, str]:
    """Each calculator's page, docs-relative (``calculators/tip.md``), found by its marker."""
    pages: dict[str, str] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        for name in MARKER.findall(path.read_text(encoding="utf-8")):
            pages.setdefault(name, path.relative_to(docs_dir).as_posix())
    return pages


def listed(names: Iterable[str], schemas: dict[str, dict], pages: dict[str, str], page_src: str) -> list[tuple[str, str, str]]:
    """``(title, summary, link)`` of each calculator that has a page, in registry order, linked from ``page_src``."""
    here = posixpath.dirname(page_src) or "."
    return [
        (schemas[name].get("title", name), schemas[name].get("summary", ""), posixpath.relpath(pages[name], here))
        for name in names
        if name in pages
    ]


def cards(entries: list[tuple[str, str, str]]) -> str:
    """Material's grid cards, one per calculator."""
    items = "".join(f"-   **[{title}]({link})**\n\n    ---\n\n    {summary}\n\n" for title, summary, link in entries)
    return f'<div class="grid cards" markdown>\n\n{items}</div>'


def links(entries: list[tuple[str, str, str]]) -> str:
    """One link per calculator, one per line (for a card that lists them).

    >>> links([("Tip", "", "tip.md"), ("Split", "", "split.md")])
    '[Tip →](tip.md)<br>\\n[Split →](split.md)'
    """
    return "<br>\n".join(f"[{title} →]({link})" for title, _, link in entries)


def buttons(entries: list[tuple[str, str, str]]) -> str:
    """One secondary button per calculator (Material's ``md-button``), for a page's opening actions.

    >>> buttons([("Tip", "", "tip.md")])
    '[Tip →](tip.md){ .md-button .calculator-button }'
    """
    return " ".join(f"[{title} →]({link}){{ .md-button .calculator-button }}" for title, _, link in entries)



def plugin_links(plugins) -> dict[str, str]:
    """The calculators plugin's ``links`` patterns (``{"playbook": "playbook/{id}/"}``), or none
    when the site does not use the plugin.

    >>> from types import SimpleNamespace as P
    >>> plugin_links({"calculators": P(config=P(links={"playbook": "p/{id}/"}))}), plugin_links({})
    ({'playbook': 'p/{id}/'}, {})
    """
    plugin = plugins.get("calculators")
    return dict(plugin.config.links) if plugin is not None else {}
