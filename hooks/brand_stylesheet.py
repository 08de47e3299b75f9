"""MkDocs hook: ``assets/stylesheets/brand.css``, the brand colours of ``extra.brand.colors``
in mkdocs.yml as CSS variables (``--brand-primary``, ``--brand-accent``, ...).

The colours are set once, in mkdocs.yml; docs/assets/stylesheets/site.css and calculators.css
derive every other colour from these variables (``color-mix()``), for the light and the dark
palette. A file rather than a ``<style>`` element: the site's Content Security Policy allows
no inline style without its hash (hooks/static_headers.py). The file is generated in memory
(MkDocs 1.6 ``File.generated``), so ``mkdocs serve`` rebuilds it when mkdocs.yml changes.

A colour must be ``#rrggbb`` (or ``#rgb``); anything else stops the build with a message
naming the setting, so no configuration text reaches the stylesheet unchecked.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

STYLESHEET = "assets/stylesheets/brand.css"
#: The colours the stylesheets use, each one a required setting of ``extra.brand.colors``.
COLOR_NAMES = ("primary", "accent", "ink", "positive", "negative", "caution")
HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def brand_colors(extra: dict) -> dict[str, str]:
    """The checked colours of ``extra.brand.colors``, in :data:`COLOR_NAMES` order.

    >>> brand_colors({"brand": {"colors": {"primary": "#0F5C63", "accent": "#c25a12", "ink": "#123",
    ...     "positive": "#1b7f3b", "negative": "#b3261e", "caution": "#9a5b00"}}})["primary"]
    '#0f5c63'
    """
    colors = ((extra or {}).get("brand") or {}).get("colors") or {}
    unknown = sorted(set(colors) - set(COLOR_NAMES))
    if unknown:
        raise PluginError(f"mkdocs.yml: extra.brand.colors.{unknown[0]} is not used; the colours are {', '.join(COLOR_NAMES)}")
    checked = {}
    for name in COLOR_NAMES:
        value = colors.get(name)
        if not isinstance(value, str) or not HEX_COLOR.match(value.strip()):
            raise PluginError(f"mkdocs.yml: extra.brand.colors.{name} must be a colour like \"#0f5c63\" (got {value!r})")
        checked[name] = value.strip().lower()
    return checked


def brand_css(colors: dict[str, str]) -> str:
    """The stylesheet: one ``--brand-<name>`` variable per colour, on the root element.

    >>> print(brand_css({"primary": "#0f5c63"}))
    /* Generated from extra.brand.colors in mkdocs.yml (hooks/brand_stylesheet.py): edit the colours there. */
    :root {
      --brand-primary: #0f5c63;
    }
    <BLANKLINE>
    """
    lines = "".join(f"  --brand-{name}: {value};\n" for name, value in colors.items())
    return (
        "/* Generated from extra.brand.colors in mkdocs.yml (hooks/brand_stylesheet.py): edit the colours there. */\n"
        f":root {{\n{lines}}}\n"
    )


def on_files(files, config):
    existing = files.get_file_from_path(STYLESHEET)
    if existing is not None:
        raise PluginError(f"docs/{STYLESHEET} would be replaced by the generated brand colours: remove it")
    files.append(File.generated(config, STYLESHEET, content=brand_css(brand_colors(config.extra))))
    return files
