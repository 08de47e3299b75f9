"""Bytecode for the browser: an archive (the wheel, the runtime's stdlib zip) with its modules
compiled by this interpreter, when it is the runtime's Python minor version. Part of the bundle
(:mod:`.bundle`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from pathlib import Path

from .errors import BundleError

SHIPS_SOURCE = (
    "The Pyodide runtime runs Python %s and this build runs on %s, so the site ships Python source, "
    "which the browser compiles at every start. For bytecode (about half the wait for a calculator), "
    "build on Python %s: install it, remove .venv and run make serve (scripts/find-python.sh prefers it)."
)


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

    >>> compiled_name("calculators-0.1.0-py3-none-any.whl", "cp313"), compiled_name("python_stdlib.zip", "cp313")
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
