"""A site's own calculators, shipped in the browser wheel as ``site_calculators.<name>``.

The MkDocs plugin copies this file in as the package's ``__init__.py``; each module named in the
plugin's ``modules`` option sits beside it and is registered with ``calculators.api.register``
by the worker before its first run.
"""
