"""The build's runs of the runtime in Node, each started as the browser's worker starts: the start-up
probe (what a start imports, the dataclass methods it compiles) and the memory snapshot. The
programs are the files in ``node/``; each gets its inputs as JSON on stdin. Part of the bundle
(:mod:`.bundle`).
"""

from __future__ import annotations

import base64
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import BundleError
from .runtime import Manifest

#: The worker's start-up code, which the Node probes and the snapshot maker import as the worker does.
PYTHON_JS = Path(__file__).resolve().parent / "assets" / "javascripts" / "calculator-python.js"
#: The plugin's Node programs: each reads its inputs as one JSON object on stdin (:func:`run_node`).
NODE_DIR = Path(__file__).resolve().parent / "node"
#: Starts the runtime as the worker does and reports what it imported (:func:`startup_probe`).
STARTUP_PROBE_JS = NODE_DIR / "startup-probe.mjs"
#: Starts the runtime as the worker does and writes its memory snapshot (:func:`make_snapshot`).
SNAPSHOT_JS = NODE_DIR / "snapshot.mjs"


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
