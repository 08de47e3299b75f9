"""Packages the browser loads on demand: pure-Python packages installed in the build's environment
that a calculator's view needs only when a visitor asks for something (XlsxWriter, for a workbook
download), zipped for ``zipimport`` and shipped beside the wheel. Part of the bundle (:mod:`.bundle`).

The view's entry module names them (``ON_DEMAND`` beside ``respond``: top-level import names); the
plugin zips each from the installed distribution (its modules and its licence files), compiled
to bytecode as the wheel is when the build can, and names each in ``runtime.json`` with its sha256.
The worker fetches them, checked by the browser as Subresource Integrity, before the first
answer that needs them (``calculator-worker.js``), never at a page's start.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .bytecode import compile_archive
from .errors import BundleError

#: Every entry of an archive is dated 1980-01-01, so the same package gives the same bytes.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class OnDemand:
    """One on-demand package as ``runtime.json`` names it: its import name, its archive's address
    (relative to ``runtime.json``) and its sha256 in Subresource Integrity form."""

    name: str
    url: str
    integrity: str

    def to_json(self) -> dict:
        return {"name": self.name, "url": self.url, "integrity": self.integrity}


def distribution_of(name: str) -> importlib.metadata.Distribution:
    """The installed distribution that provides the top-level package ``name``; a :class:`BundleError`
    that says what to install when there is none.

    >>> distribution_of("no_such_package_here")
    Traceback (most recent call last):
    ...
    mkdocs_calculators.errors.BundleError: The on-demand package no_such_package_here is not installed in the build's environment: run `make deps` (pyproject.toml's site extra lists it).
    """
    spec = importlib.util.find_spec(name) if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else None
    for dist_name in importlib.metadata.packages_distributions().get(name, []) if spec else []:
        return importlib.metadata.distribution(dist_name)
    raise BundleError(f"The on-demand package {name} is not installed in the build's environment: "
                      "run `make deps` (pyproject.toml's site extra lists it).")


def package_files(name: str) -> tuple[str, list[tuple[str, Path]]]:
    """``(version, [(path in the archive, file)])``: the package's ``.py`` files and its licence files
    (kept under their ``.dist-info`` folder), from the installed distribution's record."""
    dist = distribution_of(name)
    files = []
    for item in dist.files or ():
        path = item.as_posix()
        in_package = path.startswith(f"{name}/") and path.endswith(".py") and "__pycache__" not in path
        licence = ".dist-info/" in path and re.search(r"(LICEN[CS]E|COPYING|NOTICE)", path.rsplit("/", 1)[-1], re.I)
        if in_package or licence:
            files.append((path, Path(dist.locate_file(item))))
    if not any(path.startswith(f"{name}/") for path, _ in files):
        raise BundleError(f"The on-demand package {name} has no Python modules in its installed record.")
    if any(path.endswith((".so", ".pyd")) for path in map(str, dist.files or ())):
        raise BundleError(f"The on-demand package {name} is not pure Python: Pyodide cannot import it from a zip.")
    return dist.version, sorted(files)


def package_archive(name: str, cache_dir: Path, tag: str | None = None, optimize: int = -1) -> Path:
    """The zip of the installed package ``name`` for ``zipimport`` (``<name>-<version>.zip``), with
    its modules compiled to bytecode for ``tag`` (``cp313``) when given; built once per version and
    kept under ``cache_dir``."""
    version, files = package_files(name)
    if not re.fullmatch(r"[A-Za-z0-9.+_-]+", version):
        raise BundleError(f"Unexpected version {version!r} of the on-demand package {name}.")
    source = cache_dir / f"{name}-{version}.zip"
    if not source.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        part = source.with_suffix(".part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path, file in files:
                archive.writestr(zipfile.ZipInfo(path, FIXED_DATE), file.read_bytes(), zipfile.ZIP_DEFLATED)
        part.replace(source)
    if tag is None:
        return source
    return compile_archive(source, cache_dir / f"bytecode-{tag}-o{optimize}" / source.name, optimize=optimize)
