"""The Pyodide bundle: the calculators package as a wheel, its lockfile, and the runtime.

On every ``mkdocs build`` and every ``mkdocs serve`` rebuild the plugin writes::

    site/assets/pyodide/
      runtime.json                      where the worker finds the two below (fetched revalidated)
      0.29.5-cp313-<hash>/              the runtime from node_modules/pyodide (immutable)
        pyodide.mjs  pyodide.asm.js  pyodide.asm.wasm  python_stdlib.zip  pyodide.mjs.map
      packages/<digest>-cp313/          our package, one folder per content digest (immutable)
        calculators-0.1.0-cp313-none-any.whl
        pyodide-lock.json               site-local lockfile: the runtime's "info" + our wheel

* **Wheel.** The configured package (``calculators``: core and view, no MkDocs code) is
  pure Python, so the wheel Pyodide needs is the ordinary ``py3-none-any`` one, built by
  setuptools (the PEP 517 hook pypa ``build`` calls) from a copy of its sources and a
  ``pyproject.toml`` written here (:func:`wheel_project`), with a site's own calculator
  modules beside it in the package ``site_calculators``. ``pyodide build`` would download a
  cross-build environment first, which this offline build cannot. Wheels are cached under
  the plugin's ``cache_dir`` (``build/pyodide-bundle/<digest>/``), keyed by a digest of the
  wheel's files, so an unchanged package is never rebuilt.
* **Bytecode.** Pyodide's ``python_stdlib.zip`` ships source, so every import in the browser
  compiles Python first. When the build runs on the runtime's own Python minor version (3.13
  for Pyodide 0.29), the wheel's modules and the stdlib modules that a start imports are
  replaced with bytecode, as ``pyodide py-compile`` does (:func:`compile_archive`). Which
  stdlib modules a start imports is found by starting the npm runtime in Node with our wheel
  and answering each calculator once (:func:`startup_probe`): about 130 of 540. Compiling
  all of them would make the deflated zip 4.2 MB; these alone make it 3.0 MB (source: 2.4
  MB). Both archives stay deflated, so every host sends them compact. Built on another
  Python, or with the plugin's ``bytecode: false``, the site ships source as Pyodide does
  (the former says so in the build log).
* **Dataclass methods.** ``@dataclass`` writes each class's ``__init__``, ``__repr__``,
  ``__eq__``... as source and compiles it when the class is defined, at every start: in
  WebAssembly that was most of a calculator's import (in Node, from the wheel on ``sys.path`` to
  ROI's first answer: 111 ms with the compiled methods, 199 ms compiling them). The same probe
  records that source, the runtime compiles it, and the compiled stdlib carries the code objects
  as one entry, :data:`COMPILED_METHODS` (about 30 KB deflated); the worker's BRIDGE runs them
  in place of compiling. Built without bytecode, or with ``cdn_url``, there is no such entry.
* **Cache busting.** The wheel and its lockfile live in a folder named by that digest
  (plus ``-cp313`` when compiled; compiling is reproducible), and the runtime in a folder
  named by its version (plus ``-cp313-`` and the compiled stdlib's hash), so all can be
  cached forever.
  Only ``runtime.json`` (a few bytes) has a fixed address; the worker revalidates it.
* **Lockfile.** ``pyodide_lock.utils.add_wheels_to_spec``, the function behind
  ``pyodide lockfile add-wheels``, adds the wheel to the runtime's own lockfile. The
  runtime's package list is dropped first: this site serves none of those wheels, so
  listing them would only point ``loadPackage`` at files that are not there.
* **CDN.** The plugin's ``cdn_url`` (for example
  ``https://cdn.jsdelivr.net/pyodide/v0.29.5/full/``) makes the worker load the runtime
  from there and skips the copy; the wheel and lockfile stay on the site. Unset (the
  default), the site is self-hosted and makes no request to another origin.

Plain functions, tested in tests/test_bundle.py; the plugin (:mod:`mkdocs_calculators.plugin`)
calls :func:`write_bundle` after each build.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

#: The wheel's bytecode leaves out docstrings and asserts (``python -OO``): they document the code
#: for its developers, and a visitor's browser would only download and load them (a quarter of
#: the compiled wheel). The stdlib is compiled as it is. Part of the digest, so the compiled
#: wheel's immutable folder changes with it.
WHEEL_OPTIMIZE = 2
#: The package that holds a site's own calculator modules inside the wheel.
SITE_PACKAGE = "site_calculators"
STDLIB = "python_stdlib.zip"
#: The runtime files the browser worker fetches (plus a source map for developer tools).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.mjs.map", "pyodide.asm.js", "pyodide.asm.wasm", STDLIB)
#: Where the bundle goes inside the built site.
BUNDLE_DIR = "assets/pyodide"
MANIFEST = "runtime.json"
#: The worker's start-up code, which the Node probes and the snapshot maker import as the worker does.
PYTHON_JS = Path(__file__).resolve().parent / "assets" / "javascripts" / "calculator-python.js"
SNAPSHOT = "snapshot.bin"
#: The plugin's Node programs: each reads its inputs as one JSON object on stdin (:func:`run_node`).
NODE_DIR = Path(__file__).resolve().parent / "node"
#: Starts the runtime as the worker does and reports what it imported (:func:`startup_probe`).
STARTUP_PROBE_JS = NODE_DIR / "startup-probe.mjs"
#: Starts the runtime as the worker does and writes its memory snapshot (:func:`make_snapshot`).
SNAPSHOT_JS = NODE_DIR / "snapshot.mjs"
#: The stdlib zip's entry holding the calculators' dataclass methods, compiled (:func:`compiled_stdlib`);
#: the worker's BRIDGE reads it by the same name (COMPILED_METHODS in calculator-python.js).
COMPILED_METHODS = "dataclass-methods.marshal"
LOCKFILE = "pyodide-lock.json"
MISSING_RUNTIME = (
    "The Pyodide runtime is missing: {path} does not exist. Run `make serve` (or `npm ci`) "
    "in the project folder to install it from package-lock.json."
)
SHIPS_SOURCE = (
    "The Pyodide runtime runs Python %s and this build runs on %s, so the site ships Python source, "
    "which the browser compiles at every start. For bytecode (about half the wait for a calculator), "
    "build on Python %s: install it, remove .venv and run make serve (scripts/find-python.sh prefers it)."
)
log = logging.getLogger(f"mkdocs.plugins.{__name__}")


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


def compiled_name(name: str, tag: str) -> str:
    """An archive's name once compiled: a wheel's tag then names the one Python it runs on.

    >>> compiled_name("calculators-0.1.0-py3-none-any.whl", "cp313"), compiled_name(STDLIB, "cp313")
    ('calculators-0.1.0-cp313-none-any.whl', 'python_stdlib.zip')
    """
    return name.replace("-py3-none-any.whl", f"-{tag}-none-any.whl")


def compile_archive(archive: Path, output: Path, modules: frozenset[str] | None = None, optimize: int = -1,
                    extra: dict[str, bytes] | None = None) -> Path:
    """Write ``output``: ``archive`` (a .zip or .whl) with modules replaced by their bytecode.

    ``modules`` names the entries to compile (``"json/decoder.py"``); None compiles every
    ``.py``. Each becomes a ``.pyc`` compiled by this interpreter (which must be the
    runtime's minor version, :func:`bytecode_tag`), as ``pyodide py-compile`` does, but
    unchecked-hash (no timestamp) and with every entry dated 1980-01-01: the same input
    always gives the same bytes, which the folder names rely on. Deflated at level 9, so
    a host that sends ``.zip`` files as they are sends them compact. Written atomically; an
    existing ``output`` is reused. ``optimize`` is ``compile()``'s: 2 leaves out docstrings and
    asserts (:data:`WHEEL_OPTIMIZE`). ``extra`` adds entries (name -> bytes) after the archive's.
    """
    if output.is_file():
        return output
    output.parent.mkdir(parents=True, exist_ok=True)
    with (zipfile.ZipFile(archive) as source, tempfile.TemporaryDirectory(dir=output.parent) as scratch):
        part = Path(scratch) / output.name
        with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as compiled:
            def add(name: str, data: bytes) -> None:
                compiled.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                                  compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)

            for info in source.infolist():
                name, data = info.filename, source.read(info)
                if name.endswith(".py") and (modules is None or name in modules):
                    name, data = name + "c", _bytecode(data, name, archive.name, Path(scratch), optimize)
                add(name, data)
            for name, data in sorted((extra or {}).items()):
                add(name, data)
        os.replace(part, output)
    return output


def _bytecode(source: bytes, name: str, archive: str, scratch: Path, optimize: int = -1) -> bytes:
    """The ``.pyc`` of one module's source (``py_compile`` works on files only)."""
    import py_compile

    path = scratch / "module.py"
    path.write_bytes(source)
    try:
        return Path(py_compile.compile(str(path), cfile=str(scratch / "module.pyc"), dfile=name, doraise=True,
                                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
                                       optimize=optimize)).read_bytes()
    except py_compile.PyCompileError as error:
        raise BundleError(f"Compiling {archive} to bytecode failed: {name} is not valid Python "
                          f"{sys.version_info.major}.{sys.version_info.minor}:\n{error.msg}") from None


@dataclass(frozen=True)
class Manifest:
    """``runtime.json``: what the browser worker needs to start. ``entry`` is the view's
    ``respond`` (``"calculators.web:respond"``); ``register`` maps a site's own calculators to
    their modules in the wheel, registered with ``calculators.api.register`` before the first run.
    ``wheel`` is the wheel's address and ``integrity`` its sha256 (Subresource Integrity form):
    the worker fetches it while the runtime boots and imports from it as a zip, with no install.
    ``snapshot`` and ``snapshot_integrity`` name the memory snapshot, when the site ships one."""

    index_url: str
    lockfile_url: str
    package: str
    entry: str
    register: tuple[tuple[str, str], ...] = ()
    wheel: str = ""
    integrity: str = ""
    snapshot: str = ""
    snapshot_integrity: str = ""

    def to_json(self) -> dict:
        shape = {"indexURL": self.index_url, "lockFileURL": self.lockfile_url, "wheel": self.wheel,
                 "integrity": self.integrity, "package": self.package, "entry": self.entry,
                 "register": dict(self.register)}
        snapshot = {"snapshot": self.snapshot, "snapshotIntegrity": self.snapshot_integrity} if self.snapshot else {}
        return shape | snapshot


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity value of ``data`` (``fetch(url, {integrity})`` checks it).

    >>> integrity_of(b"")
    'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
    """
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def run_node(program: Path, inputs: dict, what: str) -> subprocess.CompletedProcess:
    """Run one of the plugin's Node programs (:data:`NODE_DIR`) with ``inputs`` as JSON on its stdin.

    ``what`` names the step for the message when Node is missing or runs too long.
    """
    try:
        return subprocess.run(["node", str(program)], input=json.dumps(inputs), capture_output=True, text=True,
                              timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BundleError(f"{what} needs Node (npm's): {error}") from None


@dataclass(frozen=True)
class StartupProbe:
    """What a start in Node found (:func:`startup_probe`): the stdlib zip's entries it imported
    (``"json/decoder.py"``), and the methods dataclasses generated, compiled by the runtime:
    ``marshal.dumps({source: code})``, which the worker's BRIDGE runs instead of compiling."""

    modules: frozenset[str]
    methods: bytes = b""


def startup_probe(runtime_dir: Path, lockfile: Path, manifest: Manifest, wheel: Path) -> StartupProbe:
    """Start as the worker does, in Node from the npm runtime and the site's lockfile, and answer
    each calculator (:data:`STARTUP_PROBE_JS`, with the Python of ``node/startup_probe.py``):
    Pyodide's own start-up, our wheel, the calculators' imports and the classes they define.

    Only the modules it imports are worth compiling: the rest of the stdlib stays source, which
    keeps the zip small, and a module imported later compiles then, as today. The dataclasses'
    methods are compiled from the exact source dataclasses wrote, so the worker finds each by it.
    """
    done = run_node(STARTUP_PROBE_JS, {
        "loader": (runtime_dir / "pyodide.mjs").resolve().as_uri(), "indexURL": str(runtime_dir.resolve()) + "/",
        "lockFileURL": str(lockfile.resolve()), "wheel": str(wheel.resolve()),
        "entry": manifest.entry, "register": dict(manifest.register),
    }, "Listing the modules a calculator imports")
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BundleError(f"Listing the modules a calculator imports failed (node):\n{done.stderr[-2000:]}")
    found = json.loads(lines[-1])
    return StartupProbe(frozenset(found["modules"]), base64.b64decode(found["methods"]))


def make_snapshot(runtime_folder: Path, lockfile: Path, wheel: Path, manifest: Manifest, out: Path) -> Path:
    """Pyodide's memory snapshot of a started worker, made in Node from the runtime folder the site
    serves (the same build the browser restores: Pyodide refuses a snapshot of another build).

    It holds the WebAssembly memory only: Python with the calculators imported and the bridge
    defined. The worker still fetches the runtime's files and the wheel (a module imported late
    is read from it). Written next to ``out`` first, then renamed, so a failed make leaves nothing.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    done = run_node(SNAPSHOT_JS, {
        "loader": (runtime_folder / "pyodide.mjs").resolve().as_uri(), "indexURL": str(runtime_folder.resolve()) + "/",
        "lockFileURL": str(lockfile.resolve()), "wheel": str(wheel.resolve()), "package": manifest.package,
        "entry": manifest.entry, "register": dict(manifest.register), "out": str(out.resolve()) + ".part",
    }, "Making the Pyodide memory snapshot")
    part = Path(str(out) + ".part")
    if done.returncode != 0 or not part.is_file():
        part.unlink(missing_ok=True)
        raise BundleError(f"Making the Pyodide memory snapshot failed (node):\n{done.stderr[-2000:]}")
    part.replace(out)
    return out


def site_lockfile(core_lockfile: Path, wheel: Path, package: str, shipped: Path | None = None) -> dict:
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
        entry = lock["packages"][package]
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
    """The plugin's ``cdn_url``: None (self-hosted) or an https URL ending in ``/``.

    >>> check_cdn_url(None), check_cdn_url(""), check_cdn_url("https://cdn.example/pyodide/v1/full")
    (None, None, 'https://cdn.example/pyodide/v1/full/')
    """
    if url in (None, ""):
        return None
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise BundleError(
            f"cdn_url must be an https:// folder URL such as "
            f"https://cdn.jsdelivr.net/pyodide/v0.29.5/full/ (or empty for the self-hosted runtime); got {url!r}."
        )
    return url if url.endswith("/") else url + "/"


def compiled_stdlib(runtime_dir: Path, lockfile: Path, manifest: Manifest, wheel: Path, wheel_cache: Path,
                    cache_dir: Path) -> Path:
    """The runtime's stdlib zip with its start-up modules compiled and, as the entry
    :data:`COMPILED_METHODS`, the calculators' dataclass methods; from the cache when it is there.

    What the start imports and defines is kept next to the wheel it was found with
    (``startup-probe-<runtime version>.json``), and the compiled zip under ``cache_dir`` by a digest of the stdlib
    and both: an edit of the calculators that imports nothing new and changes no class reuses the
    same zip, and so the same URL.
    """
    found = wheel_cache / f"startup-probe-{runtime_version(runtime_dir)}.json"  # the runtime compiled the methods
    if not found.is_file():
        probe = startup_probe(runtime_dir, lockfile, manifest, wheel)
        found.write_text(json.dumps({"modules": sorted(probe.modules), "methods": base64.b64encode(probe.methods).decode()}),
                         encoding="utf-8")
    cached = json.loads(found.read_text(encoding="utf-8"))
    modules, methods = frozenset(cached["modules"]), base64.b64decode(cached["methods"])
    stdlib = runtime_dir / STDLIB
    key = hashlib.sha256(stdlib.read_bytes() + json.dumps(sorted(modules)).encode() + methods).hexdigest()[:16]
    target = cache_dir / key
    compiled = compile_archive(stdlib, target / STDLIB, modules, extra={COMPILED_METHODS: methods} if methods else None)
    os.utime(target)  # the newest used: prune_cache keeps it
    prune_cache(cache_dir, keep=3)
    return compiled


def write_bundle(package: Package, entry: str, runtime_dir: Path, site_dir: Path, cache_dir: Path,
                 cdn_url: str | None = None, bytecode: bool = True, snapshot: bool = False) -> Bundle:
    """Write the wheel, the site-local lockfile, the runtime and ``runtime.json`` into ``site_dir``.

    With ``bytecode`` (the default) and a host on the runtime's Python, the wheel and the stdlib
    ship compiled (:func:`compile_archive`); otherwise as source. With ``snapshot``, also a memory
    snapshot of the started worker (:func:`make_snapshot`), kept in the cache by the wheel's and
    the runtime's digests and named in ``runtime.json``.
    """
    if snapshot and cdn_url is not None:
        raise BundleError("snapshot needs the self-hosted runtime (cdn_url empty): a snapshot is made from, "
                          "and only restores on, the runtime build the site serves.")
    check_runtime(runtime_dir)
    tag = bytecode_tag(runtime_python(runtime_dir)) if bytecode else None
    source_wheel = build_wheel(package, cache_dir)
    digest = source_wheel.parent.name + (f"-{tag}" if tag else "")
    wheel = source_wheel
    if tag:
        wheel = compile_archive(source_wheel, source_wheel.parent / f"bytecode-{tag}-o{WHEEL_OPTIMIZE}" /
                                compiled_name(source_wheel.name, tag), optimize=WHEEL_OPTIMIZE)
    bundle_dir = site_dir / BUNDLE_DIR
    package_dir = bundle_dir / "packages" / digest
    package_dir.mkdir(parents=True, exist_ok=True)
    copy_if_changed(wheel, package_dir / wheel.name)
    lock = site_lockfile(runtime_dir / LOCKFILE, source_wheel, package.name, wheel if tag else None)
    (package_dir / LOCKFILE).write_text(json.dumps(lock, sort_keys=True), encoding="utf-8")
    lockfile = f"packages/{digest}/{LOCKFILE}"
    register = tuple((name, f"{SITE_PACKAGE}.{name}") for name, _ in package.modules)

    copied: list[str] = []
    if cdn_url is None:
        sources = {name: runtime_dir / name for name in RUNTIME_FILES}
        folder = runtime_version(runtime_dir)
        if tag:
            probe = Manifest("", "", package.name, entry, register)
            sources[STDLIB] = compiled_stdlib(runtime_dir, package_dir / LOCKFILE, probe, package_dir / wheel.name,
                                              source_wheel.parent, cache_dir / "stdlib")
            folder += f"-{tag}-{hashlib.sha256(sources[STDLIB].read_bytes()).hexdigest()[:8]}"
        for name, source in sources.items():
            if copy_if_changed(source, bundle_dir / folder / name):
                copied.append(name)
        index_url = f"{folder}/"
    else:
        index_url = cdn_url
    manifest = Manifest(index_url, lockfile, package.name, entry, register,
                        wheel=f"packages/{digest}/{wheel.name}", integrity=integrity_of(wheel.read_bytes()))
    if snapshot:
        made = cache_dir / "snapshots" / f"{digest}-{folder}" / SNAPSHOT
        if not made.is_file():
            make_snapshot(bundle_dir / folder, package_dir / LOCKFILE, package_dir / wheel.name, manifest, made)
        name = f"snapshot-{hashlib.sha256(made.read_bytes()).hexdigest()[:16]}.bin"
        copy_if_changed(made, package_dir / name)
        manifest = replace(manifest, snapshot=f"packages/{digest}/{name}", snapshot_integrity=integrity_of(made.read_bytes()))
    (bundle_dir / MANIFEST).write_text(json.dumps(manifest.to_json(), indent=2) + "\n", encoding="utf-8")
    return Bundle(
        digest=digest,
        wheel=f"{BUNDLE_DIR}/packages/{digest}/{wheel.name}",
        lockfile=f"{BUNDLE_DIR}/{lockfile}",
        index_url=index_url,
        copied=tuple(copied),
        bytecode=tag,
    )
