"""The ROI workbook (.xlsx): what it holds, and a real spreadsheet engine recalculating it.

The figures are checked against :func:`calculators.api.run`, never against numbers the writer
stored: LibreOffice opens each workbook with every formula's cached value removed
(tests/spreadsheet_engine.py), so NPV, ROI and IRR there are the formulas' own.
"""

from __future__ import annotations

import copy
import io
import zipfile

import pytest

from calculators import api, web
from tests.spreadsheet_engine import read_xlsx

ROI_DEFAULTS = api.schema("roi")["defaults"]


def mid_year() -> dict:
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["discounting"] = "mid_year"
    return payload


def stated_and_per_year() -> dict:
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload.update(horizon_years=5, discount_rate=0.08, ramp_up=[0.3, 0.7, 1, 1, 1], scenarios=False)
    payload["annual_costs"][0]["amount"] = [36000, 42000, 48000, 50000, 52000]
    payload["stated_benefits"] = [{"name": "Licence fees avoided", "amount": [0, 20000, 40000, 40000, 45000],
                                   "risk_adjustment": 0.25}]
    return payload


def costs_only() -> dict:
    return {"horizon_years": 2, "one_off_costs": [{"name": "Pilot", "amount": 50000}], "metrics": []}


#: (payload, currency): each convention, a longer horizon with stated benefits, and ROI/IRR undefined.
CASES = {
    "defaults": (ROI_DEFAULTS, "GBP"),
    "mid_year": (mid_year(), "EUR"),
    "stated_and_per_year": (stated_and_per_year(), "USD"),
    "costs_only": (costs_only(), "GBP"),
}


def workbook_of(case: str) -> bytes:
    payload, currency = CASES[case]
    return web.workbook("roi", payload, currency)


@pytest.fixture(scope="module")
def recalculated(spreadsheet_engine):
    """Every case's workbook as LibreOffice recalculated it (one LibreOffice run)."""
    books = spreadsheet_engine.recalculated(*(workbook_of(case) for case in CASES))
    return dict(zip(CASES, books))


@pytest.mark.parametrize("case", list(CASES))
def test_libreoffice_recalculates_the_pages_npv_roi_and_irr(recalculated, case):
    payload, _ = CASES[case]
    result = api.run("roi", payload)["result"]
    book = recalculated[case]
    assert book.named("result_npv") == pytest.approx(result["npv"], abs=0.005)  # to the cent
    for key in ("roi", "irr"):
        if result[key] is None:
            assert book.named(f"result_{key}") == "Undefined"
        else:  # a ratio: to a millionth of a percentage point
            assert book.named(f"result_{key}") == pytest.approx(result[key], abs=1e-8)
    cash = book.values["Cash flows"]
    last = 5 + len(result["years"]) - 1  # the year table's rows: 5..(5 + N), spreadsheet numbering
    assert cash[f"I{last}"] == pytest.approx(result["years"][-1]["cumulative"], abs=0.005)
    assert cash[f"F{last + 1}"] == pytest.approx(result["pv_benefits"], abs=0.005)
    assert cash[f"G{last + 1}"] == pytest.approx(result["pv_costs"], abs=0.005)
    for offset, year in enumerate(result["years"]):
        assert cash[f"H{5 + offset}"] == pytest.approx(year["discounted_net"], abs=0.005)


def test_a_wrong_formula_gives_other_figures(spreadsheet_engine):
    """The check above can fail: the mid-year workbook with end-of-year discount factors (the formula
    a careless writer would use) no longer recalculates to the page's NPV."""
    original = workbook_of("mid_year")
    source = zipfile.ZipFile(io.BytesIO(original))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                assert b"MAX(A5-0.5,0)" in data
                data = data.replace(b"^MAX(A", b"^(A").replace(b"-0.5,0)", b")")
            target.writestr(item, data)
    [book] = spreadsheet_engine.recalculated(broken.getvalue())
    assert abs(book.named("result_npv") - api.run("roi", mid_year())["result"]["npv"]) > 1000


def test_three_sheets_with_live_formulas_for_the_figures():
    book = read_xlsx(workbook_of("defaults"))
    assert list(book.values) == ["Inputs", "Cash flows", "Sensitivity"]
    formulas = book.formulas["Cash flows"]
    assert formulas["E5"] == "1/(1+discount_rate)^A5" and formulas["E6"] == "1/(1+discount_rate)^A6"
    assert formulas["H6"] == "D6*E6" and formulas["I6"] == "I5+D6"
    sheet, ref = book.names["result_npv"]
    assert sheet == "Cash flows" and formulas[ref] == "SUM($H$5:$H$8)"
    assert formulas[book.names["result_irr"][1]] == "IRR($D$5:$D$8)"
    assert book.names["discount_rate"][0] == "Inputs"
    # Year, benefits, costs and net are the calculator's values, not formulas.
    assert not any(ref[0] in "ABCD" and ref[1:].isdigit() and int(ref[1:]) in range(5, 9) for ref in formulas)
    # A viewer that does not recalculate shows the calculator's figures (each formula's cached value).
    assert book.named("result_npv") == pytest.approx(api.run("roi", ROI_DEFAULTS)["result"]["npv"])


def test_the_mid_year_irr_compounds_the_irr_of_the_half_year_series():
    book = read_xlsx(workbook_of("mid_year"))
    formulas = book.formulas["Cash flows"]
    assert formulas["E6"] == "1/(1+discount_rate)^MAX(A6-0.5,0)"
    assert formulas[book.names["result_irr"][1]] == "(1+IRR($L$5:$L$10))^2-1"
    cells = book.values["Cash flows"]
    assert [formulas.get(f"L{row}", cells.get(f"L{row}")) for row in range(5, 11)] == ["D5", "D6", 0.0, "D7", 0.0, "D8"]


def test_the_inputs_sheet_labels_every_input_with_its_unit_and_the_currency():
    book = read_xlsx(workbook_of("stated_and_per_year"))
    cells = book.values["Inputs"]
    rows = {}
    for ref, value in cells.items():
        column, row = ref[0], int(ref[1:])
        rows.setdefault(row, {})[column] = value
    by_label = {line.get("A", "").strip(): line for line in rows.values()}
    assert by_label["Currency of every amount"]["B"] == "USD"
    assert by_label["Discount rate"]["C"] == 0.08 and by_label["Discount rate"]["B"] == "share per year"
    assert by_label["Discounting"]["C"] == "End of year (end_of_year)"
    assert [by_label["Ramp-up"][c] for c in "CDEFG"] == [0.3, 0.7, 1, 1, 1]
    assert by_label["Cost risk adjustment"]["C"] == 0.1
    labels = [line.get("A", "") for _, line in sorted(rows.items())]
    assert "Yearly cost 1: Licences and model usage" in labels and "Stated benefit 1: Licence fees avoided" in labels
    units = {line.get("B") for line in rows.values()}
    assert {"USD", "USD per year", "minutes", "USD per minutes", "units per year"} <= units
    per_year = next(line for line in rows.values() if line.get("C") == 36000)
    assert [per_year[c] for c in "CDEFG"] == [36000, 42000, 48000, 50000, 52000] and per_year["B"] == "USD per year"


def test_the_sensitivity_sheet_shows_a_running_cost_as_entered_not_its_total():
    """Visitor review, item 7: a running cost of 25,000 a year is 25,000, not 75,000 over three years."""
    result = api.run("roi", ROI_DEFAULTS)["result"]
    book = read_xlsx(workbook_of("defaults"))
    sheet = book.values["Sensitivity"]
    rows = {sheet[f"A{row}"]: row for row in range(5, 5 + len(result["sensitivity"]))}
    assert len(rows) == len(result["sensitivity"])  # every driver, not the tornado's eight
    running = rows["Operations, monitoring and audit"]
    assert [sheet[f"{c}{running}"] for c in "BCDE"] == ["GBP per year", 25000, 20000, 30000]
    per_year = rows["Licences and model usage"]
    assert sheet[f"C{per_year}"] == "36,000.00 / 42,000.00 / 48,000.00"
    driver = next(r for r in result["sensitivity"] if r["label"] == "Operations, monitoring and audit")
    # XlsxWriter writes 16 significant digits (Excel keeps 15)
    assert [sheet[f"{c}{running}"] for c in "FGH"] == pytest.approx([driver["npv_down"], driver["npv_up"], driver["swing"]], rel=1e-15)


def test_visitor_text_is_never_a_formula():
    payload = copy.deepcopy(ROI_DEFAULTS)
    payload["metrics"][0]["name"] = '=HYPERLINK("http://x","y")'
    payload["annual_costs"][0]["name"] = "+1+1"
    book = read_xlsx(web.workbook("roi", payload, "GBP"))
    for sheet, formulas in book.formulas.items():
        assert not any("HYPERLINK" in f or f == "1+1" for f in formulas.values()), sheet
    assert '=HYPERLINK("http://x","y")' in book.values["Cash flows"].values()


def test_only_a_calculator_whose_view_writes_one_has_a_workbook():
    assert web.has_workbook("roi") and not web.has_workbook("readiness") and not web.has_workbook("nope")
    with pytest.raises(ValueError, match="readiness has no workbook"):
        web.workbook("readiness", {}, "GBP")
    with pytest.raises(ValueError, match="horizon_years"):
        web.workbook("roi", {"horizon_years": 99}, "GBP")


def test_the_writer_is_imported_for_a_workbook_only():
    # A page's worker answers every recompute without XlsxWriter; the first workbook imports it.
    from tests.test_api import imported_after
    import subprocess
    import sys

    code = "from calculators import api, web\nweb.respond('roi', api.schema('roi')['defaults'], 'GBP', {})"
    assert {"calculators.web.roi_workbook", "calculators.web.spreadsheet"}.isdisjoint(imported_after(code))
    shown = "import sys; print('xlsxwriter' in sys.modules)"
    answered = subprocess.run([sys.executable, "-c", f"{code}\n{shown}"], capture_output=True, text=True, check=True)
    assert answered.stdout.strip() == "False"
    written = subprocess.run([sys.executable, "-c", f"{code}\nweb.workbook('roi', {{}}, 'GBP')\n{shown}"],
                             capture_output=True, text=True, check=True)
    assert written.stdout.strip() == "True"


def test_pyodide_writes_the_same_workbook_from_the_built_site(built_site, tmp_path):
    """The browser's path under Node: the built site's runtime and wheel, then runtime.json's
    on-demand XlsxWriter (sha256-checked) on sys.path; the sheets are CPython's, byte for byte."""
    import json
    import subprocess

    from tests.conftest import ROOT

    payload = mid_year()
    (tmp_path / "payload.json").write_text(json.dumps(payload))
    out = tmp_path / "pyodide.xlsx"
    done = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(ROOT / "tests" / "pyodide_workbook_runner.mjs"),
         str(built_site), "roi", str(tmp_path / "payload.json"), "EUR", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["onDemand"] == ["xlsxwriter"]
    assert report["before"] == "ModuleNotFoundError: No module named 'xlsxwriter'"  # not shipped in the start
    in_pyodide = zipfile.ZipFile(out)
    in_cpython = zipfile.ZipFile(io.BytesIO(web.workbook("roi", payload, "EUR")))
    sheets = [name for name in in_cpython.namelist() if name.startswith("xl/")]
    assert sorted(sheets) == sorted(name for name in in_pyodide.namelist() if name.startswith("xl/"))
    assert all(in_pyodide.read(name) == in_cpython.read(name) for name in sheets)
