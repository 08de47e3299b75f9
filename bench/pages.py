"""The page types the benchmark visits, and the calculator inputs it changes.

A *probe* is a small, valid change to a calculator's example inputs. The benchmark opens a
calculator through a share link carrying the probe, so the first result Python computes in
the browser differs from the one pre-rendered at build time: the page is live only when
``data-status="ready"`` and the watched ``data-value`` equals what CPython computes for the
same inputs. That expected value comes from ``calculators.web`` here, under CPython.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

#: Page type -> URL path inside the site. The article is found in the built blog.
CONTENT_PAGES = {"home": "", "faq": "faq/", "playbook": "playbook/harden-the-data/"}
CALCULATOR_PAGES = {"readiness": "calculators/readiness/", "roi": "calculators/roi/"}
#: Blog folders that are listings, not articles.
BLOG_LISTINGS = {"archive", "category", "page"}


def article_path(site_dir: Path) -> str:
    """The URL path of the site's article: the first blog post in the built site."""
    posts = sorted(
        folder.name
        for folder in (site_dir / "blog").iterdir()
        if folder.is_dir() and folder.name not in BLOG_LISTINGS and (folder / "index.html").is_file()
    )
    if not posts:
        raise FileNotFoundError(f"no blog post in {site_dir / 'blog'}")
    return f"blog/{posts[0]}/"


def page_types(site_dir: Path) -> dict[str, str]:
    """Every page type the benchmark reports, in table order: name -> URL path."""
    pages = {"home": CONTENT_PAGES["home"], "article": article_path(site_dir)}
    pages.update({name: path for name, path in CONTENT_PAGES.items() if name != "home"})
    pages.update(CALCULATOR_PAGES)
    return pages


def data_value(html: str, field: str) -> str | None:
    """The ``data-value`` of the first element with ``data-field="<field>"`` in ``html``.

    >>> data_value('<span data-field="npv" data-value="12.5">£13</span>', "npv")
    '12.5'
    """
    match = re.search(r'data-field="%s"[^>]*?data-value="([^"]*)"' % re.escape(field), html)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Probe:
    """A changed input for one calculator: the share-link fragment and the value to expect."""

    calculator: str
    field: str  # the input's name (its JSON path in the form)
    value: str  # the value typed into it
    watched: str  # the result's data-field to watch
    expected: str  # its data-value under CPython for the changed inputs
    prerendered: str  # its data-value for the inputs the form opens with
    mode: str = ""  # the mode a calculator with a quick estimate is switched to by the link

    @property
    def fragment(self) -> str:
        mode = {"mode": self.mode} if self.mode else {}
        return urlencode({"calculator": self.calculator, **mode, self.field: self.value})


def _expected(name: str, payload: dict, watched: str) -> str:
    from calculators import web

    response = web.respond(name, payload, "GBP")
    if not response["ok"]:
        raise ValueError(f"the benchmark's probe for {name} is invalid: {response['errors']}")
    value = data_value(response["html"], watched)
    if value is None:
        raise ValueError(f"{name}'s result has no data-field={watched!r}")
    return value


def probe(name: str) -> Probe:
    """The probe for calculator ``name``: one input moved away from its example value, the others
    as the form opens (the readiness questions open unanswered: the link's answer is the only one)."""
    from calculators import api
    from mkdocs_calculators.form import opening_payload

    schema = api.schema(name)
    defaults = schema["defaults"]
    opened = defaults if schema.get("quick") else opening_payload(schema)  # a quick calculator is probed in full
    payload = copy.deepcopy(opened)
    if name == "roi":
        field, value, watched = "discount_rate", 0.07, "npv"
        payload["discount_rate"] = value
    elif name == "readiness":
        question = next(iter(defaults["answers"]))
        value = 0 if defaults["answers"][question] else 4
        field, watched = question, "score"
        payload["answers"][question] = value
    else:
        raise KeyError(name)
    expected, prerendered = _expected(name, payload, watched), _expected(name, opened, watched)
    if expected == prerendered:
        raise ValueError(f"the probe for {name} does not change {watched}")
    # A calculator with a quick estimate is probed in its full model, where every input counts.
    return Probe(name, field, str(value), watched, expected, prerendered, "full" if schema.get("quick") else "")
