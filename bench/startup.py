"""Python start-up inside Pyodide (under Node): what the first result pays for, as the site ships it.

Part of ``python -m bench`` unless ``--no-levers``. In fresh Pyodide instances started from the
built site's runtime folder and wheel (bytecode when the build made it, mkdocs_calculators/bundle.py),
with the dataclass methods the build compiled in use as the worker uses them: the time to import each standard-library module the calculators pull in, the import of
``calculators.web``, and each calculator's first result. A module the first result
does not need is time to cut. The browser-side effect of bytecode is the ``bytecode`` lever
(bench/levers.py).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from bench import stats
from mkdocs_calculators.bundle import PYTHON_JS

STDLIB_MODULES = ("html", "urllib.parse", "fractions", "csv", "json", "dataclasses")

SCRIPT = r"""
import { loadPyodide } from %(loader)s;
import { USE_COMPILED_METHODS } from %(python_js)s;
import { readFileSync } from "node:fs";
const wheel = readFileSync(%(wheel)s);
const runs = %(runs)d;
const modules = %(modules)s;
// `methods`: with the dataclass methods the build compiled in use, as the worker has them (it
// imports dataclasses, so the instances that time a stdlib module alone go without).
const fresh = async (methods = false) => {
  const py = await loadPyodide({ indexURL: %(index)s, lockFileURL: %(lockfile)s });
  py.FS.writeFile("/tmp/c.whl", wheel);
  py.runPython("import zipfile, sys; zipfile.ZipFile('/tmp/c.whl').extractall('/tmp/pkg'); sys.path.insert(0, '/tmp/pkg')");
  if (methods) py.runPython(USE_COMPILED_METHODS);
  return py;
};
const timed = (py, code) => { const start = performance.now(); py.runPython(code); return performance.now() - start; };
const result = { stdlib: {}, imports: [], first_result: {} };
for (const name of modules) result.stdlib[name] = [];
result.imported = JSON.parse((await fresh()).runPython(
  "import sys, json; before = set(sys.modules); import calculators.web; " +
  "json.dumps(sorted(m for m in set(sys.modules) - before if not m.startswith('calculators')))"));
for (let run = 0; run < runs; run += 1) {
  for (const name of modules) result.stdlib[name].push(timed(await fresh(), `import ${name}`));
  const py = await fresh(true);
  result.imports.push(timed(py, "import calculators.web"));
  for (const calc of ["readiness", "roi"]) {
    (result.first_result[calc] ||= []).push(timed(py,
      `from calculators import api, web; web.respond('${calc}', api.schema('${calc}')['defaults'], 'GBP')`));
  }
}
console.log(JSON.stringify(result));
"""


def measure(site: Path, runs: int = 3) -> dict:
    """Run the measurement in Node against the site's runtime and wheel; medians in ms."""
    from bench import baseline

    runtime, lockfile = baseline.site_runtime(site)
    lock = json.loads((site / lockfile).read_text(encoding="utf-8"))
    wheel = (site / lockfile).parent / lock["packages"]["calculators"]["file_name"]
    compiled = "-cp" in wheel.name
    index = (site / runtime).resolve()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        script = Path(scratch) / "startup.mjs"
        script.write_text(SCRIPT % {
            "loader": json.dumps(str(index / "pyodide.mjs")), "index": json.dumps(str(index) + "/"),
            "python_js": json.dumps(PYTHON_JS.as_uri()),
            "wheel": json.dumps(str(wheel)), "lockfile": json.dumps(str((site / lockfile).resolve())), "runs": runs, "modules": json.dumps(list(STDLIB_MODULES)),
        }, encoding="utf-8")
        done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        raise RuntimeError(f"the start-up measurement failed: {done.stderr[-2000:]}")
    raw = json.loads(done.stdout.strip().splitlines()[-1])
    summary = {
        "imported_stdlib": raw["imported"], "bytecode": compiled,
        "stdlib_import_ms": {name: stats.median(times) for name, times in raw["stdlib"].items()},
        "import_ms": stats.median(raw["imports"]),
        "first_result_ms": {name: stats.median(times) for name, times in raw["first_result"].items()},
        "runs": runs,
    }
    shipped = "bytecode" if compiled else "source"
    summary["markdown"] = "\n".join([
        "",
        f"Python start-up inside Pyodide (Node, fresh instances, the site's runtime and wheel as built: {shipped}, "
        f"medians of {runs}): importing `calculators.web` pulls in "
        f"{', '.join(f'`{m}`' for m in raw['imported']) or 'nothing more'} from the standard library.",
        "",
        "| Import or step | ms |",
        "|---|---|",
        *[f"| `import {name}` alone | {ms:.0f} |" for name, ms in summary["stdlib_import_ms"].items()],
        f"| `import calculators.web` (all of the above it needs) | {summary['import_ms']:.0f} |",
        *[f"| first `web.respond('{name}', defaults)` after import | {ms:.0f} |" for name, ms in summary["first_result_ms"].items()],
        "",
        "A module already loaded by Pyodide's own start-up shows about 0 ms. Any other module the first result "
        "does not need is start-up time that every cold and warm visit pays.",
    ])
    return summary
