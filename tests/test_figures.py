"""Tests for macros/figures.py: the headline figures and their citations."""

import doctest

import pytest
import yaml

import macros.figures
from macros.figures import citation_html, figure_cards, figure_entries, figure_source
from tests.site_text import ROOT

FIGURE = {"key": "k", "value": "9%", "claim": "of x", "source": "S & T", "publisher": "P", "published": "2025"}


def data():
    return yaml.safe_load((ROOT / "data" / "figures.yml").read_text(encoding="utf-8"))


def test_the_data_file_holds_the_three_headline_figures_with_their_sources():
    figures = {entry["key"]: entry for entry in figure_entries(data())}
    assert (figures["ai-use"]["value"], figures["ebit-impact"]["value"], figures["genai-pilots"]["value"]) == (
        "88%", "39%", "~95%",
    )
    assert figures["ai-use"]["source"] == figures["ebit-impact"]["source"] == "The state of AI in 2025"
    assert "McKinsey" in figures["ai-use"]["publisher"] and figures["ai-use"]["published"] == "November 2025"
    assert figures["genai-pilots"]["publisher"] == "MIT NANDA" and figures["genai-pilots"]["published"] == "July 2025"
    assert "GenAI Divide" in figures["genai-pilots"]["source"]


def test_citation_links_the_title_when_a_url_is_given_and_escapes_text():
    assert citation_html({**FIGURE, "url": "https://x/?a=1&b=2"}) == (
        '<a href="https://x/?a=1&amp;b=2"><cite>S &amp; T</cite></a>, P, 2025'
    )


def test_cards_show_value_claim_and_source_of_every_figure():
    html = figure_cards([FIGURE, {**FIGURE, "key": "m", "value": "1%"}])
    assert html.count('<figure class="figure-card"') == 2
    assert 'id="figure-m"' in html and ">1%<" in html and "Source: <cite>S &amp; T</cite>" in html


def test_figure_source_finds_by_key_and_names_the_known_keys_otherwise():
    assert figure_source([FIGURE], "k") == citation_html(FIGURE)
    with pytest.raises(ValueError, match="no figure with key 'z'; known: k"):
        figure_source([FIGURE], "z")


@pytest.mark.parametrize("field", ["key", "value", "claim", "source", "publisher", "published"])
def test_a_missing_field_is_named(field):
    with pytest.raises(ValueError, match=f"entry 1 .*field '{field}'"):
        figure_entries([{**FIGURE, field: ""}])


def test_doctests():
    assert doctest.testmod(macros.figures).failed == 0
