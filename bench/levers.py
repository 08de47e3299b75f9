"""Levers measured in the same run (``python -m bench --levers``), each against the site as built.

* **Precompressed files** (hooks/precompress.py). Bytes: the calculator page with the build's
  ``.br``/``.gz`` files against on-the-fly compression. Time: cold time to live with the
  host serving them (brotli) against serving every file uncompressed; on localhost this
  shows only the cost of decompressing, since moving bytes is nearly free here.
* **Cache headers** (hooks/static_headers.py, the ``_headers`` file). A warm visit with the
  rules against the same host ignoring them (every file revalidated): time to live, and
  how many requests reached the server.
"""

from __future__ import annotations

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
