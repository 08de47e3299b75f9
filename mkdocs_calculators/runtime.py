"""The Pyodide runtime the site ships (the npm package ``pyodide``) and ``runtime.json``, which tells
the browser's worker where to find it: checks of the runtime folder and of ``cdn_url``, the
runtime's version and Python, and :class:`Manifest`. Part of the bundle (:mod:`.bundle`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import BundleError

STDLIB = "python_stdlib.zip"
#: The runtime files the browser worker fetches (plus a source map for developer tools).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.mjs.map", "pyodide.asm.js", "pyodide.asm.wasm", STDLIB)
LOCKFILE = "pyodide-lock.json"
#: The Pyodide release lines the plugin runs on (their runtime files, lockfile and Python), and
#: the release a site installs when it has none: the one this repository pins in package.json.
SUPPORTED_LINES = ("0.29",)
PINNED = "0.29.5"
INSTALL = f"npm install pyodide@{PINNED}"
MISSING_RUNTIME = "The Pyodide runtime is missing: {path} does not exist. Run `" + INSTALL + "` in the site's folder."
UNSUPPORTED_RUNTIME = ("Pyodide {found} is in {path}, and this plugin supports {supported}. "
                       "Run `" + INSTALL + "` in the site's folder.")


def runtime_python(runtime_dir: Path) -> str:
    """The runtime's Python version, major.minor (``"3.13"``), from its ``pyodide-lock.json``."""
    info = json.loads((runtime_dir / LOCKFILE).read_text(encoding="utf-8"))["info"]
    return ".".join(str(info["python"]).split(".")[:2])


def runtime_version(runtime_dir: Path) -> str:
    """The Pyodide version of the npm package in ``runtime_dir`` (a folder-name-safe string)."""
    version = json.loads((runtime_dir / "package.json").read_text(encoding="utf-8"))["version"]
    if not version.replace(".", "").replace("-", "").isalnum():
        raise BundleError(f"Unexpected Pyodide version {version!r} in {runtime_dir / 'package.json'}.")
    return version


def supported(version: str) -> bool:
    """True for a Pyodide release of a line the plugin runs on (:data:`SUPPORTED_LINES`).

    >>> supported("0.29.5"), supported("0.29.0"), supported("0.290.1"), supported("314.0.8"), supported("0.28.3")
    (True, True, False, False, False)
    """
    return any(version.startswith(line + ".") for line in SUPPORTED_LINES)


def check_runtime(runtime_dir: Path) -> None:
    """Raise :class:`BundleError` with what to run when the npm runtime is missing, of a release
    the plugin does not run on, or incomplete: one line, naming the version found."""
    if not (runtime_dir / "package.json").is_file():
        raise BundleError(MISSING_RUNTIME.format(path=runtime_dir if not runtime_dir.is_dir() else runtime_dir / "package.json"))
    try:
        found = str(json.loads((runtime_dir / "package.json").read_text(encoding="utf-8"))["version"])
    except (ValueError, KeyError, TypeError):
        found = "of an unknown version"
    if not supported(found):
        lines = ", ".join(f"{line}.x" for line in SUPPORTED_LINES)
        raise BundleError(UNSUPPORTED_RUNTIME.format(found=found, path=runtime_dir, supported=lines))
    missing = [name for name in (*RUNTIME_FILES, LOCKFILE) if not (runtime_dir / name).is_file()]
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


@dataclass(frozen=True)
class Manifest:
    """``runtime.json``: what the browser worker needs to start. ``entry`` is the view's
    ``respond`` (``"calculators.web:respond"``); ``register`` maps a site's own calculators to
    their modules in the wheel, registered with ``calculators.api.register`` before the first run.
    ``wheel`` is the wheel's address and ``integrity`` its sha256 (Subresource Integrity form):
    the worker fetches it while the runtime boots and imports from it as a zip, with no install.
    ``snapshot`` and ``snapshot_integrity`` name the memory snapshot, when the site ships one.
    ``on_demand`` lists the packages the worker fetches before the first answer that needs them
    (``{name, url, integrity}`` each, :mod:`.on_demand`)."""

    index_url: str
    lockfile_url: str
    package: str
    entry: str
    register: tuple[tuple[str, str], ...] = ()
    wheel: str = ""
    integrity: str = ""
    snapshot: str = ""
    snapshot_integrity: str = ""
    on_demand: tuple[dict, ...] = ()

    def to_json(self) -> dict:
        shape = {"indexURL": self.index_url, "lockFileURL": self.lockfile_url, "wheel": self.wheel,
                 "integrity": self.integrity, "package": self.package, "entry": self.entry,
                 "register": dict(self.register)}
        snapshot = {"snapshot": self.snapshot, "snapshotIntegrity": self.snapshot_integrity} if self.snapshot else {}
        on_demand = {"onDemand": [dict(item) for item in self.on_demand]} if self.on_demand else {}
        return shape | snapshot | on_demand


def integrity_of(data: bytes) -> str:
    """The Subresource Integrity value of ``data`` (``fetch(url, {integrity})`` checks it).

    >>> integrity_of(b"")
    'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
    """
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
