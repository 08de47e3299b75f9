"""The Pyodide bundle: the calculators package as a wheel, its lockfile, and the runtime.

On every ``mkdocs build`` and every ``mkdocs serve`` rebuild the plugin writes::

    site/assets/pyodide/
      runtime.json                      where the worker finds the two below (fetched revalidated)
      0.29.5-cp313-<hash>/              the runtime from node_modules/pyodide (immutable)
        pyodide.mjs  pyodide.asm.js  pyodide.asm.wasm  python_stdlib.zip  pyodide.mjs.map
      packages/<digest>-cp313/          our package, one folder per content digest (immutable)
        calculators-0.1.0-cp313-none-any.whl
        pyodide-lock.json               site-local lockfile: the runtime's "info" + our wheel
      packages/on-demand/<hash>/        a package the view imports only when asked (XlsxWriter, for a
        xlsxwriter-3.2.9.zip            workbook): zipped, compiled like the wheel (:mod:`.on_demand`)

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
calls :func:`write_bundle` after each build. This module puts the bundle together; its parts are
modules of their own: :mod:`.wheel` (the wheel), :mod:`.bytecode` (compiling archives),
:mod:`.runtime` (the runtime's checks, ``runtime.json``), :mod:`.probe` (the start-up probe and
the snapshot, run in Node by the programs in ``node/``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

# The bundle's parts, by concern: the wheel, the runtime and runtime.json, bytecode, the runs in Node.
# Their names are this module's too (__all__), as the plugin, the tests and bench use them.
from .bytecode import SHIPS_SOURCE, bytecode_tag, compile_archive, compiled_name
from .errors import BundleError
from .on_demand import OnDemand, package_archive
from .probe import NODE_DIR, PYTHON_JS, SNAPSHOT_JS, STARTUP_PROBE_JS, StartupProbe, make_snapshot, run_node, startup_probe
from .runtime import (INSTALL, LOCKFILE, MISSING_RUNTIME, PINNED, RUNTIME_FILES, STDLIB, Manifest, check_cdn_url,
                      check_runtime, copy_if_changed, integrity_of, runtime_python, runtime_version, supported)
from .wheel import (SITE_PACKAGE, WHEEL_OPTIMIZE, Package, build_wheel, prune_cache, source_digest, source_files,
                    wheel_project)

__all__ = [
    # this module: the whole bundle
    "BUNDLE_DIR", "COMPILED_METHODS", "MANIFEST", "SNAPSHOT", "Bundle", "compiled_stdlib", "site_lockfile", "write_bundle",
    # .errors, .wheel, .runtime, .bytecode, .probe, .on_demand
    "BundleError",
    "OnDemand", "package_archive",
    "SITE_PACKAGE", "WHEEL_OPTIMIZE", "Package", "build_wheel", "prune_cache", "source_digest", "source_files",
    "wheel_project",
    "INSTALL", "LOCKFILE", "MISSING_RUNTIME", "PINNED", "RUNTIME_FILES", "STDLIB", "Manifest", "check_cdn_url",
    "check_runtime", "copy_if_changed", "integrity_of", "runtime_python", "runtime_version", "supported",
    "SHIPS_SOURCE", "bytecode_tag", "compile_archive", "compiled_name",
    "NODE_DIR", "PYTHON_JS", "SNAPSHOT_JS", "STARTUP_PROBE_JS", "StartupProbe", "make_snapshot", "run_node", "startup_probe",
]

#: Where the bundle goes inside the built site.
BUNDLE_DIR = "assets/pyodide"
MANIFEST = "runtime.json"
SNAPSHOT = "snapshot.bin"
#: The stdlib zip's entry holding the calculators' dataclass methods, compiled (:func:`compiled_stdlib`);
#: the worker's BRIDGE reads it by the same name (COMPILED_METHODS in calculator-python.js).
COMPILED_METHODS = "dataclass-methods.marshal"


@dataclass(frozen=True)
class Bundle:
    """What one build wrote: the digest of the package, and the files' site paths."""

    digest: str
    wheel: str
    lockfile: str
    index_url: str
    copied: tuple[str, ...]
    bytecode: str | None = None  # "cp313" when the stdlib and the wheel ship compiled


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
                 cdn_url: str | None = None, bytecode: bool = True, snapshot: bool = False,
                 on_demand: tuple[str, ...] = ()) -> Bundle:
    """Write the wheel, the site-local lockfile, the runtime and ``runtime.json`` into ``site_dir``.

    With ``bytecode`` (the default) and a host on the runtime's Python, the wheel and the stdlib
    ship compiled (:func:`compile_archive`); otherwise as source. With ``snapshot``, also a memory
    snapshot of the started worker (:func:`make_snapshot`), kept in the cache by the wheel's and
    the runtime's digests and named in ``runtime.json``. ``on_demand`` names installed pure-Python
    packages shipped as zips the worker fetches when an answer needs them (:mod:`.on_demand`), each
    in a folder named by its content, compiled as the wheel is.
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
    shipped_on_demand = []
    for name in on_demand:
        archive = package_archive(name, cache_dir / "on-demand", tag, WHEEL_OPTIMIZE)
        data = archive.read_bytes()
        folder_name = f"packages/on-demand/{hashlib.sha256(data).hexdigest()[:16]}"
        copy_if_changed(archive, bundle_dir / folder_name / archive.name)
        shipped_on_demand.append(OnDemand(name, f"{folder_name}/{archive.name}", integrity_of(data)).to_json())
    manifest = Manifest(index_url, lockfile, package.name, entry, register,
                        wheel=f"packages/{digest}/{wheel.name}", integrity=integrity_of(wheel.read_bytes()),
                        on_demand=tuple(shipped_on_demand))
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
