"""Tests for hooks/pyodide_bundle.py: the calculators wheel, the site-local lockfile, the runtime copy.

Most tests use a tiny stand-in project (a two-file ``calculators`` package and a fake
``node_modules/pyodide``) so they are fast and do not depend on the real core; two run
``mkdocs build`` on such a project to check the hook is wired to MkDocs' events.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
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


def make_project(base: Path, *, runtime: bool = True) -> Path:
    """A minimal project: pyproject.toml, a calculators package and (optionally) a fake runtime."""
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
        (runtime_dir / "package.json").write_text(json.dumps({"name": "pyodide", "version": VERSION}))
        lock = {"info": REAL_INFO, "packages": {"numpy": {"name": "numpy", "version": "2", "file_name": "numpy.whl",
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
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (1000 - age, 1000 - age))  # a is the newest
    (tmp_path / "wheel-inprogress").mkdir()
    assert sorted(p.name for p in bundle.prune_cache(tmp_path, keep=2)) == ["c", "d"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "wheel-inprogress"]


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


def test_a_failing_build_says_so(tmp_path):
    project = make_project(tmp_path, runtime=False)
    (project / "pyproject.toml").write_text("[project\nbroken")
    with pytest.raises(bundle.BundleError, match="Building the calculators wheel failed"):
        bundle.build_wheel(project, tmp_path / "cache")


# --- lockfile --------------------------------------------------------------------------------------


def test_site_lockfile_has_the_runtime_info_and_only_our_wheel(project, wheel):
    lock = bundle.site_lockfile(project / "node_modules" / "pyodide" / "pyodide-lock.json", wheel)
    assert lock["info"] == REAL_INFO
    assert list(lock["packages"]) == ["calculators"]
    entry = lock["packages"]["calculators"]
    assert entry["file_name"] == wheel.name  # relative: the lockfile sits next to the wheel
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["calculators"] and entry["depends"] == []


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


def test_cdn_url_gets_a_trailing_slash():
    assert bundle.check_cdn_url(CDN.rstrip("/")) == CDN
    assert bundle.check_cdn_url("") is None


# --- the whole bundle ------------------------------------------------------------------------------


def test_write_bundle_self_hosted_layout(project, tmp_path):
    site = tmp_path / "site"
    result = bundle.write_bundle(project, site, tmp_path / "cache")
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest == {
        "indexURL": f"{VERSION}/",
        "lockFileURL": f"packages/{result.digest}/pyodide-lock.json",
        "package": "calculators",
    }
    for name in bundle.RUNTIME_FILES:
        assert (base / VERSION / name).read_bytes() == f"fake {name}".encode()
    assert sorted(p.name for p in (base / VERSION).iterdir()) == sorted(bundle.RUNTIME_FILES)
    lock = json.loads((base / manifest["lockFileURL"]).read_text())
    wheel = base / "packages" / result.digest / lock["packages"]["calculators"]["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == lock["packages"]["calculators"]["sha256"]
    # a second build into the same folder copies nothing again
    assert bundle.write_bundle(project, site, tmp_path / "cache").copied == ()


def test_write_bundle_with_a_cdn_copies_no_runtime(project, tmp_path):
    site = tmp_path / "site"
    bundle.write_bundle(project, site, tmp_path / "cache", CDN)
    base = site / "assets" / "pyodide"
    assert json.loads((base / "runtime.json").read_text())["indexURL"] == CDN
    assert not (base / VERSION).exists()
    assert len(list((base / "packages").glob("*/calculators-*.whl"))) == 1


# --- wired to MkDocs -------------------------------------------------------------------------------


def mkdocs_project(tmp_path: Path, *, runtime: bool) -> Path:
    project = make_project(tmp_path, runtime=runtime)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "mkdocs.yml").write_text(f"site_name: Test\nhooks:\n  - {HOOK}\n")
    return project


def test_mkdocs_build_writes_the_bundle(tmp_path):
    project = mkdocs_project(tmp_path, runtime=True)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    manifest = json.loads((project / "site" / "assets" / "pyodide" / "runtime.json").read_text())
    assert (project / "site" / "assets" / "pyodide" / manifest["lockFileURL"]).is_file()
    assert (project / "site" / "assets" / "pyodide" / VERSION / "pyodide.asm.wasm").is_file()


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
