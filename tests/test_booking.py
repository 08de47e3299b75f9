"""Tests for macros/booking.py: the booking link and button, with UTM parameters, and the
booking provider settings (``extra.booking``): their checks, each provider's link and where its
booking form takes a calculator's summary (``prefill_fields``)."""

import doctest
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

import macros.booking
from macros.booking import (
    UTM_KEYS,
    Booking,
    BookingSettingError,
    booking_button,
    booking_href,
    booking_settings,
    prefill_attribute,
    prefill_fields,
    site_booking_href,
    site_prefill_attribute,
    utm_pairs,
)


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
    with pytest.raises(ValueError, match=r"extra\.booking\.url.*extra\.booking\.email"):
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
    from macros.booking import email_subject

    assert email_subject("Free {diagnostic_minutes}-minute diagnostic", 45) == "Free 45-minute diagnostic"
    assert email_subject("No placeholder", 45) == "No placeholder"
    extra = {"booking": {"provider": "url", "url": "https://cal.example/x"}, "diagnostic_minutes": 30}
    assert site_booking_href(extra, {"utm_source": "s"}) == "https://cal.example/x?utm_source=s"
    mailto = {"booking": {"email": "a@b.example", "email_subject": "{diagnostic_minutes}"}, "diagnostic_minutes": 30}
    assert site_booking_href(mailto, None) == "mailto:a@b.example?subject=30"


# --- extra.booking: the providers ----------------------------------------------------------------

CALCOM = {"provider": "calcom", "url": "https://cal.com/team/intro"}
CALENDLY = {"provider": "calendly", "url": "https://calendly.com/team/intro"}


def settings(**booking) -> Booking:
    return booking_settings({"booking": booking})


def test_the_default_provider_is_a_mailto_to_the_configured_address():
    assert settings(email="a@b.example", email_subject="Hi") == Booking("mailto", "", "a@b.example", "Hi", "")
    assert prefill_fields(settings(email="a@b.example")) is None


@pytest.mark.parametrize(
    ("booking", "summary_field"),
    [(CALCOM, "notes"), (CALENDLY, "a1"), (dict(CALCOM, summary_field="context"), "context"),
     (dict(CALENDLY, summary_field="a10"), "a10")],
)
def test_calcom_and_calendly_take_the_summary_in_their_field_with_a_default(booking, summary_field):
    assert settings(**booking).summary_field == summary_field


def test_each_provider_links_to_its_page_with_the_utm_parameters():
    utm = {"utm_source": "linkedin", "utm_campaign": "spring", "utm_medium": "social"}
    for booking in (CALCOM, CALENDLY, {"provider": "url", "url": "https://book.example/team?lang=en"}):
        href = site_booking_href({"booking": booking, "diagnostic_minutes": 30}, utm)
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc, parts.path) == tuple(urlsplit(booking["url"])[:3])
        query = parse_qsl(parts.query)
        assert [pair for pair in query if pair[0].startswith("utm_")] == [
            ("utm_source", "linkedin"), ("utm_medium", "social"), ("utm_campaign", "spring")]


def test_cal_com_takes_the_summary_in_notes_and_each_value_as_metadata():
    assert prefill_fields(settings(**CALCOM)) == {"text": "notes", "pairs": "metadata[{key}]"}


def test_calendly_takes_the_summary_in_a_custom_answer_only():
    assert prefill_fields(settings(**CALENDLY)) == {"text": "a1"}
    assert prefill_fields(settings(**dict(CALENDLY, summary_field="a3"))) == {"text": "a3"}


def test_a_plain_url_and_a_mailto_carry_the_values_as_before():
    assert prefill_fields(settings(provider="url", url="https://book.example/x")) is None
    assert site_prefill_attribute({"booking": {"email": "a@b.example"}}) == ""


def test_the_prefill_attribute_is_escaped_json():
    attribute = site_prefill_attribute({"booking": CALCOM})
    assert attribute == ' data-booking-prefill="{&quot;text&quot;: &quot;notes&quot;, &quot;pairs&quot;: &quot;metadata[{key}]&quot;}"'
    assert prefill_attribute(None) == ""
    html = booking_button("https://cal.com/team/intro", "Book", attribute)
    assert html.startswith('<a class="md-button md-button--primary booking-button" href="https://cal.com/team/intro" '
                           'data-booking-link data-booking-prefill="')


BAD_SETTINGS = [
    ({"booking_url": "https://cal.example/x", "booking": {"email": "a@b.example"}},
     "extra.booking_url has moved to extra.booking.url"),
    ({"booking_email": "a@b.example", "booking": {"email": "a@b.example"}},
     "extra.booking_email has moved to extra.booking.email"),
    ({"booking_email_subject": "S", "booking": {"email": "a@b.example"}},
     "extra.booking_email_subject has moved to extra.booking.email_subject"),
    ({}, "extra.booking must be a mapping"),
    ({"booking": {"provider": "zoom"}}, "extra.booking.provider must be one of mailto, calcom, calendly, url (got 'zoom')"),
    ({"booking": {"email": "a@b.example", "colour": "red"}}, "extra.booking.colour is not a setting"),
    ({"booking": {"provider": "mailto", "email": ""}}, "extra.booking.email must be an e-mail address"),
    ({"booking": {"provider": "mailto", "email": "a@b.example?cc=x@y.example"}}, "extra.booking.email must be an e-mail address"),
    ({"booking": {"email": "a@b.example", "url": "https://cal.com/x"}}, "extra.booking.url is set but extra.booking.provider is mailto"),
    ({"booking": {"provider": "calcom", "url": ""}}, "extra.booking.url must be the https:// address of the calcom page"),
    ({"booking": {"provider": "url", "url": "http://book.example/x"}}, "extra.booking.url must be the https:// address"),
    ({"booking": {"provider": "url", "url": "javascript:alert(1)"}}, "extra.booking.url must be the https:// address"),
    ({"booking": {"provider": "calendly", "url": "https://cal.com/team"}}, "extra.booking.url must be a calendly.com address"),
    ({"booking": dict(CALENDLY, summary_field="a11")}, "extra.booking.summary_field must be a1 to a10"),
    ({"booking": dict(CALENDLY, summary_field="notes")}, "extra.booking.summary_field must be a1 to a10"),
    ({"booking": dict(CALCOM, summary_field="metadata[x]")}, "extra.booking.summary_field must be notes or a booking question"),
    ({"booking": {"provider": "url", "url": "https://book.example/x", "summary_field": "a1"}},
     "extra.booking.summary_field is only read for calcom and calendly"),
    ({"booking": {"provider": "calcom", "url": 3}}, "extra.booking.url must be text"),
]


@pytest.mark.parametrize(("extra", "message"), BAD_SETTINGS)
def test_a_bad_booking_setting_is_refused_naming_the_field(extra, message):
    with pytest.raises(BookingSettingError) as error:
        booking_settings(extra)
    assert message in str(error.value)
    assert str(error.value).startswith("mkdocs.yml: extra.")
