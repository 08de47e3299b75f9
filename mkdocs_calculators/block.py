"""The calculator block a page shows: form, status line, pre-rendered result and actions.

A page marks the spot with ``<div data-calculator="NAME"></div>``; the plugin replaces it with
:func:`calculator_block`. The result is computed now, at build time, from the inputs the form
opens with (:func:`~mkdocs_calculators.form.opening_payload`), by the same ``respond`` the browser
runs later, so the page is complete before (or without) JavaScript; the booking link carries that
result's summary.

Every link is relative to the page (:func:`site_of` gives the view the way to the site root),
so a site served under a sub-path works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlencode

from calculators import api
from calculators.web.form_input import form_texts
from calculators.web.markup import h

from .form import form, input_id, opening_payload, uses_money


class CalculatorError(Exception):
    """A calculator the block cannot show: unknown, or its defaults do not compute; the message
    says which and why (the plugin reports it as one line)."""


class UnknownCalculator(CalculatorError):
    """A page names a calculator that is not registered; the message lists the known ones."""


@dataclass(frozen=True)
class Offer:
    """What the block says and links to, from the plugin's options: ``booking_href`` is the
    booking page relative to this page (empty: no button)."""

    booking_href: str = ""
    booking_label: str = ""


def site_of(root: str, links: dict[str, str], booking_note: str) -> dict[str, Any]:
    """The view's :class:`calculators.web.site.Site`, as the JSON the page hands to the worker.

    >>> site_of("../", {"playbook": "playbook/{id}/"}, "")
    {'root': '../', 'links': {'playbook': 'playbook/{id}/'}, 'booking_note': ''}
    """
    return {"root": root, "links": dict(links), "booking_note": booking_note}


def booking_href(page_href: str, query: dict[str, str]) -> str:
    """The booking page's link with the result's summary as its query.

    >>> booking_href("../book/", {"calculator": "tip", "band": "10-20"})
    '../book/?calculator=tip&band=10-20'
    >>> booking_href("../book/", {"x": "a&b=c"})
    '../book/?x=a%26b%3Dc'
    """
    return f"{page_href}?{urlencode(query)}" if query else page_href


def rendered_from(payload: Any, currency: str) -> str:
    """The inputs a pre-rendered result was worked out from, as calculators.js writes them
    (``canonicalJson``: keys sorted, no spaces): when the page's first live run sends exactly
    these, Python's answer is the HTML already in the page, and the page keeps it.

    >>> rendered_from({"b": [1, 0.5], "a": "é"}, "GBP")
    '[{"a":"é","b":[1,0.5]},"GBP"]'
    """
    return json.dumps([payload, currency], sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_known(name: str) -> None:
    """Raise :class:`UnknownCalculator` naming ``name`` and the registered calculators."""
    if name not in api.CALCULATORS:
        raise UnknownCalculator(f"unknown calculator {name!r}; known: {', '.join(api.names())}")


def calculator_block(name: str, respond: Callable[..., dict], site: dict, offer: Offer, currency: str,
                     workbook: bool = False) -> str:
    """The whole block for calculator ``name`` (``respond`` is the view's entry); with ``workbook``,
    a button that downloads the result as a spreadsheet workbook (the view's, written in the worker)."""
    check_known(name)
    schema = api.schema(name)
    # The page opens on the quick estimate when the calculator has one (form.mode_switch), and a
    # questionnaire unanswered (form.opening_payload); the page sends the texts its form shows (a
    # share in percent), which respond reads as the browser's are.
    payload = form_texts(schema, opening_payload(schema))
    # What the page will send: a calculator without money has no currency chooser, so no currency.
    sent_currency = currency if uses_money(schema) else ""
    answer = respond(name, payload, sent_currency, site)
    if not answer["ok"]:
        problems = "; ".join(f"{e['field']}: {e['message']}" for e in answer["errors"])
        raise CalculatorError(f"calculator {name!r}: its schema defaults do not compute ({problems})")
    slug = h(input_id(name))
    booking = (
        f'<a class="md-button md-button--primary calc-booking" href="{h(booking_href(offer.booking_href, answer["booking"]))}" '
        f'data-booking-link data-cta="calculator-booking">{h(offer.booking_label)}</a>'
        if offer.booking_href
        else ""
    )
    actions = (
        '<div class="calculator-actions">'
        f"{booking}"
        '<button type="button" class="md-button calc-action" data-action="copy-link" disabled>Copy link to these inputs</button>'
        '<button type="button" class="md-button calc-action" data-action="download-csv" disabled>Download CSV</button>'
        '<button type="button" class="md-button calc-action" data-action="download-json" disabled>Download JSON</button>'
        + ('<button type="button" class="md-button calc-action" data-action="download-workbook" disabled>'
           'Download workbook (.xlsx)</button><span class="calc-action-status" role="status"></span>'
           if workbook else "")
        + "</div>"
    )
    status = (
        '<p class="calculator-status" role="status">'
        '<progress class="calculator-progress" max="100" hidden></progress>'
        '<span class="calculator-status-text">The result below was worked out from the example inputs when this page was '
        "built. It updates as you type once the calculator has loaded.</span></p>"
    )
    # The summary bar stays in view while the form scrolls on a narrow screen; on a wide one the
    # output column itself stays in view beside the form (calculators.css). Its "Out of date"
    # shows while the result is (data-stale on the block).
    summary = (
        f'<a class="calc-summary-bar" href="#{slug}-result-title">'
        f'<span class="calc-summary" data-summary>{answer["summary"]}</span>'
        '<span class="calc-summary-stale">Out of date</span>'
        '<span class="calc-summary-more">Full result <span aria-hidden="true">↓</span></span></a>'
        if answer["summary"]
        else ""
    )
    return (
        f'<section class="calculator" data-calculator="{h(name)}" data-status="static" '
        f'data-rendered-from="{h(rendered_from(payload, sent_currency))}" '
        f"data-site=\"{h(json.dumps(site, separators=(',', ':'), sort_keys=True))}\" aria-labelledby=\"{slug}-inputs-title\">"
        '<div class="calculator-inputs">'
        f'<h2 class="calc-heading" id="{slug}-inputs-title">Your inputs</h2>'
        f'<p class="calc-skip"><a href="#{slug}-result-title">Skip to the result</a></p>'
        f"{summary}"
        f"{form(name, schema, currency, answer['progress'])}"
        f"{status}"
        "</div>"
        f'<div class="calculator-output" role="region" tabindex="0" aria-labelledby="{slug}-result-title">'
        f'<h2 class="calc-heading" id="{slug}-result-title">Your result</h2>'
        '<p class="calculator-stale-note">Out of date: this is the last result that could be worked out. '
        "Fix the highlighted inputs to update it.</p>"
        f'<div class="calculator-result" aria-live="polite" aria-labelledby="{slug}-result-title">'
        f"{answer['html']}</div>"
        f"{actions}"
        '<noscript><p class="calc-noscript">Recalculating needs JavaScript. The result above is computed from the '
        "example inputs shown.</p></noscript>"
        "</div>"
        "</section>"
    )
