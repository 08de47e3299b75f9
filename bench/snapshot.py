"""Pyodide's memory snapshot: does a worker restored from one reach its first result sooner?

A lever measured in the same run (``python -m bench``, unless ``--no-levers``), against the
site as built; ``python -m bench.snapshot`` runs it alone. It does not change the site.

* **Making it.** In Node, from the site's own runtime copy, lockfile and wheel, through
  ``makeCalculatorsSnapshot`` in the site's ``calculator-python.js``: ``loadPyodide`` with
  Pyodide's private ``_makeSnapshot`` option, ``loadPackage("calculators")``, the same
  ``respond_json`` bridge the worker defines, then ``makeMemorySnapshot()``. Timed over
  :data:`MAKES` makes; the bytes raw, gzip -9 and brotli quality 11 (what hooks/precompress.py
  would write) and how long those take.
* **Starting from it.** Two minimal pages in the served site, each with a module worker that
  imports the site's ``calculator-python.js`` and the runtime's ``pyodide.mjs``: *normal*
  starts with ``startCalculators`` (as the site's worker does); *snapshot* fetches the
  snapshot (served with its precompressed siblings and a year-long cache rule, like the
  runtime) and starts with ``startFromSnapshot`` (``_loadSnapshot``), no fallback. Each
  worker answers each calculator's default inputs; the page stamps the first answer on its
  clock (navigation start = 0). Cold: a fresh context; warm: a second visit in that context.
  The two are interleaved, the first of each pair alternating, and the ratio is the median
  of run-by-run ratios snapshot/normal.
* **Parity.** Every answer of both workers must equal, character for character, CPython's
  ``json.dumps(web.respond(name, payload, "GBP"), allow_nan=False)`` for the payload
  text the worker sent (the defaults of ``api.schema(name)``); a mismatch fails the run.

The helpers that turn bytes and marks into figures are plain functions
(tests/test_bench_snapshot.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import brotli

from bench import headers, liveness, stats

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "bench-snapshot"
MODES = ("normal", "snapshot")
MAKES = 3
CURRENCY = "GBP"
#: Pyodide's snapshot header (the same in 0.29 and 314): magic "\\0snp", the memory's offset, the JSON's length, 0, build id.
MAGIC = 0x706E7300
HEADER_BYTES = 48
IMMUTABLE = (("Cache-Control", "public, max-age=31536000, immutable"),)

MAKER = r"""
import { writeFileSync } from "node:fs";
import { makeCalculatorsSnapshot } from %(python_js)s;
const { loadPyodide } = await import(%(loader)s);
const marks = { started: performance.now() };
const snapshot = await makeCalculatorsSnapshot(loadPyodide, {
  indexURL: %(index)s, lockFileURL: %(lockfile)s,
  onProgress: (stage) => { marks[stage] = performance.now(); },
});
marks.made = performance.now();
writeFileSync(%(out)s, snapshot);
marks.written = performance.now();
console.log(JSON.stringify(marks));
"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calculators start: %(mode)s</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><p id="status">Starting Python (%(mode)s)…</p>
<script type="module" src="./page.js"></script></body></html>
"""

PAGE_SCRIPT = """const marks = {};
window.__start = marks;
const worker = new Worker("./worker.js", { type: "module" });
worker.addEventListener("message", (event) => {
  const now = performance.now();
  const message = event.data;
  if (message.type === "progress") marks[message.stage] = now;
  else if (message.type === "first") { marks.ready = now; marks.workerMs = message.workerMs; }
  else if (message.type === "done") { marks.done = now; marks.answers = message.answers; }
  else if (message.type === "error") marks.error = message.detail;
  document.getElementById("status").textContent = message.type;
});
worker.addEventListener("error", (event) => { marks.error = String(event.message); });
"""

WORKER = """// Start the calculators (%(mode)s), then answer each case; "first" as soon as one is answered.
import { loadPyodide } from "%(index)spyodide.mjs";
import { %(function)s } from "%(python_js)s";
const started = performance.now();
const CASES = %(cases)s;
const options = {
  indexURL: new URL("%(index)s", import.meta.url).href,
  lockFileURL: new URL("%(lockfile)s", import.meta.url).href,
  onProgress: (stage) => self.postMessage({ type: "progress", stage }),
};
%(snapshot)s
try {
  const respondText = await %(function)s(loadPyodide, options);
  const answers = [];
  for (const { name, payload, currency } of CASES) {
    answers.push({ name, currency, payload: JSON.stringify(payload), answer: respondText(name, payload, currency) });
    if (answers.length === 1) self.postMessage({ type: "first", workerMs: performance.now() - started });
  }
  self.postMessage({ type: "done", answers });
} catch (error) {
  self.postMessage({ type: "error", detail: String((error && error.stack) || error) });
}
"""

SNAPSHOT_FETCH = """options.snapshot = fetch(new URL("%(url)s", import.meta.url)).then((response) => {
  if (!response.ok) throw new Error(`the snapshot answered HTTP ${response.status}`);
  return response.arrayBuffer();
});"""


# --- Plain functions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """What the first bytes of a Pyodide memory snapshot say."""

    build_id: str  # the runtime build it was made with (64 hex digits)
    memory_offset: int  # where the WebAssembly memory starts in the file
    config: dict  # Pyodide's JSON: the JavaScript objects Python held ("hiwireKeys", "immortalKeys")


def read_header(data: bytes) -> Header:
    """Parse a snapshot's header; ValueError when ``data`` is not one.

    The layout is Pyodide's (``API.makeSnapshot`` in pyodide.asm.js, a private format):
    little-endian uint32 magic, memory offset, JSON length, zero, then the build id as
    eight uint32s, each the big-endian value of 8 hex digits; the JSON follows at byte 48.
    """
    if len(data) < HEADER_BYTES or len(data) % 4:
        raise ValueError(f"{len(data)} bytes is no Pyodide snapshot")
    magic, offset, length, _ = struct.unpack_from("<4I", data, 0)
    if magic != MAGIC:
        raise ValueError(f"not a Pyodide snapshot (magic {magic:#010x})")
    if not HEADER_BYTES + length <= offset <= len(data):
        raise ValueError(f"a snapshot header with memory offset {offset} and JSON length {length} in {len(data)} bytes")
    build_id = "".join(f"{word:08x}" for word in struct.unpack_from("<8I", data, 16))
    config = json.loads(data[HEADER_BYTES:HEADER_BYTES + length].decode("utf-8"))
    return Header(build_id=build_id, memory_offset=offset, config=config)


def runtime_build_id(pyodide_mjs: str) -> str:
    """The ``BUILD_ID`` a runtime's ``pyodide.mjs`` checks snapshots against.

    >>> runtime_build_id('x={checkAPIVersion:!0,BUILD_ID:"' + "ab" * 32 + '"}')[:8]
    'abababab'
    """
    found = set(re.findall(r'BUILD_ID:"([0-9a-f]{64})"', pyodide_mjs))
    if len(found) != 1:
        raise ValueError(f"expected one BUILD_ID in pyodide.mjs, found {len(found)}")
    return found.pop()


def cases(names=("roi", "readiness"), currency: str = CURRENCY) -> list[dict]:
    """The inputs both workers answer: each calculator's schema defaults (the first is timed)."""
    from calculators import api

    return [{"name": name, "payload": api.schema(name)["defaults"], "currency": currency} for name in names]


def cpython_answer(name: str, payload_text: str, currency: str) -> str:
    """What the worker's ``respond_json`` returns, under CPython, for the payload text it received."""
    from calculators import web

    return json.dumps(web.respond(name, json.loads(payload_text), currency), allow_nan=False)


def mismatches(answers: list[dict], expected_cases: list[dict]) -> list[str]:
    """Every way a worker's answers differ from CPython's (empty when they are equal)."""
    problems = []
    if [(a["name"], a["currency"]) for a in answers] != [(c["name"], c["currency"]) for c in expected_cases]:
        problems.append(f"answered {[a['name'] for a in answers]}, expected {[c['name'] for c in expected_cases]}")
    for answer in answers:
        if json.loads(answer["payload"]) != next((c["payload"] for c in expected_cases if c["name"] == answer["name"]), None):
            problems.append(f"{answer['name']}: the worker sent other inputs than the defaults")
        expected = cpython_answer(answer["name"], answer["payload"], answer["currency"])
        if answer["answer"] != expected:
            at = next((i for i, (a, b) in enumerate(zip(answer["answer"], expected)) if a != b), min(len(answer["answer"]), len(expected)))
            problems.append(f"{answer['name']}: differs from CPython at character {at}: "
                            f"{answer['answer'][at - 40:at + 40]!r} vs {expected[at - 40:at + 40]!r}")
    return problems


def compressed_sizes(data: bytes, brotli_quality: int = 11) -> dict:
    """Raw, gzip -9 and brotli sizes of ``data``, and the seconds each compression took."""
    started = time.perf_counter()
    gz = gzip.compress(data, 9, mtime=0)
    gzip_seconds = time.perf_counter() - started
    started = time.perf_counter()
    br = brotli.compress(data, quality=brotli_quality)
    brotli_seconds = time.perf_counter() - started
    return {"raw": len(data), "gzip": len(gz), "br": len(br), "gzip_seconds": gzip_seconds,
            "br_seconds": brotli_seconds, "br_quality": brotli_quality, "_gz": gz, "_br": br}


def summarise(raw: dict) -> dict:
    """Medians per mode and visit, and the median of paired snapshot/normal ratios.

    ``raw["runs"]`` is a list of {mode: {"cold": marks, "warm": marks}}; marks have ``ready``
    (ms from navigation start to the first answer) and optionally ``runtime``/``packages``.
    """
    out: dict = {"runs": len(raw["runs"])}
    for visit in ("cold", "warm"):
        series = {mode: [run[mode][visit]["ready"] for run in raw["runs"]] for mode in MODES}
        ratios = stats.paired_ratios(series["snapshot"], series["normal"])
        out[visit] = {
            **{f"{mode}_ms": stats.median(series[mode]) for mode in MODES},
            **{f"{mode}_range_ms": stats.spread(series[mode]) for mode in MODES},
            **{f"{mode}_runtime_up_ms": stats.median([run[mode][visit]["packages"] for run in raw["runs"]
                                                        if run[mode][visit].get("packages") is not None]) for mode in MODES},
            "ratio": stats.median(ratios),
            "ratio_range": stats.spread(ratios),
            "saved_ms": stats.median([n - s for s, n in zip(series["snapshot"], series["normal"])]),
        }
    make = raw["make"]
    out["make"] = {
        "total_ms": stats.median([m["written"] - m["started"] for m in make["marks"]]),
        "runtime_ms": stats.median([m["packages"] - m["runtime"] for m in make["marks"]]),
        "packages_ms": stats.median([m["snapshot"] - m["packages"] for m in make["marks"]]),
        "make_snapshot_ms": stats.median([m["made"] - m["snapshot"] for m in make["marks"]]),
        "node_process_s": stats.median(make["process_seconds"]),
        "makes": len(make["marks"]),
    }
    out["bytes"] = {key: raw["bytes"][key] for key in ("raw", "gzip", "br", "br_quality", "gzip_seconds", "br_seconds")}
    out["build_id"] = raw["build_id"]
    out["warm_snapshot_requests"] = raw.get("warm_snapshot_requests")
    out["parity"] = raw["parity"]
    return out


def markdown(summary: dict) -> str:
    """The lever's paragraph and table for results.md."""
    cold, warm, make, size = summary["cold"], summary["warm"], summary["make"], summary["bytes"]
    mb = 1024 * 1024
    cached = summary.get("warm_snapshot_requests")
    cache_note = "" if cached is None else (
        f" On the warm visits the snapshot reached the server {cached} time(s) in all (0: served from the browser's cache)."
    )
    return "\n".join([
        "",
        f"Pyodide memory snapshot (private API `_makeSnapshot`/`_loadSnapshot`, made in Node from the site's runtime, "
        f"lockfile and wheel with `respond_json` defined and one answer from each calculator; runtime build "
        f"`{summary['build_id'][:12]}`). Time from navigation to the first answer computed in a minimal page's worker, "
        f"interleaved, medians of {summary['runs']} runs; × is the median of run-by-run ratios snapshot/normal:",
        "",
        "| Start | normal | from snapshot | × | saved |",
        "|---|---|---|---|---|",
        f"| cold (fresh context) | {cold['normal_ms']:.0f} ms | {cold['snapshot_ms']:.0f} ms | {cold['ratio']:.2f} | {cold['saved_ms']:.0f} ms |",
        f"| warm (second visit) | {warm['normal_ms']:.0f} ms | {warm['snapshot_ms']:.0f} ms | {warm['ratio']:.2f} | {warm['saved_ms']:.0f} ms |",
        f"| runtime up (`loadPyodide` done), cold | {cold['normal_runtime_up_ms']:.0f} ms | {cold['snapshot_runtime_up_ms']:.0f} ms | | |",
        "",
        f"The snapshot is {size['raw'] / mb:.1f} MB raw, {size['gzip'] / mb:.2f} MB gzip -9, {size['br'] / mb:.2f} MB brotli "
        f"(quality {size['br_quality']}), all of it added to a first visit (the runtime files are still fetched). "
        f"Compressing it took {size['gzip_seconds']:.1f} s (gzip) and {size['br_seconds']:.1f} s (brotli). Making it in Node "
        f"took {make['total_ms'] / 1000:.2f} s (median of {make['makes']}; `loadPyodide` {make['runtime_ms'] / 1000:.2f} s, wheel "
        f"and imports {make['packages_ms'] / 1000:.2f} s, `makeMemorySnapshot` {make['make_snapshot_ms']:.0f} ms), "
        f"{make['node_process_s']:.2f} s for the whole Node process.{cache_note} Both workers' answers for the two "
        f"calculators' defaults equal CPython's exactly ({summary['parity']}).",
    ])


# --- Measuring -----------------------------------------------------------------------------------


def _site_paths(site: Path) -> tuple[str, str]:
    from bench import baseline

    return baseline.site_runtime(site)


def make(site: Path, out: Path, makes: int = MAKES) -> dict:
    """Make the snapshot ``makes`` times in Node; keep the last in ``out``; the marks of each."""
    runtime, lockfile = _site_paths(site)
    marks, seconds = [], []
    with tempfile.TemporaryDirectory(prefix="bench-snapshot-") as scratch:
        script = Path(scratch) / "make.mjs"
        script.write_text(MAKER % {
            "python_js": json.dumps((site / "assets" / "javascripts" / "calculator-python.js").as_uri()),
            "loader": json.dumps((site / runtime / "pyodide.mjs").as_uri()),
            "index": json.dumps(str(site / runtime) + "/"), "lockfile": json.dumps(str(site / lockfile)),
            "out": json.dumps(str(out)),
        }, encoding="utf-8")
        for _ in range(makes):
            started = time.perf_counter()
            done = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=600)
            seconds.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise RuntimeError(f"making the snapshot failed: {done.stderr[-3000:]}")
            marks.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {"marks": marks, "process_seconds": seconds}


def write_pages(site: Path, snapshot_file: str, worker_cases: list[dict]) -> dict[str, str]:
    """The two pages under ``site/bench-snapshot/<mode>/``; their URL paths by mode."""
    runtime, lockfile = _site_paths(site)
    paths = {}
    for mode in MODES:
        target = site / FOLDER / mode
        target.mkdir(parents=True, exist_ok=True)
        up = "../../"
        (target / "index.html").write_text(PAGE % {"mode": mode}, encoding="utf-8")
        (target / "page.js").write_text(PAGE_SCRIPT, encoding="utf-8")
        (target / "worker.js").write_text(WORKER % {
            "mode": mode, "index": up + runtime, "lockfile": up + lockfile,
            "python_js": up + "assets/javascripts/calculator-python.js",
            "function": "startCalculators" if mode == "normal" else "startFromSnapshot",
            "cases": json.dumps(worker_cases),
            "snapshot": SNAPSHOT_FETCH % {"url": up + snapshot_file} if mode == "snapshot" else "",
        }, encoding="utf-8")
        paths[mode] = f"{FOLDER}/{mode}/"
    return paths


def visit(context, base_url: str, path: str) -> dict:
    """Open one start page in a new page of ``context``; its marks (ms from navigation start)."""
    page = context.new_page()
    try:
        page.goto(f"{base_url}{path}", wait_until="commit")
        page.wait_for_function("() => window.__start && (window.__start.done !== undefined || window.__start.error)",
                               timeout=liveness.TIMEOUT_MS)
        marks = page.evaluate("() => window.__start")
    finally:
        page.close()
    if marks.get("error"):
        raise RuntimeError(f"{path}: the worker failed: {marks['error']}")
    return marks


def measure(chromium, site: Path, runs: int, log=print) -> dict:
    """Make the snapshot, serve it next to the site, time both starts; raw results and summary."""
    from bench import server

    build_id = runtime_build_id((site / _site_paths(site)[0] / "pyodide.mjs").read_text(encoding="utf-8"))
    data_dir = site / FOLDER / "data" / build_id[:16]
    data_dir.mkdir(parents=True, exist_ok=True)
    snapshot_path = data_dir / "calculators.snapshot"
    log(f"  making the snapshot in Node ({MAKES} times)")
    made = make(site, snapshot_path)
    data = snapshot_path.read_bytes()
    header = read_header(data)
    if header.build_id != build_id:
        raise RuntimeError(f"the snapshot's build id {header.build_id} is not the runtime's {build_id}")
    log(f"  compressing {len(data) / 1024 / 1024:.1f} MB (gzip -9, brotli 11)")
    sizes = compressed_sizes(data)
    snapshot_path.with_name(snapshot_path.name + ".gz").write_bytes(sizes.pop("_gz"))
    snapshot_path.with_name(snapshot_path.name + ".br").write_bytes(sizes.pop("_br"))

    worker_cases = cases()
    paths = write_pages(site, snapshot_path.relative_to(site).as_posix(), worker_cases)
    raw: dict = {"build_id": build_id, "make": made, "bytes": sizes, "runs": [], "encodings": set(), "answers": {}}
    snapshot_url = "/" + snapshot_path.relative_to(site).as_posix()
    warm_requests = 0
    with server.StaticHost(site) as host:
        host.rules = [*host.rules, headers.Rule(f"/{FOLDER}/data/*", IMMUTABLE)]
        for run in range(runs):
            entry = {}
            order = MODES if run % 2 == 0 else MODES[::-1]
            for mode in order:
                context = chromium.new_context()
                try:
                    cold = visit(context, host.url, paths[mode])
                    before = len(host.served)
                    warm = visit(context, host.url, paths[mode])
                    if mode == "snapshot":
                        warm_requests += sum(1 for url, _, _ in host.served[before:] if url == snapshot_url)
                finally:
                    context.close()
                for marks in (cold, warm):
                    raw["answers"].setdefault(mode, []).append(marks.pop("answers"))
                entry[mode] = {"cold": cold, "warm": warm}
            raw["runs"].append(entry)
            log(f"  run {run + 1}/{runs}: cold normal {entry['normal']['cold']['ready']:.0f} ms, snapshot "
                f"{entry['snapshot']['cold']['ready']:.0f} ms; warm normal {entry['normal']['warm']['ready']:.0f} ms, "
                f"snapshot {entry['snapshot']['warm']['ready']:.0f} ms")
        raw["encodings"] = sorted({str(encoding) for url, _, encoding in host.served if url == snapshot_url})
    raw["warm_snapshot_requests"] = warm_requests

    problems = []
    for mode, visits in raw["answers"].items():
        for answers in visits:
            problems += [f"{mode}: {problem}" for problem in mismatches(answers, worker_cases)]
    if problems:
        raise RuntimeError("a worker's answers differ from CPython's: " + "; ".join(problems[:5]))
    checked = sum(len(visits) for visits in raw["answers"].values())
    raw["parity"] = f"{checked} visits × {len(worker_cases)} answers checked"
    raw["answers"] = {mode: visits[0] for mode, visits in raw["answers"].items()}  # keep one set in the results
    summary = summarise(raw)
    summary["snapshot_encodings"] = raw["encodings"]
    summary["markdown"] = markdown(summary)
    return {"raw": raw, "summary": summary}


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.snapshot``: this lever alone, on a built site (or one it builds)."""
    from playwright.sync_api import sync_playwright

    from bench import browser, build

    parser = argparse.ArgumentParser(prog="python -m bench.snapshot", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a site built by mkdocs build (default: build one)")
    parser.add_argument("--runs", type=int, default=5, help="cold+warm visits per start (default 5)")
    parser.add_argument("--out", type=Path, help="write the raw results and summary here as JSON")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-snapshot-site-") as scratch:
        site = options.site
        if site is None:
            site = Path(scratch) / "site"
            build.build(site)
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            try:
                result = measure(chromium, site, options.runs)
                result["summary"]["browser"] = chromium.version
            finally:
                chromium.close()
    print(result["summary"]["markdown"])
    if options.out:
        options.out.write_text(json.dumps(result, indent=1, default=list) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
