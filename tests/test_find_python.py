"""Tests for scripts/find-python.sh: the interpreter `make` builds the virtual environment on."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "find-python.sh"


def find(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(SCRIPT)], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(Path.home()), **env})


def fake_pythons(folder: Path, **versions: str) -> str:
    """Executables named like interpreters (``python3_12="3.12"``) that answer the script's version
    test as that version would, with this interpreter doing the comparison; a PATH of them."""
    folder.mkdir()
    for name, version in versions.items():
        fake = folder / name.replace("_", ".")
        fake.write_text(f"#!/bin/sh\ncode=$(printf '%s' \"$2\" | sed 's/sys.version_info\\[:2\\]/({version.replace('.', ', ')})/')\n"
                        f"exec {sys.executable} -c \"$code\"\n")
        fake.chmod(0o755)
    return f"{folder}:/usr/bin:/bin"


def test_the_runtime_python_is_chosen_over_a_newer_or_older_one(tmp_path):
    path = fake_pythons(tmp_path / "bin", python3_12="3.12", python3="3.14", python3_13="3.13")
    done = find(PATH=path, HOME=str(tmp_path))  # no pyenv under this HOME
    assert done.stdout.strip() == str(tmp_path / "bin" / "python3.13") and done.stderr == ""


def test_without_the_runtime_python_another_is_used_with_a_note(tmp_path):
    path = fake_pythons(tmp_path / "bin", python3_12="3.12")
    done = find(PATH=path, HOME=str(tmp_path))
    assert done.returncode == 0 and done.stdout.strip() == str(tmp_path / "bin" / "python3.12")
    assert "ship Python source" in done.stderr


def test_without_any_python_3_12_it_says_what_to_install(tmp_path):
    path = fake_pythons(tmp_path / "bin", python3="3.11")
    done = find(PATH=path, HOME=str(tmp_path))
    assert done.returncode == 1 and done.stdout == ""
    assert "Python 3.12 or newer is required" in done.stderr and "pyenv install 3.13" in done.stderr


def test_the_preferred_python_is_the_pinned_runtime_python():
    """Bumping Pyodide to another Python must bump the script too, or the site loses its bytecode."""
    preferred = re.search(r"^RUNTIME_PYTHON=(\S+)$", SCRIPT.read_text(), re.MULTILINE).group(1)
    runtime = json.loads((ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())["info"]["python"]
    assert runtime.startswith(preferred + ".")


def test_what_it_prints_is_a_python_of_at_least_3_12():
    done = find()
    assert done.returncode == 0, done.stderr
    version = subprocess.run([done.stdout.strip(), "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.split()
    assert tuple(map(int, version)) >= (3, 12)


def test_a_python_given_by_hand_is_used_as_is():
    assert find(PYTHON=sys.executable).stdout.strip() == sys.executable


def test_a_python_given_by_hand_that_is_too_old_is_refused_by_name(tmp_path):
    old = tmp_path / "python-old"
    old.write_text("#!/bin/sh\nexit 1\n")  # answers every version test with "no"
    old.chmod(0o755)
    done = find(PYTHON=str(old))
    assert done.returncode == 1 and done.stdout == ""
    assert f"PYTHON={old} is not a Python 3.12 or newer" in done.stderr
