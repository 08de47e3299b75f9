"""Variant builds of the site, shared by the test modules that need them (conftest's ``variant_site``).

Each is a copy of the project (conftest.copy_project) with ``extra.<section>`` settings changed
and, for one, a campaign added to data/campaigns.yml, built with ``mkdocs build --strict`` once
per run. The booking provider and the analytics provider are independent settings (links and
their prefill fields; a script, its forwarder and two policy origins), so one build carries one
of each: five providers in three builds, where each used to have its own.
"""

from __future__ import annotations

from pathlib import Path

#: extra.booking for each scheduling provider (tests/test_booking_providers.py).
BOOKING = {
    "calcom": {"provider": "calcom", "url": "https://cal.com/team/intro"},
    "calendly": {"provider": "calendly", "url": "https://calendly.com/team/intro", "summary_field": "a2"},
    "url": {"provider": "url", "url": "https://book.example/team?lang=en"},
}
#: extra.analytics for each analytics provider (tests/test_analytics_browser.py).
ANALYTICS = {
    "plausible": {"provider": "plausible", "script": "https://plausible.io/js/script.js", "site_id": "example.org"},
    "umami": {"provider": "umami", "script": "https://stats.example.org/script.js",
              "site_id": "94db1cb1-74f4-4a40-ad6c-962362670409"},  # fmt: skip
}
#: A campaign entry added to data/campaigns.yml (tests/test_site_variants.py).
NEW_CAMPAIGN = (
    "- slug: spring-webinar\n  headline: After the spring webinar\n  intro: Thanks for coming.\n"
    "  utm:\n    utm_source: webinar\n    utm_campaign: spring-2026\n"
)
VARIANTS = {
    "calcom-plausible": {"booking": BOOKING["calcom"], "analytics": ANALYTICS["plausible"]},
    "calendly-umami": {"booking": BOOKING["calendly"], "analytics": ANALYTICS["umami"]},
    "url-campaign": {"booking": BOOKING["url"], "campaign": NEW_CAMPAIGN},
}


def variant_of(section: str, provider: str) -> str:
    """The variant whose ``section`` ("booking" or "analytics") is ``provider``."""
    settings = (BOOKING if section == "booking" else ANALYTICS)[provider]
    return next(name for name, variant in VARIANTS.items() if variant.get(section) == settings)


def analytics_of(variant: str) -> dict | None:
    """The analytics settings a variant was built with, if any."""
    return VARIANTS[variant].get("analytics")


def build_variant(folder: Path, name: str) -> str | None:
    """Build variant ``name`` into ``folder``/site (the copy in ``folder``/project); None, or why it failed."""
    from tests.conftest import build_site, copy_project, set_extra

    project = copy_project(folder / "project")
    variant = VARIANTS[name]
    for section in ("booking", "analytics"):
        if section in variant:
            set_extra(project / "mkdocs.yml", section, variant[section])
    if "campaign" in variant:
        campaigns = project / "data" / "campaigns.yml"
        campaigns.write_text(campaigns.read_text(encoding="utf-8") + variant["campaign"], encoding="utf-8")
    result = build_site(project / "mkdocs.yml", folder / "site")
    return None if result.returncode == 0 else f"mkdocs build --strict failed for {name}:\n{result.stdout}\n{result.stderr}"
