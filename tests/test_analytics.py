"""Tests for macros/analytics.py: the opt-in analytics settings (``extra.analytics``), the script
tags the build adds for each provider and the origins the Content Security Policy gains (the
built site and the browser are tested in tests/test_analytics_browser.py)."""

from __future__ import annotations

import doctest

import pytest
from bs4 import BeautifulSoup

import macros.analytics
from macros.analytics import Analytics, AnalyticsSettingError, analytics_settings, csp_origins, script_tags

PLAUSIBLE = {"provider": "plausible", "script": "https://plausible.io/js/script.js", "site_id": "example.org"}
UMAMI = {"provider": "umami", "script": "https://stats.example.org/script.js",
         "site_id": "94db1cb1-74f4-4a40-ad6c-962362670409"}  # fmt: skip


def test_doctests():
    assert doctest.testmod(macros.analytics).failed == 0


@pytest.mark.parametrize("extra", [{}, {"analytics": None}, {"analytics": {"provider": "none"}},
                                   {"analytics": {"provider": "", "script": "", "site_id": "", "api": ""}},
                                   {"analytics": {"provider": "none", "script": "https://plausible.io/js/script.js"}}])
def test_off_by_default_no_script_and_no_origin(extra):
    settings = analytics_settings(extra)
    assert settings is None
    assert script_tags(settings, "a.js") == ""
    assert csp_origins(settings) == ([], [])


def test_plausible_gets_its_script_with_data_domain_and_the_forwarder():
    tags = BeautifulSoup(script_tags(analytics_settings({"analytics": PLAUSIBLE}), "../assets/javascripts/analytics.js"), "html.parser")
    provider, forwarder = tags.find_all("script")
    assert provider.attrs == {"defer": "", "src": PLAUSIBLE["script"], "data-domain": "example.org",
                              "data-analytics-provider": "plausible"}  # fmt: skip
    assert forwarder.attrs == {"type": "module", "src": "../assets/javascripts/analytics.js"}
    assert provider.string is None and forwarder.string is None  # no inline code


def test_umami_gets_its_script_with_data_website_id_and_its_host_url():
    settings = analytics_settings({"analytics": dict(UMAMI, api="https://collect.example.org")})
    provider = BeautifulSoup(script_tags(settings, "a.js"), "html.parser").find("script")
    assert provider["data-website-id"] == UMAMI["site_id"]
    assert provider["data-host-url"] == "https://collect.example.org"
    assert provider["data-analytics-provider"] == "umami"


def test_plausible_api_is_its_data_api():
    settings = analytics_settings({"analytics": dict(PLAUSIBLE, api="https://example.org/stats/api/event")})
    assert BeautifulSoup(script_tags(settings, "a.js"), "html.parser").find("script")["data-api"] == settings.api


def test_the_policy_gains_exactly_the_script_origin_and_the_api_origin():
    assert csp_origins(analytics_settings({"analytics": PLAUSIBLE})) == (["https://plausible.io"], ["https://plausible.io"])
    assert csp_origins(analytics_settings({"analytics": UMAMI})) == (["https://stats.example.org"], ["https://stats.example.org"])
    same = Analytics("umami", "https://stats.example.org/script.js", "x", "https://stats.example.org/")
    assert csp_origins(same) == (["https://stats.example.org"], ["https://stats.example.org"])
    other = Analytics("umami", "https://cdn.example.org/script.js", "x", "https://stats.example.org")
    assert csp_origins(other) == (["https://cdn.example.org"], ["https://cdn.example.org", "https://stats.example.org"])


def test_attribute_values_are_escaped():
    settings = Analytics("plausible", 'https://plausible.io/js/script.js?"><b>', "example.org")
    assert '"><b>' not in script_tags(settings, "a.js")


@pytest.mark.parametrize(
    ("analytics", "message"),
    [
        ("plausible", "extra.analytics must be a mapping"),
        ({"provider": "google"}, "extra.analytics.provider must be none, plausible or umami (got 'google')"),
        (dict(PLAUSIBLE, tag="x"), "extra.analytics.tag is not a setting"),
        (dict(PLAUSIBLE, script=""), "extra.analytics.script must be an https:// address"),
        (dict(PLAUSIBLE, script="http://plausible.io/js/script.js"), "extra.analytics.script must be an https:// address"),
        (dict(PLAUSIBLE, script="//plausible.io/js/script.js"), "extra.analytics.script must be an https:// address"),
        (dict(PLAUSIBLE, site_id=""), "extra.analytics.site_id must be the site's data-domain for provider plausible"),
        (dict(UMAMI, site_id='x" onload="alert(1)'), "extra.analytics.site_id must be the site's data-website-id for provider umami"),
        (dict(UMAMI, api="ftp://stats.example.org"), "extra.analytics.api must be an https:// address"),
        (dict(UMAMI, site_id=42), "extra.analytics.site_id must be text"),
    ],
)
def test_a_bad_setting_is_refused_naming_the_field(analytics, message):
    with pytest.raises(AnalyticsSettingError) as error:
        analytics_settings({"analytics": analytics})
    assert message in str(error.value)
    assert str(error.value).startswith("mkdocs.yml: extra.analytics")
