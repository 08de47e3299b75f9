"""The calculators this package ships: one module each, by name, in the order pages list them.

Each module has ``schema()`` (its inputs, outputs and defaults) and ``run(payload)`` (its
result, raising :class:`calculators.validation.Invalid` for a bad payload); the module's name
is the calculator's name. ``python -m mkdocs_calculators new NAME`` writes such a module and adds its
name here.
"""

MODULES = (
    "readiness",
    "roi",
)
