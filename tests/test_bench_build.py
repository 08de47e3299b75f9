"""Tests for bench/build.py: reading ``mkdocs serve``'s log to time a rebuild."""

from __future__ import annotations

from bench import build


def test_a_rebuild_ends_at_the_built_line_or_else_at_the_reload():
    built = build.REBUILT.search("INFO    -  Documentation built in 0.78 seconds")
    assert built and build.BUILT.search(built.group(0)).group(1) == "0.78"
    # MkDocs drops a log message it has logged before: a second rebuild of 0.78 s prints no
    # "built" line, only the reload, which must still end the timing.
    reload = build.REBUILT.search("INFO    -  [08:06:31] Reloading browsers")
    assert reload and not build.BUILT.search(reload.group(0))
    assert not build.REBUILT.search("INFO    -  Building documentation...")
