"""MkDocs hook: accessible names the theme's HTML lacks or gets wrong, mended on every page as it is written.

axe-core (tests/test_accessibility.py) finds three gaps in what Material and pymdownx write:

* **The search dialog.** Material's ``<div class="md-search" role="dialog">`` has no
  accessible name, so a screen reader announces an unnamed dialog. It gets
  ``aria-label="Search"`` (the theme's own word for it, from its language file).
* **Task-list boxes.** ``pymdownx.tasklist`` with ``custom_checkbox`` puts each box in a
  ``<label>`` that holds no text; the item's words follow the label. A box therefore has no
  name. Each box gets ``aria-label`` with its item's text (tags stripped), so "Appoint an
  accountable business owner..." is read with the box.
* **The footer's previous/next links.** Material names them with ``aria-label="Next: <title>"``,
  and a blog category's title arrives escaped twice there (``Automation &amp;amp; AI``), so the
  name reads "&amp;" where the screen shows "&" (axe-core 4.14: ``label-content-name-mismatch``).
  The label is unescaped once. (It must stay: on a phone the title is hidden, and the label is
  then the link's only name.)

All are plain string rewrites of the finished page (``on_post_page``), tested by doctest
here and against the built site.
"""

from __future__ import annotations

import html
import re

SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")>')
TASK_ITEM = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control"><input type="checkbox")([^>]*?)(/?>)(.*?)</label>(.*?)(?=</li>|<ul|<ol)',
    re.S,
)
TAG = re.compile(r"<[^>]+>")
FOOTER_LINK = re.compile(r'(<a [^>]*class="md-footer__link md-footer__link--(?:prev|next)" aria-label=")([^"]*)(")')


def unescape_footer_labels(page: str) -> str:
    """The footer's previous/next links' ``aria-label`` escaped once, not twice.

    >>> unescape_footer_labels('<a href=".." class="md-footer__link md-footer__link--next" aria-label="Next: A &amp;amp; B">')
    '<a href=".." class="md-footer__link md-footer__link--next" aria-label="Next: A &amp; B">'
    >>> unescape_footer_labels('<a class="md-footer__link md-footer__link--prev" aria-label="Previous: Home">')
    '<a class="md-footer__link md-footer__link--prev" aria-label="Previous: Home">'
    """
    return FOOTER_LINK.sub(lambda match: match.group(1) + html.escape(html.unescape(html.unescape(match.group(2)))) + match.group(3), page)


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, one space between them.

    >>> plain_text(' Check <a href="x">the <em>owner</em></a> &amp; sign ')
    'Check the owner & sign'
    """
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def name_search_dialog(page: str, label: str) -> str:
    """``page`` with the search dialog named ``label``.

    >>> name_search_dialog('<div class="md-search" data-md-component="search" role="dialog">', "Search")
    '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
    """
    return SEARCH_DIALOG.sub(lambda match: f'{match.group(1)} aria-label="{html.escape(label)}">', page, count=1)


def name_task_boxes(page: str) -> str:
    """``page`` with every task-list box named by its item's text.

    >>> name_task_boxes('<li class="task-list-item"><label class="task-list-control">'
    ...                 '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label>'
    ...                 ' Name the <code>owner</code></li>')
    '<li class="task-list-item"><label class="task-list-control"><input type="checkbox" disabled aria-label="Name the owner"/><span class="task-list-indicator"></span></label> Name the <code>owner</code></li>'
    """

    def named(match: re.Match) -> str:
        opening, attributes, close, inside, text = match.groups()
        if "aria-label" in attributes or not plain_text(text):
            return match.group(0)
        label = html.escape(plain_text(text), quote=True)
        return f'{opening}{attributes} aria-label="{label}"{close}{inside}</label>{text}'

    return TASK_ITEM.sub(named, page)


def on_post_page(output, page, config):
    return unescape_footer_labels(name_task_boxes(name_search_dialog(output, "Search")))


def on_post_template(output_content, template_name, config):
    """Static templates (404.html) carry the search dialog too."""
    return name_search_dialog(output_content, "Search") if template_name.endswith(".html") else output_content
