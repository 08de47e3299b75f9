"""Tests for mkdocs_calculators/assets/javascripts/calculators.js: its pure functions, run under Node.

Paths from input names (unsafe keys refused), payload building, share-link fragments
(round trip; plain anchors ignored; hostile, malformed or oversized ones refused with a
reason) and the booking link (same site only, utm_* kept). The assertions are in
tests/calculators_js_units.mjs; the browser behaviour is in test_browser_calculators.py.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pure_functions_under_node():
    done = subprocess.run(
        ["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", str(ROOT / "tests" / "calculators_js_units.mjs")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"
