"""``make bench``: the built site measured in headless Chromium against the bare Pyodide runtime.

Run it with ``python -m bench`` (``make bench``). It writes ``bench/results.md`` and
``bench/results.json``; everything else it makes goes to a temporary folder or ``bench/runs/``.
"""
