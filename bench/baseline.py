"""The floor: a minimal page that only brings up the same Pyodide runtime in a module worker.

Written into the served site at bench time (never into ``docs/``): a page that starts a
module worker, which imports ``loadPyodide`` from the very files the site serves under
``assets/pyodide/<version>/``, starts it (with the site's lockfile, which ``loadPyodide``
always fetches) and runs one line of Python. It loads no package. The page records when
the worker's answer arrives, on the same clock (``performance.now()`` from navigation start)
that the calculator pages are timed on.
"""

from __future__ import annotations

import json
from pathlib import Path

FOLDER = "bench-bare"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide load</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><p id="status">Loading Pyodide…</p>
<script type="module" src="./page.js"></script></body></html>
"""

# A file, not an inline script, so the site's Content-Security-Policy (script-src 'self')
# allows it, as it does the site's own modules.
PAGE_SCRIPT = """const worker = new Worker("./worker.js", { type: "module" });
worker.addEventListener("message", (event) => {
  window.__bare = { ready: performance.now(), ...event.data };
  document.getElementById("status").textContent = `Python says ${event.data.answer}`;
});
worker.addEventListener("error", (event) => { window.__bare = { error: String(event.message) }; });
"""

WORKER = """// The bare runtime: loadPyodide from the site's own copy, then one line of Python.
import { loadPyodide } from "%(index)spyodide.mjs";
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL: new URL("%(index)s", import.meta.url).href,
  lockFileURL: new URL("%(lockfile)s", import.meta.url).href,
});
const answer = pyodide.runPython("1 + 1");
self.postMessage({ answer, workerMs: performance.now() - started });
"""


def site_runtime(site_dir: Path) -> tuple[str, str]:
    """The runtime folder and lockfile the site's worker uses, relative to the site root
    (e.g. ``assets/pyodide/314.0.7/``), from the ``runtime.json`` the build writes."""
    manifest = json.loads((site_dir / "assets" / "pyodide" / "runtime.json").read_text(encoding="utf-8"))
    index, lockfile = manifest["indexURL"], manifest["lockFileURL"]
    if "//" in index:
        raise ValueError(f"the site loads Pyodide from another origin ({index}); the bare page needs a self-hosted runtime")
    return f"assets/pyodide/{index}", f"assets/pyodide/{lockfile}"


def write(site_dir: Path, runtime: tuple[str, str] | None = None, folder: str = FOLDER) -> str:
    """Write the bare page into ``site_dir/<folder>/``; return its URL path.

    ``runtime`` is (runtime folder, lockfile) relative to the site root (default: the site's own).
    """
    runtime, lockfile = runtime or site_runtime(site_dir)
    if not (site_dir / runtime / "pyodide.mjs").is_file():
        raise FileNotFoundError(f"no Pyodide runtime at {site_dir / runtime}")
    target = site_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    depth = "../" * len(Path(folder).parts)
    (target / "index.html").write_text(PAGE, encoding="utf-8")
    (target / "page.js").write_text(PAGE_SCRIPT, encoding="utf-8")
    (target / "worker.js").write_text(WORKER % {"index": depth + runtime, "lockfile": depth + lockfile}, encoding="utf-8")
    return f"{folder}/"
