"""The plugin's options, as MkDocs validates them: ``plugins: - calculators: {...}`` in mkdocs.yml.

Build settings (where the runtime comes from, bytecode, caches) and what the calculator blocks
say and link to (the booking page, the booking note, the link patterns, the default currency).
Nothing here names a brand or an offer: a site sets those in its own mkdocs.yml.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CalculatorsConfig(Config):
    """Every option has a default, so ``plugins: [calculators]`` alone builds a working site."""

    enabled = c.Type(bool, default=True)

    # -- What runs in the browser ----------------------------------------------------------------
    #: The package shipped to the browser as a wheel: the core and the view, no MkDocs code.
    package = c.Type(str, default="calculators")
    #: The view's entry, ``module:function``; the worker calls it with (name, payload, currency, site).
    entry = c.Type(str, default="calculators.web:respond")
    #: A site's own calculators: name -> a ``.py`` file (relative to mkdocs.yml) with schema() and run().
    modules = c.DictOfItems(c.Type(str), default={})

    # -- The Pyodide bundle ----------------------------------------------------------------------
    #: The npm package ``pyodide``, relative to mkdocs.yml.
    runtime_dir = c.Type(str, default="node_modules/pyodide")
    #: Where built wheels and compiled archives are kept between builds, relative to mkdocs.yml.
    cache_dir = c.Type(str, default="build/pyodide-bundle")
    #: An https folder of the same Pyodide version to load the runtime from; empty: self-hosted.
    cdn_url = c.Type(str, default="")
    #: Ship the wheel and the start-up stdlib as bytecode (when the build runs on the runtime's Python).
    bytecode = c.Type(bool, default=True)
    #: Also ship a Pyodide memory snapshot taken after the calculators are imported, and start from
    #: it: a faster start for about 3 MB more (brotli) on a first visit (README, "Performance").
    #: Self-hosted runtime only. Pyodide's snapshot API is private and may change between releases.
    snapshot = c.Type(bool, default=False)

    # -- How a calculator page is laid out ---------------------------------------------------------
    #: On a page with a calculator, hide Material's navigation and table of contents (as the page's
    #: ``hide:`` front matter would), so the form and the result take the page's width; false keeps
    #: each page's own settings.
    full_width = c.Type(bool, default=True)

    # -- What the calculator blocks say and link to -----------------------------------------------
    #: The currency selected when a page opens (GBP, EUR or USD).
    currency = c.Choice(("GBP", "EUR", "USD"), default="GBP")
    #: The page a result's booking button opens, as a docs path (``book/index.md``); empty: no button.
    booking_page = c.Type(str, default="")
    #: The booking button's text.
    booking_label = c.Type(str, default="Book a call about these results")
    #: The line under a result saying what a booking shares; ``{summary}`` is filled in; empty: none.
    booking_note = c.Type(str, default="Booking from this page shares only {summary}. Your answers stay in your browser.")
    #: Link patterns by kind, under the site root: ``{playbook: "playbook/{id}/"}``.
    links = c.DictOfItems(c.Type(str), default={})
