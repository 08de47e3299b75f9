"""Lighthouse 12.2.3 (from package.json) scores for each page type.

Lighthouse launches its own Chromium (CHROME_PATH=/usr/bin/chromium, with the team's headless
flags), with simulated throttling, in both of its presets: ``mobile`` (the default: a slow 4G
network and a 4x slower CPU, the strictest) and ``desktop``. The page's Pyodide load happens
in a worker after first render, so it should not move LCP or Total Blocking Time.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bench.browser import CHROMIUM, FLAGS

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "cumulative-layout-shift": "cls",
    "speed-index": "speed_index_ms",
}


def available() -> bool:
    return LIGHTHOUSE.exists()


def audit(url: str, preset: str = "mobile", attempts: int = 3) -> dict:
    """One Lighthouse run on ``url``, tried up to ``attempts`` times: Lighthouse sometimes loses its
    trace on a loaded machine (NO_NAVSTART). After the last failure, {"error": message}."""
    error = ""
    for _ in range(attempts):
        try:
            return _audit_once(url, preset)
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as problem:
            error = str(problem).strip().splitlines()[-1][:300] if str(problem).strip() else type(problem).__name__
    return {"error": error}


def _audit_once(url: str, preset: str, timeout: float = 240) -> dict:
    command = [
        str(LIGHTHOUSE), url,
        "--output=json", "--output-path=stdout", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(FLAGS),
    ]
    if preset != "mobile":
        command.append(f"--preset={preset}")
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    metrics = {key: report["audits"][audit_id].get("numericValue") for audit_id, key in METRICS.items()}
    failing = sorted(
        audit_id
        for category in ("accessibility", "best-practices", "seo")
        for ref in report["categories"][category]["auditRefs"]
        if ref.get("weight", 0) > 0
        and (audit_id := ref["id"]) in report["audits"]
        and report["audits"][audit_id].get("score") is not None
        and report["audits"][audit_id]["score"] < 1
    )
    return {"scores": scores, "metrics": metrics, "failing_audits": failing}
