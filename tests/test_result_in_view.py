"""The result stays in view while the visitor types (the calculator block's layout:
mkdocs_calculators/assets/stylesheets/calculators.css and calculators.js, the summary from
calculators.web): in Chromium, on a phone (390 × 844: the summary bar under the header) and on a
desk (1280 × 800: the result column beside the form), after a change at the top of the form and
one at its bottom, the headline figure (NPV, the readiness score) is inside the viewport without
scrolling, and it is what calculators.api computes for the same inputs."""

from __future__ import annotations

import pytest

from calculators import api
from calculators.web.formatting import format_value
from tests.test_browser_calculators import PHONE, Visit, after_change, sent_payload

DESK = {"width": 1280, "height": 800}
#: Where each calculator's headline figure is, by layout.
HEADLINE = {"readiness": "score", "roi": "npv"}
WATCHED = {"phone": "[data-summary] [data-field='{field}']", "desk": ".calculator-result .calc-tile-value[data-field='{field}']"}


def change_top(page, name: str) -> None:
    if name == "roi":
        page.fill('[name="one_off_costs[0].amount"]', "130000")
    else:
        page.locator('[data-calculator="readiness"] .calc-question').first.locator('input[value="0"]').check()


def change_bottom(page, name: str) -> None:
    if name == "roi":
        page.locator('[data-calculator="roi"] form input[data-kind="number"]:visible').last.fill("0.9")
    else:
        page.locator('[data-calculator="readiness"] .calc-question').last.locator('input[value="1"]').check()


def in_viewport(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight
                && box.left >= 0 && box.right <= window.innerWidth && (hit === element || element.contains(hit));
        }"""
    )


@pytest.mark.parametrize("layout, viewport", [("phone", PHONE), ("desk", DESK)])
@pytest.mark.parametrize("name", ["roi", "readiness"])
def test_the_headline_figure_is_in_view_and_right_after_each_change(warm, name, layout, viewport):
    page = warm.open(name, mode="quick", viewport=viewport)  # as a visitor finds it
    selector = WATCHED[layout].format(field=HEADLINE[name])
    for change in (change_top, change_bottom):
        after_change(page, lambda: change(page, name))
        assert in_viewport(page, selector), f"{change.__name__}: the {HEADLINE[name]} is out of view"
        expected = api.run(name, sent_payload(page, name))["result"][HEADLINE[name]]
        assert page.locator(selector).first.get_attribute("data-value") == format_value(expected)
    assert warm.console_errors == []


def test_a_readiness_answer_can_be_cleared_and_the_progress_follows(warm):
    page = warm.open("readiness", viewport=PHONE)
    group = page.locator('[data-calculator="readiness"] .calc-group').nth(0)
    progress = group.locator("[data-progress]")
    total = api.run("readiness", api.schema("readiness")["defaults"])["result"]["dimensions"][0]["questions"]
    assert progress.inner_text() == f"0 of {total} answered"  # the questions open unanswered
    for question in range(2):
        after_change(page, lambda q=question: group.locator(".calc-question").nth(q).locator('input[value="2"]').check())
    assert progress.inner_text() == f"2 of {total} answered"
    after_change(page, lambda: group.locator("[data-action=clear-answer]").first.click())
    assert progress.inner_text() == f"1 of {total} answered"
    assert group.locator(".calc-question").first.locator("input:checked").count() == 0
    payload = sent_payload(page, "readiness")
    result = api.run("readiness", payload)["result"]
    bar = page.locator("[data-summary] [data-field='answered']")
    assert bar.get_attribute("data-value") == format_value(result["answered"]) == "1"
    # One answer of 21: the bar says the score is partial, beside it.
    partial = page.locator("[data-summary] .calc-partial")
    assert partial.inner_text() == f"partial: 1 of {result['questions']} answered"