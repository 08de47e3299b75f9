"""Python start-up inside Pyodide (under Node, the same npm runtime): what the first result pays for.

Two levers on the calculators' start-up, measured in fresh Pyodide instances (part of ``python -m bench`` unless ``--no-levers``):

* **Imports.** The time to import each standard-library module the calculators pull in
  (``python_stdlib.zip`` ships sources, so each first import compiles). A module the first
  result does not need is time to cut.
* **Bytecode.** ``import calculators.presentation`` from the wheel's sources against the
  same import with ``__pycache__`` bytecode that Pyodide's own Python 3.13 compiled
  (unchecked-hash pycs, so no timestamp check), which a build could ship in the wheel;
  ``pyodide py-compile`` needs a host Python of the same minor version (pyenv's 3.13.0 here
  matches Pyodide 0.29's 3.13; Pyodide itself is one too). This lever times the wheel only;
  compiling ``python_stdlib.zip`` as well was measured by hand in session 3 (issue #5's note).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from bench import stats

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "node_modules" / "pyodide"
STDLIB_MODULES = ("html", "urllib.parse", "fractions", "csv", "json", "dataclasses")

SCRIPT = r"""
import { loadPyodide } from %(loader)s;
import { readFileSync } from "node:fs";
const wheel = readFileSync(%(wheel)s);
const runs = %(runs)d;
const modules = %(modules)s;
const fresh = async () => {
  const py = await loadPyodide({ indexURL: %(index)s });
  py.FS.writeFile("/tmp/c.whl", wheel);
  py.runPython("import zipfile, sys; zipfile.ZipFile('/tmp/c.whl').extractall('/tmp/pkg'); sys.path.insert(0, '/tmp/pkg')");
  return py;
};
const timed = (py, code) => { const start = performance.now(); py.runPython(code); return performance.now() - start; };
const result = { stdlib: {}, source: [], bytecode: [], first_result: {} };
for (const name of modules) result.stdlib[name] = [];
const compiler = await fresh();
compiler.runPython("import compileall, py_compile; compileall.compile_dir('/tmp/pkg/calculators', quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)");
const names = compiler.runPython("import os; os.listdir('/tmp/pkg/calculators/__pycache__')").toJs();
const pycs = names.map((n) => [n, compiler.FS.readFile(`/tmp/pkg/calculators/__pycache__/${n}`)]);
result.imported = JSON.parse(compiler.runPython(
  "import sys, json; before = set(sys.modules); import calculators.presentation; " +
  "json.dumps(sorted(m for m in set(sys.modules) - before if not m.startswith('calculators')))"));
for (let run = 0; run < runs; run += 1) {
  for (const name of modules) result.stdlib[name].push(timed(await fresh(), `import ${name}`));
  const source = await fresh();
  result.source.push(timed(source, "import calculators.presentation"));
  for (const calc of ["readiness", "roi"]) {
    (result.first_result[calc] ||= []).push(timed(source,
      `from calculators import api, presentation; presentation.respond('${calc}', api.schema('${calc}')['defaults'], 'GBP')`));
  }
  const compiled = await fresh();
  compiled.FS.mkdir("/tmp/pkg/calculators/__pycache__");
  for (const [n, data] of pycs) compiled.FS.writeFile(`/tmp/pkg/calculators/__pycache__/${n}`, data);
  result.bytecode.push(timed(compiled, "import calculators.presentation"));
}
result.pyc_bytes = pycs.reduce((sum, [, data]) => sum + data.length, 0);
console.log(JSON.stringify(result));
"""


def measure(site: Path, runs: int = 3) -> dict:
    """Run the measurement in Node against the site's wheel; medians in ms."""
    wheels = sorted((site / "assets" / "pyodide" / "packages").glob("*/*.whl"))
    if not wheels:
        raise FileNotFoundError(f"no calculators wheel under {site / 'assets/pyodide/packages'}")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        script = Path(scratch) / "startup.mjs"
        script.write_text(SCRIPT % {
            "loader": json.dumps(str(RUNTIME / "pyodide.mjs")), "index": json.dumps(str(RUNTIME) + "/"),
            "wheel": json.dumps(str(wheels[-1])), "runs": runs, "modules": json.dumps(list(STDLIB_MODULES)),
        }, encoding="utf-8")
        done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        raise RuntimeError(f"the start-up measurement failed: {done.stderr[-2000:]}")
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    summary = {
        "imported_stdlib": raw["imported"],
        "stdlib_import_ms": {name: stats.median(times) for name, times in raw["stdlib"].items()},
        "import_from_source_ms": stats.median(raw["source"]),
        "import_from_bytecode_ms": stats.median(raw["bytecode"]),
        "first_result_ms": {name: stats.median(times) for name, times in raw["first_result"].items()},
        "pyc_bytes": raw["pyc_bytes"], "runs": runs,
    }
    summary["markdown"] = "\n".join([
        "",
        f"Python start-up inside Pyodide (Node, fresh instances, medians of {runs}): importing "
        f"`calculators.presentation` pulls in {', '.join(f'`{m}`' for m in raw['imported']) or 'nothing more'} from the "
        "standard library, compiled from source on every start.",
        "",
        "| Import or step | ms |",
        "|---|---|",
        *[f"| `import {name}` alone | {ms:.0f} |" for name, ms in summary["stdlib_import_ms"].items()],
        f"| `import calculators.presentation` from source (all of the above it needs) | {summary['import_from_source_ms']:.0f} |",
        f"| the same with bytecode compiled by Pyodide's Python (+{summary['pyc_bytes'] / 1024:.0f} KB of .pyc) | "
        f"{summary['import_from_bytecode_ms']:.0f} |",
        *[f"| first `presentation.respond('{name}', defaults)` after import | {ms:.0f} |" for name, ms in summary["first_result_ms"].items()],
        "",
        "A module already loaded by Pyodide's own start-up shows about 0 ms. Any other module the first result "
        "does not need is start-up time that every cold and warm visit pays.",
    ])
    return summary
