"""MkDocs hook: what the theme overrides need from Python.

* the Jinja filter ``booking_href`` (macros/booking.py), so the footer CTA builds its link
  exactly as the ``booking_button`` macro does: ``{{ config.extra | booking_href(utm) }}``;
* ``json_ld`` in the page context: the schema.org objects that partials/json-ld.html prints
  (FAQPage on a page whose front matter says ``json_ld: faq``; BlogPosting on blog posts);
* ``og_type`` for the Open Graph tags (``article`` on posts, else ``website``).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import yaml
from material.plugins.blog.structure import Post

PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
if PROJECT_ROOT not in sys.path:  # so the helpers import as the package `macros`
    sys.path.insert(0, PROJECT_ROOT)
from macros.booking import site_booking_href  # noqa: E402
from macros.structured_data import blog_posting, faq_page  # noqa: E402


def booking_href_filter(extra: dict, utm: dict | None = None) -> str:
    return site_booking_href(extra, utm)


def on_env(env, config, files):
    env.filters["booking_href"] = booking_href_filter
    return env


def _faq_data(config) -> object:
    path = Path(config.config_file_path).parent / "data" / "faq.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def on_page_context(context, page, config, nav):
    objects = []
    if page.meta.get("json_ld") == "faq":
        objects.append(faq_page(_faq_data(config)))
    if isinstance(page, Post):
        objects.append(
            blog_posting(
                headline=page.title,
                description=page.meta.get("description", config.site_description or ""),
                url=page.canonical_url,
                date_published=page.config.date.created.date().isoformat(),
                author=", ".join(author.name for author in page.authors) or config.site_author,
                publisher=config.extra["brand"]["name"],
                section=", ".join(html.unescape(category.title) for category in page.categories),
            )
        )
    context["json_ld"] = objects
    context["og_type"] = "article" if isinstance(page, Post) else "website"
    return context
