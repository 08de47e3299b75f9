"""The browser's wheel: the configured package (and a site's own calculator modules) as a pure-Python
wheel, built by setuptools from a copy of its sources and cached by their digest. Part of the
bundle (:mod:`.bundle`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BundleError

#: The wheel's bytecode leaves out docstrings and asserts (``python -OO``): they document the code
#: for its developers, and a visitor's browser would only download and load them (a quarter of
#: the compiled wheel). The stdlib is compiled as it is. Part of the digest, so the compiled
#: wheel's immutable folder changes with it.
WHEEL_OPTIMIZE = 2
#: The package that holds a site's own calculator modules inside the wheel.
SITE_PACKAGE = "site_calculators"


@dataclass(frozen=True)
class Package:
    """What goes into the browser wheel: the package's folder, and a site's own calculator modules.

    ``modules`` maps a calculator's name to its ``.py`` file; each ships as
    ``site_calculators/<name>.py``.
    """

    name: str
    folder: Path
    version: str = "0.0.0"
    modules: tuple[tuple[str, Path], ...] = ()


def source_files(package: Package) -> list[tuple[str, Path]]:
    """The wheel's files as ``(path in the wheel, file)``: the package's modules and the site's.

    Only ``*.py`` (and a ``py.typed`` marker) go into the wheel, so an editor's swap file or
    a bytecode cache in the folder changes neither the digest nor the wheel.
    """
    files = [
        (f"{package.name}/{path.relative_to(package.folder).as_posix()}", path)
        for path in sorted(package.folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and (path.suffix == ".py" or path.name == "py.typed")
    ]
    if package.modules:
        files.append((f"{SITE_PACKAGE}/__init__.py", Path(__file__).with_name("site_package.py")))
        files += [(f"{SITE_PACKAGE}/{name}.py", path) for name, path in package.modules]
    return files


def wheel_project(package: Package) -> str:
    """The ``pyproject.toml`` the wheel is built from: the package (and the site's modules) alone.

    >>> print(wheel_project(Package("calculators", Path("calculators"), "0.1.0")))
    [build-system]
    requires = ["setuptools"]
    build-backend = "setuptools.build_meta"
    <BLANKLINE>
    [project]
    name = "calculators"
    version = "0.1.0"
    <BLANKLINE>
    [tool.setuptools.packages.find]
    include = ["calculators", "calculators.*"]
    <BLANKLINE>
    """
    include = [package.name, f"{package.name}.*"] + ([SITE_PACKAGE] if package.modules else [])
    return (
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = {json.dumps(package.name)}\nversion = {json.dumps(package.version)}\n\n'
        f"[tool.setuptools.packages.find]\ninclude = {json.dumps(include)}\n"
    )


def prune_cache(cache_dir: Path, keep: int = 8) -> list[Path]:
    """Delete all but the ``keep`` most recently built wheel folders (named by a 16-character digest)."""
    if not cache_dir.is_dir():
        return []
    folders = sorted((p for p in cache_dir.iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{16}", p.name)),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return folders[keep:]


def source_digest(package: Package) -> str:
    """A short digest of the wheel's sources: it changes whenever a byte or a file name does.

    >>> len(source_digest(Package("calculators", Path(__file__).resolve().parent.parent / "calculators")))
    16
    """
    digest = hashlib.sha256(wheel_project(package).encode() + f"optimize={WHEEL_OPTIMIZE}".encode())
    for name, path in source_files(package):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def build_wheel(package: Package, cache_dir: Path, python: str = sys.executable) -> Path:
    """The package's wheel for the current sources, built once per digest and then cached.

    The build runs on a copy of the sources, so it leaves no ``build/`` or ``egg-info``
    behind in the project, and two builds at once cannot trip over each other.
    """
    digest = source_digest(package)
    target = cache_dir / digest
    cached = sorted(target.glob(f"{package.name}-*-py3-none-any.whl")) if target.is_dir() else []
    if cached:
        return cached[0]
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheel-", dir=cache_dir) as scratch:
        source = Path(scratch) / "source"
        source.mkdir()
        (source / "pyproject.toml").write_text(wheel_project(package), encoding="utf-8")
        for name, path in source_files(package):
            destination = source / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        out = Path(scratch) / "out"
        # setuptools' PEP 517 build_wheel hook, the one `python -m build --wheel --no-isolation`
        # calls, run directly: the same wheel in half the time (pypa build adds a process and
        # a dependency check).
        code = f"from setuptools import build_meta; build_meta.build_wheel({str(out)!r})"
        command = [python, "-c", code]
        # SOURCE_DATE_EPOCH dates the wheel's entries 1980-01-01 instead of now: the same
        # sources give the same wheel, as the immutable folder named by their digest promises.
        done = subprocess.run(command, cwd=source, capture_output=True, text=True,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "315532800"})
        wheels = sorted(out.glob("*-py3-none-any.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise BundleError(
                f"Building the {package.name} wheel failed (setuptools build_meta.build_wheel):\n"
                f"{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
        ready = Path(scratch) / digest
        ready.mkdir()
        wheel = ready / wheels[0].name
        wheels[0].replace(wheel)
        try:
            ready.replace(target)  # atomic: a concurrent build may have won, which is fine
        except OSError:
            if not target.is_dir():
                raise
    prune_cache(cache_dir)
    return sorted(target.glob(f"{package.name}-*-py3-none-any.whl"))[0]
