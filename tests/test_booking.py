"""Tests for macros/booking.py: the booking link and button, with UTM parameters."""

import doctest
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

import macros.booking
from macros.booking import UTM_KEYS, booking_button, booking_href, utm_pairs


def test_scheduling_url_gets_utm_query_parameters_in_canonical_order():
    href = booking_href("https://cal.example/wysegen", "a@b.c", "S", {"utm_campaign": "q3", "utm_source": "news"})
    assert href == "https://cal.example/wysegen?utm_source=news&utm_campaign=q3"


def test_existing_query_is_kept_and_a_utm_value_is_replaced_not_repeated():
    href = booking_href("https://cal.example/x?month=6&utm_source=old", "a@b.c", "S", {"utm_source": "new"})
    assert parse_qsl(urlsplit(href).query) == [("month", "6"), ("utm_source", "new")]


def test_without_a_url_the_link_is_a_mailto_with_subject():
    assert booking_href("", "hello@example.com", "Free 30-minute diagnostic") == (
        "mailto:hello@example.com?subject=Free%2030-minute%20diagnostic"
    )


def test_mailto_carries_utm_values_as_a_ref_line_in_the_body():
    href = booking_href("", "hello@example.com", "Hi", {"utm_source": "linkedin", "utm_campaign": "spring"})
    body = dict(field.split("=", 1) for field in href.split("?", 1)[1].split("&"))["body"]
    assert unquote(body) == "Ref: utm_source=linkedin&utm_campaign=spring"


def test_empty_utm_values_are_left_out():
    assert utm_pairs({"utm_source": "x", "utm_term": "", "utm_content": None}) == [("utm_source", "x")]


def test_unknown_utm_key_is_named():
    with pytest.raises(ValueError, match="utm_foo"):
        utm_pairs({"utm_foo": "x"})


def test_neither_url_nor_email_is_an_error_naming_both_settings():
    with pytest.raises(ValueError, match="booking_url.*booking_email"):
        booking_href("", "", "S")


def test_button_escapes_its_href_and_label():
    html = booking_button('https://x/?a=1&b="2"', "<Book>")
    assert 'href="https://x/?a=1&amp;b=&quot;2&quot;"' in html
    assert "&lt;Book&gt;" in html
    assert "data-booking-link" in html


def test_utm_keys_are_the_five_standard_ones():
    assert UTM_KEYS == ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def test_doctests():
    assert doctest.testmod(macros.booking).failed == 0


def test_the_mail_subject_takes_the_diagnostic_length_from_its_one_setting():
    from macros.booking import email_subject, site_booking_href

    assert email_subject("Free {diagnostic_minutes}-minute diagnostic", 45) == "Free 45-minute diagnostic"
    assert email_subject("No placeholder", 45) == "No placeholder"
    extra = {"booking_url": "https://cal.example/x", "booking_email": "a@b.c",
             "booking_email_subject": "{diagnostic_minutes}", "diagnostic_minutes": 30}  # fmt: skip
    assert site_booking_href(extra, {"utm_source": "s"}) == "https://cal.example/x?utm_source=s"
    assert site_booking_href(dict(extra, booking_url=""), None) == "mailto:a@b.c?subject=30"
