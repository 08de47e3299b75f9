"""The booking link: a scheduling page URL, or a ``mailto:`` when none is configured.

UTM parameters (``utm_source``, ``utm_medium``, ``utm_campaign``, ``utm_term``,
``utm_content``) travel with the link: on a scheduling URL as query parameters, on a
``mailto:`` as a reference line in the message body, so the team still sees where the
visitor came from. docs/assets/javascripts/booking-link.js applies the same rule in the
browser with the visitor's own UTM parameters.
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def utm_pairs(utm: dict | None) -> list[tuple[str, str]]:
    """The non-empty UTM values of ``utm``, in the canonical key order.

    >>> utm_pairs({"utm_campaign": "q3", "utm_source": "li", "utm_term": ""})
    [('utm_source', 'li'), ('utm_campaign', 'q3')]
    """
    utm = utm or {}
    unknown = sorted(set(utm) - set(UTM_KEYS))
    if unknown:
        raise ValueError(f"unknown UTM parameter {unknown[0]!r}; allowed: {', '.join(UTM_KEYS)}")
    return [(key, str(utm[key])) for key in UTM_KEYS if utm.get(key) not in (None, "")]


def booking_href(url: str, email: str, subject: str, utm: dict | None = None) -> str:
    """The href of the booking button.

    >>> booking_href("https://cal.example/team?x=1", "a@b.c", "Hi", {"utm_source": "news"})
    'https://cal.example/team?x=1&utm_source=news'
    >>> booking_href("", "hello@example.com", "Free call", {"utm_campaign": "q3"})
    'mailto:hello@example.com?subject=Free%20call&body=Ref%3A%20utm_campaign%3Dq3'
    """
    pairs = utm_pairs(utm)
    if url:
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in dict(pairs)]
        return urlunsplit(parts._replace(query=urlencode(query + pairs)))
    if not email:
        raise ValueError("booking: set extra.booking_url or extra.booking_email in mkdocs.yml")
    href = f"mailto:{email}?subject={quote(subject)}"
    if pairs:
        href += "&body=" + quote("Ref: " + "&".join(f"{k}={v}" for k, v in pairs))
    return href


def email_subject(template: str, diagnostic_minutes: int) -> str:
    """The mailto subject from ``extra.booking_email_subject``, with ``{diagnostic_minutes}``
    filled from ``extra.diagnostic_minutes`` (the offer's length is set once).

    >>> email_subject("Free {diagnostic_minutes}-minute call", 30)
    'Free 30-minute call'
    """
    return template.replace("{diagnostic_minutes}", str(diagnostic_minutes))


def offer_text(template: str, extra: dict) -> str:
    """Copy from the ``extra`` settings (the CTA band's text, a campaign page's link) with
    ``{diagnostic_minutes}`` filled in, as in the mail subject.

    >>> offer_text("A {diagnostic_minutes}-minute call", {"diagnostic_minutes": 45})
    'A 45-minute call'
    """
    return email_subject(template, extra["diagnostic_minutes"])


def site_booking_href(extra: dict, utm: dict | None = None) -> str:
    """The booking href from the ``extra`` settings of mkdocs.yml (macro and theme use this).

    >>> site_booking_href({"booking_url": "", "booking_email": "a@b.c", "diagnostic_minutes": 20,
    ...                    "booking_email_subject": "{diagnostic_minutes} min"})
    'mailto:a@b.c?subject=20%20min'
    """
    subject = email_subject(extra["booking_email_subject"], extra["diagnostic_minutes"])
    return booking_href(extra["booking_url"], extra["booking_email"], subject, utm)


def booking_button(href: str, label: str) -> str:
    """The booking button as HTML; booking-link.js finds it by ``data-booking-link``, and the
    optional analytics hook (cta-events.js) names its clicks by ``data-cta``.

    >>> booking_button("mailto:a@b.c", "Book →")
    '<a class="md-button md-button--primary booking-button" href="mailto:a@b.c" data-booking-link data-cta="booking-button">Book →</a>'
    """
    return (
        f'<a class="md-button md-button--primary booking-button" href="{escape(href)}" '
        f'data-booking-link data-cta="booking-button">{escape(label)}</a>'
    )
