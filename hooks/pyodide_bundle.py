"""MkDocs hook: ship the calculators to the browser with the Pyodide runtime, on every build.

On every ``mkdocs build`` and every ``mkdocs serve`` rebuild this hook writes::

    site/assets/pyodide/
      runtime.json                      where the worker finds the two below (fetched revalidated)
      0.29.5-cp313/                     the runtime from node_modules/pyodide (immutable)
        pyodide.mjs  pyodide.asm.js  pyodide.asm.wasm  python_stdlib.zip  pyodide.mjs.map
      packages/<digest>-cp313/          our package, one folder per content digest (immutable)
        calculators-0.1.0-cp313-none-any.whl
        pyodide-lock.json               site-local lockfile: the runtime's "info" + our wheel

* **Wheel.** ``calculators/`` is a pure-Python package, so the wheel Pyodide needs is
  the ordinary ``py3-none-any`` one, built by setuptools (the PEP 517 hook pypa ``build``
  calls) from a copy of the sources; ``pyodide build`` would download a cross-build
  environment first, which this offline build cannot. Wheels are cached
  under ``build/pyodide-bundle/<digest>/``, keyed by a digest of the package's files and
  pyproject.toml, so an unchanged package is never rebuilt.
* **Bytecode.** Pyodide's ``python_stdlib.zip`` ships source, so every import in the browser
  compiles Python first. When the build runs on the runtime's own Python minor version (3.13
  for Pyodide 0.29), ``pyodide py-compile`` (pyodide-build) replaces the modules of the stdlib
  zip and of the wheel with bytecode; the folders then carry the tag (``-cp313``). Measured:
  the bare runtime starts in 0.45x the time, a calculator answers in 0.55x. The archives are
  stored uncompressed so that brotli (hooks/precompress.py) packs them: 2.68 MB for the stdlib
  against 2.37 MB for the source zip and 4.10 MB for a deflated compiled one. Built on another
  Python, the site ships the source as Pyodide does and says so in the build log; so it does
  with ``extra.pyodide_bytecode: false`` (for a host that cannot compress ``.zip`` files).
* **Cache busting.** The wheel and its lockfile live in a folder named by that digest,
  and the runtime in a folder named by its version (and bytecode tag), so all three can be
  cached forever.
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
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

PACKAGE = "calculators"
STDLIB = "python_stdlib.zip"
#: The runtime files the browser worker fetches (plus a source map for developer tools).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.mjs.map", "pyodide.asm.js", "pyodide.asm.wasm", STDLIB)
#: Where the bundle goes inside the built site.
BUNDLE_DIR = "assets/pyodide"
MANIFEST = "runtime.json"
LOCKFILE = "pyodide-lock.json"
CDN_OPTION = "pyodide_cdn_url"
BYTECODE_OPTION = "pyodide_bytecode"
MISSING_RUNTIME = (
    "The Pyodide runtime is missing: {path} does not exist. Run `make serve` (or `npm ci`) "
    "in the project folder to install it from package-lock.json."
)
SHIPS_SOURCE = (
    "The Pyodide runtime runs Python %s and this build runs on %s, so the site ships Python source, "
    "which the browser compiles at every start. Build on Python %s (make clean, then make serve: "
    "scripts/find-python.sh prefers it) for bytecode: about half the wait for a calculator."
)
log = logging.getLogger(f"mkdocs.hooks.{__name__}")


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
    bytecode: str | None = None  # "cp313" when the stdlib and the wheel ship compiled


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
    """Delete all but the ``keep`` most recently built wheel folders (named by a 16-character digest)."""
    if not cache_dir.is_dir():
        return []
    folders = sorted((p for p in cache_dir.iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{16}", p.name)),
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


def runtime_python(runtime_dir: Path) -> str:
    """The runtime's Python version, major.minor (``"3.13"``), from its ``pyodide-lock.json``."""
    info = json.loads((runtime_dir / LOCKFILE).read_text(encoding="utf-8"))["info"]
    return ".".join(str(info["python"]).split(".")[:2])


def bytecode_tag(python: str, host: tuple[int, ...] = tuple(sys.version_info[:2])) -> str | None:
    """``cp313`` when the ``host`` interpreter writes bytecode a runtime on ``python`` can load, else None.

    Bytecode is only valid for the minor version that wrote it, so the host must match exactly.

    >>> bytecode_tag("3.13", (3, 13)), bytecode_tag("3.13", (3, 12))
    ('cp313', None)
    """
    major, minor = (int(part) for part in python.split("."))
    return f"cp{major}{minor}" if (major, minor) == tuple(host[:2]) else None


def compile_archive(archive: Path, target: Path) -> Path:
    """``archive`` (a ``.zip`` or ``.whl``) with its modules replaced by bytecode, kept in ``target``.

    Runs ``pyodide py-compile --compression-level 0`` on a copy, with this interpreter, which
    must be the runtime's minor version (:func:`bytecode_tag`). The result is stored, not
    deflated, so that the host's brotli packs it. A wheel gets its new name
    (``calculators-0.1.0-cp313-none-any.whl``). ``SOURCE_DATE_EPOCH`` makes each ``.pyc``
    carry its source's hash instead of the temporary file's time. A ``target`` that already
    holds the result is reused, so a second build costs nothing.
    """
    done = sorted(target.iterdir()) if target.is_dir() else []
    if len(done) == 1:
        return done[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="compile-", dir=target.parent) as scratch:
        ready = Path(scratch) / "ready"
        ready.mkdir()
        shutil.copyfile(archive, ready / archive.name)
        command = [sys.executable, "-m", "pyodide_cli", "py-compile", "--silent", "--no-keep",
                   "--compression-level", "0", str(ready / archive.name)]
        result = subprocess.run(command, capture_output=True, text=True,
                                env={**os.environ, "SOURCE_DATE_EPOCH": "0"})
        written = sorted(ready.iterdir())
        if result.returncode != 0 or len(written) != 1:
            raise BundleError(f"Compiling {archive.name} to bytecode failed (pyodide py-compile):\n"
                              f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
        try:
            ready.replace(target)  # atomic: a concurrent build may have won, which is fine
        except OSError:
            if not target.is_dir():
                raise
    return sorted(target.iterdir())[0]


def site_lockfile(core_lockfile: Path, wheel: Path, shipped: Path | None = None) -> dict:
    """The site-local lockfile: the runtime's ``info`` and our wheel, file name relative to it.

    Made by pyodide-lock's ``add_wheels_to_spec`` (what ``pyodide lockfile add-wheels``
    runs), which reads the wheel's metadata, checks its dependencies and records its sha256.
    ``shipped``, the same wheel compiled to bytecode, then takes its place in the entry, as
    ``pyodide py-compile`` does to a lockfile: pyodide-lock's tag check knows no
    ``cp313-none-any`` wheel, so the metadata is read from the source wheel.
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
        lock = json.loads(out.read_text(encoding="utf-8"))
    if shipped is not None:
        entry = lock["packages"][PACKAGE]
        entry["file_name"] = shipped.name
        entry["sha256"] = hashlib.sha256(shipped.read_bytes()).hexdigest()
    return lock


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


def write_bundle(project_dir: Path, site_dir: Path, cache_dir: Path, cdn_url: str | None = None,
                 bytecode: bool = True) -> Bundle:
    """Write the wheel, the site-local lockfile, the runtime and ``runtime.json`` into ``site_dir``.

    With ``bytecode`` (the default) and a host on the runtime's Python, the wheel and the stdlib
    ship compiled (:func:`compile_archive`); otherwise as source.
    """
    runtime_dir = project_dir / "node_modules" / "pyodide"
    check_runtime(runtime_dir)
    tag = bytecode_tag(runtime_python(runtime_dir)) if bytecode else None
    source_wheel = build_wheel(project_dir, cache_dir)
    wheel = compile_archive(source_wheel, source_wheel.parent / tag) if tag else source_wheel
    digest = source_wheel.parent.name + (f"-{tag}" if tag else "")
    bundle_dir = site_dir / BUNDLE_DIR
    package_dir = bundle_dir / "packages" / digest
    package_dir.mkdir(parents=True, exist_ok=True)
    copy_if_changed(wheel, package_dir / wheel.name)
    lock = site_lockfile(runtime_dir / LOCKFILE, source_wheel, wheel if tag else None)
    (package_dir / LOCKFILE).write_text(json.dumps(lock, sort_keys=True), encoding="utf-8")

    copied: list[str] = []
    if cdn_url is None:
        folder = runtime_version(runtime_dir) + (f"-{tag}" if tag else "")
        for name in RUNTIME_FILES:
            source = runtime_dir / name
            if name == STDLIB and tag:
                key = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
                source = compile_archive(source, cache_dir / "stdlib" / f"{key}-{tag}")
            if copy_if_changed(source, bundle_dir / folder / name):
                copied.append(name)
        index_url = f"{folder}/"
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
        bytecode=tag,
    )


# --- MkDocs events -------------------------------------------------------------------------------


def check_bytecode_option(value: object) -> bool:
    """The ``extra.pyodide_bytecode`` setting: True (the default when unset) or False.

    >>> check_bytecode_option(None), check_bytecode_option(False)
    (True, False)
    """
    if value is None:
        return True
    if not isinstance(value, bool):
        raise BundleError(f"extra.{BYTECODE_OPTION} must be true or false; got {value!r}.")
    return value


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    """Fail early, with what to do, when the runtime is missing or the CDN setting is wrong."""
    try:
        check_cdn_url(config.extra.get(CDN_OPTION))
        check_bytecode_option(config.extra.get(BYTECODE_OPTION))
        check_runtime(_project_dir(config) / "node_modules" / "pyodide")
    except BundleError as error:
        raise PluginError(str(error)) from None
    return config


def on_post_build(config):
    project = _project_dir(config)
    try:
        bytecode = check_bytecode_option(config.extra.get(BYTECODE_OPTION))
        written = write_bundle(project, Path(config.site_dir), project / "build" / "pyodide-bundle",
                               check_cdn_url(config.extra.get(CDN_OPTION)), bytecode)
    except BundleError as error:
        raise PluginError(str(error)) from None
    if bytecode and written.bytecode is None:
        python = runtime_python(project / "node_modules" / "pyodide")
        log.info(SHIPS_SOURCE, python, ".".join(map(str, sys.version_info[:2])), python)


def on_serve(server, config, builder):
    """Rebuild (and so rebuild the wheel) when a file of the package changes."""
    server.watch(str(_project_dir(config) / PACKAGE))
    return server
