"""MkDocs hook: what the theme overrides need from Python.

* the check of ``extra.booking`` and ``extra.analytics`` when the configuration loads, so a bad
  value stops the build at once with a message naming the field (macros/booking.py,
  macros/analytics.py);
* the Jinja filter ``booking_href`` (macros/booking.py), so the footer CTA builds its link
  exactly as the ``booking_button`` macro does: ``{{ config.extra | booking_href(utm) }}``, and
  ``booking_prefill``, the link's ``data-booking-prefill`` attribute for the configured provider;
* the Jinja filter ``analytics_tags``: the analytics provider's script and the forwarding module
  ``analytics.js``, or nothing while analytics is off (then ``analytics.js`` is left out of the
  site too): ``{{ config.extra | analytics_tags('assets/javascripts/analytics.js' | url) }}``;
* the Jinja filter ``offer_text``: copy from mkdocs.yml with ``{diagnostic_minutes}`` filled
  in, as the macros fill it: ``{{ config.extra.cta_band.text | offer_text }}``;
* ``json_ld`` in the page context: the schema.org objects that partials/json-ld.html prints
  (FAQPage on a page whose front matter says ``json_ld: faq``; BlogPosting on blog posts);
* ``og_type`` for the Open Graph tags (``article`` on posts, else ``website``).
"""

from __future__ import annotations

import html
from pathlib import Path

import yaml
from material.plugins.blog.structure import Post
from mkdocs.exceptions import PluginError

from macros.analytics import AnalyticsSettingError, analytics_settings, script_tags
from macros.booking import BookingSettingError, booking_settings, offer_text, site_booking_href, site_prefill_attribute
from macros.structured_data import blog_posting, faq_page

#: The module that forwards the site's analytics events to the provider (docs/assets/).
FORWARDER = "assets/javascripts/analytics.js"


def booking_href_filter(extra: dict, utm: dict | None = None) -> str:
    return site_booking_href(extra, utm)


def analytics_tags_filter(extra: dict, forwarder_src: str) -> str:
    return script_tags(analytics_settings(extra), forwarder_src)


def check_settings(extra: dict) -> None:
    """Stop the build, naming the field, when ``extra.booking`` or ``extra.analytics`` is unusable."""
    try:
        booking_settings(extra)
        analytics_settings(extra)
    except (BookingSettingError, AnalyticsSettingError) as error:
        raise PluginError(str(error)) from None


def on_config(config):
    check_settings(config.extra)
    return config


def on_files(files, config):
    """Leave the analytics forwarder out of the site while analytics is off."""
    forwarder = files.get_file_from_path(FORWARDER)
    if forwarder is not None and analytics_settings(config.extra) is None:
        files.remove(forwarder)
    return files


def on_env(env, config, files):
    env.filters["booking_href"] = booking_href_filter
    env.filters["booking_prefill"] = site_prefill_attribute
    env.filters["analytics_tags"] = analytics_tags_filter
    env.filters["offer_text"] = lambda text: offer_text(text, config.extra)
    return env


def faq_data(config_file_path: str) -> object:
    """The FAQ entries of data/faq.yml, next to the mkdocs.yml at ``config_file_path``."""
    path = Path(config_file_path).parent / "data" / "faq.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def json_ld_objects(meta: dict, load_faq, post: dict | None) -> list[dict]:
    """The schema.org objects of a page: ``FAQPage`` when its front matter says ``json_ld: faq``
    (``load_faq()`` gives the entries), ``BlogPosting`` when it is a blog post (``post`` holds
    the :func:`macros.structured_data.blog_posting` fields)."""
    objects = []
    if meta.get("json_ld") == "faq":
        objects.append(faq_page(load_faq()))
    if post is not None:
        objects.append(blog_posting(**post))
    return objects


def og_type(is_post: bool) -> str:
    """The Open Graph type: ``article`` for a blog post, else ``website``."""
    return "article" if is_post else "website"


def post_fields(page: Post, config) -> dict:
    """The BlogPosting fields of a blog post, read from MkDocs' page and config."""
    return {
        "headline": page.title,
        "description": page.meta.get("description", config.site_description or ""),
        "url": page.canonical_url,
        "date_published": page.config.date.created.date().isoformat(),
        "author": ", ".join(author.name for author in page.authors) or config.site_author,
        "publisher": config.extra["brand"]["name"],
        "section": ", ".join(html.unescape(category.title) for category in page.categories),
    }


def on_page_context(context, page, config, nav):
    is_post = isinstance(page, Post)
    post = post_fields(page, config) if is_post else None
    context["json_ld"] = json_ld_objects(page.meta, lambda: faq_data(config.config_file_path), post)
    context["og_type"] = og_type(is_post)
    return context
