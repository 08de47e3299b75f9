"""Debian's Chromium, headless, driven by Playwright: the one browser every measurement uses."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: The team's flags for headless Chromium on these machines; tests/conftest.py uses them too.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    """Launch Chromium; fail with what to do when it is missing."""
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make bench` as root (it installs Debian's chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
