"""An MkDocs plugin that puts calculators written in Python on a static site, live in the browser.

The calculators' Python (the ``calculators`` package: schemas, validation, maths and the view)
runs three ways: under pytest and the CLI, at build time to pre-render every result, and in the
visitor's browser under Pyodide. This package is the build-time part only; it never ships to the
browser. See :mod:`mkdocs_calculators.plugin`.
"""
