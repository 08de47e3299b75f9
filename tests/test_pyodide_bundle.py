"""Tests for hooks/pyodide_bundle.py: the calculators wheel, the site-local lockfile, the runtime copy.

Most tests use a tiny stand-in project (a two-file ``calculators`` package and a fake
``node_modules/pyodide`` whose Python is this interpreter's, so that bytecode is made here
whatever the host) so they are fast and do not depend on the real core; a few run
``mkdocs build`` on such a project to check the hook is wired to MkDocs' events, and one
reads the real built site.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import marshal
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "pyodide_bundle.py"
spec = importlib.util.spec_from_file_location("pyodide_bundle", HOOK)
bundle = importlib.util.module_from_spec(spec)
sys.modules["pyodide_bundle"] = bundle  # dataclasses look their module up there
spec.loader.exec_module(bundle)

REAL_INFO = json.loads((ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())["info"]
#: The pinned runtime's version (package.json's pin, installed by npm ci): the fake runtime wears it.
VERSION = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
CDN = f"https://cdn.example/pyodide/v{VERSION}/full/"
HOST_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
HOST_TAG = f"cp{sys.version_info.major}{sys.version_info.minor}"


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
    """A minimal project: pyproject.toml, a calculators package and (optionally) a fake runtime.

    The fake runtime's files hold placeholder bytes, except its stdlib zip (one module and one
    data file); its lockfile says it runs ``python``.
    """
    project = base / "project"
    (project / "calculators").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=69"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "calculators"\nversion = "0.1.0"\n\n[tool.setuptools]\npackages = ["calculators"]\n'
    )
    (project / "calculators" / "__init__.py").write_text('"""Stand-in."""\n')
    (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': True}\n")
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


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("bundle"))


@pytest.fixture(scope="module")
def wheel(project, tmp_path_factory) -> Path:
    return bundle.build_wheel(project, tmp_path_factory.mktemp("cache"))


# --- digest ----------------------------------------------------------------------------------------


def test_digest_is_stable_and_follows_every_byte_and_file_name(tmp_path):
    project = make_project(tmp_path, runtime=False)
    first = bundle.source_digest(project)
    assert bundle.source_digest(project) == first
    (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': False}\n")
    edited = bundle.source_digest(project)
    assert edited != first
    (project / "calculators" / "api.py").rename(project / "calculators" / "core.py")
    assert bundle.source_digest(project) != edited


def test_digest_ignores_what_the_wheel_does_not_hold(tmp_path):
    project = make_project(tmp_path, runtime=False)
    before = bundle.source_digest(project)
    (project / "calculators" / "__pycache__").mkdir()
    (project / "calculators" / "__pycache__" / "api.cpython-312.pyc").write_bytes(b"\0\1")
    (project / "calculators" / ".api.py.swp").write_bytes(b"editor")
    assert bundle.source_digest(project) == before


def test_prune_cache_keeps_the_newest_wheel_folders(tmp_path):
    import os

    for age, name in enumerate(["a", "b", "c", "d"]):
        (tmp_path / (name * 16)).mkdir()  # a digest-like name
        os.utime(tmp_path / (name * 16), (1000 - age, 1000 - age))  # aaa... is the newest
    (tmp_path / "wheel-inprogress").mkdir()
    (tmp_path / "stdlib").mkdir()
    assert sorted(p.name for p in bundle.prune_cache(tmp_path, keep=2)) == ["c" * 16, "d" * 16]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a" * 16, "b" * 16, "stdlib", "wheel-inprogress"]


# --- wheel -----------------------------------------------------------------------------------------


def test_wheel_is_pure_python_and_holds_the_package(project, wheel):
    assert wheel.name == "calculators-0.1.0-py3-none-any.whl"
    assert wheel.parent.name == bundle.source_digest(project)
    names = zipfile.ZipFile(wheel).namelist()
    assert "calculators/__init__.py" in names and "calculators/api.py" in names
    # built from a copy: the project itself gains no build/ or egg-info
    assert not (project / "build").exists()
    assert not list(project.glob("*.egg-info"))


def test_unchanged_sources_reuse_the_cached_wheel(project, wheel, monkeypatch):
    def no_build(*args, **kwargs):
        raise AssertionError("the wheel was rebuilt although nothing changed")

    monkeypatch.setattr(bundle.subprocess, "run", no_build)
    assert bundle.build_wheel(project, wheel.parent.parent) == wheel


def test_changed_sources_get_a_new_wheel_folder(tmp_path):
    project = make_project(tmp_path, runtime=False)
    cache = tmp_path / "cache"
    first = bundle.build_wheel(project, cache)
    (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': 1}\n")
    second = bundle.build_wheel(project, cache)
    assert first.parent != second.parent
    assert b"{'ok': 1}" in zipfile.ZipFile(second).read("calculators/api.py")


def test_the_same_sources_give_the_same_wheel_bytes(project, wheel, tmp_path):
    """Another machine or another day must not put other bytes under the same immutable folder."""
    import time

    time.sleep(2.1)  # entries dated "now" would differ by then (zip times count in 2 s steps)
    assert bundle.build_wheel(project, tmp_path / "other-cache").read_bytes() == wheel.read_bytes()


def test_a_failing_build_says_so(tmp_path):
    project = make_project(tmp_path, runtime=False)
    (project / "pyproject.toml").write_text("[project\nbroken")
    with pytest.raises(bundle.BundleError, match="Building the calculators wheel failed"):
        bundle.build_wheel(project, tmp_path / "cache")


# --- lockfile --------------------------------------------------------------------------------------


def test_site_lockfile_has_the_runtime_info_and_only_our_wheel(project, wheel):
    core = project / "node_modules" / "pyodide" / "pyodide-lock.json"
    lock = bundle.site_lockfile(core, wheel)
    assert lock["info"] == json.loads(core.read_text())["info"]
    assert list(lock["packages"]) == ["calculators"]
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == wheel.name  # relative: the lockfile sits next to the wheel
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculators"] and entry["depends"] == []


def test_site_lockfile_lists_the_compiled_wheel_in_place_of_the_source_one(project, wheel, tmp_path):
    compiled = bundle.compile_archive(wheel, tmp_path / bundle.compiled_name(wheel.name, HOST_TAG))
    lock = bundle.site_lockfile(project / "node_modules" / "pyodide" / "pyodide-lock.json", wheel, compiled)
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == compiled.name == f"calculators-0.1.0-{HOST_TAG}-none-any.whl"
    assert entry["sha256"] == hashlib.sha256(compiled.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculators"]


# --- bytecode --------------------------------------------------------------------------------------


def test_runtime_python_is_read_from_the_lockfile(project):
    assert bundle.runtime_python(project / "node_modules" / "pyodide") == HOST_PYTHON
    assert bundle.runtime_python(ROOT / "node_modules" / "pyodide") == ".".join(REAL_INFO["python"].split(".")[:2])


def test_compiled_zip_holds_bytecode_in_place_of_each_module_and_the_rest_unchanged(tmp_path):
    source = write_zip(tmp_path / "python_stdlib.zip", {"colorsys.py": "ANSWER = 6 * 7\n", "data/notes.txt": "as is"})
    compiled = bundle.compile_archive(source, tmp_path / "out" / "python_stdlib.zip")
    assert compiled == tmp_path / "out" / "python_stdlib.zip" and source.is_file()  # the input is left alone
    with zipfile.ZipFile(compiled) as archive:
        assert sorted(archive.namelist()) == ["colorsys.pyc", "data/notes.txt"]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
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

    monkeypatch.setattr(bundle, "_bytecode", no_compile)
    assert bundle.compile_archive(wheel, compiled) == compiled


def test_a_module_that_does_not_compile_fails_the_build_with_its_name(tmp_path):
    broken = write_zip(tmp_path / "python_stdlib.zip", {"broken_module.py": "def (:\n"})
    with pytest.raises(bundle.BundleError, match=r"Compiling python_stdlib.zip to bytecode failed: broken_module.py"):
        bundle.compile_archive(broken, tmp_path / "out" / "python_stdlib.zip")
    assert list((tmp_path / "out").iterdir()) == []  # nothing half-written is left to be reused


def test_startup_modules_are_what_pyodide_and_the_calculators_import(built_site):
    """Run in Node on the real runtime, with the built site's lockfile and wheel."""
    manifest = json.loads((built_site / "assets" / "pyodide" / "runtime.json").read_text())
    modules = bundle.startup_modules(ROOT / "node_modules" / "pyodide", built_site / "assets" / "pyodide" / manifest["lockFileURL"])
    assert {"json/__init__.py", "dataclasses.py", "fractions.py", "decimal.py", "csv.py"} <= modules  # the calculators'
    assert {"_pyodide/_importhook.py", "pyodide/_package_loader.py"} <= modules  # Pyodide's start and install
    assert "unittest/__init__.py" not in modules and "http/server.py" not in modules
    assert all(name.endswith(".py") for name in modules)


# --- runtime ---------------------------------------------------------------------------------------


def test_missing_runtime_names_the_command_to_run(tmp_path):
    project = make_project(tmp_path, runtime=False)
    with pytest.raises(bundle.BundleError, match=r"make serve.*npm ci"):
        bundle.check_runtime(project / "node_modules" / "pyodide")


def test_incomplete_runtime_names_the_missing_file(project, tmp_path):
    runtime = tmp_path / "pyodide"
    runtime.mkdir()
    (runtime / "pyodide.mjs").write_text("x")
    with pytest.raises(bundle.BundleError, match="pyodide.mjs.map"):
        bundle.check_runtime(runtime)


def test_copy_if_changed_skips_identical_files(tmp_path):
    source, target = tmp_path / "a.wasm", tmp_path / "out" / "a.wasm"
    source.write_bytes(b"12345")
    assert bundle.copy_if_changed(source, target) is True
    assert bundle.copy_if_changed(source, target) is False
    source.write_bytes(b"123456")
    assert bundle.copy_if_changed(source, target) is True
    assert target.read_bytes() == b"123456"


@pytest.mark.parametrize(
    "url", ["http://cdn.example/pyodide/", "javascript:alert(1)", "https://", "https://cdn.example/x?y=1", 42]
)
def test_cdn_url_must_be_an_https_folder(url):
    with pytest.raises(bundle.BundleError, match="pyodide_cdn_url"):
        bundle.check_cdn_url(url)


@pytest.mark.parametrize("value", ["false", "yes", 0, 1, [], "maybe"])
def test_bytecode_option_must_be_true_or_false(value):
    with pytest.raises(bundle.BundleError, match="pyodide_bytecode must be true or false"):
        bundle.check_bytecode_option(value)


def test_cdn_url_gets_a_trailing_slash():
    assert bundle.check_cdn_url(CDN.rstrip("/")) == CDN
    assert bundle.check_cdn_url("") is None


# --- the whole bundle ------------------------------------------------------------------------------


def test_write_bundle_self_hosted_layout_with_bytecode(project, tmp_path, monkeypatch):
    monkeypatch.setattr(bundle, "startup_modules", lambda runtime, lockfile: frozenset({"colorsys.py"}))
    site = tmp_path / "site"
    result = bundle.write_bundle(project, site, tmp_path / "cache")
    stdlib = next((site / "assets" / "pyodide").glob("*/python_stdlib.zip"))
    folder = f"{VERSION}-{HOST_TAG}-{hashlib.sha256(stdlib.read_bytes()).hexdigest()[:8]}"
    assert result.bytecode == HOST_TAG and result.digest == f"{bundle.source_digest(project)}-{HOST_TAG}"
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest == {
        "indexURL": f"{folder}/",
        "lockFileURL": f"packages/{result.digest}/pyodide-lock.json",
        "package": "calculators",
    }
    assert sorted(p.name for p in (base / folder).iterdir()) == sorted(bundle.RUNTIME_FILES)
    for name in set(bundle.RUNTIME_FILES) - {bundle.STDLIB}:
        assert (base / folder / name).read_bytes() == f"fake {name}".encode()
    assert sorted(zipfile.ZipFile(base / folder / bundle.STDLIB).namelist()) == ["colorsys.pyc", "data/notes.txt"]
    assert json.loads((tmp_path / "cache" / bundle.source_digest(project) / "startup-modules.json").read_text()) == ["colorsys.py"]
    lock = json.loads((base / manifest["lockFileURL"]).read_text())
    wheel = base / "packages" / result.digest / lock["packages"]["calculators"]["file_name"]
    assert wheel.name.endswith(f"-{HOST_TAG}-none-any.whl")
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == lock["packages"]["calculators"]["sha256"]
    # a second build into the same folder copies nothing again
    assert bundle.write_bundle(project, site, tmp_path / "cache").copied == ()


@pytest.mark.parametrize("how", ["bytecode off", "runtime on another Python"])
def test_write_bundle_ships_source_without_bytecode(how, tmp_path):
    project = make_project(tmp_path, python="3.99" if how == "runtime on another Python" else HOST_PYTHON)
    site = tmp_path / "site"
    result = bundle.write_bundle(project, site, tmp_path / "cache", bytecode=how != "bytecode off")
    assert result.bytecode is None and result.digest == bundle.source_digest(project)
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["indexURL"] == f"{VERSION}/"
    for name in bundle.RUNTIME_FILES:
        assert (base / VERSION / name).read_bytes() == (project / "node_modules" / "pyodide" / name).read_bytes()
    lock = json.loads((base / manifest["lockFileURL"]).read_text())
    assert lock["packages"]["calculators"]["file_name"] == "calculators-0.1.0-py3-none-any.whl"


def test_write_bundle_with_a_cdn_copies_no_runtime(project, tmp_path):
    site = tmp_path / "site"
    result = bundle.write_bundle(project, site, tmp_path / "cache", CDN)
    base = site / "assets" / "pyodide"
    assert json.loads((base / "runtime.json").read_text())["indexURL"] == CDN
    assert sorted(p.name for p in base.iterdir()) == ["packages", "runtime.json"]
    assert result.wheel.endswith(f"-{HOST_TAG}-none-any.whl")  # our wheel is still on the site, compiled
    assert len(list((base / "packages").glob("*/calculators-*.whl"))) == 1


# --- wired to MkDocs -------------------------------------------------------------------------------


def mkdocs_project(tmp_path: Path, *, runtime: bool, python: str = HOST_PYTHON, bytecode: bool = False) -> Path:
    """A project with mkdocs.yml; bytecode off unless asked (its fake runtime cannot start in Node)."""
    project = make_project(tmp_path, runtime=runtime, python=python)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "mkdocs.yml").write_text(f"site_name: Test\nhooks:\n  - {HOOK}\n"
                                        f"extra:\n  pyodide_bytecode: {str(bytecode).lower()}\n")
    return project


@pytest.mark.site  # runs mkdocs on a stand-in project
def test_mkdocs_build_writes_the_bundle(tmp_path):
    project = mkdocs_project(tmp_path, runtime=True)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((project / "site" / "assets" / "pyodide" / "runtime.json").read_text())
    assert (project / "site" / "assets" / "pyodide" / manifest["lockFileURL"]).is_file()
    assert (project / "site" / "assets" / "pyodide" / manifest["indexURL"] / "pyodide.asm.wasm").is_file()
    assert "ships Python source" not in done.stderr


@pytest.mark.site  # runs mkdocs on a stand-in project
def test_mkdocs_build_on_another_python_says_it_ships_source(tmp_path):
    project = mkdocs_project(tmp_path, runtime=True, python="3.99", bytecode=True)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "runs Python 3.99" in done.stderr and "ships Python source" in done.stderr


def test_the_built_site_ships_bytecode_when_built_on_the_runtime_python(built_site):
    base = built_site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    with zipfile.ZipFile(base / manifest["indexURL"] / bundle.STDLIB) as stdlib:
        names = stdlib.namelist()
        modules = [name for name in names if name.endswith((".py", ".pyc"))]
        first_pyc = next((stdlib.read(name) for name in names if name.endswith(".pyc")), b"")
    wheel = json.loads((base / manifest["lockFileURL"]).read_text())["packages"]["calculators"]["file_name"]
    if bundle.bytecode_tag(bundle.runtime_python(ROOT / "node_modules" / "pyodide")):
        compiled = {name[:-1] for name in modules if name.endswith(".pyc")}
        assert {"json/__init__.py", "dataclasses.py", "_pyodide/_importhook.py"} <= compiled
        assert "unittest/__init__.py" in modules  # what no start imports stays source: the zip stays small
        assert 100 < len(compiled) < len(modules) / 2
        assert first_pyc[:4] == importlib.util.MAGIC_NUMBER
        assert re.fullmatch(rf"{re.escape(VERSION)}-{HOST_TAG}-[0-9a-f]{{8}}/", manifest["indexURL"])
        assert wheel.endswith(f"-{HOST_TAG}-none-any.whl")
    else:  # built on another Python than the runtime's: Pyodide's own source zip, as shipped
        assert (base / manifest["indexURL"] / bundle.STDLIB).read_bytes() == (ROOT / "node_modules" / "pyodide" / bundle.STDLIB).read_bytes()
        assert wheel.endswith("-py3-none-any.whl")


@pytest.mark.site  # runs mkdocs on a stand-in project
def test_mkdocs_build_without_the_runtime_fails_with_the_fix(tmp_path):
    project = mkdocs_project(tmp_path, runtime=False)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "npm ci" in done.stderr and "node_modules" in done.stderr
    assert "Traceback" not in done.stderr


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.site  # runs mkdocs on a stand-in project
def test_mkdocs_serve_rebuilds_the_wheel_when_the_package_changes(tmp_path):
    import time
    import urllib.request

    project = mkdocs_project(tmp_path, runtime=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def manifest(timeout: float = 120) -> dict | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/assets/pyodide/runtime.json", timeout=5) as answer:
                    return json.loads(answer.read())
            except OSError:
                time.sleep(0.5)
        return None

    try:
        first = manifest()
        assert first is not None, "mkdocs serve did not come up"
        (project / "calculators" / "api.py").write_text("def run(name, payload):\n    return {'ok': 2}\n")
        deadline = time.monotonic() + 120
        while (current := manifest()) == first and time.monotonic() < deadline:
            time.sleep(0.5)
        assert current != first, "the wheel was not rebuilt after calculators/ changed"
        assert current["lockFileURL"] == f"packages/{bundle.source_digest(project)}/pyodide-lock.json"
    finally:
        server.terminate()
        server.wait(timeout=30)
