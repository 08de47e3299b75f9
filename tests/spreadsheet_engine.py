"""A real spreadsheet engine for the workbook tests: Debian's LibreOffice Calc, headless.

:func:`recalculated` takes an .xlsx, drops every formula's cached value (so no figure can come from
the file's writer), has LibreOffice open it, recalculate it and save it again, and reads the saved
cells back with the standard library: ``{sheet name: {"B13": value}}`` and the workbook's names
(``{"result_npv": ("Cash flows", "B13")}``). ``make test`` installs LibreOffice when run as root
(the Makefile's ``spreadsheet`` target), as it does Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: LibreOffice's settings for this run: recalculate every formula of a file on load, always
#: (0; the default asks or trusts the file's cached values).
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@dataclass(frozen=True)
class Recalculated:
    """A workbook as LibreOffice recalculated it: values by sheet and cell, formulas likewise, names."""

    values: dict[str, dict[str, object]]
    formulas: dict[str, dict[str, str]]
    names: dict[str, tuple[str, str]]

    def named(self, name: str) -> object:
        sheet, ref = self.names[name]
        return self.values[sheet].get(ref)


def without_cached_values(xlsx: bytes) -> bytes:
    """The workbook with every formula's cached value removed: only a recalculation can fill them."""
    source = zipfile.ZipFile(_bytes_io(xlsx))
    out = _bytes_io(b"")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                text = re.sub(r"(</f>)<v>[^<]*</v>", r"\1", text)
                text = re.sub(r'(<c [^>]*?) t="(?:str|n|b|e)"([^>]*><f>)', r"\1\2", text)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PACKAGE_RELATIONSHIPS}Relationship")}
    files = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{RELATIONSHIPS}id")]
        files[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return files


def read_xlsx(xlsx: bytes) -> Recalculated:
    """The cells of an .xlsx as saved (values and formulas) and its defined names."""
    archive = zipfile.ZipFile(_bytes_io(xlsx))
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        for item in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{MAIN}si"):
            shared.append("".join(t.text or "" for t in item.iter(f"{MAIN}t")))
    values: dict[str, dict[str, object]] = {}
    formulas: dict[str, dict[str, str]] = {}
    for name, path in _sheet_files(archive).items():
        values[name], formulas[name] = {}, {}
        for c in ElementTree.fromstring(archive.read(path)).iter(f"{MAIN}c"):
            ref, kind = c.get("r"), c.get("t", "n")
            f, v = c.find(f"{MAIN}f"), c.find(f"{MAIN}v")
            if f is not None and f.text:
                formulas[name][ref] = f.text
            if kind == "inlineStr":
                values[name][ref] = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
            elif v is None or v.text is None:
                continue
            elif kind == "s":
                values[name][ref] = shared[int(v.text)]
            elif kind in ("str", "e"):
                values[name][ref] = v.text
            elif kind == "b":
                values[name][ref] = v.text == "1"
            else:
                values[name][ref] = float(v.text)
    names = {}
    for defined in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{MAIN}definedName"):
        found = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$([0-9]+)", (defined.text or "").replace("''", "'"))
        if found:
            names[defined.get("name")] = (found[1], found[2] + found[3])
    return Recalculated(values, formulas, names)


def available() -> bool:
    return Path(SOFFICE).is_file()


def recalculated(*workbooks: bytes, timeout: float = 180) -> list[Recalculated]:
    """Each workbook as LibreOffice recalculates and saves it (one LibreOffice run for all)."""
    with tempfile.TemporaryDirectory(prefix="calc-") as scratch:
        folder = Path(scratch)
        user = folder / "profile" / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, encoding="utf-8")
        inputs = []
        for index, xlsx in enumerate(workbooks):
            path = folder / "in" / f"book{index}.xlsx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(without_cached_values(xlsx))
            inputs.append(path)
        out = folder / "out"
        command = [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), *map(str, inputs)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        saved = [out / path.name for path in inputs]
        missing = [path.name for path in saved if not path.is_file()]
        if done.returncode != 0 or missing:
            raise RuntimeError(f"LibreOffice did not convert {missing or 'the workbooks'}:\n{done.stdout}{done.stderr}")
        return [read_xlsx(path.read_bytes()) for path in saved]
