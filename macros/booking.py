"""The booking link: a scheduling provider's page, or a ``mailto:``, as ``extra.booking`` says.

``extra.booking`` in mkdocs.yml (checked by :func:`booking_settings`; a bad value stops the build
with a message naming the field):

* ``provider``: ``mailto`` (the default: a mail to ``email`` with ``email_subject``), ``calcom``
  (a Cal.com event page), ``calendly`` (a Calendly event page) or ``url`` (any scheduling page);
* ``url``: the event page, ``https://``, for every provider but ``mailto``;
* ``email``, ``email_subject``: the ``mailto`` address and subject;
* ``summary_field``: where a provider's booking form takes the calculator summary (below).

UTM parameters (``utm_source``, ``utm_medium``, ``utm_campaign``, ``utm_term``,
``utm_content``) travel with the link: on a scheduling URL as query parameters, on a
``mailto:`` as a reference line in the message body, so the team still sees where the
visitor came from. docs/assets/javascripts/booking-link.js applies the same rule in the
browser with the visitor's own UTM parameters.

**Prefill.** When a visitor comes to the booking page from a calculator, its address carries the
result's summary (macros/booking_results.py). booking-link.js puts it into the booking link; where
it goes is decided here, at build time, by :func:`prefill_fields`, and written on each link as
``data-booking-prefill``, so the script only moves values into named fields:

* ``calcom``: the summary sentence in ``notes`` (the booking form's "Additional notes"; or a booking
  question's identifier set in ``summary_field``) and each value of the summary as
  ``metadata[<key>]`` (kept with the booking, sent in webhooks, not shown to the guest). Cal.com
  records ``utm_source``, ``utm_medium``, ``utm_campaign``, ``utm_term`` and ``utm_content`` from
  the link by itself. Sources: cal.com/help/bookings/utm-tracking ("Automatic UTM Tracking"),
  cal.com/help/embedding/prefill-booking-form-embed (``name``, ``email``, ``metadata[myKey]``),
  and Cal.com's booking-question prefill (``name``, ``email``, ``notes``, ``guests`` and any
  question by its identifier, as query parameters of the booking page).
* ``calendly``: the summary sentence in a custom question's answer, ``a1`` .. ``a10`` by the
  question's position on the event type (``summary_field``, default ``a1``); Calendly takes no
  other free field. Its link also takes ``name``, ``first_name``, ``last_name``, ``email``,
  ``location`` and ``guests``, which this site never sends (it does not know them), and records the
  five ``utm_*`` parameters with the booking (the invitee's ``tracking`` object). Sources:
  help.calendly.com/hc/en-us/articles/226766767 ("How to pre-fill invitee information in your
  Calendly link"), developer.calendly.com (the invitee ``tracking`` fields ``utm_source``,
  ``utm_medium``, ``utm_campaign``, ``utm_content``, ``utm_term``).
* ``url`` and ``mailto``: the summary's values as query parameters, or in the ``Ref:`` line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")

PROVIDERS = ("mailto", "calcom", "calendly", "url")
#: The keys of ``extra.booking``.
SETTINGS = ("provider", "url", "email", "email_subject", "summary_field")
#: The settings of ``extra`` that ``extra.booking`` replaced, and where each one went.
MOVED = {"booking_url": "url", "booking_email": "email", "booking_email_subject": "email_subject"}
#: A provider's default field for the summary sentence.
SUMMARY_FIELDS = {"calcom": "notes", "calendly": "a1"}
CALENDLY_ANSWER = re.compile(r"a(?:[1-9]|10)")
CALCOM_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
EMAIL = re.compile(r"[^@\s?&#/]+@[^@\s?&#/]+\.[^@\s?&#/]+")


class BookingSettingError(ValueError):
    """A setting of ``extra.booking`` that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Booking:
    """``extra.booking``, checked: what the booking links are made from."""

    provider: str = "mailto"
    url: str = ""
    email: str = ""
    email_subject: str = ""
    summary_field: str = ""


def _text(booking: dict, key: str) -> str:
    value = booking.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BookingSettingError(f"mkdocs.yml: extra.booking.{key} must be text (got {value!r})")
    return value.strip()


def booking_settings(extra: dict) -> Booking:
    """``extra.booking`` of mkdocs.yml, checked; :class:`BookingSettingError` names a bad field.

    >>> booking_settings({"booking": {"provider": "calendly", "url": "https://calendly.com/team/intro"}})
    Booking(provider='calendly', url='https://calendly.com/team/intro', email='', email_subject='', summary_field='a1')
    >>> try:
    ...     booking_settings({"booking": {"provider": "zoom"}})
    ... except BookingSettingError as error:
    ...     print(error)
    mkdocs.yml: extra.booking.provider must be one of mailto, calcom, calendly, url (got 'zoom')
    """
    for old, new in MOVED.items():
        if old in extra:
            raise BookingSettingError(
                f"mkdocs.yml: extra.{old} has moved to extra.booking.{new} (see README.md, "
                "\"Configure the booking link and the brand\")"
            )
    booking = extra.get("booking")
    if not isinstance(booking, dict):
        raise BookingSettingError("mkdocs.yml: extra.booking must be a mapping with at least 'provider'")
    unknown = sorted(set(booking) - set(SETTINGS))
    if unknown:
        raise BookingSettingError(f"mkdocs.yml: extra.booking.{unknown[0]} is not a setting; the settings are {', '.join(SETTINGS)}")
    provider = _text(booking, "provider") or "mailto"
    if provider not in PROVIDERS:
        raise BookingSettingError(f"mkdocs.yml: extra.booking.provider must be one of {', '.join(PROVIDERS)} (got {provider!r})")
    url, email, field = _text(booking, "url"), _text(booking, "email"), _text(booking, "summary_field")
    if provider == "mailto":
        if url:
            raise BookingSettingError(
                "mkdocs.yml: extra.booking.url is set but extra.booking.provider is mailto: "
                "set the provider to calcom, calendly or url, or empty the url"
            )
        if not EMAIL.fullmatch(email):
            raise BookingSettingError(f"mkdocs.yml: extra.booking.email must be an e-mail address for provider mailto (got {email!r})")
    else:
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname or parts.fragment:
            raise BookingSettingError(
                f"mkdocs.yml: extra.booking.url must be the https:// address of the {provider} page (got {url!r})"
            )
        if provider == "calendly" and not (parts.hostname == "calendly.com" or parts.hostname.endswith(".calendly.com")):
            raise BookingSettingError(f"mkdocs.yml: extra.booking.url must be a calendly.com address for provider calendly (got {url!r})")
    if provider in SUMMARY_FIELDS:
        field = field or SUMMARY_FIELDS[provider]
        pattern = CALENDLY_ANSWER if provider == "calendly" else CALCOM_FIELD
        if not pattern.fullmatch(field):
            expected = "a1 to a10 (a custom question)" if provider == "calendly" else "notes or a booking question's identifier"
            raise BookingSettingError(f"mkdocs.yml: extra.booking.summary_field must be {expected} for provider {provider} (got {field!r})")
    elif field:
        raise BookingSettingError(f"mkdocs.yml: extra.booking.summary_field is only read for calcom and calendly (provider is {provider})")
    return Booking(provider, url, email, _text(booking, "email_subject"), field)


def prefill_fields(booking: Booking) -> dict[str, str] | None:
    """Where the provider's booking form takes a calculator's summary: ``text``, the field for the
    summary sentence; ``pairs``, the pattern of the field for each of its values (``{key}`` is the
    value's name). None: the values travel as they are (``url``) or in the ``Ref:`` line (``mailto``).

    >>> prefill_fields(Booking("calcom", "https://cal.com/team/intro", summary_field="notes"))
    {'text': 'notes', 'pairs': 'metadata[{key}]'}
    >>> prefill_fields(Booking("calendly", "https://calendly.com/team/intro", summary_field="a2"))
    {'text': 'a2'}
    >>> prefill_fields(Booking("url", "https://book.example/team")) is None
    True
    """
    if booking.provider == "calcom":
        return {"text": booking.summary_field, "pairs": "metadata[{key}]"}
    if booking.provider == "calendly":
        return {"text": booking.summary_field}
    return None


def prefill_attribute(fields: dict[str, str] | None) -> str:
    """The ``data-booking-prefill`` attribute booking-link.js reads (with a leading space), or "".

    >>> prefill_attribute({"text": "a1"})
    ' data-booking-prefill="{&quot;text&quot;: &quot;a1&quot;}"'
    >>> prefill_attribute(None)
    ''
    """
    return f' data-booking-prefill="{escape(json.dumps(fields))}"' if fields else ""


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
        raise ValueError("booking: set extra.booking.url or extra.booking.email in mkdocs.yml")
    href = f"mailto:{email}?subject={quote(subject)}"
    if pairs:
        href += "&body=" + quote("Ref: " + "&".join(f"{k}={v}" for k, v in pairs))
    return href


def email_subject(template: str, diagnostic_minutes: int) -> str:
    """The mailto subject from ``extra.booking.email_subject``, with ``{diagnostic_minutes}``
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

    >>> site_booking_href({"booking": {"email": "a@b.example", "email_subject": "{diagnostic_minutes} min"},
    ...                    "diagnostic_minutes": 20})
    'mailto:a@b.example?subject=20%20min'
    >>> site_booking_href({"booking": {"provider": "calcom", "url": "https://cal.com/team/intro"},
    ...                    "diagnostic_minutes": 20}, {"utm_source": "news"})
    'https://cal.com/team/intro?utm_source=news'
    """
    booking = booking_settings(extra)
    subject = email_subject(booking.email_subject, extra["diagnostic_minutes"])
    return booking_href(booking.url, booking.email, subject, utm)


def site_prefill_attribute(extra: dict) -> str:
    """The booking links' ``data-booking-prefill`` attribute for the configured provider, or "".

    >>> site_prefill_attribute({"booking": {"provider": "calendly", "url": "https://calendly.com/team/intro"}})
    ' data-booking-prefill="{&quot;text&quot;: &quot;a1&quot;}"'
    """
    return prefill_attribute(prefill_fields(booking_settings(extra)))


def booking_button(href: str, label: str, prefill: str = "") -> str:
    """The booking button as HTML; booking-link.js finds it by ``data-booking-link`` (and reads
    ``prefill``, :func:`prefill_attribute`), and the analytics hook (cta-events.js) names its
    clicks by ``data-cta``.

    >>> booking_button("mailto:a@b.c", "Book →")
    '<a class="md-button md-button--primary booking-button" href="mailto:a@b.c" data-booking-link data-cta="booking-button">Book →</a>'
    """
    return (
        f'<a class="md-button md-button--primary booking-button" href="{escape(href)}" '
        f'data-booking-link{prefill} data-cta="booking-button">{escape(label)}</a>'
    )
