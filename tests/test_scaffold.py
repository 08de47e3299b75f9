"""Tests for mkdocs_calculators.scaffold (``python -m mkdocs_calculators new``): a calculator in
one command, with no JavaScript, CSS or view code.

In a temporary copy of the project the scaffold writes a "cost of a stalled pilot" calculator
(monthly team cost, months stalled, monthly value once live -> spent so far, value foregone so
far, and the total cost of delay as the headline, all money); the test writes its formula into
``run`` and nothing else, builds the site, and finds the headline pre-rendered as money; in
Chromium a changed input shows the new headline live, and the booking link carries the summary.
The site books through Cal.com: the booking page states the new calculator's result and hands it
to Cal.com's own fields, with no JavaScript, macro, plugin or view code written for it.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from mkdocs_calculators import scaffold
from tests.conftest import PROJECT_FILES, build_site, copy_project, serve_under, set_extra
from tests.test_browser_calculators import READY, Visit, after_change, settle

NAME = "stalled_pilot"
COMMAND = [
    "new", NAME, "--title", "Cost of a stalled pilot",
    "--input", "monthly_team_cost:money", "--input", "months_stalled:months", "--input", "monthly_value:money",
    "--output", "spent_so_far:money", "--output", "value_foregone:money", "--output", "total_cost_of_delay:money:headline",
]
FORMULA = '''    values = read_fields(payload, INPUTS)
    spent = values["monthly_team_cost"] * values["months_stalled"]
    foregone = values["monthly_value"] * values["months_stalled"]
    return {"spent_so_far": spent, "value_foregone": foregone, "total_cost_of_delay": spent + foregone}
'''


def cost_of_delay(team: float, months: float, value: float) -> float:
    """The hand-worked formula: (team cost + value foregone) a month, times the months stalled."""
    return (team + value) * months


# --- The texts, without writing a file ----------------------------------------------------------


def test_specs_are_parsed_and_refused_with_a_reason():
    assert scaffold.parse_spec("months_stalled:months", scaffold.INPUT_KINDS, "input") == scaffold.Spec(
        "months_stalled", "Months stalled", "months")
    with pytest.raises(scaffold.ScaffoldError, match="the kind must be one of"):
        scaffold.parse_spec("cost:euros", scaffold.INPUT_KINDS, "input")
    with pytest.raises(scaffold.ScaffoldError, match="snake_case"):
        scaffold.parse_spec("Cost:money", scaffold.INPUT_KINDS, "input")


def test_the_module_declares_inputs_and_outputs_and_runs_as_written():
    inputs = [scaffold.Spec("cost", "Cost", "money"), scaffold.Spec("n", "N", "count")]
    outputs = [scaffold.Spec("total", "Total", "money", headline=True)]
    namespace: dict = {"__name__": "calculators.scaffolded", "__package__": "calculators"}
    exec(compile(scaffold.module_text("scaffolded", "Scaffolded", inputs, outputs), "scaffolded.py", "exec"), namespace)
    schema = namespace["schema"]()
    assert [f["id"] for f in schema["fields"]] == ["cost", "n"]
    assert schema["fields"][0]["unit"] == "money" and schema["fields"][1]["kind"] == "integer"
    assert schema["outputs"] == [{"id": "total", "label": "Total", "kind": "money", "headline": True, "note": ""}]
    assert namespace["run"](schema["defaults"]) == {"total": 0.0}


def test_the_registry_and_the_nav_get_the_new_calculator(tmp_path):
    registry = tmp_path / "registry.py"
    registry.write_text('MODULES = (\n    "readiness",\n    "roi",\n)\n', encoding="utf-8")
    scaffold.add_to_registry(registry, NAME)
    assert registry.read_text() == f'MODULES = (\n    "readiness",\n    "roi",\n    "{NAME}",\n)\n'
    with pytest.raises(scaffold.ScaffoldError, match="already"):
        scaffold.add_to_registry(registry, NAME)
    config = tmp_path / "mkdocs.yml"
    config.write_text("nav:\n  - Calculators:\n      - calculators/index.md\n      - calculators/roi.md\n  - Book: book.md\n")
    assert scaffold.add_to_nav(config, "calculators/stalled-pilot.md")
    assert "      - calculators/roi.md\n      - calculators/stalled-pilot.md\n  - Book" in config.read_text()


# --- The whole road, in a copy of the project ---------------------------------------------------

#: The site books through Cal.com (a setting of the site, made before the scaffold runs).
CALCOM = {"provider": "calcom", "url": "https://cal.com/team/intro"}
#: What the scaffold writes or edits: the calculator's module, its test and its page, and the two
#: lines that list it (the registry, the nav). Nothing else of the project changes.
SCAFFOLDED = {f"calculators/{NAME}.py", f"tests/test_{NAME}.py", "docs/calculators/stalled-pilot.md",
              "calculators/registry.py", "mkdocs.yml"}


def digests(project: Path) -> dict[str, str]:
    """Every file the build reads, by its project-relative path, with its content's digest."""
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for name in PROJECT_FILES for path in sorted((project / name).rglob("*") if (project / name).is_dir() else [project / name])
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory, built_site) -> Path:  # after it: its caches are filled
    """A copy of the project with the stalled-pilot calculator scaffolded and its formula written."""
    copy = copy_project(tmp_path_factory.mktemp("scaffold") / "project")
    set_extra(copy / "mkdocs.yml", "booking", CALCOM)
    before = digests(copy)
    done = subprocess.run([sys.executable, "-m", "mkdocs_calculators", *COMMAND], cwd=copy,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    module = copy / "calculators" / f"{NAME}.py"
    text = module.read_text(encoding="utf-8")
    start = text.index("    values = read_fields(payload, INPUTS)")
    module.write_text(text[:start] + FORMULA, encoding="utf-8")
    after = digests(copy)
    CHANGED.update(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    return copy


#: The files of the project copy that scaffolding the calculator changed (filled by ``scaffolded``).
CHANGED: set[str] = set()


@pytest.mark.site
def test_the_scaffold_changes_only_the_calculators_own_files(scaffolded):
    assert CHANGED == SCAFFOLDED


@pytest.mark.site
def test_the_scaffolded_calculators_own_test_passes(scaffolded):
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"tests/test_{NAME}.py"],
                          cwd=scaffolded, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.fixture(scope="module")
def scaffolded_site(scaffolded) -> Path:
    site = scaffolded / "site"
    done = build_site(scaffolded / "mkdocs.yml", site)
    if done.returncode != 0:
        pytest.fail(f"the site with the scaffolded calculator does not build:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return site


@pytest.mark.site
def test_the_headline_is_pre_rendered_as_money_and_the_booking_link_carries_it(scaffolded_site):
    page = BeautifulSoup((scaffolded_site / "calculators" / "stalled-pilot" / "index.html").read_text(), "html.parser")
    [block] = page.select(f'section[data-calculator="{NAME}"]')
    tiles = block.select(".calc-tile")
    assert [t.select_one(".calc-tile-label").get_text() for t in tiles] == ["Total cost of delay"]
    assert tiles[0].select_one(".calc-tile-value").get_text() == "£0"
    booking = parse_qs(urlsplit(block.select_one("a[data-booking-link]")["href"]).query)
    assert booking == {"calculator": [NAME], "total_cost_of_delay": ["£0"], "currency": ["GBP"]}
    listed = BeautifulSoup((scaffolded_site / "calculators" / "index.html").read_text(), "html.parser")
    assert "Cost of a stalled pilot" in [a.get_text() for a in listed.select(".grid.cards a")]


@pytest.mark.site
@pytest.mark.browser
def test_the_headline_goes_live_after_an_input_change(browser, scaffolded_site):
    with serve_under(scaffolded_site, "/") as url:
        visit = Visit(browser, url)
        page = visit.page
        page.goto(f"{url}calculators/stalled-pilot/")
        page.wait_for_selector(READY, timeout=90_000)
        settle(page)
        for field, value in (("monthly_team_cost", "40000"), ("months_stalled", "6"), ("monthly_value", "25000")):
            after_change(page, lambda: page.fill(f'[name="{field}"]', value))
        expected = cost_of_delay(40000, 6, 25000)
        headline = page.locator('.calculator-result .calc-tile-value[data-field="total_cost_of_delay"]')
        assert headline.get_attribute("data-value") == repr(float(expected))
        assert headline.inner_text() == f"£{expected:,.0f}"
        booking = parse_qs(urlsplit(page.locator("a[data-booking-link].calc-booking").get_attribute("href")).query)
        assert booking["total_cost_of_delay"] == [f"£{expected:,.0f}"]
        assert visit.console_errors == [] and visit.foreign_requests() == []
        visit.close()


@pytest.mark.site
@pytest.mark.browser
def test_the_booking_page_states_the_result_and_hands_it_to_calcom(browser, scaffolded_site):
    """The calculator's booking link, followed: the book page states its headline by its label, and
    its Cal.com links carry the summary in ``notes`` and each pair in ``metadata[<key>]``."""
    calculator = BeautifulSoup((scaffolded_site / "calculators" / "stalled-pilot" / "index.html").read_text(), "html.parser")
    href = calculator.select_one(f'section[data-calculator="{NAME}"] a[data-booking-link]')["href"]
    with serve_under(scaffolded_site, "/") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "calculators/stalled-pilot/" + href)
        page.wait_for_selector("[data-booking-results][data-state]", state="attached")
        summary = "Total cost of delay £0"
        assert page.locator("[data-booking-results]").inner_text() == f"You are booking about: {summary}"
        links = page.eval_on_selector_all("article a[data-booking-link]", "links => links.map(a => a.href)")
        assert links
        for link in links:
            assert link.startswith(CALCOM["url"] + "?")
            assert parse_qsl(urlsplit(link).query) == [
                ("notes", summary), ("metadata[calculator]", NAME), ("metadata[total_cost_of_delay]", "£0"),
                ("metadata[currency]", "GBP"),
            ]
        context.close()


# --- In any site: the module beside mkdocs.yml, registered in the plugin's modules ---------------

SITE_COMMAND = ["new", "tip", "--input", "bill:money", "--input", "rate:percent", "--output", "tip:money:headline"]


def scaffold_in(project: Path, *extra: str) -> tuple[int, str, str]:
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from mkdocs_calculators.__main__ import main

    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = main([*SITE_COMMAND, "--project", str(project), *extra])
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("plugins, registered", [
    ("plugins:\n  - search\n  - calculators\n",
     "plugins:\n  - search\n  - calculators:\n      modules:\n        tip: tip.py\n"),
    ("plugins:\n  - calculators:\n      currency: EUR\n  - search\n",
     "plugins:\n  - calculators:\n      currency: EUR\n      modules:\n        tip: tip.py\n  - search\n"),
    ("plugins:\n  - calculators:\n      modules:\n        fee: fee.py\n",
     "plugins:\n  - calculators:\n      modules:\n        tip: tip.py\n        fee: fee.py\n"),
])
def test_in_a_site_the_module_sits_beside_mkdocs_yml_and_is_registered(tmp_path, plugins, registered):
    from mkdocs_calculators.site_modules import load_module

    (tmp_path / "mkdocs.yml").write_text(f"site_name: Tools\ntheme:\n  name: material\n{plugins}nav:\n  - index.md\n")
    status, out, err = scaffold_in(tmp_path)
    assert (status, err) == (0, "")
    config = (tmp_path / "mkdocs.yml").read_text()
    assert config == f"site_name: Tools\ntheme:\n  name: material\n{registered}nav:\n  - index.md\n  - calculators/tip.md\n"
    assert (tmp_path / "docs" / "calculators" / "tip.md").read_text().count('<div data-calculator="tip"></div>') == 1
    assert not (tmp_path / "tests").exists() and not (tmp_path / "calculators").exists()
    module = load_module("tip", tmp_path / "tip.py")  # absolute imports: it works as a site module
    rate = next(field for field in module.schema()["fields"] if field["id"] == "rate")
    assert rate["unit"] == "share" and rate["max"] == 1  # percent: a share, shown in percent
    assert module.run(module.schema()["defaults"]) == {"tip": 0.0}
    assert f"next: write the formula in run() of {tmp_path / 'tip.py'}" in out


def test_in_a_site_the_module_can_go_into_a_folder_it_names(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Tools\nplugins:\n  - calculators\n")
    assert scaffold_in(tmp_path, "--folder", "tools")[0] == 0
    assert (tmp_path / "tools" / "tip.py").is_file() and "        tip: tools/tip.py\n" in (tmp_path / "mkdocs.yml").read_text()


@pytest.mark.parametrize("setup, message", [
    (lambda project: None, "mkdocs.yml does not exist: run the scaffold in the folder of the site's mkdocs.yml"),
    (lambda project: (project / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - search\n"),
     "the calculators plugin is not under plugins: (add `  - calculators`)"),
    (lambda project: ((project / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - calculators\n"),
                      (project / "tip.py").write_text("")),
     "tip.py exists already: choose another name"),
])
def test_in_a_site_each_problem_is_one_line_and_changes_nothing(tmp_path, setup, message):
    setup(tmp_path)
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    status, out, err = scaffold_in(tmp_path)
    assert status == 2 and out == "" and err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert "Traceback" not in err
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
