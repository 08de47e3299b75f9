"""The mkdocs-macros entry point: it only registers macros.

Each macro is a thin wrapper that reads the site data (the ``extra`` settings of mkdocs.yml
and the ``data/*.yml`` files loaded by ``include_yaml``) and calls a plain helper from a
sibling module (faq, figures, booking), where the logic lives and is unit-tested.
Add a macro with one line in ``define_env``.
"""

import sys
from pathlib import Path

# mkdocs-macros loads this file by path; put the project root on sys.path so the
# helpers import as the package `macros`.
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

from macros import booking, faq, figures  # noqa: E402


def define_env(env):
    """Register the site's macros (called once by mkdocs-macros)."""
    v = env.variables

    env.macro(lambda heading_level=2: faq.faq_markdown(v["faq"], heading_level), "faq_block")
    env.macro(lambda: figures.figure_cards(v["figures"]), "headline_figures")
    env.macro(lambda key: figures.figure_source(v["figures"], key), "figure_source")
    env.macro(
        lambda utm=None, label=None: booking.booking_button(
            booking.booking_href(v["booking_url"], v["booking_email"], v["booking_email_subject"], utm),
            label or v["booking_cta_text"],
        ),
        "booking_button",
    )
