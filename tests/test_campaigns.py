"""Tests for macros/campaigns.py: checking campaign entries and writing their pages."""

import doctest

import pytest
import yaml

import macros.campaigns
from macros.campaigns import Campaign, CampaignError, campaign_markdown, parse_campaign, parse_campaigns
from tests.site_text import ROOT

GOOD = {
    "slug": "spring-webinar",
    "headline": "After the webinar",
    "intro": "Thanks for joining.\n\nBook the follow-up.",
    "utm": {"utm_source": "webinar", "utm_campaign": "spring", "utm_medium": "email"},
}


def test_doctests():
    assert doctest.testmod(macros.campaigns).failed == 0


def test_the_shipped_data_file_is_valid():
    campaigns = parse_campaigns(yaml.safe_load((ROOT / "data" / "campaigns.yml").read_text(encoding="utf-8")))
    assert campaigns and all(isinstance(campaign, Campaign) for campaign in campaigns)


def test_a_good_entry():
    campaign = parse_campaign(GOOD, 1)
    assert campaign.slug == "spring-webinar"
    assert campaign.src_uri_beside("book-a-diagnostic/index.md") == "book-a-diagnostic/spring-webinar.md"
    assert campaign.utm["utm_medium"] == "email"


def test_an_empty_file_means_no_campaigns():
    assert parse_campaigns(None) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "Spring Webinar"}, r"entry 2 \(Spring Webinar\): field 'slug' must be lower-case"),
        ({"slug": None}, r"entry 2: field 'slug'"),
        ({"headline": ""}, r"entry 2 \(spring-webinar\): field 'headline' is missing"),
        ({"headline": "two\nlines"}, r"entry 2 \(spring-webinar\): field 'headline' must be a single line"),
        ({"intro": 3}, r"entry 2 \(spring-webinar\): field 'intro' is missing or empty"),
        ({"intro": "Hi {{ x }}"}, r"entry 2 \(spring-webinar\): field 'intro' may not contain template syntax"),
        ({"utm": "source=x"}, r"entry 2 \(spring-webinar\): field 'utm' must be a mapping"),
        ({"utm": {"utm_source": "x"}}, r"entry 2 \(spring-webinar\): field 'utm.utm_campaign' is required"),
        (
            {"utm": {"utm_source": "x", "utm_campaign": "y", "ref": "z"}},
            r"entry 2 \(spring-webinar\): field 'utm.ref' is not a UTM parameter",
        ),
        (
            {"utm": {"utm_source": "two words", "utm_campaign": "y"}},
            r"entry 2 \(spring-webinar\): field 'utm.utm_source' must be one word",
        ),
        ({"colour": "red"}, r"entry 2 \(spring-webinar\): unknown field 'colour'"),
        ({"card_headline": ""}, r"entry 2 \(spring-webinar\): field 'card_headline' is missing or empty"),
        ({"card_headline": "a\nb"}, r"entry 2 \(spring-webinar\): field 'card_headline' must be a single line"),
        ({"card_image": "/etc/card.png"}, r"entry 2 \(spring-webinar\): field 'card_image' must be a \.png"),
        ({"card_image": "../card.png"}, r"entry 2 \(spring-webinar\): field 'card_image' must be a \.png"),
        ({"card_image": "card.gif"}, r"entry 2 \(spring-webinar\): field 'card_image' must be a \.png"),
    ],
)
def test_a_malformed_entry_is_named_with_its_field(change, message):
    other = {**GOOD, "slug": "first"}
    with pytest.raises(CampaignError, match=r"^data/campaigns\.yml: " + message):
        parse_campaigns([other, {**GOOD, **change}])


def test_a_repeated_slug_is_named():
    with pytest.raises(CampaignError, match=r"entry 2 \(spring-webinar\): field 'slug' repeats entry 1"):
        parse_campaigns([GOOD, GOOD])


def test_not_a_list_or_not_a_mapping():
    with pytest.raises(CampaignError, match="expected a list"):
        parse_campaigns({"slug": "x"})
    with pytest.raises(CampaignError, match="entry 1: expected a mapping"):
        parse_campaigns(["x"])


def test_the_page_markdown_carries_title_utm_defaults_and_the_button():
    text = campaign_markdown(parse_campaign({**GOOD, "headline": 'Say "hi"'}, 1), "book/index.md")
    front, body = text.split("---\n")[1:3]
    meta = yaml.safe_load(front)
    assert meta["title"] == 'Say "hi"'
    assert meta["cta"] is False
    assert meta["utm"] == {"utm_source": "webinar", "utm_medium": "email", "utm_campaign": "spring"}
    assert meta["description"] == "Thanks for joining. Book the follow-up."
    assert body.startswith('\n# Say "hi"\n\nThanks for joining.\n\nBook the follow-up.\n')
    assert "{{ booking_button(utm=page.meta.utm) }}" in body
    # the link to the booking page beside it, in the words of extra.campaign_more_text
    assert body.rstrip().endswith("[{{ campaign_more_text | offer_text }}](index.md)")


def test_a_campaign_may_set_its_link_previews_headline_and_picture():
    campaign = parse_campaign({**GOOD, "card_headline": 'Seen us "live"?', "card_image": "assets/images/spring.png"}, 1)
    assert (campaign.card_headline, campaign.card_image) == ('Seen us "live"?', "assets/images/spring.png")
    front_matter = yaml.safe_load(campaign_markdown(campaign, "book/index.md").split("---\n")[1])
    assert front_matter["social_card"] == {"title": 'Seen us "live"?', "image": "assets/images/spring.png"}


def test_without_them_the_page_has_no_social_card_front_matter():
    front_matter = yaml.safe_load(campaign_markdown(parse_campaign(GOOD, 1), "book/index.md").split("---\n")[1])
    assert "social_card" not in front_matter
