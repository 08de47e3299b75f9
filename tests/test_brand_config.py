"""Brand and offer are configuration: tests of the code and templates against mkdocs.yml.

Targets: every *.py, *.js, *.css and *.html file under calculators/, mkdocs_calculators/ (when
present), macros/, hooks/, overrides/ and docs/assets/; the stylesheets' colours
(docs/assets/stylesheets/site.css, mkdocs_calculators/assets/stylesheets/calculators/*.css, hooks/brand_stylesheet.py); and the
settings table of README.md ("Configure the booking link and the brand").

* No file there types the brand's name or the offer's wording, which are read from mkdocs.yml:
  ``site_name``, ``extra.brand.name``, the booking button's text, the CTA band's and the 404
  page's copy, the campaign link's text, and the offer's own word (``diagnostic``), taken from
  the booking page's path ``extra.booking_page``. A failure names the file, the line and the
  wording. Comments count too: a generator's code describes the generator, not one client.
* The stylesheets type no colour: each comes from the brand variables (``--brand-<name>``,
  generated from ``extra.brand.colors``) or is white, black or transparent; print styles may
  use black. Every brand variable they use is a configured colour.
* The README's settings table lists every brand and offer setting of ``extra:``, and the
  stated default of each short one is the shipped value.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from tests.site_text import ROOT

CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # MkDocs' loader: !ENV tags
EXTRA = CONFIG["extra"]

SCANNED_FOLDERS = ("calculators", "mkdocs_calculators", "macros", "hooks", "overrides", "docs/assets")
SCANNED_SUFFIXES = (".py", ".js", ".mjs", ".css", ".html")
#: Words of the booking page's path that name the act of booking, not the offer.
BOOKING_WORDS = {"a", "an", "the", "book", "booking", "index", "md", "free", "page"}
#: extra: settings that are not brand or offer (the calculators' runtime, Material's own).
TECHNICAL_SETTINGS = {"generator", "social"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

SPEC = importlib.util.spec_from_file_location("brand_stylesheet", ROOT / "hooks" / "brand_stylesheet.py")
brand_stylesheet = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(brand_stylesheet)


# --- Brand and offer wording --------------------------------------------------------------------


def offer_words(booking_page: str) -> set[str]:
    """The offer's own words: those of the booking page's path that do not name booking itself.

    >>> sorted(offer_words("book-a-diagnostic/index.md"))
    ['diagnostic']
    """
    return set(re.findall(r"[a-z]+", booking_page.lower())) - BOOKING_WORDS


def copy_phrases(text: str) -> list[str]:
    """The phrases of a configured text worth finding typed elsewhere: its parts between
    placeholders and punctuation, four words or more (shorter ones are common English); a text
    with no such part is its own phrase, without a trailing question mark or arrow.

    >>> copy_phrases("In a free {diagnostic_minutes}-minute chat we look at it, and at you with care.")
    ['-minute chat we look at it', 'and at you with care']
    >>> copy_phrases("Page not found")
    ['Page not found']
    """
    parts = re.split(r"[.,;:?!→]|\{[a-z_]+\}", " ".join(text.split()))
    return [part.strip() for part in parts if len(part.split()) >= 4] or [text.strip(" ?→")]


def branded_terms(config: dict) -> dict[str, re.Pattern]:
    """What no code may type, from mkdocs.yml: ``{setting: pattern}``."""
    extra = config["extra"]
    whole_word = lambda text: re.compile(rf"(?<![\w]){re.escape(text)}(?![\w])", re.IGNORECASE)  # noqa: E731
    terms = {
        "site_name": whole_word(config["site_name"]),
        "extra.brand.name": whole_word(extra["brand"]["name"]),
        "extra.booking_cta_text": whole_word(extra["booking_cta_text"].strip(" →")),
    }
    for word in sorted(offer_words(extra["booking_page"])):
        terms[f"extra.booking_page ({word!r})"] = re.compile(rf"(?<![A-Za-z0-9_]){word}s?(?![A-Za-z0-9_])", re.IGNORECASE)
    copy = {
        "extra.cta_band.title": extra["cta_band"]["title"],
        "extra.cta_band.text": extra["cta_band"]["text"],
        "extra.campaign_more_text": extra["campaign_more_text"],
        "extra.not_found.title": extra["not_found"]["title"],
        "extra.not_found.text": extra["not_found"]["text"],
    }
    for setting, text in copy.items():
        for number, phrase in enumerate(copy_phrases(text), 1):
            terms[f"{setting} (phrase {number})"] = whole_word(phrase)
    return terms


def scanned_files(root: Path) -> list[Path]:
    return sorted(
        path
        for folder in SCANNED_FOLDERS
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*")
        if path.is_file() and path.suffix in SCANNED_SUFFIXES and "__pycache__" not in path.parts
    )


def branded_lines(root: Path, terms: dict[str, re.Pattern]) -> list[str]:
    """``path:line: setting: text`` for every line of the scanned files that types a term."""
    hits = []
    for path in scanned_files(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for setting, pattern in terms.items():
                if pattern.search(line):
                    hits.append(f"{path.relative_to(root).as_posix()}:{number}: {setting}: {line.strip()[:120]}")
    return hits


def test_the_terms_come_from_the_configuration():
    terms = branded_terms(CONFIG)
    name, title = CONFIG["site_name"], EXTRA["cta_band"]["title"]
    [word] = offer_words(EXTRA["booking_page"])
    offer = terms[f"extra.booking_page ({word!r})"]
    assert terms["site_name"].search(f"Made by {name}.") and terms["extra.brand.name"].search(f"{name.lower()}.com")
    assert offer.search(f'class="cta-book-{word}"') and offer.search(f"{word.title()}s")
    assert not offer.search(f"{word}_minutes")  # a setting's name is not copy
    assert terms["extra.cta_band.title (phrase 1)"].search(f"<p>{title}</p>")
    assert terms["extra.booking_cta_text"].search(EXTRA["booking_cta_text"].strip(" →") + "</a>")


def test_a_typed_brand_name_or_offer_word_is_found_with_its_file_and_line(tmp_path):
    [word] = offer_words(EXTRA["booking_page"])
    title = EXTRA["cta_band"]["title"]
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "x.py").write_text(f'ok = 1\nLABEL = "Book a {word}"\n', encoding="utf-8")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "x.html").write_text("<p>{{ config.extra.cta_band.title }}</p>\n", encoding="utf-8")
    (tmp_path / "overrides" / "y.html").write_text(f"<p>{title}</p>\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(f"{CONFIG['site_name']}, in content: allowed.\n", encoding="utf-8")
    hits = branded_lines(tmp_path, branded_terms(CONFIG))
    assert hits == [
        f"hooks/x.py:2: extra.booking_page ({word!r}): LABEL = \"Book a {word}\"",
        f"overrides/y.html:1: extra.cta_band.title (phrase 1): <p>{title}</p>",
    ]


def test_no_code_or_template_types_the_brand_name_or_the_offer_wording():
    hits = branded_lines(ROOT, branded_terms(CONFIG))
    assert hits == [], "brand or offer wording typed in code (move it to mkdocs.yml extra: or data/):\n" + "\n".join(hits)


# --- Colours ------------------------------------------------------------------------------------

#: Each stylesheet's text by name: the site's, and the calculators' (the parts the plugin joins into calculators.css).
CALCULATORS_CSS_PARTS = ROOT / "mkdocs_calculators" / "assets" / "stylesheets" / "calculators"
STYLESHEETS = {
    "site.css": (ROOT / "docs" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8"),
    "calculators.css": "\n".join(path.read_text(encoding="utf-8") for path in sorted(CALCULATORS_CSS_PARTS.glob("*.css"))),
}
COLOR_LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab)\(|\boklch\((?!from )", re.I)
PRINT_BLACK = re.compile(r"#0{3}(?:0{3})?\b")


def typed_colours(css: str) -> list[tuple[int, str]]:
    """``(line, literal)`` for each colour typed in ``css`` (comments skipped), but black inside
    an ``@media print`` block.

    >>> typed_colours("a { color: #0f5c63; }\\n@media print {\\n b { color: #000; fill: rgb(1 2 3); }\\n}")
    [(1, '#0f5c63'), (3, 'rgb(')]
    """
    css = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), css, flags=re.S)
    token = re.compile(r"[{}]|" + COLOR_LITERAL.pattern, re.I)
    found, in_print = [], []  # in_print: one entry per open block, True inside @media print
    for number, line in enumerate(css.splitlines(), 1):
        prelude_start = 0
        for match in token.finditer(line):
            text = match.group()
            if text == "{":
                prelude = line[prelude_start : match.start()].strip()
                in_print.append(bool(in_print and in_print[-1]) or prelude.startswith("@media print"))
            elif text == "}":
                in_print and in_print.pop()
            elif not (in_print and in_print[-1] and PRINT_BLACK.fullmatch(text)):
                found.append((number, text))
            if text in "{}":
                prelude_start = match.end()
    return found


def test_a_typed_colour_is_found_but_print_black_is_allowed():
    assert typed_colours(".a { color: rgba(0, 0, 0, 0.5); }") == [(1, "rgba(")]
    assert typed_colours(".a { color: oklch(from var(--brand-primary) 0.8 c h); }") == []
    assert typed_colours("@media print {\n  .a { color: #000; }\n}\n.b { color: #000; }") == [(4, "#000")]


@pytest.mark.parametrize("stylesheet", STYLESHEETS)
def test_the_stylesheets_derive_every_colour_from_the_brand_colours(stylesheet):
    typed = typed_colours(STYLESHEETS[stylesheet])
    assert typed == [], f"{stylesheet}: colours typed instead of mixed from --brand-*: {typed}"


@pytest.mark.parametrize("stylesheet", STYLESHEETS)
def test_every_brand_variable_the_stylesheets_use_is_a_configured_colour(stylesheet):
    used = set(re.findall(r"var\(--brand-([a-z]+)", STYLESHEETS[stylesheet]))
    assert used and used <= set(EXTRA["brand"]["colors"]) == set(brand_stylesheet.COLOR_NAMES)


def test_the_brand_stylesheet_carries_the_configured_colours():
    css = brand_stylesheet.brand_css(brand_stylesheet.brand_colors(EXTRA))
    for name, value in EXTRA["brand"]["colors"].items():
        assert f"--brand-{name}: {value.lower()};" in css


@pytest.mark.parametrize("bad", ["teal", "#12345", "red; } body { display: none", None])
def test_a_colour_that_is_not_hex_stops_the_build_naming_the_setting(bad):
    from mkdocs.exceptions import PluginError

    colors = dict(EXTRA["brand"]["colors"], accent=bad)
    with pytest.raises(PluginError, match=r"extra\.brand\.colors\.accent must be a colour"):
        brand_stylesheet.brand_colors({"brand": {"colors": colors}})


def test_an_unknown_colour_setting_is_refused():
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=r"extra\.brand\.colors\.link is not used"):
        brand_stylesheet.brand_colors({"brand": {"colors": dict(EXTRA["brand"]["colors"], link="#000000")}})


# --- The README's settings table ----------------------------------------------------------------


def brand_settings(extra: dict, prefix: str = "extra") -> dict[str, object]:
    """The brand and offer settings of ``extra:`` as ``{dotted.name: value}``, nested ones flat.

    >>> brand_settings({"brand": {"name": "X", "colors": {"ink": "#000"}}, "social": [], "n": 30})
    {'extra.brand.name': 'X', 'extra.brand.colors.ink': '#000', 'extra.n': 30}
    """
    settings = {}
    for key, value in extra.items():
        if prefix == "extra" and key in TECHNICAL_SETTINGS:
            continue
        if isinstance(value, dict):
            settings.update(brand_settings(value, f"{prefix}.{key}"))
        else:
            settings[f"{prefix}.{key}"] = value
    return settings


def settings_table(readme: str) -> dict[str, list[str]]:
    """The rows of the settings table in the README's "Configure the booking link and the brand"
    section: ``{setting: [cells]}``, one entry per backticked name in the first cell."""
    section = readme.split("## Configure the booking link and the brand", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            for name in re.findall(r"`([^`]+)`", cells[0]):
                rows[name] = cells
    return rows


def test_the_readme_lists_every_brand_and_offer_setting_with_its_default():
    rows = settings_table((ROOT / "README.md").read_text(encoding="utf-8"))
    settings = brand_settings(EXTRA)
    assert "extra.cta_band.title" in settings and "extra.brand.colors.primary" in settings
    missing = sorted(set(settings) - set(rows))
    assert missing == [], f"README.md's settings table lacks {missing}"
    for name, value in settings.items():
        cells = rows[name]
        assert len(cells) == 3, f"README.md: the row of {name} needs 3 cells (setting, what it does, default)"
        if isinstance(value, (int, str)) and len(str(value)) <= 40 and not isinstance(value, bool):
            assert f"`{value}`" in cells[2] or (value == "" and "empty" in cells[2]), f"README.md: default of {name}"


def test_the_readme_check_fails_on_a_missing_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = settings_table(readme.replace("| `extra.cta_band.title` |", "| extra.cta_band.title |"))
    assert "extra.cta_band.title" not in rows
