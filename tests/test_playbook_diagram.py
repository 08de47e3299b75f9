"""Tests for macros/playbook_diagram.py: the playbook's path diagram, drawn from data/playbook.yml.

The SVG is parsed back: every step's title and artefact is in it (wrapped, never cut), the
boxes stack without overlapping inside the picture, the ``diagram`` copy fills in the count,
and the picture keeps its accessible name and description. The built page is checked in
tests/test_playbook_site.py.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from macros import playbook, playbook_diagram

DATA = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "playbook.yml").read_text(encoding="utf-8"))
STEPS = playbook.parse_playbook(DATA)
DIAGRAM = playbook_diagram.parse_diagram(DATA, len(STEPS))
SVG = "{http://www.w3.org/2000/svg}"


def figure(steps=STEPS, diagram=DIAGRAM) -> ElementTree.Element:
    return ElementTree.fromstring(playbook_diagram.diagram_svg(steps, diagram))


def texts(root: ElementTree.Element, css: str) -> list[str]:
    return [node.text for node in root.iter(f"{SVG}text") if css in node.get("class").split()]


def test_doctests():
    assert doctest.testmod(playbook_diagram).failed == 0


def test_every_step_title_and_artefact_is_drawn_whole_and_in_order():
    root = figure()
    drawn_titles = " ".join(texts(root, "pp-title"))
    drawn_notes = " ".join(texts(root, "pp-note"))
    position = 0
    for step in STEPS:
        found = drawn_titles.find(step.title, position)
        assert found >= 0, step.title
        position = found
        assert f"Artefact: {step.artefact}" in drawn_notes
    assert texts(root, "pp-number") == [str(n) for n in range(1, len(STEPS) + 1)]


def test_lines_are_short_enough_for_the_box():
    root = figure()
    for node in root.iter(f"{SVG}text"):
        css = node.get("class").split()
        if "pp-title" in css and "pp-centre" not in css:
            assert len(node.text) <= playbook_diagram.TITLE_CHARACTERS, node.text
        if "pp-note" in css and "pp-centre" not in css and not node.text.startswith("Gate:"):
            assert len(node.text) <= playbook_diagram.NOTE_CHARACTERS, node.text


def test_boxes_stack_without_overlap_and_inside_the_view_box():
    long_title = playbook.Step("x", "A much longer step title that needs two or even three lines", "a long artefact name that wraps onto a second line", "p/x.md", "s", ("c",), ("e",))
    for steps in (STEPS, STEPS + (long_title,)):
        root = figure(steps)
        svg = root.find(f"{SVG}svg")
        height = float(svg.get("viewBox").split()[3])
        boxes = [(float(r.get("y")), float(r.get("height"))) for r in svg.iter(f"{SVG}rect") if r.get("class") == "pp-box"]
        assert len(boxes) == len(steps)
        for (top, size), (next_top, _) in zip(boxes, boxes[1:]):
            assert top + size < next_top
        lowest_text = max(float(t.get("y")) for t in svg.iter(f"{SVG}text"))
        assert lowest_text < height
        # every text of a box sits inside it
        for top, size in boxes:
            inside = [float(t.get("y")) for t in svg.iter(f"{SVG}text") if top < float(t.get("y")) < top + size]
            assert inside and max(inside) <= top + size - 8


def test_the_picture_is_named_and_described():
    root = figure()
    svg = root.find(f"{SVG}svg")
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}title").text == DIAGRAM.title and "{count}" not in DIAGRAM.title
    description = svg.find(f"{SVG}desc").text
    for number, step in enumerate(STEPS, start=1):
        assert f"Step {number}, {step.title}, ends with its artefact: {step.artefact}." in description
    assert root.find("figcaption").text == DIAGRAM.caption
    assert not svg.get("width") and not svg.get("height")


def test_markdown_leaves_it_alone_one_element_per_line_and_no_blank_line():
    markup = playbook_diagram.diagram_svg(STEPS, DIAGRAM)
    assert "\n\n" not in markup and markup.startswith("<figure") and markup.endswith("</figure>")
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", markup), "colours come from the theme's variables"


def test_text_is_escaped():
    step = playbook.Step("x", "Cost <b> & benefit", "a", "p/x.md", "s", ("c",), ("e",))
    root = figure((step,))  # parses: nothing unescaped
    assert "Cost <b> & benefit" in texts(root, "pp-title")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"caption": ""}, "field 'caption' is missing or empty"),
        ({"start": {"label": "A"}}, "field 'start' must be a mapping"),
        ({"colour": "red"}, "field 'colour' is not a diagram field"),
    ],
)
def test_a_malformed_diagram_names_the_field(change, message):
    data = {"diagram": {**DATA["diagram"], **change}}
    with pytest.raises(playbook.PlaybookError, match=message):
        playbook_diagram.parse_diagram(data, 6)
