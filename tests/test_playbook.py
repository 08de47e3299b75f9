"""Tests for macros/playbook.py: checking data/playbook.yml and rendering the playbook's lists."""

import copy
import doctest
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from macros import playbook

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "playbook.yml"

# The URL paths other parts of the site rely on (team brief: shared contracts).
CONTRACT_PAGES = [
    "playbook/design-for-production.md",
    "playbook/harden-the-data.md",
    "playbook/redesign-the-workflow.md",
    "playbook/build-governance-in.md",
    "playbook/measure-against-a-baseline.md",
    "playbook/scale-narrow-before-wide.md",
]


def make_step(step_id="harden-the-data", **changes):
    step = {
        "id": step_id,
        "title": "Harden the data",
        "artefact": "data-hardening log",
        "path": f"playbook/{step_id}.md",
        "summary": "Prove it on the data it will really see.",
        "checklist": ["Profile every input field.", "Replay the busiest day."],
        "exit_criteria": ["No record is lost at peak volume."],
    }
    step.update(changes)
    return step


def error_for(data):
    with pytest.raises(playbook.PlaybookError) as caught:
        playbook.parse_playbook(data)
    return str(caught.value)


def test_the_module_doctests_pass():
    result = doctest.testmod(playbook)
    assert result.attempted >= 4
    assert result.failed == 0


# --- the real data file ---------------------------------------------------------------------


def test_the_data_file_parses_and_keeps_the_contract_pages_in_order():
    steps = playbook.parse_playbook(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))
    assert [step.path for step in steps] == CONTRACT_PAGES


def test_every_step_in_the_data_file_has_enough_to_act_on():
    steps = playbook.parse_playbook(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))
    for step in steps:
        assert len(step.checklist) >= 5, step.id
        assert len(step.exit_criteria) >= 3, step.id
        assert len(set(step.checklist)) == len(step.checklist), step.id


# --- parsing ---------------------------------------------------------------------------------


def test_parse_returns_frozen_steps_with_whitespace_collapsed():
    steps = playbook.parse_playbook(
        {"steps": [make_step(summary="Prove it\n  on real   data.\n", checklist=["One\nline."])]}
    )
    assert steps[0].summary == "Prove it on real data."
    assert steps[0].checklist == ("One line.",)
    with pytest.raises(AttributeError):
        steps[0].title = "changed"


def test_a_playbook_error_stops_mkdocs_without_a_traceback():
    assert issubclass(playbook.PlaybookError, PluginError)


@pytest.mark.parametrize("data", [None, [], {"stages": []}, {"steps": []}, {"steps": "harden"}])
def test_a_missing_or_empty_steps_list_is_named(data):
    assert "'steps'" in error_for(data)


def test_a_missing_field_names_the_step_and_the_field():
    step = make_step()
    del step["exit_criteria"]
    message = error_for({"steps": [step]})
    assert "step 'harden-the-data' (steps[0])" in message
    assert "field 'exit_criteria' is missing" in message
    assert message.startswith("data/playbook.yml:")


def test_a_misspelt_field_is_named_rather_than_ignored():
    step = make_step()
    step["exit_critera"] = step.pop("exit_criteria")
    message = error_for({"steps": [step]})
    assert "field 'exit_critera' is not a playbook field" in message
    assert "field 'exit_criteria' is missing" in message


def test_a_step_without_an_id_is_named_by_its_position():
    first, second = make_step(), make_step("redesign-the-workflow")
    del second["id"]
    message = error_for({"steps": [first, second]})
    assert "step steps[1]: field 'id' is missing" in message


@pytest.mark.parametrize("bad_id", ["Harden the data", "harden_the_data", "", 7, "-harden"])
def test_an_id_that_is_not_kebab_case_is_refused(bad_id):
    message = error_for({"steps": [make_step(**{"id": "harden-the-data"}) | {"id": bad_id}]})
    assert "field 'id' must be kebab-case" in message


@pytest.mark.parametrize("field", ["checklist", "exit_criteria"])
@pytest.mark.parametrize("bad_value", [[], "Profile every field.", None, {"a": "b"}])
def test_a_list_field_must_be_a_non_empty_list(field, bad_value):
    message = error_for({"steps": [make_step(**{field: bad_value})]})
    assert f"step 'harden-the-data' (steps[0]): field '{field}' must be a non-empty list" in message


def test_an_empty_list_item_is_named_by_its_index():
    message = error_for({"steps": [make_step(checklist=["Profile every field.", "  ", 3])]})
    assert "field 'checklist[1]' must be non-empty text" in message
    assert "field 'checklist[2]' must be non-empty text" in message


@pytest.mark.parametrize("field", ["title", "summary"])
def test_a_blank_text_field_is_refused(field):
    assert f"field '{field}' must be non-empty text" in error_for({"steps": [make_step(**{field: " "})]})


@pytest.mark.parametrize(
    "bad_path", ["/playbook/harden-the-data.md", "../harden-the-data.md", "playbook/harden-the-data.html", None]
)
def test_a_path_must_be_a_docs_relative_markdown_file(bad_path):
    assert "field 'path' must be a Markdown file" in error_for({"steps": [make_step(path=bad_path)]})


def test_a_path_must_match_the_id():
    message = error_for({"steps": [make_step(path="playbook/redesign-the-workflow.md")]})
    assert "field 'path' must end in 'harden-the-data.md'" in message


def test_a_repeated_id_is_refused():
    message = error_for({"steps": [make_step(), make_step()]})
    assert "step 'harden-the-data' (steps[1]): field 'id' repeats" in message


def test_a_step_that_is_not_a_mapping_is_named_by_position():
    assert "step steps[1]: must be a mapping" in error_for({"steps": [make_step(), "harden-the-data"]})


def test_every_problem_is_reported_at_once():
    broken = copy.deepcopy(make_step())
    broken["title"] = ""
    broken["checklist"] = []
    message = error_for({"steps": [broken]})
    assert len(message.splitlines()) == 2


# --- rendering -------------------------------------------------------------------------------


@pytest.fixture
def steps():
    return playbook.parse_playbook(
        {
            "steps": [
                make_step("design-for-production", title="Design for production"),
                make_step("harden-the-data", exit_criteria=["Zero records lost.", "Alerts answered."]),
                make_step("scale-narrow-before-wide", title="Scale narrow before wide"),
            ]
        }
    )


def test_checklist_is_a_task_list_with_one_line_per_item(steps):
    assert playbook.checklist_markdown(steps[1]) == "- [ ] Profile every input field.\n- [ ] Replay the busiest day."


def test_exit_criteria_are_a_task_list(steps):
    assert playbook.exit_criteria_markdown(steps[1]) == "- [ ] Zero records lost.\n- [ ] Alerts answered."


def test_find_step_returns_the_step_or_names_the_known_ids(steps):
    assert playbook.find_step(steps, "harden-the-data") is steps[1]
    with pytest.raises(playbook.PlaybookError, match="'harden-teh-data'.*known: design-for-production, harden"):
        playbook.find_step(steps, "harden-teh-data")


@pytest.mark.parametrize(
    ("from_path", "to_path", "link"),
    [
        ("playbook/index.md", "playbook/harden-the-data.md", "harden-the-data.md"),
        ("index.md", "playbook/harden-the-data.md", "playbook/harden-the-data.md"),
        ("calculators/readiness.md", "playbook/harden-the-data.md", "../playbook/harden-the-data.md"),
    ],
)
def test_relative_link(from_path, to_path, link):
    assert playbook.relative_link(from_path, to_path) == link


def test_next_step_links_forward_and_the_last_step_links_to_the_checklist(steps):
    assert playbook.next_step_markdown(steps, steps[0]) == "Next: step 2, [Harden the data](harden-the-data.md)."
    assert "[one-page checklist](checklist.md)" in playbook.next_step_markdown(steps, steps[2])
    assert "all 3 steps" in playbook.next_step_markdown(steps, steps[2])


def test_step_index_numbers_and_links_every_step(steps):
    lines = playbook.step_index_markdown(steps, "playbook/index.md").splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("1. **[Design for production](design-for-production.md)** — ")
    assert lines[2].startswith("3. **[Scale narrow before wide](scale-narrow-before-wide.md)**")


def test_printable_checklist_has_every_item_of_every_step_once(steps):
    text = playbook.printable_checklist_markdown(steps, "playbook/checklist.md")
    for step in steps:
        for item in step.checklist + step.exit_criteria:
            assert f"- [ ] {item}" in text
    # make_step gives three steps the same checklist: each appears once per step, no more.
    assert text.count("- [ ] Profile every input field.") == 3


def test_printable_checklist_headings_carry_the_step_ids_and_gates(steps):
    text = playbook.printable_checklist_markdown(steps, "playbook/checklist.md", heading_level=3)
    assert "### 2. [Harden the data](harden-the-data.md) {: #harden-the-data }" in text
    assert "all must hold before step 3" in text
    assert "all must hold before widening further" in text
    assert "## 1." not in text.replace("### 1.", "")


def test_step_header_is_the_page_heading_with_position_and_summary(steps):
    assert playbook.step_header_markdown(steps, steps[1]) == (
        "# Harden the data\n\n**Step 2 of 3.** Prove it on the data it will really see."
    )


# --- data in one place ---------------------------------------------------------------------------


def test_step_links_take_their_words_from_the_data(steps):
    assert playbook.step_link_markdown(steps, steps[0], "playbook/index.md", numbered=True) == (
        "[1. Design for production](design-for-production.md)"
    )
    assert playbook.step_link_markdown(steps, steps[2], "blog/posts/a.md", lower=True) == (
        "[scale narrow before wide](../../playbook/scale-narrow-before-wide.md)"
    )


def typed_titles(docs: Path, titles: list[str]) -> list[str]:
    """``file: 'title'`` for each step title found in a Markdown file under ``docs`` (any case,
    across line breaks)."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        text = " ".join(path.read_text(encoding="utf-8").split()).lower()
        found += [f"{path.relative_to(docs.parent)}: {title!r}" for title in titles if " ".join(title.split()).lower() in text]
    return found


def test_no_markdown_page_types_a_step_title():
    """Every step title is written once, in data/playbook.yml; pages render it with the
    playbook macros (playbook_step_header, playbook_step_link, playbook_diagram, ...)."""
    titles = [step.title for step in playbook.parse_playbook(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))]
    found = typed_titles(DATA_FILE.parent.parent / "docs", titles)
    assert found == [], "step titles typed in Markdown (use the playbook macros):\n" + "\n".join(found)


def test_the_title_check_sees_a_title_typed_across_a_line_break(tmp_path):
    (tmp_path / "docs" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "a" / "page.md").write_text("Then\n[harden the\ndata](x.md).\n", encoding="utf-8")
    assert typed_titles(tmp_path / "docs", ["Harden the data"]) == ["docs/a/page.md: 'Harden the data'"]
