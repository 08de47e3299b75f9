"""Opt-in analytics: ``extra.analytics`` in mkdocs.yml, checked, and what the build adds for it.

Off by default (``provider: none``): no script, no request, the Content Security Policy as strict
as ever. With ``provider: plausible`` or ``umami`` the build adds to every page

* the provider's script, an external file (``script``, its cloud or self-hosted URL) with the
  attributes it reads: Plausible ``data-domain`` (the site as registered there) and, when ``api``
  is set, ``data-api`` (the event endpoint); Umami ``data-website-id`` and, when ``api`` is set,
  ``data-host-url`` (the server it sends to). Both send to the script's own origin otherwise;
* docs/assets/javascripts/analytics.js, which forwards the site's ``site:analytics`` DOM events
  (cta-events.js: call-to-action clicks, calculator completions with the booking summary) as
  the provider's custom events: Plausible ``window.plausible(name, {props})``, Umami
  ``window.umami.track(name, data)``;

and hooks/static_headers.py adds exactly the script's origin to ``script-src`` and
``connect-src`` (and the ``api`` origin, when it differs, to ``connect-src``): :func:`csp_origins`.
Sources: plausible.io/docs (the script's ``data-domain`` and ``data-api``, custom events with
``props``), umami.is/docs/tracker-configuration (``data-website-id``, ``data-host-url``) and
umami.is/docs/tracker-functions (``umami.track(event_name, data)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

OFF = ("", "none")
#: The script attribute of each provider's site id, and of its ``api`` endpoint.
ATTRIBUTES = {
    "plausible": ("data-domain", "data-api"),
    "umami": ("data-website-id", "data-host-url"),
}
SETTINGS = ("provider", "script", "site_id", "api")
SITE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,_-]*")


class AnalyticsSettingError(ValueError):
    """A setting of ``extra.analytics`` that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Analytics:
    """``extra.analytics``, checked, when a provider is on."""

    provider: str
    script: str
    site_id: str
    api: str = ""


def _https(value: str, field: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise AnalyticsSettingError(f"mkdocs.yml: extra.analytics.{field} must be an https:// address (got {value!r})")
    return value


def analytics_settings(extra: dict) -> Analytics | None:
    """``extra.analytics`` of mkdocs.yml, checked; None when off (missing, or provider ``none``).

    >>> analytics_settings({"analytics": {"provider": "none"}}) is None
    True
    >>> analytics_settings({"analytics": {"provider": "umami", "script": "https://stats.example/script.js",
    ...                                   "site_id": "94db1cb1-74f4-4a40-ad6c-962362670409"}})
    Analytics(provider='umami', script='https://stats.example/script.js', site_id='94db1cb1-74f4-4a40-ad6c-962362670409', api='')
    >>> try:
    ...     analytics_settings({"analytics": {"provider": "plausible", "script": "https://plausible.io/js/script.js"}})
    ... except AnalyticsSettingError as error:
    ...     print(error)
    mkdocs.yml: extra.analytics.site_id must be the site's data-domain for provider plausible (got '')
    """
    settings = extra.get("analytics")
    if settings is None:
        return None
    if not isinstance(settings, dict):
        raise AnalyticsSettingError("mkdocs.yml: extra.analytics must be a mapping with at least 'provider'")
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        raise AnalyticsSettingError(f"mkdocs.yml: extra.analytics.{unknown[0]} is not a setting; the settings are {', '.join(SETTINGS)}")
    text = {}
    for key in SETTINGS:
        value = settings.get(key)
        if value is not None and not isinstance(value, str):
            raise AnalyticsSettingError(f"mkdocs.yml: extra.analytics.{key} must be text (got {value!r})")
        text[key] = (value or "").strip()
    provider = text["provider"]
    if provider in OFF:
        return None
    if provider not in ATTRIBUTES:
        raise AnalyticsSettingError(
            f"mkdocs.yml: extra.analytics.provider must be none, {' or '.join(ATTRIBUTES)} (got {provider!r})"
        )
    _https(text["script"], "script")
    if not SITE_ID.fullmatch(text["site_id"]):
        raise AnalyticsSettingError(
            f"mkdocs.yml: extra.analytics.site_id must be the site's {ATTRIBUTES[provider][0]} for provider "
            f"{provider} (got {text['site_id']!r})"
        )
    if text["api"]:
        _https(text["api"], "api")
    return Analytics(provider, text["script"], text["site_id"], text["api"])


def origin(url: str) -> str:
    """The origin of an https URL.

    >>> origin("https://Stats.Example:8443/js/script.js")
    'https://stats.example:8443'
    """
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def csp_origins(analytics: Analytics | None) -> tuple[list[str], list[str]]:
    """The origins the policy must add for ``analytics``: (for ``script-src``, for ``connect-src``).

    >>> csp_origins(Analytics("plausible", "https://plausible.io/js/script.js", "example.org"))
    (['https://plausible.io'], ['https://plausible.io'])
    >>> csp_origins(Analytics("umami", "https://cdn.example/u.js", "x", "https://stats.example"))
    (['https://cdn.example'], ['https://cdn.example', 'https://stats.example'])
    >>> csp_origins(None)
    ([], [])
    """
    if analytics is None:
        return [], []
    script = origin(analytics.script)
    connect = [script]
    if analytics.api and origin(analytics.api) != script:
        connect.append(origin(analytics.api))
    return [script], connect


def script_tags(analytics: Analytics | None, forwarder_src: str) -> str:
    """The tags each page's head gets: the provider's script and the forwarding module
    (``forwarder_src``, analytics.js as the page links it); "" when analytics is off.

    >>> print(script_tags(Analytics("plausible", "https://plausible.io/js/script.js", "example.org"), "../a.js"))
    <script defer src="https://plausible.io/js/script.js" data-domain="example.org" data-analytics-provider="plausible"></script>
    <script type="module" src="../a.js"></script>
    >>> script_tags(None, "a.js")
    ''
    """
    if analytics is None:
        return ""
    site_attribute, api_attribute = ATTRIBUTES[analytics.provider]
    api = f' {api_attribute}="{escape(analytics.api)}"' if analytics.api else ""
    return (
        f'<script defer src="{escape(analytics.script)}" {site_attribute}="{escape(analytics.site_id)}"{api} '
        f'data-analytics-provider="{analytics.provider}"></script>\n'
        f'<script type="module" src="{escape(forwarder_src)}"></script>'
    )
