"""Levers measured in the same run (``python -m bench``, unless ``--no-levers``), each against the site as built.

* **Precompressed files** (hooks/precompress.py). Bytes: the calculator page with the build's
  ``.br``/``.gz`` files against on-the-fly compression. Time: cold time to live with the
  host serving them (brotli) against serving every file uncompressed; on localhost this
  shows only the cost of decompressing, since moving bytes is nearly free here.
* **Cache headers** (hooks/static_headers.py, the ``_headers`` file). A warm visit with the
  rules against the same host ignoring them (every file revalidated): time to live, and
  how many requests reached the server.
* **Bytecode** (mkdocs_calculators/bundle.py, the plugin's ``bytecode`` option). The site as built
  against the same site built with ``PYODIDE_BYTECODE=false`` (Pyodide's source stdlib and a
  source wheel), each with its own bare page: cold bare load and cold time to live of the ROI
  calculator, interleaved, and the bytes of the runtime and wheel.
* **Another Pyodide** (``--runtime``): its bare load against the site's.
"""

from __future__ import annotations

import json

from bench import liveness, pages, server, stats, weight


def _warm_visit(chromium, host: server.StaticHost, path: str, probe: pages.Probe) -> tuple[dict, dict]:
    """A cold then a warm visit in one context; the warm one's marks and its requests by status."""
    context = chromium.new_context()
    try:
        context.add_init_script(liveness.watch_script(probe))
        liveness.visit_calculator(context, host.url, path, probe)
        before = len(host.served)
        marks = liveness.visit_calculator(context, host.url, path, probe)
        statuses: dict[str, int] = {}
        for _, status, _ in host.served[before:]:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
    finally:
        context.close()
    return marks, statuses


def measure(chromium, site, bare_path: str, runs: int) -> dict:
    name = "roi"
    path, probe = pages.CALCULATOR_PAGES[name], pages.probe(name)
    raw: dict = {"calculator": name, "compression": {"precompressed": [], "identity": []}, "cache": {"rules": [], "none": []}}

    with server.StaticHost(site) as precompressed, server.StaticHost(site, precompressed=False) as identity:
        for _ in range(runs):
            for label, host in (("precompressed", precompressed), ("identity", identity)):
                context = chromium.new_context()
                try:
                    context.add_init_script(liveness.watch_script(probe))
                    raw["compression"][label].append(liveness.visit_calculator(context, host.url, path, probe)["ready"])
                finally:
                    context.close()

    with server.StaticHost(site) as with_rules, server.StaticHost(site) as without_rules:
        without_rules.rules = []
        for _ in range(runs):
            for label, host in (("rules", with_rules), ("none", without_rules)):
                marks, statuses = _warm_visit(chromium, host, path, probe)
                raw["cache"][label].append({"ready": marks["ready"], "statuses": statuses})

    with server.StaticHost(site) as host, chromium.new_context() as context:
        urls = weight.record(context, host.url, path, name)
        built = weight.page_weight(host, weight.Sizes(), urls)
        on_the_fly = weight.page_weight(host, weight.Sizes(use_siblings=False), urls)

    summary = {
        "bytes_br_precompressed": built["br"], "bytes_br_on_the_fly": on_the_fly["br"],
        "bytes_gzip_precompressed": built["gzip"], "bytes_gzip_on_the_fly": on_the_fly["gzip"],
        "cold_ms_precompressed": stats.median(raw["compression"]["precompressed"]),
        "cold_ms_identity": stats.median(raw["compression"]["identity"]),
        "warm_ms_rules": stats.median([r["ready"] for r in raw["cache"]["rules"]]),
        "warm_ms_none": stats.median([r["ready"] for r in raw["cache"]["none"]]),
        "warm_requests_rules": stats.median([sum(r["statuses"].values()) for r in raw["cache"]["rules"]]),
        "warm_requests_none": stats.median([sum(r["statuses"].values()) for r in raw["cache"]["none"]]),
        "warm_304_none": stats.median([r["statuses"].get("304", 0) for r in raw["cache"]["none"]]),
        "runs": runs,
    }
    summary["markdown"] = "\n".join([
        f"On the {name} page, {runs} runs each, medians:",
        "",
        "| Lever | with | without | effect |",
        "|---|---|---|---|",
        f"| Precompressed `.br`/`.gz` (bytes, brotli) | {summary['bytes_br_precompressed'] / 1024:,.0f} KB | "
        f"{summary['bytes_br_on_the_fly'] / 1024:,.0f} KB (on the fly, quality 5) | "
        f"{(summary['bytes_br_precompressed'] / summary['bytes_br_on_the_fly'] - 1) * 100:+.1f}% |",
        f"| Precompressed `.br`/`.gz` (bytes, gzip) | {summary['bytes_gzip_precompressed'] / 1024:,.0f} KB | "
        f"{summary['bytes_gzip_on_the_fly'] / 1024:,.0f} KB (on the fly, -6) | "
        f"{(summary['bytes_gzip_precompressed'] / summary['bytes_gzip_on_the_fly'] - 1) * 100:+.1f}% |",
        f"| Serving brotli vs uncompressed on localhost (cold time to live) | {summary['cold_ms_precompressed']:.0f} ms | "
        f"{summary['cold_ms_identity']:.0f} ms | {summary['cold_ms_precompressed'] - summary['cold_ms_identity']:+.0f} ms |",
        f"| `_headers` year-long caching of hashed files (warm time to live) | {summary['warm_ms_rules']:.0f} ms | "
        f"{summary['warm_ms_none']:.0f} ms | {summary['warm_ms_rules'] - summary['warm_ms_none']:+.0f} ms |",
        f"| `_headers` (requests on a warm visit) | {summary['warm_requests_rules']:.0f} | "
        f"{summary['warm_requests_none']:.0f} ({summary['warm_304_none']:.0f} revalidated, 304) | "
        f"{summary['warm_requests_rules'] - summary['warm_requests_none']:+.0f} |",
    ])
    return {"raw": raw, "summary": summary}


#: The core files of a Pyodide npm package (0.29 has pyodide.asm.js, 314 pyodide.asm.mjs).
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")


def install_runtime(site, package_dir) -> tuple[str, str]:
    """Copy another Pyodide npm package's core into ``site/bench-runtime/<version>/``, with a
    lockfile trimmed like the site's (no package list); return (runtime folder, lockfile) paths."""
    import json
    import shutil

    version = json.loads((package_dir / "package.json").read_text())["version"]
    target = site / "bench-runtime" / version
    target.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        if (package_dir / name).is_file():
            shutil.copyfile(package_dir / name, target / name)
    lock = json.loads((package_dir / "pyodide-lock.json").read_text())
    (target / "pyodide-lock.json").write_text(json.dumps({"info": lock["info"], "packages": {}}))
    return f"bench-runtime/{version}/", f"bench-runtime/{version}/pyodide-lock.json"


def runtime_candidate(chromium, site, bare_path: str, package_dir, runs: int) -> dict:
    """The bare load of another Pyodide release against the site's, interleaved, cold."""
    from bench import baseline

    runtime, lockfile = install_runtime(site, package_dir)
    version = runtime.rstrip("/").rsplit("/", 1)[1]
    candidate_path = baseline.write(site, (runtime, lockfile), folder=f"bench-bare-{version}")
    site_runtime, _ = baseline.site_runtime(site)
    times: dict[str, list[float]] = {"site": [], "candidate": []}
    with server.StaticHost(site) as host:
        for _ in range(runs):
            for label, path in (("site", bare_path), ("candidate", candidate_path)):
                context = chromium.new_context()
                try:
                    times[label].append(liveness.visit_bare(context, host.url, path)["ready"])
                finally:
                    context.close()
    sizes = weight.Sizes(use_siblings=False)

    def core_bytes(folder: str) -> dict[str, int]:
        files = [site / folder / name for name in CORE_FILES if (site / folder / name).is_file()]
        return {encoding: sum(sizes.on_the_wire(f)[encoding] for f in files) for encoding in ("raw", "gzip", "br")}

    ratios = stats.paired_ratios(times["candidate"], times["site"])
    summary = {
        "site_version": site_runtime.rstrip("/").rsplit("/", 1)[1], "candidate_version": version,
        "site_ms": stats.median(times["site"]), "candidate_ms": stats.median(times["candidate"]),
        "ratio": stats.median(ratios), "site_bytes": core_bytes(site_runtime), "candidate_bytes": core_bytes(runtime),
        "runs": runs,
    }
    summary["markdown"] = (
        f"| Pyodide {version} instead of {summary['site_version']} (bare load, cold, {runs} runs) | "
        f"{summary['candidate_ms']:.0f} ms, {summary['candidate_bytes']['br'] / 1024:,.0f} KB br | "
        f"{summary['site_ms']:.0f} ms, {summary['site_bytes']['br'] / 1024:,.0f} KB br | × {summary['ratio']:.2f} time, "
        f"{(summary['candidate_bytes']['br'] / summary['site_bytes']['br'] - 1) * 100:+.0f}% bytes (on-the-fly brotli q5) |"
    )
    return {"raw": times, "summary": summary}


def bytecode(chromium, compiled_site, source_site, runs: int) -> dict:
    """The site as built (bytecode) against ``source_site`` (the same site built without it), cold."""
    from bench import baseline

    name = "roi"
    path, probe = pages.CALCULATOR_PAGES[name], pages.probe(name)
    times: dict[str, list[float]] = {"bare compiled": [], "bare source": [], "roi compiled": [], "roi source": []}
    with server.StaticHost(compiled_site) as compiled, server.StaticHost(source_site) as source:
        bare = {"compiled": (compiled, baseline.write(compiled_site)), "source": (source, baseline.write(source_site))}
        for _ in range(runs):
            for label, (host, bare_path) in bare.items():
                with chromium.new_context() as context:
                    times[f"bare {label}"].append(liveness.visit_bare(context, host.url, bare_path)["ready"])
                with chromium.new_context() as context:
                    context.add_init_script(liveness.watch_script(probe))
                    times[f"roi {label}"].append(liveness.visit_calculator(context, host.url, path, probe)["ready"])
    sizes = weight.Sizes()

    def shipped_bytes(site) -> int:
        """Brotli bytes of the runtime core and the wheel, as a host serving the build's siblings sends them."""
        runtime, lockfile = baseline.site_runtime(site)
        wheel = json.loads((site / lockfile).read_text())["packages"]["calculators"]["file_name"]
        files = [site / runtime / name for name in CORE_FILES if (site / runtime / name).is_file()]
        return sum(sizes.on_the_wire(f)["br"] for f in [*files, (site / lockfile).parent / wheel])

    summary = {
        "bare_ratio": stats.median(stats.paired_ratios(times["bare compiled"], times["bare source"])),
        "roi_ratio": stats.median(stats.paired_ratios(times["roi compiled"], times["roi source"])),
        **{key.replace(" ", "_") + "_ms": stats.median(values) for key, values in times.items()},
        "compiled_bytes_br": shipped_bytes(compiled_site), "source_bytes_br": shipped_bytes(source_site),
        "runs": runs,
    }
    summary["markdown"] = "\n".join([
        f"| Bytecode: bare load (cold, {runs} runs) | {summary['bare_compiled_ms']:.0f} ms | "
        f"{summary['bare_source_ms']:.0f} ms | × {summary['bare_ratio']:.2f} |",
        f"| Bytecode: ROI time to live (cold) | {summary['roi_compiled_ms']:.0f} ms | "
        f"{summary['roi_source_ms']:.0f} ms | × {summary['roi_ratio']:.2f} |",
        f"| Bytecode: runtime and wheel, brotli | {summary['compiled_bytes_br'] / 1024:,.0f} KB | "
        f"{summary['source_bytes_br'] / 1024:,.0f} KB | "
        f"{(summary['compiled_bytes_br'] / summary['source_bytes_br'] - 1) * 100:+.0f}% |",
    ])
    return {"raw": times, "summary": summary}
