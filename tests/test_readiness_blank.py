"""The readiness questionnaire starts from the visitor (issue 26, point 4), in Chromium at the
phone's and the desk's width: it opens unanswered with the worked example's result marked as the
example's; "Clear all answers", "Fill in the example answers" and Undo are one click each; a
partial score says "partial: N of 21 answered" beside it, in the result and in the summary bar,
and is the score of those answers alone (calculators.api.run); clearing drops a share link of the
calculator from the address bar; axe-core finds no serious or critical violation on the way.

Targets: mkdocs_calculators/form.py (answers_actions, opening_payload), calculators/web/readiness.py
and the Calculator class in mkdocs_calculators/assets/javascripts/calculator-block.js.
"""

from __future__ import annotations

import pytest

from calculators import api
from calculators.web.formatting import format_value
from tests.test_accessibility import blocking_violations
from tests.test_browser_calculators import (  # noqa: F401 - visit is the fixture
    DESKTOP,
    PHONE,
    Visit,
    after_change,
    assert_clean,
    assert_matches_cpython,
    sent_payload,
    visit,
)
from tests.test_result_in_view import in_viewport

BLOCK = '[data-calculator="readiness"]'
SCHEMA = api.schema("readiness")
EXAMPLE = SCHEMA["defaults"]
TOTAL = sum(len(d["questions"]) for d in SCHEMA["dimensions"])
THREE = {"pd_production_brief": 3, "data_real_data": 1, "gov_audit_trail": 4}


def answered_in_bar(page) -> str:
    return page.locator(f"{BLOCK} [data-summary] [data-field='answered']").get_attribute("data-value")


def progress(page) -> list[str]:
    return page.locator(f"{BLOCK} [data-progress]").all_inner_texts()


def click(page, action: str) -> None:
    after_change(page, lambda: page.click(f'{BLOCK} [data-action="{action}"]'))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desk"])
def test_clear_all_gives_none_and_three_answers_give_a_partial_score_of_those_alone(warm, viewport):
    page = warm.open("readiness", mode="", viewport=viewport)
    # Opens unanswered: 0 of 21, no score, the example's result marked as the example's.
    assert sent_payload(page, "readiness") == {"answers": {}}
    assert answered_in_bar(page) == "0"
    assert progress(page) == [f"0 of {len(d['questions'])} answered" for d in SCHEMA["dimensions"]]
    assert page.locator(f"{BLOCK} .calc-tile-value[data-field='score']").first.inner_text() == "—"
    title = page.locator(f"{BLOCK} .calc-example #readiness-example-title")
    assert title.locator(".calc-example-flag").text_content() == "Example" and "not your result" in title.text_content()
    assert not page.locator(f'{BLOCK} [data-action="undo-answers"]').is_visible()
    assert blocking_violations(page) == []

    # The example's answers, in one click; Undo is offered.
    click(page, "fill-example")
    assert sent_payload(page, "readiness") == EXAMPLE
    assert answered_in_bar(page) == str(TOTAL)
    assert page.locator(f"{BLOCK} .calc-example").count() == 0
    assert page.locator(f'{BLOCK} [data-action="undo-answers"]').is_visible()

    # Clear all: 0 of 21, in one click, no confirmation; Undo brings the answers back.
    click(page, "clear-all")
    assert warm.dialogs == []
    assert sent_payload(page, "readiness") == {"answers": {}}
    assert answered_in_bar(page) == "0"
    assert progress(page) == [f"0 of {len(d['questions'])} answered" for d in SCHEMA["dimensions"]]
    assert page.locator(f"{BLOCK} input[type=radio]:checked").count() == 0
    click(page, "undo-answers")
    assert sent_payload(page, "readiness") == EXAMPLE
    assert not page.locator(f'{BLOCK} [data-action="undo-answers"]').is_visible()
    click(page, "clear-all")
    assert answered_in_bar(page) == "0"

    # Three answers: a partial score, said to be partial, from those three alone.
    for question, value in THREE.items():
        after_change(page, lambda q=question, v=value: page.check(f'{BLOCK} input[name="{q}"][value="{v}"]'))
    assert not page.locator(f'{BLOCK} [data-action="undo-answers"]').is_visible()  # an answer ends the offer
    payload = assert_matches_cpython(page, "readiness")
    assert payload == {"answers": THREE}
    expected = api.run("readiness", {"answers": THREE})["result"]
    assert expected["score"] is not None
    tile = page.locator(f"{BLOCK} .calculator-result .calc-tile-value[data-field='score']")
    assert tile.get_attribute("data-value") == format_value(expected["score"])
    stated = f"partial: 3 of {TOTAL} answered"
    assert page.locator(f"{BLOCK} .calculator-result .calc-tile-note .calc-partial").inner_text() == stated
    bar = page.locator(f"{BLOCK} [data-summary]")
    assert bar.locator("[data-field='score']").get_attribute("data-value") == format_value(expected["score"])
    assert bar.locator(".calc-partial").inner_text() == stated
    # Beside the score where the visitor watches it: the bar on a phone, the result column on a desk.
    watched = f"{BLOCK} [data-summary] .calc-partial" if viewport is PHONE else f"{BLOCK} .calc-tile-note .calc-partial"
    assert in_viewport(page, watched)
    assert blocking_violations(page) == []
    assert_clean(warm)


def test_clearing_all_drops_the_share_link_from_the_address_bar(warm):
    page = warm.open("readiness", "#calculator=readiness&pd_production_brief=4&base_recorded=1", mode="")
    assert sent_payload(page, "readiness") == {"answers": {"pd_production_brief": 4, "base_recorded": 1}}
    assert answered_in_bar(page) == "2"  # the link's answers only, none of the example's
    click(page, "clear-all")
    address = page.evaluate("location.href")  # page.url may lag behind a replaceState
    assert "#" not in address and "calculator=" not in address
    assert sent_payload(page, "readiness") == {"answers": {}}
    assert_clean(warm)
