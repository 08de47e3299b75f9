"""Tests for the built scaling playbook (docs/playbook/, rendered from data/playbook.yml by
macros/playbook.py): each item is shown on its step page and on the printable checklist, the
overview's diagram is accessible inline SVG, the checklist prints on one A4 sheet, the pages fit
a phone, and a malformed step fails the build naming the step and the field."""

from __future__ import annotations

import re

import pytest
import yaml

from macros import playbook
from tests.conftest import build_site
from tests.site_text import ROOT, normalise, page

# Builds the site (the shared build or its own copies with mkdocs build --strict).
pytestmark = pytest.mark.site

STEPS = playbook.parse_playbook(yaml.safe_load((ROOT / "data" / "playbook.yml").read_text(encoding="utf-8")))
STEP_IDS = [step.id for step in STEPS]


def section_items(soup, heading_id: str) -> list[str]:
    """The text of the task-list items between the heading with this id and the next h2."""
    heading = soup.find(id=heading_id)
    assert heading is not None, f"no heading with id {heading_id!r}"
    items = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        items += [normalise(li.get_text(" ")) for li in sibling.select("li.task-list-item")]
    return items


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_a_step_page_shows_its_own_checklist_and_exit_criteria_from_the_data(built_site, step):
    soup = page(built_site, f"playbook/{step.id}/")
    assert section_items(soup, "checklist") == [normalise(item) for item in step.checklist]
    assert section_items(soup, "exit-criteria") == [normalise(item) for item in step.exit_criteria]
    assert normalise(soup.select_one("article h1").get_text(" ")).startswith(step.title)


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_a_step_page_has_purpose_failure_signs_and_a_calculator_link(built_site, step):
    soup = page(built_site, f"playbook/{step.id}/")
    for heading_id in ("purpose", "failure-signs", "artefact"):
        assert soup.find(id=heading_id) is not None, f"{step.id}: no #{heading_id}"
    failure_signs = soup.find(id="failure-signs").find_next_sibling("ul")
    assert len(failure_signs.select("li")) >= 4
    calculator_links = [a["href"] for a in soup.select("article a[href]") if "calculators/" in a["href"]]
    assert any(re.search(r"calculators/(readiness|roi)/", href) for href in calculator_links), step.id


def test_the_printable_checklist_has_every_step_and_every_item_once(built_site):
    soup = page(built_site, "playbook/checklist/")
    rendered = [normalise(li.get_text(" ")) for li in soup.select(".playbook-printable li.task-list-item")]
    expected = [normalise(item) for step in STEPS for item in step.checklist + step.exit_criteria]
    assert rendered == expected
    for number, step in enumerate(STEPS, start=1):
        heading = soup.find("h2", id=step.id)
        assert heading is not None, step.id
        assert normalise(heading.get_text(" ")).startswith(f"{number}. {step.title}")
        assert heading.select_one("a:not(.headerlink)")["href"] == f"../{step.id}/"


def test_the_overview_lists_every_step_and_draws_the_path_as_accessible_inline_svg(built_site):
    soup = page(built_site, "playbook/")
    step_links = [a["href"] for a in soup.find(id="steps").find_next_sibling("ol").select("a")]
    assert step_links == [f"{step.id}/" for step in STEPS]

    svg = soup.select_one("figure svg")
    assert svg is not None and svg.get("role") == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).get_text(strip=True)
    description = svg.find("desc", id=desc_id).get_text(" ", strip=True)
    for number, step in enumerate(STEPS, start=1):
        assert f"Step {number}," in description
    # html.parser lower-cases attribute names: viewBox is "viewbox" here.
    assert svg.has_attr("viewbox") and not svg.has_attr("width") and not svg.has_attr("height")
    assert not svg.select("image, script, foreignObject, [href], [xlink\\:href]")


def test_the_printable_checklist_prints_on_one_a4_sheet(site_url, browser):
    tab = browser.new_page()
    try:
        response = tab.goto(f"{site_url}playbook/checklist/", wait_until="networkidle")
        assert response.status == 200
        pdf = tab.pdf(format="A4")  # margins from the page's own @page rule
    finally:
        tab.close()
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


@pytest.mark.parametrize("path", ["", *[f"{step_id}/" for step_id in STEP_IDS], "checklist/"])
def test_playbook_pages_fit_a_phone_without_sideways_scrolling(site_url, browser, path):
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        assert tab.goto(f"{site_url}playbook/{path}", wait_until="networkidle").status == 200
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        if path == "":
            width = tab.evaluate("document.querySelector('figure svg').getBoundingClientRect().width")
            assert 300 <= width <= 390
    finally:
        tab.close()


def test_a_malformed_step_fails_the_build_naming_the_step_and_the_field(project_copy, tmp_path):  # noqa: F811
    data_file = project_copy / "data" / "playbook.yml"
    text = data_file.read_text(encoding="utf-8")
    broken = text.replace("    exit_criteria:\n      - Accuracy on unfiltered", "    exit_critera:\n      - Accuracy on unfiltered")
    assert broken != text
    data_file.write_text(broken, encoding="utf-8")
    result = build_site(project_copy / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/playbook.yml: step 'harden-the-data' (steps[1]): field 'exit_criteria' is missing" in output
    assert "field 'exit_critera' is not a playbook field" in output
    assert "Traceback" not in output
