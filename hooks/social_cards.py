"""MkDocs hook: a link-preview card for every page, a 1200 x 630 PNG drawn at build time.

Each page gets ``assets/images/social/<page>.png``, drawn offline with Pillow from the page's
title and description and the brand (``extra.brand``: name, tagline, colours), and the Open
Graph and Twitter tags that point at it (overrides/partials/social-meta.html prints them from
``social_card`` in the page context). A page may set its own card in its front matter::

    social_card:
      title: A shorter headline for the card    # instead of the page title
      image: assets/images/spring.png           # a picture under docs/, used instead of a drawing

Campaign pages get theirs from ``card_headline`` and ``card_image`` in data/campaigns.yml.

Nothing is fetched: the text is set in a font found on the system (DejaVu Sans, Liberation
Sans, Noto Sans, Arial or Helvetica, at their usual places) or, when there is none, in the
font Pillow ships (a Latin-only face: the characters it lacks are replaced by plain ones).
``extra.social_cards.font`` and ``font_bold`` may name font files instead.

Drawing a card takes a few tenths of a second, so cards are cached: the file name in the cache
folder (``extra.social_cards.cache_dir``, ``.cache/social-cards`` by default, git-ignored) is a
hash of everything the picture depends on (the text, the colours, the fonts' bytes and
:data:`RENDERER_VERSION`), so a rebuild copies unchanged cards and redraws only changed ones.
Bump :data:`RENDERER_VERSION` when the drawing changes.

The logic is in plain functions (tests/test_social_cards.py); the ``on_*`` handlers at the end
only wire them to MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from PIL import Image, ImageDraw, ImageFont, ImageOps

log = logging.getLogger("mkdocs.hooks.social_cards")

#: Bump when the drawing changes, so every cached card is redrawn.
RENDERER_VERSION = 1
WIDTH, HEIGHT = 1200, 630
OUTPUT_DIR = "assets/images/social"
DEFAULT_CACHE_DIR = ".cache/social-cards"
#: The card of pages rendered without a page (404.html): the site's own.
SITE_CARD = "site"

#: System fonts tried in order: (regular, bold). The first pair found is used.
SYSTEM_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("/Library/Fonts/Arial.ttf", "/Library/Fonts/Arial Bold.ttf"),
    ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
    ("C:/Windows/Fonts/arial.ttf", "C:/Windows/Fonts/arialbd.ttf"),
)
#: Plain stand-ins for characters a font lacks (Pillow's own face has no dashes or arrows).
PLAIN_CHARACTERS = {"—": " - ", "–": "-", "→": "->", "←": "<-", "×": "x", "£": "GBP ", "€": "EUR ", "\u00a0": " "}

WHITE = (255, 255, 255)


# --- Colours -------------------------------------------------------------------------------------


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` or ``#rgb`` as an (r, g, b) tuple.

    >>> rgb("#0f5c63"), rgb("#fff")
    ((15, 92, 99), (255, 255, 255))
    """
    value = hex_colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def mix(colour: tuple, other: tuple, share: float) -> tuple[int, int, int]:
    """``share`` of ``other`` mixed into ``colour`` (0: colour, 1: other).

    >>> mix((0, 0, 0), (255, 255, 255), 0.5)
    (128, 128, 128)
    """
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other))


def luminance(colour: tuple) -> float:
    """The WCAG relative luminance of an (r, g, b) colour, 0 (black) to 1 (white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple, b: tuple) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21.

    >>> round(contrast((255, 255, 255), (0, 0, 0)), 1)
    21.0
    """
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(background: tuple, text: tuple, towards: tuple, minimum: float = 4.5) -> tuple[int, int, int]:
    """``text``, moved towards ``towards`` in small steps until it reaches ``minimum`` contrast
    on ``background`` (or is ``towards`` itself)."""
    for step in range(11):
        candidate = mix(text, towards, step / 10)
        if contrast(candidate, background) >= minimum:
            return candidate
    return tuple(towards)


@dataclass(frozen=True)
class Palette:
    background: tuple  # the card: the brand's primary colour
    title: tuple  # the headline: white, or the ink colour on a light primary
    body: tuple  # the description: the title colour softened, still 4.5:1 on the background
    accent: tuple  # the rule above the brand name, the last step of the motif
    band: tuple  # the footer band: the ink colour
    band_title: tuple  # the brand's name on the band
    band_body: tuple  # the tagline and the address on the band
    motif: tuple  # the steps drawn on the band


def card_palette(colors: dict[str, str]) -> Palette:
    """The card's colours from ``extra.brand.colors``: every text colour reaches 4.5:1 on the
    colour behind it, whatever the brand's hues.

    >>> p = card_palette({"primary": "#0f5c63", "accent": "#c25a12", "ink": "#1d2b36"})
    >>> p.background, p.title
    ((15, 92, 99), (255, 255, 255))
    >>> contrast(p.body, p.background) >= 4.5 and contrast(p.band_body, p.band) >= 4.5
    True
    """
    primary, accent, ink = rgb(colors["primary"]), rgb(colors["accent"]), rgb(colors["ink"])
    black = (0, 0, 0)
    # White on the primary colour; on a light one the ink colour, or black (one of white and
    # black always reaches 4.5:1).
    if contrast(WHITE, primary) >= 4.5:
        title, away = WHITE, WHITE
    elif contrast(ink, primary) >= 4.5:
        title, away = ink, black
    else:
        title = away = WHITE if contrast(WHITE, primary) >= contrast(black, primary) else black
    title = readable(primary, title, away, 7.0)
    body = readable(primary, mix(title, primary, 0.18), away)
    band = ink if contrast(WHITE, ink) >= contrast(black, ink) else mix(ink, black, 0.6)
    band_title = readable(band, WHITE, WHITE, 7.0)
    band_body = readable(band, mix(WHITE, band, 0.25), WHITE)
    return Palette(
        background=primary,
        title=title,
        body=body,
        accent=accent,
        band=band,
        band_title=band_title,
        band_body=band_body,
        motif=mix(band, primary, 0.85),
    )


# --- Fonts and text ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fonts:
    regular: str | None  # a font file, or None for Pillow's own face
    bold: str | None

    @property
    def identity(self) -> str:
        """What the fonts contribute to a card's cache key: their bytes' digest, or Pillow's
        version for its own face."""
        return font_identity(self.regular, self.bold)


@lru_cache(maxsize=8)
def font_identity(regular: str | None, bold: str | None) -> str:
    digest = hashlib.sha256()
    for path in (regular, bold):
        digest.update(Path(path).read_bytes() if path else f"pillow-{Image.__version__}".encode())
    return digest.hexdigest()


def find_fonts(configured: dict | None = None, candidates=SYSTEM_FONTS, exists=os.path.isfile) -> Fonts:
    """The fonts to draw with: ``extra.social_cards.font``/``font_bold`` when set, else the
    first pair of ``candidates`` present on this machine, else Pillow's own face (None).

    >>> find_fonts({}, candidates=(("/a.ttf", "/b.ttf"),), exists=lambda path: False)
    Fonts(regular=None, bold=None)
    >>> find_fonts({}, candidates=(("/a.ttf", "/b.ttf"),), exists=lambda path: True)
    Fonts(regular='/a.ttf', bold='/b.ttf')
    """
    configured = configured or {}
    if configured.get("font"):
        regular = str(configured["font"])
        bold = str(configured.get("font_bold") or regular)
        for path in (regular, bold):
            if not exists(path):
                raise PluginError(f"mkdocs.yml: extra.social_cards: font file {path!r} does not exist")
        return Fonts(regular, bold)
    for regular, bold in candidates:
        if exists(regular) and exists(bold):
            return Fonts(regular, bold)
    return Fonts(None, None)


@lru_cache(maxsize=64)
def load_font(path: str | None, size: int) -> ImageFont.FreeTypeFont:
    """A font at ``size`` pixels: the file at ``path``, or Pillow's own face for None."""
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


@lru_cache(maxsize=4096)
def _has_glyph(font: ImageFont.FreeTypeFont, character: str) -> bool:
    missing = font.getmask("\uffff")
    mask = font.getmask(character)
    return mask.size != missing.size or bytes(mask) != bytes(missing)


def printable(text: str, font: ImageFont.FreeTypeFont) -> str:
    """``text`` with the characters ``font`` cannot draw replaced (:data:`PLAIN_CHARACTERS`) or
    left out, and its white space collapsed."""
    out = []
    for character in " ".join(text.split()):
        if character == " " or _has_glyph(font, character):
            out.append(character)
        else:
            out.append(PLAIN_CHARACTERS.get(character, ""))
    return " ".join("".join(out).split())


def wrap(text: str, width_of, max_width: float, max_lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``max_lines`` lines no wider than ``max_width``
    (``width_of(line)`` measures one); a text too long ends its last line with an ellipsis, and
    a word wider than a line is cut.

    >>> wrap("one two three four", len, 9, 3)
    ['one two', 'three', 'four']
    >>> wrap("one two three four", len, 9, 2)
    ['one two', 'three…']
    """
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        if width_of(line) > max_width:  # a word wider than a line: cut it
            cut = len(line)
            while cut > 1 and width_of(line[:cut]) > max_width:
                cut -= 1
            words.insert(0, line[cut:])
            line = line[:cut]
        while words and width_of(f"{line} {words[0]}") <= max_width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words and lines:
        last = lines[-1]
        while last and width_of(last.rstrip(" ,;:.-") + "…") > max_width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last.rstrip(" ,;:.-") + "…"
    return lines


#: Title sizes, largest first, and the most lines each may take.
TITLE_SIZES = ((80, 2), (68, 3), (60, 3), (54, 3), (48, 3))


def fit_title(text: str, font_path: str | None, max_width: float, sizes=TITLE_SIZES):
    """The largest of ``sizes`` (``(pixels, most lines)``) at which the title fits without an
    ellipsis (else the smallest, cut): ``(size, lines)``."""
    for size, max_lines in sizes:
        font = load_font(font_path, size)
        lines = wrap(printable(text, font), font.getlength, max_width, max_lines)
        if not lines or not lines[-1].endswith("…") or (size, max_lines) == sizes[-1]:
            return size, lines
    raise AssertionError("unreachable")


# --- The card ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardText:
    title: str
    description: str
    brand: str  # extra.brand.name
    tagline: str  # extra.brand.tagline
    host: str  # the site's address without its scheme, e.g. example.com
    section: str = ""  # the page's top-level section, over the title (else the brand's name)


MARGIN = 88
BAND_TOP = 516


def draw_card(text: CardText, colors: dict[str, str], fonts: Fonts) -> Image.Image:
    """The card: the brand's name over an accent rule, the title (wrapped, up to three lines),
    the description (as many lines as fit), and a footer band with the brand's name, its
    tagline, the site's address and a six-step motif in the brand's colours."""
    palette = card_palette(colors)
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    draw = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    # Pillow's own face has one weight: a thin stroke stands in for bold.
    embolden = 0 if fonts.bold else 1

    # The eyebrow: an accent rule and the page's section (or the brand's name).
    eyebrow = load_font(fonts.bold, 24)
    draw.rectangle((MARGIN, 66, MARGIN + 56, 72), fill=palette.accent)
    draw.text(
        (MARGIN, 88), printable((text.section or text.brand).upper(), eyebrow), font=eyebrow, fill=palette.body,
        stroke_width=embolden, stroke_fill=palette.body,
    )

    # The title and the description, as a block centred in the room between eyebrow and band.
    size, lines = fit_title(text.title, fonts.bold, text_width)
    title_font = load_font(fonts.bold, size)
    line_height = round(size * 1.16)
    body_font = load_font(fonts.regular, 28)
    body_height, gap, top, bottom = 40, 24, 140, BAND_TOP - 32
    room = max(0, (bottom - top - len(lines) * line_height - gap) // body_height)
    body = wrap(printable(text.description, body_font), body_font.getlength, text_width, min(room, 3)) if text.description else []
    block = len(lines) * line_height + (gap + len(body) * body_height if body else 0)
    y = top + max(0, (bottom - top - block) // 2)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=palette.title, stroke_width=embolden, stroke_fill=palette.title)
        y += line_height
    y += gap
    for line in body:
        draw.text((MARGIN, y), line, font=body_font, fill=palette.body)
        y += body_height

    # The band: brand, tagline, address; the six steps at the right.
    draw.rectangle((0, BAND_TOP, WIDTH, HEIGHT), fill=palette.band)
    draw.rectangle((0, BAND_TOP, WIDTH, BAND_TOP + 5), fill=palette.accent)
    name_font = load_font(fonts.bold, 30)
    small_font = load_font(fonts.regular, 22)
    draw.text(
        (MARGIN, BAND_TOP + 24), printable(text.brand, name_font), font=name_font, fill=palette.band_title,
        stroke_width=embolden, stroke_fill=palette.band_title,
    )
    motif_left = WIDTH - MARGIN - 6 * 22
    tagline_width = motif_left - MARGIN - 40
    tagline = wrap(printable(text.tagline, small_font), small_font.getlength, tagline_width, 1)
    if tagline and comparable(text.tagline) != comparable(text.title):  # not twice on one card
        draw.text((MARGIN, BAND_TOP + 66), tagline[0], font=small_font, fill=palette.band_body)
    if text.host:
        host = printable(text.host, small_font)
        draw.text((motif_left - 40 - small_font.getlength(host), BAND_TOP + 32), host, font=small_font, fill=palette.band_body)
    for step in range(6):
        left = motif_left + step * 22
        top = HEIGHT - 34 - (step + 1) * 9
        draw.rectangle((left, top, left + 14, HEIGHT - 34), fill=palette.accent if step == 5 else palette.motif)
    return image


def comparable(text: str) -> str:
    """A text without case, punctuation and spacing, to compare two texts by their words.

    >>> comparable("From pilot, to production.") == comparable("from pilot to production")
    True
    """
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def fit_picture(source: Path) -> Image.Image:
    """A picture of any size as a card: scaled to cover 1200 x 630 and cut to it, centred."""
    with Image.open(source) as picture:
        return ImageOps.fit(picture.convert("RGB"), (WIDTH, HEIGHT), method=Image.Resampling.LANCZOS)


def card_key(text: CardText | None, colors: dict[str, str], fonts: Fonts, picture: bytes | None = None) -> str:
    """The cache key of a card: a digest of everything the PNG depends on.

    >>> fonts = Fonts(None, None)
    >>> a = card_key(CardText("T", "D", "B", "t", "h"), {"primary": "#000000"}, fonts)
    >>> a == card_key(CardText("T", "D", "B", "t", "h"), {"primary": "#000000"}, fonts), len(a)
    (True, 64)
    >>> a == card_key(CardText("T2", "D", "B", "t", "h"), {"primary": "#000000"}, fonts)
    False
    """
    digest = hashlib.sha256()
    digest.update(str(RENDERER_VERSION).encode())
    if picture is not None:  # an own picture: only its bytes matter
        digest.update(b"picture\0" + picture)
    else:
        digest.update(json.dumps({"text": asdict(text), "colors": colors, "fonts": fonts.identity}, sort_keys=True).encode())
    return digest.hexdigest()


def cached_card(key: str, cache_dir: Path, draw) -> tuple[Path, bool]:
    """The card ``key`` in ``cache_dir``, drawn by ``draw()`` (a PIL image) only when it is not
    there yet: ``(path, drawn)``. The file appears whole or not at all."""
    path = cache_dir / f"{key}.png"
    if path.is_file():
        return path, False
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    draw().save(partial, format="PNG", optimize=True)
    os.replace(partial, path)
    return path, True


# --- Pages ---------------------------------------------------------------------------------------


def image_path(page_url: str) -> str:
    """Where a page's card goes in the built site, from the page's URL.

    >>> image_path(""), image_path("blog/my-post/"), image_path("faq.html")
    ('assets/images/social/index.png', 'assets/images/social/blog/my-post.png', 'assets/images/social/faq.png')
    """
    stem = page_url.strip("/")
    stem = stem[: -len(".html")] if stem.endswith(".html") else stem
    return f"{OUTPUT_DIR}/{stem or 'index'}.png"


def page_card_text(meta: dict, page_title: str | None, is_homepage: bool, config: dict, section: str = "") -> CardText:
    """The text of a page's card, as its Open Graph tags state it: front matter ``social_card:
    title``, else ``title``, else the page's title (the site's name on the home page); the
    description from front matter, else ``site_description``."""
    own = meta.get("social_card") or {}
    if not isinstance(own, dict):
        raise PluginError(f"front matter 'social_card' must be a mapping with 'title' and/or 'image' (got {own!r})")
    title = own.get("title") or meta.get("title") or (page_title if page_title and not is_homepage else None)
    return site_card_text(config, title=title, description=meta.get("description"), section=section)


def top_section(page) -> str:
    """The title of the page's top-level section in the navigation ("" for a top-level page or
    one outside the navigation)."""
    node, top = page, None
    while getattr(node, "parent", None) is not None:
        node = top = node.parent
    return (top.title or "") if top is not None else ""


def site_card_text(config: dict, title: str | None = None, description: str | None = None, section: str = "") -> CardText:
    """A card's text with the site's defaults: ``site_name`` and ``site_description``."""
    brand = (config.get("extra") or {}).get("brand") or {}
    return CardText(
        title=" ".join(str(title or config["site_name"]).split()),
        description=" ".join(str(description or config.get("site_description") or "").split()),
        brand=str(brand.get("name") or config["site_name"]),
        tagline=" ".join(str(brand.get("tagline") or "").split()),
        host=urlsplit(config.get("site_url") or "").netloc,
        section=" ".join(str(section or "").split()),
    )


def card_alt(text: CardText) -> str:
    """The image's alternative text: what the card says.

    >>> card_alt(CardText("Title", "D", "Brand", "T", "h"))
    'Title — Brand'
    """
    return f"{text.title} — {text.brand}" if text.title != text.brand else text.brand


def absolute_url(site_url: str, path: str) -> str:
    """``path`` (inside the site) as an absolute URL under ``site_url``.

    >>> absolute_url("https://example.com/sub/", "assets/images/social/index.png")
    'https://example.com/sub/assets/images/social/index.png'
    """
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)


class Cards:
    """The cards of one build: draws (or reuses) a card and copies it into the site."""

    def __init__(self, config) -> None:
        settings = config.extra.get("social_cards") or {}
        if not config.site_url:
            raise PluginError("mkdocs.yml: site_url is required for the link-preview cards' absolute URLs")
        self.config = config
        self.colors = dict((config.extra.get("brand") or {}).get("colors") or {})
        self.fonts = find_fonts(settings)
        root = Path(config.config_file_path).parent
        self.cache_dir = root / str(settings.get("cache_dir") or DEFAULT_CACHE_DIR)
        self.docs_dir = Path(config.docs_dir)
        self.site_dir = Path(config.site_dir)
        self.drawn = self.reused = 0

    def card(self, text: CardText, target: str, picture: str | None = None) -> dict:
        """Put the card at ``target`` in the site; return what the meta tags need."""
        if picture:
            source = self.docs_dir / picture
            if not source.is_file():
                raise PluginError(f"link-preview image {picture!r} is not a file under docs/")
            data = source.read_bytes()
            key = card_key(None, self.colors, self.fonts, picture=data)
            path, drawn = cached_card(key, self.cache_dir, lambda: fit_picture(source))
        else:
            key = card_key(text, self.colors, self.fonts)
            path, drawn = cached_card(key, self.cache_dir, lambda: draw_card(text, self.colors, self.fonts))
        self.drawn += drawn
        self.reused += not drawn
        destination = self.site_dir / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        return {
            "url": absolute_url(self.config.site_url, target),
            "width": WIDTH,
            "height": HEIGHT,
            "alt": card_alt(text),
            "type": "image/png",
        }


# --- MkDocs ------------------------------------------------------------------------------------

_cards: Cards | None = None


def on_env(env, config, files):
    """Start the build's cards with the site's own (for pages rendered without a page)."""
    global _cards
    _cards = Cards(config)
    env.globals["social_card"] = _cards.card(site_card_text(config), image_path(SITE_CARD))
    return env


def on_page_context(context, page, config, nav):
    own = page.meta.get("social_card") or {}
    text = page_card_text(page.meta, page.title, page.is_homepage, config, top_section(page))
    context["social_card"] = _cards.card(text, image_path(page.url), picture=own.get("image"))
    return context


def on_post_build(config):
    if _cards is not None:
        log.info(f"Link-preview cards: {_cards.drawn} drawn, {_cards.reused} from the cache ({_cards.cache_dir})")
