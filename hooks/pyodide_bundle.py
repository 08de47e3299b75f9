"""MkDocs hook: ship the calculators to the browser with the Pyodide runtime, on every build.

On every ``mkdocs build`` and every ``mkdocs serve`` rebuild this hook writes::

    site/assets/pyodide/
      runtime.json                      where the worker finds the two below (fetched revalidated)
      0.29.5/                           the runtime, copied from node_modules/pyodide (immutable)
        pyodide.mjs  pyodide.asm.js  pyodide.asm.wasm  python_stdlib.zip  pyodide.mjs.map
      packages/<digest>/                our package, one folder per content digest (immutable)
        calculators-0.1.0-py3-none-any.whl
        pyodide-lock.json               site-local lockfile: the runtime's "info" + our wheel

* **Wheel.** ``calculators/`` is a pure-Python package, so the wheel Pyodide needs is
  the ordinary ``py3-none-any`` one, built by setuptools (the PEP 517 hook pypa ``build``
  calls) from a copy of the sources; ``pyodide build`` would download a cross-build
  environment first, which this offline build cannot. Wheels are cached
  under ``build/pyodide-bundle/<digest>/``, keyed by a digest of the package's files and
  pyproject.toml, so an unchanged package is never rebuilt.
* **Cache busting.** The wheel and its lockfile live in a folder named by that digest,
  and the runtime in a folder named by its version, so all three can be cached forever.
  Only ``runtime.json`` (a few bytes) has a fixed address; the worker revalidates it.
* **Lockfile.** ``pyodide_lock.utils.add_wheels_to_spec``, the function behind
  ``pyodide lockfile add-wheels``, adds the wheel to the runtime's own lockfile. The
  runtime's package list is dropped first: this site serves none of those wheels, so
  listing them would only point ``loadPackage`` at files that are not there.
* **CDN.** ``extra.pyodide_cdn_url`` in mkdocs.yml (for example
  ``https://cdn.jsdelivr.net/pyodide/v0.29.5/full/``) makes the worker load the runtime
  from there and skips the copy; the wheel and lockfile stay on the site. Unset (the
  default), the site is self-hosted and makes no request to another origin.
* **Serve.** ``mkdocs serve`` also watches ``calculators/``, so an edit rebuilds the wheel.

The logic is in plain functions (tested in tests/test_pyodide_bundle.py); the ``on_*``
functions at the bottom only wire them to MkDocs' events.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

PACKAGE = "calculators"
#: The runtime files the browser worker fetches (plus a source map for developer tools).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.mjs.map", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
#: Where the bundle goes inside the built site.
BUNDLE_DIR = "assets/pyodide"
MANIFEST = "runtime.json"
LOCKFILE = "pyodide-lock.json"
CDN_OPTION = "pyodide_cdn_url"
MISSING_RUNTIME = (
    "The Pyodide runtime is missing: {path} does not exist. Run `make serve` (or `npm ci`) "
    "in the project folder to install it from package-lock.json."
)


class BundleError(Exception):
    """A problem the person building the site can fix; the message says how."""


@dataclass(frozen=True)
class Bundle:
    """What one build wrote: the digest of the package, and the files' site paths."""

    digest: str
    wheel: str
    lockfile: str
    index_url: str
    copied: tuple[str, ...]


# --- Plain functions -----------------------------------------------------------------------------


def source_files(project_dir: Path) -> list[Path]:
    """The files that make up the wheel: the package's modules and pyproject.toml.

    Only ``*.py`` (and a ``py.typed`` marker) go into the wheel, so an editor's swap file or
    a bytecode cache in the folder changes neither the digest nor the wheel.
    """
    package = project_dir / PACKAGE
    files = [
        path
        for path in sorted(package.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and (path.suffix == ".py" or path.name == "py.typed")
    ]
    return [project_dir / "pyproject.toml", *files]


def prune_cache(cache_dir: Path, keep: int = 8) -> list[Path]:
    """Delete all but the ``keep`` most recently built wheel folders; return those deleted."""
    if not cache_dir.is_dir():
        return []
    folders = sorted((p for p in cache_dir.iterdir() if p.is_dir() and not p.name.startswith("wheel-")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return folders[keep:]


def source_digest(project_dir: Path) -> str:
    """A short digest of the wheel's sources: it changes whenever a byte or a file name does.

    >>> len(source_digest(Path(__file__).resolve().parent.parent))
    16
    """
    digest = hashlib.sha256()
    for path in source_files(project_dir):
        digest.update(path.relative_to(project_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def build_wheel(project_dir: Path, cache_dir: Path, python: str = sys.executable) -> Path:
    """The package's wheel for the current sources, built once per digest and then cached.

    The build runs on a copy of the sources, so it leaves no ``build/`` or ``egg-info``
    behind in the project, and two builds at once cannot trip over each other.
    """
    digest = source_digest(project_dir)
    target = cache_dir / digest
    cached = sorted(target.glob(f"{PACKAGE}-*-py3-none-any.whl")) if target.is_dir() else []
    if cached:
        return cached[0]
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheel-", dir=cache_dir) as scratch:
        source = Path(scratch) / "source"
        source.mkdir()
        for path in source_files(project_dir):
            destination = source / path.relative_to(project_dir)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        out = Path(scratch) / "out"
        # setuptools' PEP 517 build_wheel hook, the one `python -m build --wheel --no-isolation`
        # calls, run directly: the same wheel in half the time (pypa build adds a process and
        # a dependency check).
        code = f"from setuptools import build_meta; build_meta.build_wheel({str(out)!r})"
        command = [python, "-c", code]
        done = subprocess.run(command, cwd=source, capture_output=True, text=True)
        wheels = sorted(out.glob("*-py3-none-any.whl"))
        if done.returncode != 0 or len(wheels) != 1:
            raise BundleError(
                f"Building the {PACKAGE} wheel failed (setuptools build_meta.build_wheel):\n"
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
    return sorted(target.glob(f"{PACKAGE}-*-py3-none-any.whl"))[0]


def site_lockfile(core_lockfile: Path, wheel: Path) -> dict:
    """The site-local lockfile: the runtime's ``info`` and our wheel, file name relative to it.

    Made by pyodide-lock's ``add_wheels_to_spec`` (what ``pyodide lockfile add-wheels``
    runs), which reads the wheel's metadata, checks its dependencies and records its sha256.
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    core = json.loads(core_lockfile.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        trimmed = Path(scratch) / LOCKFILE
        trimmed.write_text(json.dumps({"info": core["info"], "packages": {}}), encoding="utf-8")
        spec = add_wheels_to_spec(PyodideLockSpec.from_json(trimmed), [wheel], base_path=wheel.parent)
        out = Path(scratch) / "out.json"
        spec.to_json(out)
        return json.loads(out.read_text(encoding="utf-8"))


def runtime_version(runtime_dir: Path) -> str:
    """The Pyodide version of the npm package in ``runtime_dir`` (a folder-name-safe string)."""
    version = json.loads((runtime_dir / "package.json").read_text(encoding="utf-8"))["version"]
    if not version.replace(".", "").replace("-", "").isalnum():
        raise BundleError(f"Unexpected Pyodide version {version!r} in {runtime_dir / 'package.json'}.")
    return version


def check_runtime(runtime_dir: Path) -> None:
    """Raise :class:`BundleError` with what to run when the npm runtime is missing or incomplete."""
    if not runtime_dir.is_dir():
        raise BundleError(MISSING_RUNTIME.format(path=runtime_dir))
    missing = [name for name in (*RUNTIME_FILES, LOCKFILE, "package.json") if not (runtime_dir / name).is_file()]
    if missing:
        raise BundleError(MISSING_RUNTIME.format(path=runtime_dir / missing[0]))


def copy_if_changed(source: Path, destination: Path) -> bool:
    """Copy ``source`` unless ``destination`` already has its size and modification time; True if copied."""
    stat = source.stat()
    if destination.is_file():
        existing = destination.stat()
        if existing.st_size == stat.st_size and int(existing.st_mtime) == int(stat.st_mtime):
            return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, destination)
    return True


def check_cdn_url(url: object) -> str | None:
    """The ``extra.pyodide_cdn_url`` setting: None (self-hosted) or an https URL ending in ``/``.

    >>> check_cdn_url(None), check_cdn_url(""), check_cdn_url("https://cdn.example/pyodide/v1/full")
    (None, None, 'https://cdn.example/pyodide/v1/full/')
    """
    if url in (None, ""):
        return None
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise BundleError(
            f"extra.{CDN_OPTION} must be an https:// folder URL such as "
            f"https://cdn.jsdelivr.net/pyodide/v0.29.5/full/ (or empty for the self-hosted runtime); got {url!r}."
        )
    return url if url.endswith("/") else url + "/"


def write_bundle(project_dir: Path, site_dir: Path, cache_dir: Path, cdn_url: str | None = None) -> Bundle:
    """Write the wheel, the site-local lockfile, the runtime and ``runtime.json`` into ``site_dir``."""
    runtime_dir = project_dir / "node_modules" / "pyodide"
    check_runtime(runtime_dir)
    wheel = build_wheel(project_dir, cache_dir)
    digest = wheel.parent.name
    bundle_dir = site_dir / BUNDLE_DIR
    package_dir = bundle_dir / "packages" / digest
    package_dir.mkdir(parents=True, exist_ok=True)
    copy_if_changed(wheel, package_dir / wheel.name)
    lock = site_lockfile(runtime_dir / LOCKFILE, package_dir / wheel.name)
    (package_dir / LOCKFILE).write_text(json.dumps(lock, sort_keys=True), encoding="utf-8")

    copied: list[str] = []
    if cdn_url is None:
        version = runtime_version(runtime_dir)
        for name in RUNTIME_FILES:
            if copy_if_changed(runtime_dir / name, bundle_dir / version / name):
                copied.append(name)
        index_url = f"{version}/"
    else:
        index_url = cdn_url
    lockfile = f"packages/{digest}/{LOCKFILE}"
    manifest = {"indexURL": index_url, "lockFileURL": lockfile, "package": PACKAGE}
    (bundle_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Bundle(
        digest=digest,
        wheel=f"{BUNDLE_DIR}/packages/{digest}/{wheel.name}",
        lockfile=f"{BUNDLE_DIR}/{lockfile}",
        index_url=index_url,
        copied=tuple(copied),
    )


# --- MkDocs events -------------------------------------------------------------------------------


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    """Fail early, with what to do, when the runtime is missing or the CDN setting is wrong."""
    try:
        check_cdn_url(config.extra.get(CDN_OPTION))
        check_runtime(_project_dir(config) / "node_modules" / "pyodide")
    except BundleError as error:
        raise PluginError(str(error)) from None
    return config


def on_post_build(config):
    project = _project_dir(config)
    try:
        write_bundle(project, Path(config.site_dir), project / "build" / "pyodide-bundle",
                     check_cdn_url(config.extra.get(CDN_OPTION)))
    except BundleError as error:
        raise PluginError(str(error)) from None


def on_serve(server, config, builder):
    """Rebuild (and so rebuild the wheel) when a file of the package changes."""
    server.watch(str(_project_dir(config) / PACKAGE))
    return server
