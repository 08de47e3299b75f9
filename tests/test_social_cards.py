"""Tests for hooks/social_cards.py: the link-preview cards drawn at build time.

The plain functions (colours and their contrast, fonts, wrapping, the card, the cache, the
page's card text) are tested directly; the built site is checked for the tags: every HTML page
has ``og:image`` and ``twitter:image`` pointing at a 1200 x 630 PNG that the build wrote.
"""

from __future__ import annotations

import doctest
import importlib.util
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load
from PIL import Image

from tests.site_text import ROOT, html_pages, parse

SPEC = importlib.util.spec_from_file_location("social_cards", ROOT / "hooks" / "social_cards.py")
social_cards = importlib.util.module_from_spec(SPEC)
sys.modules["social_cards"] = social_cards  # dataclasses look their module up by name
SPEC.loader.exec_module(social_cards)

CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
COLORS = CONFIG["extra"]["brand"]["colors"]
BUNDLED = social_cards.Fonts(None, None)  # Pillow's own face: the same on every machine
TEXT = social_cards.CardText(
    title="How to scale a pilot into a governed production system with measured impact, step by step",
    description="A description long enough to need more than one line on the card, and then some more words to wrap.",
    brand="Brand",
    tagline="A tagline.",
    host="example.com",
    section="Blog",
)


class Config(dict):
    """Enough of MkDocs' config for the hook: keys read as attributes too."""

    __getattr__ = dict.__getitem__


def config_for(tmp_path: Path, **extra) -> Config:
    (tmp_path / "docs").mkdir(exist_ok=True)
    return Config(
        site_name="Site",
        site_description="What the site is.",
        site_url="https://example.com/sub/",
        config_file_path=str(tmp_path / "mkdocs.yml"),
        docs_dir=str(tmp_path / "docs"),
        site_dir=str(tmp_path / "site"),
        extra={"brand": {"name": "Brand", "tagline": "A tagline.", "colors": COLORS}, "social_cards": extra},
    )


def test_doctests():
    assert doctest.testmod(social_cards).failed == 0


# --- Colours ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "colors",
    [
        COLORS,
        {"primary": "#f4d03f", "accent": "#1f4e79", "ink": "#202020"},  # a light primary
        {"primary": "#777777", "accent": "#777777", "ink": "#eeeeee"},  # a mid grey, a light ink
        {"primary": "#000", "accent": "#fff", "ink": "#000"},
    ],
)
def test_every_text_colour_reads_on_its_background(colors):
    palette = social_cards.card_palette(colors)
    assert palette.background == social_cards.rgb(colors["primary"])
    assert social_cards.contrast(palette.title, palette.background) >= 4.5
    assert social_cards.contrast(palette.body, palette.background) >= 4.5
    assert social_cards.contrast(palette.band_title, palette.band) >= 4.5
    assert social_cards.contrast(palette.band_body, palette.band) >= 4.5


def test_the_shipped_brand_gets_white_text_on_its_primary_colour():
    palette = social_cards.card_palette(COLORS)
    assert palette.title == (255, 255, 255)
    assert palette.band == social_cards.rgb(COLORS["ink"])
    assert palette.accent == social_cards.rgb(COLORS["accent"])


# --- Fonts and text -----------------------------------------------------------------------------


def test_a_configured_font_that_does_not_exist_stops_the_build(tmp_path):
    with pytest.raises(PluginError, match="font file"):
        social_cards.find_fonts({"font": str(tmp_path / "missing.ttf")})


def test_a_configured_font_is_used_for_both_weights_unless_a_bold_one_is_named():
    fonts = social_cards.find_fonts({"font": "/f.ttf"}, exists=lambda path: True)
    assert fonts == social_cards.Fonts("/f.ttf", "/f.ttf")


def test_the_fonts_identity_changes_with_the_font(tmp_path):
    (tmp_path / "a.ttf").write_bytes(b"one")
    (tmp_path / "b.ttf").write_bytes(b"two")
    a = social_cards.font_identity(str(tmp_path / "a.ttf"), str(tmp_path / "a.ttf"))
    b = social_cards.font_identity(str(tmp_path / "a.ttf"), str(tmp_path / "b.ttf"))
    assert a != b != BUNDLED.identity


def test_characters_pillows_own_face_lacks_are_replaced_not_drawn_as_boxes():
    font = social_cards.load_font(None, 30)
    assert social_cards.printable("Cost — £40 → gain", font) == "Cost - GBP 40 -> gain"
    assert social_cards.printable("Plain  text\n here", font) == "Plain text here"


@pytest.mark.parametrize("max_lines", [1, 2, 3, 6])
def test_wrapped_lines_fit_the_width_and_the_line_count(max_lines):
    font = social_cards.load_font(None, 40)
    lines = social_cards.wrap(TEXT.title, font.getlength, 500, max_lines)
    assert 1 <= len(lines) <= max_lines
    assert all(font.getlength(line) <= 500 for line in lines)
    words = " ".join(lines).rstrip("…").split()
    assert words == TEXT.title.split()[: len(words)] or lines[-1].endswith("…")


def test_a_word_wider_than_a_line_is_cut():
    assert social_cards.wrap("abcdefghij kl", len, 4, 5) == ["abcd", "efgh", "ij", "kl"]


def test_a_short_title_is_set_large_and_a_long_one_smaller():
    short_size, short_lines = social_cards.fit_title("Short title", None, 1024)
    long_size, long_lines = social_cards.fit_title(TEXT.title * 2, None, 1024)
    assert short_size > long_size and short_lines == ["Short title"]
    assert len(long_lines) == 3 and long_lines[-1].endswith("…")


# --- The card and its cache ---------------------------------------------------------------------


def test_the_card_is_1200_by_630_on_the_primary_colour_with_text_on_it():
    image = social_cards.draw_card(TEXT, COLORS, BUNDLED)
    assert image.size == (1200, 630) and image.mode == "RGB"
    primary = social_cards.rgb(COLORS["primary"])
    assert image.getpixel((10, 10)) == primary
    assert image.getpixel((10, 620)) == social_cards.rgb(COLORS["ink"])  # the footer band
    title_area = image.crop((88, 140, 1112, 300))
    assert (255, 255, 255) in {colour for _, colour in title_area.getcolors(1_000_000)}


def test_the_card_draws_with_a_system_font_too():
    fonts = social_cards.find_fonts({})
    assert social_cards.draw_card(TEXT, COLORS, fonts).size == (1200, 630)


def test_the_key_covers_the_text_the_colours_the_fonts_and_the_renderer(monkeypatch):
    key = social_cards.card_key(TEXT, COLORS, BUNDLED)
    assert social_cards.card_key(TEXT, COLORS, BUNDLED) == key
    other_text = social_cards.CardText(**{**TEXT.__dict__, "description": "Another."})
    assert social_cards.card_key(other_text, COLORS, BUNDLED) != key
    assert social_cards.card_key(TEXT, {**COLORS, "primary": "#000000"}, BUNDLED) != key
    assert social_cards.card_key(TEXT, COLORS, social_cards.Fonts(__file__, __file__)) != key
    monkeypatch.setattr(social_cards, "RENDERER_VERSION", social_cards.RENDERER_VERSION + 1)
    assert social_cards.card_key(TEXT, COLORS, BUNDLED) != key


def test_a_cached_card_is_not_drawn_again(tmp_path):
    drawn = []

    def draw():
        drawn.append(1)
        return Image.new("RGB", (1200, 630))

    first, was_drawn = social_cards.cached_card("k" * 64, tmp_path, draw)
    second, drawn_again = social_cards.cached_card("k" * 64, tmp_path, draw)
    assert (first, was_drawn, drawn_again, len(drawn)) == (second, True, False, 1)
    assert [path.name for path in tmp_path.iterdir()] == ["k" * 64 + ".png"]  # no temporary file left


def test_a_picture_is_cropped_to_the_cards_size(tmp_path):
    Image.new("RGB", (400, 400), (10, 20, 30)).save(tmp_path / "square.jpg")
    picture = social_cards.fit_picture(tmp_path / "square.jpg")
    assert picture.size == (1200, 630) and picture.getpixel((600, 315)) == pytest.approx((10, 20, 30), abs=2)


# --- Pages --------------------------------------------------------------------------------------


def test_the_card_text_of_a_page(tmp_path):
    config = config_for(tmp_path)
    text = social_cards.page_card_text({"description": "About it."}, "Its title", False, config, "Blog")
    assert (text.title, text.description, text.brand, text.host, text.section) == (
        "Its title", "About it.", "Brand", "example.com", "Blog"
    )
    assert social_cards.page_card_text({}, "Home", True, config).title == "Site"
    assert social_cards.page_card_text({}, "Home", True, config).description == "What the site is."
    assert social_cards.page_card_text({"title": "Meta"}, "H1", False, config).title == "Meta"
    own = {"title": "Meta", "social_card": {"title": "The card's own"}}
    assert social_cards.page_card_text(own, "H1", False, config).title == "The card's own"
    with pytest.raises(PluginError, match="social_card"):
        social_cards.page_card_text({"social_card": "x"}, "H1", False, config)


def test_a_rebuild_copies_the_cards_from_the_cache(tmp_path):
    config = config_for(tmp_path)
    text = social_cards.site_card_text(config, title="A page")
    first = social_cards.Cards(config)
    tags = first.card(text, "assets/images/social/page.png")
    second = social_cards.Cards(config)
    assert second.card(text, "assets/images/social/page.png") == tags
    assert (first.drawn, first.reused, second.drawn, second.reused) == (1, 0, 0, 1)
    assert tags["url"] == "https://example.com/sub/assets/images/social/page.png"
    assert tags["alt"] == "A page — Brand" and (tags["width"], tags["height"]) == (1200, 630)
    with Image.open(tmp_path / "site" / "assets/images/social/page.png") as image:
        assert image.size == (1200, 630) and image.format == "PNG"
    assert len(list((tmp_path / ".cache" / "social-cards").glob("*.png"))) == 1


def test_a_pages_own_picture_becomes_its_card(tmp_path):
    config = config_for(tmp_path, cache_dir="cards")
    Image.new("RGB", (1600, 900), (200, 0, 0)).save(tmp_path / "docs" / "own.png")
    cards = social_cards.Cards(config)
    cards.card(social_cards.site_card_text(config), "assets/images/social/own.png", picture="own.png")
    with Image.open(tmp_path / "site" / "assets/images/social/own.png") as image:
        assert image.size == (1200, 630) and image.getpixel((600, 315)) == (200, 0, 0)
    assert list((tmp_path / "cards").glob("*.png"))
    with pytest.raises(PluginError, match="not a file under docs/"):
        cards.card(social_cards.site_card_text(config), "x.png", picture="missing.png")


# --- The built site -----------------------------------------------------------------------------


def test_every_page_has_a_large_image_card_pointing_at_a_1200_by_630_png(built_site):
    site_url = CONFIG["site_url"]
    problems = []
    pages = html_pages(built_site)
    assert len(pages) > 10
    for path in pages:
        soup = parse(path)
        meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in soup.select("head meta")}
        og_image, twitter_image = meta.get("og:image"), meta.get("twitter:image")
        where = path.relative_to(built_site).as_posix()
        if not og_image or og_image != twitter_image or not og_image.startswith(site_url):
            problems.append(f"{where}: og:image {og_image!r}, twitter:image {twitter_image!r}")
            continue
        if (meta.get("twitter:card"), meta.get("og:image:width"), meta.get("og:image:height")) != (
            "summary_large_image", "1200", "630"
        ) or not meta.get("og:image:alt"):
            problems.append(f"{where}: card tags {meta}")
        image_file = built_site / urlsplit(og_image).path.removeprefix(urlsplit(site_url).path)
        if not image_file.is_file():
            problems.append(f"{where}: {og_image} is not in the built site")
            continue
        with Image.open(image_file) as image:
            if (image.format, image.size) != ("PNG", (1200, 630)):
                problems.append(f"{where}: {image_file.name} is {image.format} {image.size}")
    assert not problems, "\n".join(problems)


def test_a_campaign_card_carries_its_own_headline(built_site):
    campaigns = yaml_load((ROOT / "data" / "campaigns.yml").read_text(encoding="utf-8"))
    booking_dir = CONFIG["extra"]["booking_page"].rsplit("/", 1)[0]
    for campaign in campaigns:
        soup = parse(built_site / booking_dir / campaign["slug"] / "index.html")
        alt = soup.select_one("meta[property='og:image:alt']")["content"]
        assert alt.startswith(campaign.get("card_headline") or campaign["headline"])
