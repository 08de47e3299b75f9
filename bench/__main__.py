"""``python -m bench`` (``make bench``): build, serve and measure the site in one run.

It builds the site into a temporary folder (timing the build and ``mkdocs serve``'s rebuild),
serves it on 127.0.0.1 like a static host, and drives Debian's Chromium through Playwright
to time the calculators against the bare Pyodide runtime, their recompute latency and the
bytes of each page type; Lighthouse scores each page type. The results go to
``bench/results.json`` and ``bench/results.md``. See ``--help`` for the knobs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench import baseline, browser, build, levers, snapshot, startup, lighthouse, liveness, machine, pages, recompute, report, server, weight

HERE = Path(__file__).resolve().parent


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold+warm visits per page for the timings (default 7)")
    parser.add_argument("--builds", type=int, default=3, help="full builds to time (default 3)")
    parser.add_argument("--rebuilds", type=int, default=3, help="serve rebuilds to time (default 3)")
    parser.add_argument("--changes", type=int, default=recompute.CHANGES, help="input changes per calculator (default 60)")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="Lighthouse runs per page type and preset, reported as medians (default 3; 0: skip)")
    parser.add_argument("--no-levers", dest="levers", action="store_false",
                        help="skip the levers (measured by default: serving without precompression or cache headers, "
                             "Python start-up in Pyodide, Pyodide's memory snapshot)")
    parser.add_argument("--snapshot-runs", type=int, default=5,
                        help="cold+warm visits per start for the memory snapshot lever (default 5; 0: skip it)")
    parser.add_argument("--runtime", type=Path, action="append", default=[],
                        help="the folder of another Pyodide npm package whose bare load to compare (repeatable)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json and results.md (default bench/)")
    parser.add_argument("--readme", type=Path, default=HERE.parent / "README.md",
                        help="the file whose bench:latest section quotes the run (default README.md; 'none': leave it)")
    return parser.parse_args(argv)


def timings(chromium, host: server.StaticHost, bare_path: str, worker_path: str, runs: int,
            snapshot_host: server.StaticHost | None = None) -> dict:
    """Interleaved cold/warm visits, ``runs`` times: the bare runtime, the site's worker on a
    minimal page, then each calculator, and each calculator on ``snapshot_host`` (the site built
    with the plugin's memory snapshot) when it is given."""
    probes = {name: pages.probe(name) for name in pages.CALCULATOR_PAGES}
    series: dict[str, dict[str, list[dict]]] = {"bare": {"cold": [], "warm": []}, "worker": {"cold": [], "warm": []}}
    series.update({name: {"cold": [], "warm": []} for name in probes})
    if snapshot_host is not None:
        series.update({name + report.SNAPSHOT_SUFFIX: {"cold": [], "warm": []} for name in probes})
    for run in range(runs):
        for key, visit, path in (("bare", liveness.visit_bare, bare_path), ("worker", liveness.visit_worker, worker_path)):
            cold, warm = liveness.cold_and_warm(chromium, host.url, visit, path)
            series[key]["cold"].append(cold)
            series[key]["warm"].append(warm)
        for name, path in pages.CALCULATOR_PAGES.items():
            cold, warm = liveness.cold_and_warm(chromium, host.url, liveness.visit_calculator, path, probes[name])
            series[name]["cold"].append(cold)
            series[name]["warm"].append(warm)
            if snapshot_host is not None:
                cold, warm = liveness.cold_and_warm(chromium, snapshot_host.url, liveness.visit_calculator, path, probes[name])
                series[name + report.SNAPSHOT_SUFFIX]["cold"].append(cold)
                series[name + report.SNAPSHOT_SUFFIX]["warm"].append(warm)
        log(f"  run {run + 1}/{runs}: " + ", ".join(
            f"{name} {series[name]['cold'][-1]['ready']:.0f} ms" for name in ("bare", "worker", *probes)) + " (cold)")
    return {"series": series, "probes": {name: vars(probe) for name, probe in probes.items()}}


def snapshot_bytes(site: Path) -> dict[str, int]:
    """The memory snapshot a site built with the plugin's ``snapshot`` option ships, as a host sends it."""
    manifest = json.loads((site / "assets" / "pyodide" / "runtime.json").read_text(encoding="utf-8"))
    return weight.Sizes().on_the_wire(site / "assets" / "pyodide" / manifest["snapshot"])


def _snapshot_lever(results: dict, chromium, site: Path, runs: int) -> None:
    """The memory snapshot lever; Pyodide's snapshot API is private, so a failure is recorded, not fatal."""
    try:
        measured = snapshot.measure(chromium, site, runs, log=log)
    except Exception as error:  # noqa: BLE001 - any failure of a private API is a result here
        log(f"  the snapshot lever failed: {error}")
        results["levers"]["snapshot"] = {"error": str(error)}
        results["levers"]["summary"]["markdown"] += f"\n\nPyodide memory snapshot: the measurement failed ({error})."
        return
    results["levers"]["snapshot"] = measured
    results["levers"]["summary"]["snapshot"] = {k: v for k, v in measured["summary"].items() if k != "markdown"}
    results["levers"]["summary"]["markdown"] += "\n" + measured["summary"]["markdown"]


def _checkpoint(results: dict) -> None:
    """Keep what is measured so far in bench/runs/ (not committed), in case a later step fails."""
    runs = HERE / "runs"
    runs.mkdir(exist_ok=True)
    (runs / "partial.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    options = parse_arguments(argv)
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "options": {
        "runs": options.runs, "builds": options.builds, "rebuilds": options.rebuilds,
        "changes": options.changes, "lighthouse_runs": options.lighthouse_runs,
        "levers": options.levers, "snapshot_runs": options.snapshot_runs if options.levers else 0,
        "runtimes": [str(path) for path in options.runtime],
    }}
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        site = Path(scratch) / "site"
        log(f"building the site {options.builds} times")
        build_seconds = []
        for attempt in range(options.builds):
            target = site if attempt == options.builds - 1 else Path(scratch) / f"site-{attempt}"
            build_seconds.append(build.build(target))
        log(f"  builds: {', '.join(f'{s:.2f} s' for s in build_seconds)}")
        log(f"timing {options.rebuilds} mkdocs serve rebuilds")
        rebuilds = build.serve_rebuilds(options.rebuilds) if options.rebuilds else []
        results["build"] = {"full_seconds": build_seconds, "serve_rebuilds": rebuilds}

        log("building the site with the plugin's memory snapshot (PYODIDE_SNAPSHOT=true)")
        snapshot_site = Path(scratch) / "site-snapshot"
        build.build(snapshot_site, env={"PYODIDE_SNAPSHOT": "true"})
        results["snapshot_site"] = {"bytes": snapshot_bytes(snapshot_site)}

        bare_path = baseline.write(site)
        worker_path = baseline.write_worker(site)
        with server.StaticHost(site) as host, server.StaticHost(snapshot_site) as snapshot_host, \
                sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            results["machine"] = machine.describe(chromium.version)
            log(f"timing time to live: {options.runs} cold+warm visits of the bare runtime, the site's worker "
                "on a minimal page and each calculator, on the site as built and with the memory snapshot")
            results["liveness"] = timings(chromium, host, bare_path, worker_path, options.runs, snapshot_host)

            log(f"recompute latency: {options.changes} changes per calculator")
            results["recompute"] = {}
            context = chromium.new_context()
            for name, path in pages.CALCULATOR_PAGES.items():
                results["recompute"][name] = recompute.measure(context, host.url, path, name, options.changes)
            context.close()

            _checkpoint(results)
            log("bytes per page type")
            sizes = weight.Sizes()
            results["weight"] = weight.measure_all(chromium, host, sizes, pages.page_types(site))

            if options.levers:
                log("levers: serving without precompressed files and without cache headers")
                results["levers"] = levers.measure(chromium, site, bare_path, options.runs)
                log("levers: bytecode, against the site built with PYODIDE_BYTECODE=false")
                source_site = Path(scratch) / "site-source"
                build.build(source_site, env={"PYODIDE_BYTECODE": "false"})
                results["levers"]["bytecode"] = levers.bytecode(chromium, site, source_site, options.runs)
                results["levers"]["summary"]["markdown"] += "\n" + results["levers"]["bytecode"]["summary"]["markdown"]
                for package_dir in options.runtime:
                    log(f"levers: the bare load of the runtime in {package_dir}")
                    candidate = levers.runtime_candidate(chromium, site, bare_path, package_dir, options.runs)
                    results["levers"].setdefault("runtimes", []).append(candidate)
                    results["levers"]["summary"]["markdown"] += "\n" + candidate["summary"]["markdown"]
                if options.snapshot_runs:
                    log(f"levers: Pyodide memory snapshot, {options.snapshot_runs} cold+warm visits of each start")
                    _snapshot_lever(results, chromium, site, options.snapshot_runs)
            chromium.close()
            if options.levers:
                log("levers: Python start-up inside Pyodide (Node)")
                results["levers"]["startup"] = startup.measure(site)
                results["levers"]["summary"]["markdown"] += "\n" + results["levers"]["startup"]["markdown"]

            _checkpoint(results)
            if options.lighthouse_runs and lighthouse.available():
                log(f"Lighthouse: {options.lighthouse_runs} run(s) per page type and preset")
                results["lighthouse"] = {}
                for name, path in pages.page_types(site).items():
                    results["lighthouse"][name] = {
                        preset: [lighthouse.audit(host.url + path, preset) for _ in range(options.lighthouse_runs)]
                        for preset in lighthouse.PRESETS
                    }
                    log(f"  {name}: " + ", ".join(
                        f"{preset} {runs[0]['scores']['performance'] if 'scores' in runs[0] else runs[0]['error']}"
                        for preset, runs in results["lighthouse"][name].items()))
            elif options.lighthouse_runs:
                log("Lighthouse is not installed (npm ci): skipped")

    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    summary = report.summarise(results)
    options.out.mkdir(parents=True, exist_ok=True)
    (options.out / "results.json").write_text(json.dumps({"summary": summary, "raw": results}, indent=1) + "\n", encoding="utf-8")
    (options.out / "results.md").write_text(report.markdown(summary), encoding="utf-8")
    log(f"wrote {options.out / 'results.md'} and results.json")
    if str(options.readme) != "none":
        readme = options.readme.read_text(encoding="utf-8")
        options.readme.write_text(report.splice(readme, report.readme_section(summary)), encoding="utf-8")
        log(f"updated the latest run quoted in {options.readme}")
    print(report.headline_table(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
