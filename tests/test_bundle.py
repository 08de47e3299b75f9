"""Tests for mkdocs_calculators/bundle.py and the modules it is made of (wheel, bytecode, runtime,
probe): the browser wheel, the site-local lockfile, the runtime copy.

Most tests use a tiny stand-in project (a two-file ``calculators`` package, a site calculator
module, and a fake ``node_modules/pyodide`` whose Python is this interpreter's, so that bytecode
is made here whatever the host) so they are fast and do not depend on the real core. Two run
the real runtime in Node (marker ``runtime``: seconds each, left out of ``make test-fast``); two
read the real built site. How the plugin calls these functions
during ``mkdocs build`` and ``mkdocs serve`` is tested in tests/test_plugin.py.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import importlib.util
import json
import marshal
import os
import pkgutil
import re
import subprocess
import sys
import tomllib
import types
import zipfile
from pathlib import Path

import pytest

from mkdocs_calculators import bundle, bytecode

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "node_modules" / "pyodide"
REAL_INFO = json.loads((RUNTIME / "pyodide-lock.json").read_text())["info"]
#: The pinned runtime's version (package.json's pin, installed by npm ci): the fake runtime wears it.
VERSION = json.loads((RUNTIME / "package.json").read_text())["version"]
CDN = f"https://cdn.example/pyodide/v{VERSION}/full/"
HOST_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
HOST_TAG = f"cp{sys.version_info.major}{sys.version_info.minor}"
ENTRY = "calculators.web:respond"
#: A site's own calculator, as a site writes one: schema() with defaults, and run().
SITE_MODULE = '''"""A tip on a bill."""
import colorsys  # imported by no core calculator: a start-up probe that registers this module finds it


def schema():
    return {"title": "Tip", "fields": [{"id": "bill", "label": "Bill", "kind": "number", "unit": "money",
            "min": 0, "max": 1e6, "default": 100, "required": True}], "defaults": {"bill": 100},
            "outputs": [{"id": "tip", "label": "Tip", "kind": "money", "headline": True, "note": ""}]}


def run(payload):
    return {"tip": float(payload.get("bill", 0)) * 0.1}
'''


def write_zip(path: Path, files: dict[str, str]) -> Path:
    """A deflated zip of ``files`` ({name: text}), like Pyodide's python_stdlib.zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def run_pyc(data: bytes) -> dict:
    """The globals after running a .pyc's code object (16-byte header, then marshalled code)."""
    assert data[:4] == importlib.util.MAGIC_NUMBER
    namespace: dict = {}
    exec(marshal.loads(data[16:]), namespace)
    return namespace


def make_project(base: Path, *, runtime: bool = True, python: str = HOST_PYTHON) -> Path:
    """A minimal project: a calculators package, a site module ``site/tip.py`` and (optionally) a fake runtime.

    The fake runtime's files hold placeholder bytes, except its stdlib zip (one module and one
    data file); its lockfile says it runs ``python``.
    """
    project = base / "project"
    (project / "calculators").mkdir(parents=True)
    (project / "calculators" / "__init__.py").write_text('"""Stand-in."""\n')
    (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': True}\n")
    (project / "site").mkdir()
    (project / "site" / "tip.py").write_text(SITE_MODULE)
    if runtime:
        runtime_dir = project / "node_modules" / "pyodide"
        runtime_dir.mkdir(parents=True)
        for name in bundle.RUNTIME_FILES:
            (runtime_dir / name).write_bytes(f"fake {name}".encode())
        write_zip(runtime_dir / bundle.STDLIB, {"colorsys.py": "ANSWER = 6 * 7\n", "data/notes.txt": "kept as is"})
        (runtime_dir / "package.json").write_text(json.dumps({"name": "pyodide", "version": VERSION}))
        lock = {"info": {**REAL_INFO, "python": f"{python}.1"}, "packages": {"numpy": {"name": "numpy", "version": "2", "file_name": "numpy.whl",
                                                        "install_dir": "site", "sha256": "0" * 64, "package_type": "package",
                                                        "imports": ["numpy"], "depends": []}}}
        (runtime_dir / "pyodide-lock.json").write_text(json.dumps(lock))
    return project


def package_of(project: Path, *, modules: bool = False, version: str = "0.1.0") -> bundle.Package:
    """The stand-in project's package as the plugin describes it; with ``modules``, the site's ``tip``."""
    return bundle.Package("calculators", project / "calculators", version,
                          (("tip", project / "site" / "tip.py"),) if modules else ())


def runtime_of(project: Path) -> Path:
    return project / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def wheel(project, tmp_path_factory) -> Path:
    return bundle.build_wheel(package_of(project), tmp_path_factory.mktemp("cache"))


# --- what goes into the wheel ---------------------------------------------------------------------


def test_source_files_are_the_package_modules_under_the_package_name(tmp_path):
    project = make_project(tmp_path, runtime=False)
    assert bundle.source_files(package_of(project)) == [
        ("calculators/__init__.py", project / "calculators" / "__init__.py"),
        ("calculators/api.py", project / "calculators" / "api.py"),
    ]


def test_source_files_ship_each_site_module_as_site_calculators_name_with_the_package_init(tmp_path):
    project = make_project(tmp_path, runtime=False)
    (project / "site" / "other.py").write_text(SITE_MODULE)
    package = bundle.Package("calculators", project / "calculators", "0.1.0",
                             (("tip", project / "site" / "tip.py"), ("other", project / "site" / "other.py")))
    files = dict(bundle.source_files(package))
    assert files["site_calculators/tip.py"] == project / "site" / "tip.py"
    assert files["site_calculators/other.py"] == project / "site" / "other.py"
    assert files["site_calculators/__init__.py"] == ROOT / "mkdocs_calculators" / "site_package.py"
    assert sorted(name for name in files if not name.startswith("calculators/")) == [
        "site_calculators/__init__.py", "site_calculators/other.py", "site_calculators/tip.py"]


def test_wheel_project_includes_only_the_package_when_the_site_has_no_modules(tmp_path):
    project = make_project(tmp_path, runtime=False)
    text = bundle.wheel_project(package_of(project, version="1.2.3"))
    toml = tomllib.loads(text)
    assert toml["project"] == {"name": "calculators", "version": "1.2.3"}
    assert toml["tool"]["setuptools"]["packages"]["find"]["include"] == ["calculators", "calculators.*"]
    assert toml["build-system"]["build-backend"] == "setuptools.build_meta"
    assert "mkdocs_calculators" not in text and "macros" not in text


def test_wheel_project_adds_site_calculators_when_the_site_has_modules(tmp_path):
    project = make_project(tmp_path, runtime=False)
    text = bundle.wheel_project(package_of(project, modules=True))
    include = tomllib.loads(text)["tool"]["setuptools"]["packages"]["find"]["include"]
    assert include == ["calculators", "calculators.*", "site_calculators"]
    assert "mkdocs_calculators" not in text and "macros" not in text


# --- digest ----------------------------------------------------------------------------------------


def test_digest_is_stable_and_follows_every_byte_and_file_name(tmp_path):
    project = make_project(tmp_path, runtime=False)
    first = bundle.source_digest(package_of(project))
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert bundle.source_digest(package_of(project)) == first
    (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': False}\n")
    edited = bundle.source_digest(package_of(project))
    assert edited != first
    (project / "calculators" / "api.py").rename(project / "calculators" / "core.py")
    assert bundle.source_digest(package_of(project)) != edited


def test_digest_ignores_what_the_wheel_does_not_hold(tmp_path):
    project = make_project(tmp_path, runtime=False)
    before = bundle.source_digest(package_of(project))
    (project / "calculators" / "__pycache__").mkdir()
    (project / "calculators" / "__pycache__" / "api.cpython-312.pyc").write_bytes(b"\0\1")
    (project / "calculators" / ".api.py.swp").write_bytes(b"editor")
    (project / "site" / "notes.txt").write_text("the site's own files are not the package")
    assert bundle.source_digest(package_of(project)) == before


def test_digest_changes_when_a_site_module_is_added_edited_or_renamed(tmp_path):
    project = make_project(tmp_path, runtime=False)
    without = bundle.source_digest(package_of(project))
    added = bundle.source_digest(package_of(project, modules=True))
    assert added != without
    (project / "site" / "tip.py").write_text(SITE_MODULE.replace("0.1", "0.15"))
    edited = bundle.source_digest(package_of(project, modules=True))
    assert edited != added
    renamed = bundle.Package("calculators", project / "calculators", "0.1.0", (("gratuity", project / "site" / "tip.py"),))
    assert bundle.source_digest(renamed) != edited


def test_digest_follows_the_version_written_into_the_wheel(tmp_path):
    project = make_project(tmp_path, runtime=False)
    assert bundle.source_digest(package_of(project, version="0.1.0")) != bundle.source_digest(package_of(project, version="0.2.0"))


def test_prune_cache_keeps_the_newest_wheel_folders(tmp_path):
    for age, name in enumerate(["a", "b", "c", "d"]):
        (tmp_path / (name * 16)).mkdir()  # a digest-like name
        os.utime(tmp_path / (name * 16), (1000 - age, 1000 - age))  # aaa... is the newest
    (tmp_path / "wheel-inprogress").mkdir()
    (tmp_path / "stdlib").mkdir()
    assert sorted(p.name for p in bundle.prune_cache(tmp_path, keep=2)) == ["c" * 16, "d" * 16]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a" * 16, "b" * 16, "stdlib", "wheel-inprogress"]


def test_prune_cache_of_a_missing_folder_deletes_nothing(tmp_path):
    assert bundle.prune_cache(tmp_path / "never-built") == []


# --- wheel -----------------------------------------------------------------------------------------


def test_wheel_is_pure_python_and_holds_the_package(project, wheel):
    assert wheel.name == "calculators-0.1.0-py3-none-any.whl"
    assert wheel.parent.name == bundle.source_digest(package_of(project))
    names = zipfile.ZipFile(wheel).namelist()
    assert "calculators/__init__.py" in names and "calculators/api.py" in names
    assert not [name for name in names if name.startswith("site_calculators/")]  # no modules, no site package
    # built from a copy: the project itself gains no build/ or egg-info
    assert not (project / "build").exists()
    assert not list(project.glob("**/*.egg-info"))


def test_unchanged_sources_reuse_the_cached_wheel(project, wheel, monkeypatch):
    def no_build(*args, **kwargs):
        raise AssertionError("the wheel was rebuilt although nothing changed")

    monkeypatch.setattr(subprocess, "run", no_build)
    assert bundle.build_wheel(package_of(project), wheel.parent.parent) == wheel


def test_changed_sources_get_a_new_wheel_folder(tmp_path):
    project = make_project(tmp_path, runtime=False)
    cache = tmp_path / "cache"
    first = bundle.build_wheel(package_of(project), cache)
    (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': 1}\n")
    second = bundle.build_wheel(package_of(project), cache)
    assert first.parent != second.parent
    assert b"{'ok': 1}" in zipfile.ZipFile(second).read("calculators/api.py")


def test_a_failing_build_says_so(tmp_path):
    project = make_project(tmp_path, runtime=False)
    with pytest.raises(bundle.BundleError, match=r"Building the calculators wheel failed(.|\n)*pep440"):
        bundle.build_wheel(package_of(project, version="not a version"), tmp_path / "cache")
    assert not list((tmp_path / "cache").iterdir())  # no half-built wheel folder is left to be reused


def test_wheel_with_site_modules_holds_them_in_site_calculators(tmp_path):
    project = make_project(tmp_path, runtime=False)
    wheel = bundle.build_wheel(package_of(project, modules=True), tmp_path / "cache")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert archive.read("site_calculators/tip.py") == SITE_MODULE.encode()
        assert archive.read("site_calculators/__init__.py") == (ROOT / "mkdocs_calculators" / "site_package.py").read_bytes()
    assert "calculators/api.py" in names
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"calculators", "site_calculators", "calculators-0.1.0.dist-info"}


def test_wheel_holds_neither_the_plugin_nor_the_macros_beside_the_package(tmp_path):
    """Laid out as this repository is: the plugin and the macros next to the package, and a
    pyproject.toml that lists all three. Only the package goes to the browser."""
    project = make_project(tmp_path, runtime=False)
    for other in ("mkdocs_calculators", "macros"):
        (project / other).mkdir()
        (project / other / "__init__.py").write_text("import mkdocs  # build-time only\n")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "calculators"\nversion = "0.1.0"\n\n'
        '[tool.setuptools]\npackages = ["calculators", "mkdocs_calculators", "macros"]\n'
    )
    wheel = bundle.build_wheel(package_of(project, modules=True), tmp_path / "cache")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in names if name.startswith(("mkdocs_calculators/", "macros/"))]
    assert "calculators/api.py" in names


def test_the_built_site_wheel_holds_only_the_calculators_package(built_site):
    base = built_site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    lockfile = base / manifest["lockFileURL"]
    wheel = lockfile.parent / json.loads(lockfile.read_text())["packages"]["calculators"]["file_name"]
    names = zipfile.ZipFile(wheel).namelist()
    assert not [name for name in names if name.startswith(("mkdocs_calculators/", "macros/"))]
    others = {name.split("/")[0] for name in names} - {"calculators", "site_calculators"}
    assert len(others) == 1 and others.pop().endswith(".dist-info")  # and nothing else
    assert any(name.startswith("calculators/web/") for name in names)  # the view goes with the core
    assert any(name.startswith("calculators/roi/") for name in names)  # and a calculator's own package


# --- lockfile --------------------------------------------------------------------------------------


def test_site_lockfile_has_the_runtime_info_and_only_our_wheel(project, wheel):
    core = runtime_of(project) / "pyodide-lock.json"
    lock = bundle.site_lockfile(core, wheel, "calculators")
    assert lock["info"] == json.loads(core.read_text())["info"]
    assert list(lock["packages"]) == ["calculators"]  # the runtime's numpy is dropped
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == wheel.name  # relative: the lockfile sits next to the wheel
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculators"] and entry["depends"] == []


def test_site_lockfile_lists_the_compiled_wheel_in_place_of_the_source_one(project, wheel, tmp_path):
    compiled = bundle.compile_archive(wheel, tmp_path / bundle.compiled_name(wheel.name, HOST_TAG))
    lock = bundle.site_lockfile(runtime_of(project) / "pyodide-lock.json", wheel, "calculators", compiled)
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == compiled.name == f"calculators-0.1.0-{HOST_TAG}-none-any.whl"
    assert entry["sha256"] == hashlib.sha256(compiled.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculators"]


def test_site_lockfile_of_a_wheel_with_site_modules_imports_both_packages(tmp_path):
    project = make_project(tmp_path)
    wheel = bundle.build_wheel(package_of(project, modules=True), tmp_path / "cache")
    lock = bundle.site_lockfile(runtime_of(project) / "pyodide-lock.json", wheel, "calculators")
    assert sorted(lock["packages"]["calculators"]["imports"]) == ["calculators", "site_calculators"]


# --- bytecode --------------------------------------------------------------------------------------


def test_runtime_python_is_read_from_the_lockfile(project):
    assert bundle.runtime_python(runtime_of(project)) == HOST_PYTHON
    assert bundle.runtime_python(RUNTIME) == ".".join(REAL_INFO["python"].split(".")[:2])


def test_bytecode_tag_needs_the_runtime_minor_version_exactly():
    assert bundle.bytecode_tag(HOST_PYTHON) == HOST_TAG
    assert bundle.bytecode_tag("3.13", (3, 13, 2)) == "cp313"
    assert bundle.bytecode_tag("3.13", (3, 12)) is None
    assert bundle.bytecode_tag("3.99") is None


def test_compiled_zip_holds_bytecode_in_place_of_each_module_and_the_rest_unchanged(tmp_path):
    source = write_zip(tmp_path / "python_stdlib.zip", {"colorsys.py": "ANSWER = 6 * 7\n", "data/notes.txt": "as is"})
    compiled = bundle.compile_archive(source, tmp_path / "out" / "python_stdlib.zip")
    assert compiled == tmp_path / "out" / "python_stdlib.zip" and source.is_file()  # the input is left alone
    with zipfile.ZipFile(compiled) as archive:
        assert sorted(archive.namelist()) == ["colorsys.pyc", "data/notes.txt"]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("data/notes.txt") == b"as is"
        assert run_pyc(archive.read("colorsys.pyc"))["ANSWER"] == 42


def test_only_the_modules_named_are_compiled(tmp_path):
    source = write_zip(tmp_path / "python_stdlib.zip", {"used.py": "A = 1\n", "pkg/": "", "pkg/unused.py": "B = 2\n"})
    compiled = bundle.compile_archive(source, tmp_path / "out.zip", frozenset({"used.py"}))
    assert sorted(zipfile.ZipFile(compiled).namelist()) == ["pkg/", "pkg/unused.py", "used.pyc"]


def test_compiling_the_same_input_twice_gives_the_same_bytes(tmp_path, wheel):
    """The folders' names promise their content: a rebuild on another day must not change it."""
    first = bundle.compile_archive(wheel, tmp_path / "a" / "w.whl")
    second = bundle.compile_archive(wheel, tmp_path / "b" / "w.whl")
    assert first.read_bytes() == second.read_bytes()


def test_compiled_wheel_is_tagged_for_this_interpreter_and_reused(wheel, tmp_path, monkeypatch):
    compiled = bundle.compile_archive(wheel, tmp_path / "out" / bundle.compiled_name(wheel.name, HOST_TAG))
    assert compiled.name == f"calculators-0.1.0-{HOST_TAG}-none-any.whl"
    names = zipfile.ZipFile(compiled).namelist()
    assert "calculators/api.pyc" in names and not [name for name in names if name.endswith(".py")]
    assert run_pyc(zipfile.ZipFile(compiled).read("calculators/api.pyc"))["run"]("x", {}) == {"ok": True}

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again although the result was there")

    monkeypatch.setattr(bytecode, "_bytecode", no_compile)
    assert bundle.compile_archive(wheel, compiled) == compiled


def test_a_module_that_does_not_compile_fails_the_build_with_its_name(tmp_path):
    broken = write_zip(tmp_path / "python_stdlib.zip", {"broken_module.py": "def (:\n"})
    with pytest.raises(bundle.BundleError, match=r"Compiling python_stdlib.zip to bytecode failed: broken_module.py"):
        bundle.compile_archive(broken, tmp_path / "out" / "python_stdlib.zip")
    assert list((tmp_path / "out").iterdir()) == []  # nothing half-written is left to be reused


@pytest.mark.runtime
def test_startup_probe_lists_what_pyodide_the_calculators_and_the_site_modules_import(tmp_path):
    """Run in Node on the real runtime, with the real calculators and a site module registered
    as the worker registers it (runtime.json's ``register``)."""
    project = make_project(tmp_path, runtime=False)
    package = bundle.Package("calculators", ROOT / "calculators", "0.1.0", (("tip", project / "site" / "tip.py"),))
    wheel = bundle.build_wheel(package, tmp_path / "cache")
    lockfile = wheel.parent / bundle.LOCKFILE
    lockfile.write_text(json.dumps(bundle.site_lockfile(RUNTIME / bundle.LOCKFILE, wheel, "calculators")))
    manifest = bundle.Manifest("", "", "calculators", ENTRY, (("tip", "site_calculators.tip"),))
    probe = bundle.startup_probe(RUNTIME, lockfile, manifest, wheel)
    modules = probe.modules
    assert {"json/__init__.py", "fractions.py", "decimal.py", "csv.py"} <= modules  # the calculators'
    assert "_pyodide/_importhook.py" in modules  # Pyodide's own start
    # The wheel is imported as a zip, not installed: no installer and none of its imports.
    assert not {"tarfile.py", "email/__init__.py", "importlib/metadata/__init__.py"} & modules
    assert "colorsys.py" in modules  # the site module's, so it was registered and answered
    assert "unittest/__init__.py" not in modules and "http/server.py" not in modules
    assert all(name.endswith(".py") for name in modules)

    # Every class of both calculators had its methods generated, recorded and compiled by the runtime.
    methods = marshal.loads(probe.methods)
    assert all(isinstance(code, types.CodeType) for code in methods.values())
    assert all(source.startswith("def __create_fn__(") for source in methods)
    # A calculator that is a package (calculators/roi/) defines its classes in its modules.
    roi = importlib.import_module("calculators.roi")
    modules = [roi, importlib.import_module("calculators.readiness")]
    modules += [importlib.import_module(f"{roi.__name__}.{info.name}") for info in pkgutil.iter_modules(roi.__path__)]
    for module in modules:
        for cls in (value for value in vars(module).values() if dataclasses.is_dataclass(value)):
            names = [f"__dataclass_type_{field.name}__" for field in dataclasses.fields(cls)]
            assert any(all(name in source for name in names) for source in methods), cls.__qualname__


def test_startup_probe_failing_in_node_says_so(tmp_path, project):
    with pytest.raises(bundle.BundleError, match=r"Listing the modules a calculator imports failed \(node\)"):
        bundle.startup_probe(runtime_of(project), tmp_path / "missing-lock.json",
                             bundle.Manifest("", "", "calculators", ENTRY), tmp_path / "missing.whl")


def test_the_node_programs_get_their_inputs_as_json_on_stdin_not_in_their_source(tmp_path, monkeypatch):
    """Paths that would break a program built by formatting text (quotes, a template's ``${``) reach
    it unchanged: each program is a fixed file, and what it needs arrives as one JSON object."""
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, json.loads(kwargs["input"])))
        return subprocess.CompletedProcess(command, 1, "", "stopped by the test")

    monkeypatch.setattr(subprocess, "run", fake_run)
    odd = tmp_path / 'a "quoted" ${folder}`'
    manifest = bundle.Manifest("", "", "calculators", ENTRY, (("tip", "site_calculators.tip"),))
    with pytest.raises(bundle.BundleError, match=r"stopped by the test"):
        bundle.startup_probe(odd / "runtime", odd / "lock.json", manifest, odd / "w.whl")
    with pytest.raises(bundle.BundleError, match=r"stopped by the test"):
        bundle.make_snapshot(odd / "runtime", odd / "lock.json", odd / "w.whl", manifest, odd / "out" / "s.bin")
    (probe_command, probe), (snapshot_command, snapshot) = calls
    assert probe_command == ["node", str(bundle.STARTUP_PROBE_JS)] and snapshot_command == ["node", str(bundle.SNAPSHOT_JS)]
    assert probe == {"loader": (odd / "runtime" / "pyodide.mjs").resolve().as_uri(), "indexURL": f"{odd.resolve()}/runtime/",
                     "lockFileURL": str((odd / "lock.json").resolve()), "wheel": str((odd / "w.whl").resolve()),
                     "entry": ENTRY, "register": {"tip": "site_calculators.tip"}}
    assert snapshot == probe | {"package": "calculators", "out": str((odd / "out" / "s.bin").resolve()) + ".part"}


def test_the_node_programs_and_their_python_ship_with_the_plugin():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = {path for pattern in package_data["mkdocs_calculators"] for path in (ROOT / "mkdocs_calculators").glob(pattern)}
    node = {bundle.STARTUP_PROBE_JS, bundle.SNAPSHOT_JS, bundle.NODE_DIR / "startup_probe.py"}
    assert all(path.is_file() for path in node) and node <= shipped
    assert "startup_probe.py" in bundle.STARTUP_PROBE_JS.read_text()  # the file the probe reads its Python from


# --- runtime ---------------------------------------------------------------------------------------


def test_missing_runtime_names_the_command_to_run(tmp_path):
    project = make_project(tmp_path, runtime=False)
    with pytest.raises(bundle.BundleError) as raised:
        bundle.check_runtime(runtime_of(project))
    message = str(raised.value)
    assert str(runtime_of(project)) in message and "`npm install pyodide@0.29.5`" in message and "\n" not in message


def test_the_pinned_runtime_is_the_one_package_json_installs():
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"] == bundle.PINNED
    assert bundle.supported(bundle.PINNED) and bundle.INSTALL == f"npm install pyodide@{bundle.PINNED}"


@pytest.mark.parametrize("found", ["314.0.8", "0.28.3", "0.30.0"])
def test_a_runtime_of_another_release_line_gets_one_line_with_the_fix(tmp_path, found):
    runtime = tmp_path / "node_modules" / "pyodide"
    runtime.mkdir(parents=True)
    (runtime / "package.json").write_text(json.dumps({"name": "pyodide", "version": found}))
    with pytest.raises(bundle.BundleError) as raised:
        bundle.check_runtime(runtime)
    assert str(raised.value) == (f"Pyodide {found} is in {runtime}, and this plugin supports 0.29.x. "
                                 "Run `npm install pyodide@0.29.5` in the site's folder.")


def test_incomplete_runtime_names_the_missing_file(tmp_path):
    runtime = tmp_path / "pyodide"
    runtime.mkdir()
    (runtime / "package.json").write_text(json.dumps({"version": VERSION}))
    (runtime / "pyodide.mjs").write_text("x")
    with pytest.raises(bundle.BundleError, match="pyodide.mjs.map"):
        bundle.check_runtime(runtime)


def test_the_real_runtime_is_complete():
    bundle.check_runtime(RUNTIME)
    assert bundle.runtime_version(RUNTIME) == VERSION


def test_an_unexpected_runtime_version_is_refused(tmp_path):
    (tmp_path / "package.json").write_text(json.dumps({"version": "../../etc"}))
    with pytest.raises(bundle.BundleError, match="Unexpected Pyodide version"):
        bundle.runtime_version(tmp_path)


def test_copy_if_changed_skips_identical_files(tmp_path):
    source, target = tmp_path / "a.wasm", tmp_path / "out" / "a.wasm"
    source.write_bytes(b"12345")
    assert bundle.copy_if_changed(source, target) is True
    assert bundle.copy_if_changed(source, target) is False
    source.write_bytes(b"123456")
    assert bundle.copy_if_changed(source, target) is True
    assert target.read_bytes() == b"123456"


@pytest.mark.parametrize(
    "url", ["http://cdn.example/pyodide/", "javascript:alert(1)", "https://", "https://cdn.example/x?y=1",
            "https://cdn.example/x#top", 42]
)
def test_cdn_url_must_be_an_https_folder(url):
    with pytest.raises(bundle.BundleError, match=r"cdn_url must be an https:// folder URL"):
        bundle.check_cdn_url(url)


def test_cdn_url_gets_a_trailing_slash():
    assert bundle.check_cdn_url(CDN.rstrip("/")) == CDN
    assert bundle.check_cdn_url(CDN) == CDN
    assert bundle.check_cdn_url("") is None
    assert bundle.check_cdn_url(None) is None


def test_manifest_json_names_what_the_worker_starts():
    manifest = bundle.Manifest("0.29.5/", "packages/x/pyodide-lock.json", "calculators", ENTRY, (("tip", "site_calculators.tip"),))
    assert manifest.to_json() == {"indexURL": "0.29.5/", "lockFileURL": "packages/x/pyodide-lock.json",
                                  "wheel": "", "integrity": "",
                                  "package": "calculators", "entry": ENTRY, "register": {"tip": "site_calculators.tip"}}


# --- the whole bundle ------------------------------------------------------------------------------


def test_write_bundle_self_hosted_layout_with_bytecode(project, tmp_path, monkeypatch):
    probes = []

    def fake_startup(runtime_dir, lockfile, manifest, wheel):
        probes.append((lockfile, manifest, wheel))
        return bundle.StartupProbe(frozenset({"colorsys.py"}), b"compiled methods")

    monkeypatch.setattr(bundle, "startup_probe", fake_startup)
    site = tmp_path / "site"
    package = package_of(project)
    result = bundle.write_bundle(package, ENTRY, runtime_of(project), site, tmp_path / "cache")
    stdlib = next((site / "assets" / "pyodide").glob("*/python_stdlib.zip"))
    folder = f"{VERSION}-{HOST_TAG}-{hashlib.sha256(stdlib.read_bytes()).hexdigest()[:8]}"
    assert result.bytecode == HOST_TAG and result.digest == f"{bundle.source_digest(package)}-{HOST_TAG}"
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    wheel_name = result.wheel.rsplit("/", 1)[1]
    assert manifest == {
        "indexURL": f"{folder}/",
        "lockFileURL": f"packages/{result.digest}/pyodide-lock.json",
        "wheel": f"packages/{result.digest}/{wheel_name}",
        "integrity": bundle.integrity_of((site / result.wheel).read_bytes()),
        "package": "calculators",
        "entry": ENTRY,
        "register": {},
    }
    assert result.index_url == f"{folder}/" and result.lockfile == f"assets/pyodide/{manifest['lockFileURL']}"
    assert sorted(p.name for p in (base / folder).iterdir()) == sorted(bundle.RUNTIME_FILES)
    for name in set(bundle.RUNTIME_FILES) - {bundle.STDLIB}:
        assert (base / folder / name).read_bytes() == f"fake {name}".encode()
    stdlib = zipfile.ZipFile(base / folder / bundle.STDLIB)
    assert sorted(stdlib.namelist()) == ["colorsys.pyc", "data/notes.txt", bundle.COMPILED_METHODS]
    assert stdlib.read(bundle.COMPILED_METHODS) == b"compiled methods"
    assert json.loads((tmp_path / "cache" / bundle.source_digest(package) / f"startup-probe-{VERSION}.json").read_text()) == {
        "modules": ["colorsys.py"], "methods": base64.b64encode(b"compiled methods").decode()}
    lock = json.loads((base / manifest["lockFileURL"]).read_text())
    wheel = base / "packages" / result.digest / lock["packages"]["calculators"]["file_name"]
    assert wheel.name.endswith(f"-{HOST_TAG}-none-any.whl") and result.wheel == f"assets/pyodide/packages/{result.digest}/{wheel.name}"
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == lock["packages"]["calculators"]["sha256"]
    # the Node probe started from the site's lockfile, with the same package and entry
    assert len(probes) == 1 and probes[0][0] == base / manifest["lockFileURL"] and probes[0][2] == wheel
    assert (probes[0][1].package, probes[0][1].entry, probes[0][1].register) == ("calculators", ENTRY, ())
    # a second build into the same folder copies nothing again and asks Node nothing again
    assert bundle.write_bundle(package, ENTRY, runtime_of(project), site, tmp_path / "cache").copied == ()
    assert len(probes) == 1


def test_write_bundle_with_site_modules_registers_them_in_runtime_json_and_the_probe(project, tmp_path, monkeypatch):
    probes = []
    monkeypatch.setattr(bundle, "startup_probe",
                        lambda runtime_dir, lockfile, manifest, wheel: probes.append(manifest) or bundle.StartupProbe(frozenset()))
    site = tmp_path / "site"
    package = package_of(project, modules=True)
    result = bundle.write_bundle(package, ENTRY, runtime_of(project), site, tmp_path / "cache")
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["register"] == {"tip": "site_calculators.tip"}
    assert manifest["package"] == "calculators" and manifest["entry"] == ENTRY
    assert [probe.register for probe in probes] == [(("tip", "site_calculators.tip"),)]
    names = zipfile.ZipFile(site / result.wheel).namelist()
    assert "site_calculators/tip.pyc" in names and "site_calculators/__init__.pyc" in names


@pytest.mark.parametrize("how", ["bytecode off", "runtime on another Python"])
def test_write_bundle_ships_source_without_bytecode(how, tmp_path, monkeypatch):
    def no_probe(*args):
        raise AssertionError("Node was asked for start-up modules although nothing is compiled")

    monkeypatch.setattr(bundle, "startup_probe", no_probe)
    project = make_project(tmp_path, python="3.99" if how == "runtime on another Python" else HOST_PYTHON)
    site = tmp_path / "site"
    package = package_of(project)
    result = bundle.write_bundle(package, ENTRY, runtime_of(project), site, tmp_path / "cache",
                                 bytecode=how != "bytecode off")
    assert result.bytecode is None and result.digest == bundle.source_digest(package)
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["indexURL"] == f"{VERSION}/"
    for name in bundle.RUNTIME_FILES:
        assert (base / VERSION / name).read_bytes() == (runtime_of(project) / name).read_bytes()
    lock = json.loads((base / manifest["lockFileURL"]).read_text())
    assert lock["packages"]["calculators"]["file_name"] == "calculators-0.1.0-py3-none-any.whl"


def test_write_bundle_with_a_cdn_copies_no_runtime(project, tmp_path):
    site = tmp_path / "site"
    result = bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), site, tmp_path / "cache", CDN)
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["indexURL"] == CDN and result.copied == ()
    assert sorted(p.name for p in base.iterdir()) == ["packages", "runtime.json"]
    assert result.wheel.endswith(f"-{HOST_TAG}-none-any.whl")  # our wheel is still on the site, compiled
    assert len(list((base / "packages").glob("*/calculators-*.whl"))) == 1


def test_write_bundle_without_the_runtime_fails_with_the_fix(tmp_path):
    project = make_project(tmp_path, runtime=False)
    with pytest.raises(bundle.BundleError, match="npm install pyodide@"):
        bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), tmp_path / "site", tmp_path / "cache")
    assert not (tmp_path / "site").exists()


# --- the real built site ---------------------------------------------------------------------------


def test_the_built_site_ships_bytecode_when_built_on_the_runtime_python(built_site):
    base = built_site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["package"] == "calculators" and manifest["entry"] == ENTRY
    with zipfile.ZipFile(base / manifest["indexURL"] / bundle.STDLIB) as stdlib:
        names = stdlib.namelist()
        modules = [name for name in names if name.endswith((".py", ".pyc"))]
        first_pyc = next((stdlib.read(name) for name in names if name.endswith(".pyc")), b"")
    wheel = json.loads((base / manifest["lockFileURL"]).read_text())["packages"]["calculators"]["file_name"]
    if bundle.bytecode_tag(bundle.runtime_python(RUNTIME)) and os.environ.get("PYODIDE_BYTECODE", "true") != "false":
        compiled = {name[:-1] for name in modules if name.endswith(".pyc")}
        assert {"json/__init__.py", "dataclasses.py", "_pyodide/_importhook.py"} <= compiled
        assert "unittest/__init__.py" in modules  # what no start imports stays source: the zip stays small
        assert 100 < len(compiled) < len(modules) / 2
        assert first_pyc[:4] == importlib.util.MAGIC_NUMBER
        assert re.fullmatch(rf"{re.escape(VERSION)}-{HOST_TAG}-[0-9a-f]{{8}}/", manifest["indexURL"])
        assert wheel.endswith(f"-{HOST_TAG}-none-any.whl")
    else:  # built on another Python than the runtime's: Pyodide's own source zip, as shipped
        assert (base / manifest["indexURL"] / bundle.STDLIB).read_bytes() == (RUNTIME / bundle.STDLIB).read_bytes()
        assert wheel.endswith("-py3-none-any.whl")


# --- the memory snapshot (the plugin's `snapshot` option) ------------------------------------------


def test_write_bundle_with_a_snapshot_names_it_in_runtime_json_and_makes_it_once(project, tmp_path, monkeypatch):
    made = []

    def fake_snapshot(runtime_folder, lockfile, wheel, manifest, out):
        made.append((runtime_folder, wheel, manifest.wheel))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(b"memory")
        return out

    monkeypatch.setattr(bundle, "startup_probe", lambda *args: bundle.StartupProbe(frozenset({"colorsys.py"})))
    monkeypatch.setattr(bundle, "make_snapshot", fake_snapshot)
    site = tmp_path / "site"
    result = bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), site, tmp_path / "cache", snapshot=True)
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    name = f"snapshot-{hashlib.sha256(b'memory').hexdigest()[:16]}.bin"
    assert manifest["snapshot"] == f"packages/{result.digest}/{name}"
    assert manifest["snapshotIntegrity"] == bundle.integrity_of(b"memory")
    assert (base / manifest["snapshot"]).read_bytes() == b"memory"
    # made from the runtime folder the site serves, with the wheel it ships
    assert made == [(base / manifest["indexURL"].rstrip("/"), base / manifest["wheel"], manifest["wheel"])]
    bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), site, tmp_path / "cache", snapshot=True)
    assert len(made) == 1  # kept in the cache by the wheel's and the runtime's digests
    # without the option, runtime.json names no snapshot
    bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), site, tmp_path / "cache")
    assert "snapshot" not in json.loads((base / "runtime.json").read_text())


def test_a_snapshot_needs_the_self_hosted_runtime(project, tmp_path):
    with pytest.raises(bundle.BundleError, match="snapshot needs the self-hosted runtime"):
        bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), tmp_path / "site", tmp_path / "cache",
                            cdn_url=CDN, snapshot=True)


@pytest.mark.runtime
def test_a_real_snapshot_restores_in_node_and_answers_as_cpython(tmp_path):
    """Made in Node from the real runtime and calculators, restored there by startFromSnapshot."""
    from calculators import web

    site = tmp_path / "site"
    package = bundle.Package("calculators", ROOT / "calculators", "0.1.0", ())
    bundle.write_bundle(package, ENTRY, RUNTIME, site, tmp_path / "cache", bytecode=False, snapshot=True)
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert (base / manifest["snapshot"]).stat().st_size > 1_000_000
    script = f"""
import {{ readFileSync }} from "node:fs";
import {{ startFromSnapshot }} from {json.dumps(bundle.PYTHON_JS.as_uri())};
const base = {json.dumps(str(base) + "/")};
const m = JSON.parse(readFileSync(base + "runtime.json"));
const {{ loadPyodide }} = await import("file://" + base + m.indexURL + "pyodide.mjs");
const respond = await startFromSnapshot(loadPyodide, {{ indexURL: base + m.indexURL, lockFileURL: base + m.lockFileURL,
  snapshot: readFileSync(base + m.snapshot), wheel: readFileSync(base + m.wheel) }});
console.log(respond("roi", {{"horizon_years": 2, "stated_benefits": [{{"amount": 100}}]}}, "EUR", {{}}));
"""
    done = subprocess.run(["node", "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON", "--input-type=module", "-e", script],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    payload = {"horizon_years": 2, "stated_benefits": [{"amount": 100}]}
    assert done.stdout.strip() == json.dumps(web.respond("roi", payload, "EUR", {}), allow_nan=False)


def test_the_worker_reads_the_compiled_methods_by_the_name_the_build_writes():
    assert f'export const COMPILED_METHODS = "{bundle.COMPILED_METHODS}";' in bundle.PYTHON_JS.read_text(encoding="utf-8")


# --- packages loaded on demand ---------------------------------------------------------------------


def test_an_on_demand_archive_holds_the_installed_package_compiled_and_its_licence(tmp_path):
    import xlsxwriter

    archive = bundle.package_archive("xlsxwriter", tmp_path, HOST_TAG, bundle.WHEEL_OPTIMIZE)
    assert archive.name == f"xlsxwriter-{xlsxwriter.__version__}.zip"
    names = zipfile.ZipFile(archive).namelist()
    modules = {Path(name).stem for name in names if name.startswith("xlsxwriter/")}
    installed = {path.stem for path in Path(xlsxwriter.__file__).parent.glob("*.py")}
    assert modules == installed and all(name.endswith(".pyc") for name in names if name.startswith("xlsxwriter/"))
    assert any(name.endswith(".dist-info/LICENSE.txt") for name in names)
    # the same package gives the same bytes, reused from the cache
    again = bundle.package_archive("xlsxwriter", tmp_path / "other", HOST_TAG, bundle.WHEEL_OPTIMIZE)
    assert again.read_bytes() == archive.read_bytes()
    source = bundle.package_archive("xlsxwriter", tmp_path)
    assert "xlsxwriter/workbook.py" in zipfile.ZipFile(source).namelist()


def test_an_on_demand_package_that_is_not_installed_fails_the_build_saying_what_to_run(tmp_path):
    with pytest.raises(bundle.BundleError, match=r"not_installed_here is not installed .*make deps"):
        bundle.package_archive("not_installed_here", tmp_path)


def test_write_bundle_ships_on_demand_packages_named_in_runtime_json(project, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "startup_probe", lambda *args: bundle.StartupProbe(frozenset()))
    site = tmp_path / "site"
    bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), site, tmp_path / "cache",
                        on_demand=("xlsxwriter",))
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    [item] = manifest["onDemand"]
    shipped = base / item["url"]
    assert item["name"] == "xlsxwriter" and item["url"].startswith("packages/on-demand/")
    assert item["integrity"] == bundle.integrity_of(shipped.read_bytes())
    assert shipped.parent.name == hashlib.sha256(shipped.read_bytes()).hexdigest()[:16]  # immutable: named by content
    # Without on-demand packages runtime.json has no such key (the worker then offers none).
    bundle.write_bundle(package_of(project), ENTRY, runtime_of(project), tmp_path / "plain", tmp_path / "cache")
    assert "onDemand" not in json.loads((tmp_path / "plain" / "assets" / "pyodide" / "runtime.json").read_text())


# --- last: it needs the module's wheel made at least 2.1 s before --------------------------------


def test_the_same_sources_give_the_same_wheel_bytes(project, wheel, tmp_path):
    """Another machine or another day must not put other bytes under the same immutable folder."""
    import time

    # Entries dated "now" would differ 2.1 s after the first wheel was made (zip times count in
    # 2 s steps): wait for whatever is left of that; last in the module, usually nothing.
    time.sleep(max(0.0, 2.1 - (time.time() - wheel.stat().st_mtime)))
    assert bundle.build_wheel(package_of(project), tmp_path / "other-cache").read_bytes() == wheel.read_bytes()
