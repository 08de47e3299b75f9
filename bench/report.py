"""Turn one run's raw measurements into the summary, the targets' verdicts and results.md."""

from __future__ import annotations

from bench import stats
from bench.pages import CALCULATOR_PAGES
from bench.weight import CONTENT_BUDGET_PAGES, ON_THE_FLY_BROTLI_QUALITY, ON_THE_FLY_GZIP_LEVEL

TTL_RATIO_TARGET = 1.25
TTL_WARM_RATIO_TARGET = 1.15
#: With the plugin's memory snapshot (the site built with PYODIDE_SNAPSHOT=true), cold.
TTL_SNAPSHOT_RATIO_TARGET = 0.80
#: The series of a calculator on the site built with the memory snapshot: "<name>, snapshot".
SNAPSHOT_SUFFIX = ", snapshot"
RECOMPUTE_P95_TARGET_MS = 30.0
CONTENT_BUDGET_BYTES = 150 * 1024
LIGHTHOUSE_TARGET = 95
BUILD_TARGET_SECONDS = 10.0
STAGES = ("workerStart", "loading", "packages", "ready")
#: The site-worker page (bench.baseline.write_worker) has no calculator, so no "loading".
WORKER_STAGES = ("workerStart", "packages", "ready")
WORKER_ROW = "site worker, minimal page"


def _against_bare(marks: list[dict], bare: list[float], stages: tuple[str, ...]) -> dict:
    """One page's visits of one kind (cold or warm), against the bare page's visits of that kind."""
    ready = [mark["ready"] for mark in marks]
    ratios = stats.paired_ratios(ready, bare)
    return {
        "median_ms": stats.median(ready),
        "range_ms": stats.spread(ready),
        "ratio_to_bare": stats.median(ratios),
        "ratio_range": stats.spread(ratios),
        "stages_ms": {stage: stats.median([m[stage] for m in marks if m.get(stage) is not None]) for stage in stages},
        "n": len(ready),
    }


def _liveness(raw: dict) -> dict:
    series = raw["series"]
    out = {}
    for visit in ("cold", "warm"):
        bare = [mark["ready"] for mark in series["bare"][visit]]
        out.setdefault("bare", {})[visit] = {
            "median_ms": stats.median(bare), "range_ms": stats.spread(bare), "n": len(bare),
            "worker_started_ms": stats.median([mark["ready"] - mark["workerMs"] for mark in series["bare"][visit]]),
        }
        out.setdefault("worker", {})[visit] = _against_bare(series["worker"][visit], bare, WORKER_STAGES)
        for name in (*CALCULATOR_PAGES, *(n + SNAPSHOT_SUFFIX for n in CALCULATOR_PAGES if n + SNAPSHOT_SUFFIX in series)):
            marks = series[name][visit]
            entry = out.setdefault(name, {})[visit] = _against_bare(marks, bare, STAGES)
            entry["first_contentful_paint_ms"] = stats.median([m["firstContentfulPaint"] for m in marks if m.get("firstContentfulPaint")])
    return out


def _recompute(raw: dict) -> dict:
    out = {}
    for name, timings in raw.items():
        dom = [t["dom"] for t in timings]
        frame = [t["frame"] for t in timings]
        out[name] = {
            "n": len(dom),
            "p50_ms": stats.percentile(dom, 0.5), "p95_ms": stats.percentile(dom, 0.95),
            "frame_p50_ms": stats.percentile(frame, 0.5), "frame_p95_ms": stats.percentile(frame, 0.95),
        }
    return out


def _weight(raw: dict) -> dict:
    pages = {
        name: {key: entry[key] for key in ("requests", "raw", "gzip", "br", "pyodide_raw", "pyodide_gzip", "pyodide_br",
                                          "calculators_gzip", "calculators_br")}
        | {"other_origin": len(entry["other_origin"])}
        for name, entry in raw["pages"].items()
    }
    session = {key: raw["content_session"][key] for key in ("raw", "gzip", "br", "pyodide_gzip")}
    return {"pages": pages, "content_session": session}


def _lighthouse(raw: dict) -> dict:
    out = {}
    for name, presets in raw.items():
        for preset, attempts in presets.items():
            runs = [run for run in attempts if "error" not in run]
            if not runs:
                out.setdefault(name, {})[preset] = {"error": attempts[-1]["error"]}
                continue
            scores = {category: stats.median([run["scores"][category] for run in runs]) for category in runs[0]["scores"]}
            metrics = {metric: stats.median([run["metrics"][metric] for run in runs]) for metric in runs[0]["metrics"]}
            failing = sorted({audit for run in runs for audit in run["failing_audits"]})
            out.setdefault(name, {})[preset] = {"scores": scores, "metrics": metrics, "failing_audits": failing, "n": len(runs)}
    return out


def _build(raw: dict) -> dict:
    rebuilds = [r["seconds"] for r in raw["serve_rebuilds"]]
    return {
        "full_median_s": stats.median(raw["full_seconds"]), "full_range_s": stats.spread(raw["full_seconds"]),
        "serve_rebuild_median_s": stats.median(rebuilds), "serve_rebuild_range_s": stats.spread(rebuilds),
        "serve_rebuild_mkdocs_reported_median_s": stats.median(
            [r["mkdocs_reported"] for r in raw["serve_rebuilds"] if r["mkdocs_reported"] is not None]),
    }


def _targets(summary: dict) -> list[dict]:
    targets = []
    for visit, label, target in (("cold", "cold", TTL_RATIO_TARGET), ("warm", "warm cache", TTL_WARM_RATIO_TARGET)):
        bare_s = summary["liveness"]["bare"][visit]["median_ms"] / 1000
        for name in CALCULATOR_PAGES:
            entry = summary["liveness"][name][visit]
            targets.append({
                "measure": f"Time to live, {name}, {label}, × bare Pyodide load", "target": f"≤ {target:.2f}",
                "value": f"{entry['ratio_to_bare']:.2f} ({entry['median_ms'] / 1000:.2f} s vs {bare_s:.2f} s)",
                "met": entry["ratio_to_bare"] <= target,
            })
    for name in CALCULATOR_PAGES:
        with_snapshot = summary["liveness"].get(name + SNAPSHOT_SUFFIX)
        if not with_snapshot:
            continue
        cold = with_snapshot["cold"]
        extra = summary.get("snapshot_bytes_br")
        targets.append({
            "measure": f"Time to live, {name}, cold, with the memory snapshot, × bare Pyodide load",
            "target": f"≤ {TTL_SNAPSHOT_RATIO_TARGET:.2f}",
            "value": f"{cold['ratio_to_bare']:.2f} ({cold['median_ms'] / 1000:.2f} s"
                     + (f"; +{extra / 1024 / 1024:.2f} MB brotli on a first visit)" if extra else ")"),
            "met": cold["ratio_to_bare"] <= TTL_SNAPSHOT_RATIO_TARGET,
        })
    for name, entry in summary["recompute"].items():
        targets.append({"measure": f"Recompute p95, {name}", "target": f"≤ {RECOMPUTE_P95_TARGET_MS:.0f} ms",
                        "value": f"{entry['p95_ms']:.1f} ms (p50 {entry['p50_ms']:.1f} ms)",
                        "met": entry["p95_ms"] <= RECOMPUTE_P95_TARGET_MS})
    session = summary["weight"]["content_session"]
    targets.append({"measure": "Article + FAQ + playbook page, compressed, one visit each", "target": "≤ 150 KB",
                    "value": f"{session['gzip'] / 1024:.1f} KB gzip, {session['br'] / 1024:.1f} KB brotli",
                    "met": session["gzip"] <= CONTENT_BUDGET_BYTES})
    content = [name for name in summary["weight"]["pages"] if name not in CALCULATOR_PAGES]
    pyodide = sum(summary["weight"]["pages"][name]["pyodide_raw"] for name in content)
    targets.append({"measure": f"Pyodide bytes on {', '.join(content)}", "target": "0",
                    "value": f"{pyodide}", "met": pyodide == 0})
    for preset in ("mobile", "desktop"):
        scores = {name: entry[preset]["scores"]["performance"] for name, entry in summary.get("lighthouse", {}).items()
                  if "scores" in entry.get(preset, {})}
        if scores:
            worst = min(scores, key=scores.get)
            targets.append({"measure": f"Lighthouse performance, every page type ({preset})", "target": f"≥ {LIGHTHOUSE_TARGET}",
                            "value": f"lowest {scores[worst]:.0f} ({worst})", "met": min(scores.values()) >= LIGHTHOUSE_TARGET})
    build = summary["build"]
    targets.append({"measure": "Full mkdocs build", "target": f"≤ {BUILD_TARGET_SECONDS:.0f} s",
                    "value": f"{build['full_median_s']:.2f} s", "met": build["full_median_s"] <= BUILD_TARGET_SECONDS})
    return targets


def summarise(results: dict) -> dict:
    summary = {
        "started": results["started"], "finished": results["finished"], "options": results["options"],
        "machine": results["machine"],
        "liveness": _liveness(results["liveness"]),
        "recompute": _recompute(results["recompute"]),
        "weight": _weight(results["weight"]),
        "build": _build(results["build"]),
    }
    if "lighthouse" in results:
        summary["lighthouse"] = _lighthouse(results["lighthouse"])
    if "levers" in results:
        summary["levers"] = results["levers"]["summary"]
    if "snapshot_site" in results:
        summary["snapshot_bytes_br"] = results["snapshot_site"]["bytes"]["br"]
    summary["targets"] = _targets(summary)
    return summary


def _kb(value: float) -> str:
    return f"{value / 1024:,.1f}"


def headline_table(summary: dict) -> str:
    rows = ["| Measure | Target | Result | Met |", "|---|---|---|---|"]
    for target in summary["targets"]:
        rows.append(f"| {target['measure']} | {target['target']} | {target['value']} | {'yes' if target['met'] else '**no**'} |")
    return "\n".join(rows) + "\n"


README_START = "<!-- bench:latest -->"
README_END = "<!-- /bench:latest -->"


def readme_section(summary: dict) -> str:
    """The README's quote of the latest run: when, where, the targets table and the cold-visit split."""
    m = summary["machine"]
    roi = summary["liveness"]["roi"]["cold"]
    bare = summary["liveness"]["bare"]["cold"]
    worker = summary["liveness"]["worker"]["cold"]
    return "\n".join([
        f"Latest run ({summary['finished']}, commit `{m['commit']}`, {m['cores']} shared cores, load average "
        f"{m['load_average_at_start'][0]} at the start, Chromium {m['browser']}, Pyodide {m['pyodide']}):",
        "",
        headline_table(summary),
        f"Where the time goes on a cold ROI visit (medians): the page starts the worker at "
        f"{roi['stages_ms']['workerStart']:.0f} ms (the bare page at {bare['worker_started_ms']:.0f} ms), `loadPyodide` "
        f"(the wheel fetched beside it) is done at {roi['stages_ms']['packages']:.0f} ms, and the imports and the first result take "
        f"the page live at {roi['stages_ms']['ready']:.0f} ms; the bare page runs its line of Python at "
        f"{bare['median_ms']:.0f} ms, and the site's worker on a minimal page has its first ROI result at "
        f"{worker['median_ms']:.0f} ms ({worker['ratio_to_bare']:.2f} × bare). bench/results.md has every table.",
    ])


def splice(text: str, section: str) -> str:
    r"""``text`` with what lies between the README markers replaced by ``section``.

    >>> splice("a\n<!-- bench:latest -->\nold\n<!-- /bench:latest -->\nz", "new")
    'a\n<!-- bench:latest -->\nnew\n<!-- /bench:latest -->\nz'
    """
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {README_START} ... {README_END} are missing or out of order")
    return text[: start + len(README_START)] + "\n" + section.strip("\n") + "\n" + text[end:]


def markdown(summary: dict) -> str:
    m = summary["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`python -m bench`) on {summary['finished']}, commit `{m['commit']}`, options "
        + ", ".join(f"{key}={value}" for key, value in summary["options"].items() if value not in ([], None)) + ".",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, load average {m['load_average_at_start']} at the start "
        f"(the machine is shared: compare ratios within this run, not absolute times across runs). "
        f"Browser: Chromium {m['browser']}, headless. Pyodide {m['pyodide']}, Lighthouse {m['lighthouse']}, Python {m['python']}.",
        "",
        "## Targets",
        "",
        headline_table(summary),
        "## Time to live calculator",
        "",
        f"From navigation start to `data-status=\"ready\"` with the recomputed `data-value` that CPython gives for the "
        f"same inputs (opened through a share link that changes one input). Medians of {summary['options']['runs']} runs, "
        "interleaved with the bare page; the ratio is the median of run-by-run ratios to the bare Pyodide load "
        "(a minimal page: module worker, `loadPyodide` from the same files, one `runPython`). Cold: a fresh browser "
        "context; warm: a second visit in the same context.",
        "",
        "| Page | Cold | × bare | Warm | × bare (warm) | worker started | runtime up | live |",
        "|---|---|---|---|---|---|---|---|",
    ]
    live = summary["liveness"]
    lines.append(f"| bare Pyodide | {live['bare']['cold']['median_ms']:.0f} ms | 1.00 | {live['bare']['warm']['median_ms']:.0f} ms | 1.00 | "
                 f"{live['bare']['cold']['worker_started_ms']:.0f} ms | | {live['bare']['cold']['median_ms']:.0f} ms |")
    snapshot_rows = tuple((name + SNAPSHOT_SUFFIX, name + ", with the memory snapshot") for name in CALCULATOR_PAGES
                          if name + SNAPSHOT_SUFFIX in live)
    for name, label in (("worker", WORKER_ROW), *((name, name) for name in CALCULATOR_PAGES), *snapshot_rows):
        cold, warm = live[name]["cold"], live[name]["warm"]
        stages = cold["stages_ms"]
        lines.append(
            f"| {label} | {cold['median_ms']:.0f} ms | {cold['ratio_to_bare']:.2f} | {warm['median_ms']:.0f} ms | "
            f"{warm['ratio_to_bare']:.2f} | {stages['workerStart']:.0f} ms | {stages['packages']:.0f} ms | {stages['ready']:.0f} ms |"
        )
    lines += [
        "",
        f"The row \"{WORKER_ROW}\" is the site's own worker (`calculator-worker.js`) started on a page as minimal as "
        "the bare one, answering one run of the ROI calculator's example inputs. Its gap to bare Pyodide is the site's own "
        "start-up in the worker: reading `runtime.json`, the calculators wheel, the imports and the first compute. "
        "The gap between it and a calculator page is the page's own work (the theme's scripts, style and layout) "
        "competing with the worker for the cores.",
        "",
        "The last three columns split the cold visit: when the page started the worker (the `calculators:worker-start` "
        "performance mark), when `loadPyodide` finished (the wheel is fetched meanwhile, beside it), and when the "
        "first result was in the page (the wheel put on `sys.path`, the imports and one compute after that). The rows "
        "\"with the memory snapshot\" are the same pages on the site built with the plugin's `snapshot` option "
        "(`PYODIDE_SNAPSHOT=true`), measured in the same runs.",
        "",
        "## Recompute latency",
        "",
        "From the input event to the result Python sent back being in the DOM (and to the next frame).",
        "",
        "| Calculator | changes | p50 | p95 | p50 to frame | p95 to frame |",
        "|---|---|---|---|---|---|",
    ]
    for name, entry in summary["recompute"].items():
        lines.append(f"| {name} | {entry['n']} | {entry['p50_ms']:.1f} ms | {entry['p95_ms']:.1f} ms | "
                     f"{entry['frame_p50_ms']:.1f} ms | {entry['frame_p95_ms']:.1f} ms |")
    lines += [
        "",
        "## Bytes over the wire",
        "",
        "A first visit with an empty cache (calculator pages: until live), every file the page and its workers requested. "
        "Text files compressed as a static host serves them: the build's precompressed `.gz`/`.br` file where there is "
        f"one, else on the fly (gzip -{ON_THE_FLY_GZIP_LEVEL}, brotli quality {ON_THE_FLY_BROTLI_QUALITY}); archives as they are.",
        "",
        "| Page | requests | raw KB | gzip KB | brotli KB | of which Pyodide (brotli) KB | calculators wheel (brotli) KB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, entry in summary["weight"]["pages"].items():
        lines.append(f"| {name} | {entry['requests']} | {_kb(entry['raw'])} | {_kb(entry['gzip'])} | {_kb(entry['br'])} | "
                     f"{_kb(entry['pyodide_br'])} | {_kb(entry['calculators_br'])} |")
    session = summary["weight"]["content_session"]
    lines += [
        f"| {' + '.join(CONTENT_BUDGET_PAGES)}, one session | | {_kb(session['raw'])} | {_kb(session['gzip'])} | {_kb(session['br'])} | "
        f"{_kb(session['pyodide_gzip'])} | |",
        "",
        "## Build",
        "",
        "| Measure | median | range |",
        "|---|---|---|",
    ]
    build = summary["build"]
    lines.append(f"| Full `mkdocs build --strict` | {build['full_median_s']:.2f} s | {build['full_range_s'][0]:.2f}–{build['full_range_s'][1]:.2f} s |")
    lines.append(f"| `mkdocs serve` rebuild after a Markdown edit (edit to \"built\") | {build['serve_rebuild_median_s']:.2f} s | "
                 f"{build['serve_rebuild_range_s'][0]:.2f}–{build['serve_rebuild_range_s'][1]:.2f} s |")
    if "lighthouse" in summary:
        lines += [
            "",
            "## Lighthouse",
            "",
            "Lighthouse 12.2.3, simulated throttling; mobile is its default preset (slow 4G, 4× CPU slowdown).",
            "",
            "| Page | preset | performance | accessibility | best practices | SEO | LCP | TBT | CLS | audits not passed |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, presets in summary["lighthouse"].items():
            for preset, entry in presets.items():
                if "error" in entry:
                    lines.append(f"| {name} | {preset} | Lighthouse failed: {entry['error']} |||||||||")
                    continue
                s, x = entry["scores"], entry["metrics"]
                lines.append(
                    f"| {name} | {preset} | {s['performance']:.0f} | {s['accessibility']:.0f} | {s['best-practices']:.0f} | "
                    f"{s['seo']:.0f} | {x['lcp_ms']:.0f} ms | {x['tbt_ms']:.0f} ms | {x['cls']:.3f} | "
                    f"{', '.join(entry['failing_audits']) or '–'} |"
                )
    if "levers" in summary:
        lines += ["", "## Levers measured in this run", "", summary["levers"]["markdown"]]
    lines += [
        "",
        "Not measured by this benchmark: preload hints for the runtime's files. They were measured by hand "
        "(README, \"Performance\"): no faster on localhost, and on Lighthouse's simulated mobile network "
        "the runtime's downloads delayed the page itself.",
    ]
    lines.append("")
    return "\n".join(lines)
