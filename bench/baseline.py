"""The floor: a minimal page that only brings up the same Pyodide runtime in a module worker.

Written into the served site at bench time (never into ``docs/``): a page that starts a
module worker, which imports ``loadPyodide`` from the very files the site serves under
``assets/pyodide/<version>/``, starts it (with the site's lockfile, which ``loadPyodide``
always fetches) and runs one line of Python. It loads no package. The page records when
the worker's answer arrives, on the same clock (``performance.now()`` from navigation start)
that the calculator pages are timed on.

A second minimal page (:func:`write_worker`) starts the site's own worker instead,
``assets/javascripts/calculator-worker.js``, exactly as ``calculators.js`` does, and sends it
one run of the ROI calculator's example inputs. Between the two pages lies the site's own
start-up in the worker (``runtime.json``, the wheel, the imports, the first compute); between
it and a calculator page, the page's own work on the main thread.
"""

from __future__ import annotations

import json
from pathlib import Path

FOLDER = "bench-bare"
WORKER_FOLDER = "bench-worker"
SITE_WORKER = "assets/javascripts/calculator-worker.js"

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
    (e.g. ``assets/pyodide/0.29.5-cp313-4f7e9250/``), from the ``runtime.json`` the build writes."""
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


WORKER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The site's calculator worker</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><p id="status">Starting the calculators…</p>
<script type="module" src="./page.js"></script></body></html>
"""

# As calculators.js does (startEngine, onWorkerMessage, Calculator.progress): start the worker,
# and send the run when it reports the "ready" stage; the worker answers once Python computed it.
# The marks: when the worker was started, the worker's progress stages ("ready" is called
# "imported" here: the calculators are imported) and, as ``ready``, when the result arrived.
# Anything else the worker says is a failure.
WORKER_PAGE_SCRIPT = """const payload = %(payload)s;
const marks = {};
const status = document.getElementById("status");
const fail = (error) => { window.__bare = { error }; status.textContent = error; };
marks.workerStart = performance.now();
performance.mark("calculators:worker-start");
const worker = new Worker(new URL("%(worker)s", import.meta.url), { type: "module", name: "calculators" });
worker.addEventListener("message", (event) => {
  const message = event.data || {};
  const now = performance.now();
  if (message.type === "progress") {
    marks[message.stage === "ready" ? "imported" : message.stage] = now;
    if (message.stage === "ready") {
      performance.mark("calculators:python-ready");
      worker.postMessage({ type: "run", id: 1, name: "roi", payload, currency: "" });
    }
  } else if (message.type === "result" && message.id === 1 && message.response && message.response.ok === true) {
    window.__bare = { ready: now, ok: true, ...marks };
    status.textContent = "Python answered";
  } else if (message.type === "result") {
    fail(`the ROI calculator answered ${JSON.stringify(message.response && message.response.errors)} (id ${message.id})`);
  } else {
    fail(`the worker sent ${message.type}: ${message.reason || ""} ${message.detail || ""}`);
  }
});
worker.addEventListener("error", (event) => fail(`the worker failed: ${event.message}`));
worker.addEventListener("messageerror", () => fail("a message from the worker could not be read"));
"""


def roi_defaults() -> dict:
    """The ROI calculator's example inputs: the payload its page sends when opened without a
    share link (the ROI form has no payload root, so its fields are the payload)."""
    from calculators import api

    return api.schema("roi")["defaults"]


def write_worker(site_dir: Path, folder: str = WORKER_FOLDER) -> str:
    """Write the site-worker page into ``site_dir/<folder>/``; return its URL path."""
    if not (site_dir / SITE_WORKER).is_file():
        raise FileNotFoundError(f"no calculator worker at {site_dir / SITE_WORKER}")
    target = site_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    depth = "../" * len(Path(folder).parts)
    (target / "index.html").write_text(WORKER_PAGE, encoding="utf-8")
    (target / "page.js").write_text(
        WORKER_PAGE_SCRIPT % {"payload": json.dumps(roi_defaults()), "worker": depth + SITE_WORKER}, encoding="utf-8"
    )
    return f"{folder}/"
