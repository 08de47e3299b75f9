"""Campaign landing pages: the entries of data/campaigns.yml, checked, and their Markdown.

hooks/campaign_pages.py turns each entry into a generated page <slug>/ beside the booking
page (``extra.booking_page`` in mkdocs.yml). The checks live here, as plain functions, so a malformed entry
is reported with its position, its slug and the field at fault before anything is built.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from macros.booking import UTM_KEYS

SOURCE = "data/campaigns.yml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("slug", "headline", "intro", "utm", "card_headline", "card_image")
REQUIRED_UTM = ("utm_source", "utm_campaign")
#: The pictures a campaign's link preview may use (hooks/social_cards.py crops it to 1200 x 630).
CARD_IMAGE = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[\w./-]+\.(?:png|jpe?g|webp)$", re.IGNORECASE)


class CampaignError(ValueError):
    """A malformed campaign entry; the message names the entry and the field."""


@dataclass(frozen=True)
class Campaign:
    slug: str
    headline: str
    intro: str
    utm: dict
    card_headline: str = ""  # the link preview's headline, when not the page's headline
    card_image: str = ""  # a picture under docs/ for the link preview, instead of a drawn card

    def src_uri_beside(self, booking_page: str) -> str:
        """The generated page's path inside docs/: in the folder of ``booking_page`` (a path
        inside docs/, ``extra.booking_page``).

        >>> Campaign("spring", "H", "I", {}).src_uri_beside("book/index.md")
        'book/spring.md'
        """
        return posixpath.join(posixpath.dirname(booking_page), f"{self.slug}.md")


def _text(entry: dict, field: str, where: str, *, one_line: bool) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CampaignError(f"{where}: field {field!r} is missing or empty (expected text)")
    if one_line and "\n" in value.strip():
        raise CampaignError(f"{where}: field {field!r} must be a single line")
    if "{{" in value or "{%" in value:
        raise CampaignError(f"{where}: field {field!r} may not contain template syntax ({{{{ or {{%)")
    return value.strip()


def parse_campaign(entry: object, number: int) -> Campaign:
    """One entry of the data file (``number`` counts from 1), checked."""
    if not isinstance(entry, dict):
        raise CampaignError(f"{SOURCE}: entry {number}: expected a mapping with {', '.join(FIELDS)}")
    slug = entry.get("slug")
    where = f"{SOURCE}: entry {number} ({slug})" if isinstance(slug, str) and slug else f"{SOURCE}: entry {number}"
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise CampaignError(f"{where}: unknown field {unknown[0]!r}; allowed: {', '.join(FIELDS)}")
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise CampaignError(f"{where}: field 'slug' must be lower-case words joined by hyphens, like 'spring-webinar'")
    headline = _text(entry, "headline", where, one_line=True)
    intro = _text(entry, "intro", where, one_line=False)
    utm = entry.get("utm")
    if not isinstance(utm, dict):
        raise CampaignError(f"{where}: field 'utm' must be a mapping of UTM parameters")
    for key, value in utm.items():
        if key not in UTM_KEYS:
            raise CampaignError(f"{where}: field 'utm.{key}' is not a UTM parameter; allowed: {', '.join(UTM_KEYS)}")
        if not isinstance(value, str) or not value.strip() or value != value.strip() or " " in value:
            raise CampaignError(f"{where}: field 'utm.{key}' must be one word of text (no spaces)")
    for key in REQUIRED_UTM:
        if key not in utm:
            raise CampaignError(f"{where}: field 'utm.{key}' is required")
    card_headline = _text(entry, "card_headline", where, one_line=True) if "card_headline" in entry else ""
    card_image = entry.get("card_image", "")
    if "card_image" in entry and not (isinstance(card_image, str) and CARD_IMAGE.match(card_image)):
        raise CampaignError(
            f"{where}: field 'card_image' must be a .png, .jpg or .webp file inside docs/, like 'assets/images/spring.png'"
        )
    return Campaign(slug=slug, headline=headline, intro=intro, utm=dict(utm), card_headline=card_headline, card_image=card_image)


def parse_campaigns(entries: object) -> list[Campaign]:
    """All entries of the data file, checked; an empty file means no campaign pages.

    >>> [c.slug for c in parse_campaigns([{"slug": "a", "headline": "H", "intro": "I",
    ...                                     "utm": {"utm_source": "s", "utm_campaign": "c"}}])]
    ['a']
    >>> try:
    ...     parse_campaigns([{"slug": "a", "headline": "H", "utm": {}}])
    ... except CampaignError as error:
    ...     print(error)
    data/campaigns.yml: entry 1 (a): field 'intro' is missing or empty (expected text)
    """
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise CampaignError(f"{SOURCE}: expected a list of campaigns (entries starting with '- slug:')")
    campaigns = [parse_campaign(entry, number) for number, entry in enumerate(entries, start=1)]
    seen: dict[str, int] = {}
    for number, campaign in enumerate(campaigns, start=1):
        if campaign.slug in seen:
            raise CampaignError(
                f"{SOURCE}: entry {number} ({campaign.slug}): field 'slug' repeats entry {seen[campaign.slug]}"
            )
        seen[campaign.slug] = number
    return campaigns


def campaign_markdown(campaign: Campaign, booking_page: str) -> str:
    """The generated page: front matter (title, description, UTM defaults, no footer CTA),
    the headline, the intro, the booking button carrying the UTM defaults, and a link to the
    booking page (``booking_page``, beside it) whose words are ``extra.campaign_more_text``.
    A ``card_headline`` or ``card_image`` becomes the page's ``social_card`` (its link preview)."""
    description = " ".join(campaign.intro.split())
    utm = "\n".join(f"  {key}: {campaign.utm[key]}" for key in UTM_KEYS if key in campaign.utm)
    card = "".join(
        f"  {key}: {_yaml_string(value)}\n"
        for key, value in (("title", campaign.card_headline), ("image", campaign.card_image))
        if value
    )
    return (
        "---\n"
        f"title: {_yaml_string(campaign.headline)}\n"
        f"description: {_yaml_string(description)}\n"
        "cta: false\n"
        "search:\n  exclude: true\n"
        f"utm:\n{utm}\n"
        + (f"social_card:\n{card}" if card else "")
        + "---\n\n"
        f"# {campaign.headline}\n\n"
        f"{campaign.intro}\n\n"
        '<p class="booking-actions">{{ booking_button(utm=page.meta.utm) }}</p>\n\n'
        f"[{{{{ campaign_more_text | offer_text }}}}]({posixpath.basename(booking_page)})\n"
    )


def _yaml_string(text: str) -> str:
    """A one-line YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
