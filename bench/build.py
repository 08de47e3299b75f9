"""The build's own speed: a full ``mkdocs build``, and ``mkdocs serve``'s rebuild after an edit."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The page whose edit starts a serve rebuild: any Markdown page would do.
EDITED_PAGE = ROOT / "docs" / "faq.md"
SERVING = re.compile(r"Serving on http://")
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
#: The end of a serve rebuild: MkDocs' "built" line or, after it, the reload. MkDocs' log filter
#: drops a message it has logged before, so a rebuild as long as an earlier one, to the 10 ms,
#: prints no "built" line at all; the reload line carries the time of day and always comes.
REBUILT = re.compile(BUILT.pattern + r"|Reloading browsers")
DETECTED = re.compile(r"Detected file changes")


class BuildFailed(RuntimeError):
    pass


def build(site_dir: Path, strict: bool = True, env: dict[str, str] | None = None) -> float:
    """Run ``mkdocs build`` into ``site_dir`` (``env``: extra environment); return its wall time in seconds."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site_dir)]
    if strict:
        command.insert(4, "--strict")
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise BuildFailed(f"mkdocs build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeLog:
    """The lines ``mkdocs serve`` writes, each with the moment it arrived, read in a thread."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[tuple[float, str]] = []
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            with self.changed:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self.changed.notify_all()

    def wait_for(self, pattern: re.Pattern, after: int, timeout: float) -> tuple[int, float, str]:
        """The first line at index >= ``after`` matching ``pattern``: (index, time, text)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for index in range(after, len(self.lines)):
                    stamp, text = self.lines[index]
                    if pattern.search(text):
                        return index, stamp, text
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    tail = "\n".join(text for _, text in self.lines[-20:])
                    raise BuildFailed(f"mkdocs serve: no line matching {pattern.pattern!r} in {timeout:.0f} s:\n{tail}")
                self.changed.wait(remaining)


def serve_rebuilds(edits: int = 3, page: Path = EDITED_PAGE) -> list[dict]:
    """Start ``mkdocs serve`` on a free port, touch ``page`` ``edits`` times, time each rebuild.

    Each timing runs from the touch to serve's "Documentation built" line for that rebuild.
    The touch changes the file's modification time only, never its content. MkDocs' own
    figure for the build step is kept too (it leaves out the file watcher's settling delay).
    """
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"},
    )
    log = ServeLog(process)
    timings = []
    try:
        index, _, _ = log.wait_for(SERVING, 0, timeout=300)
        time.sleep(1.0)  # let the file watcher settle after the first build
        for _ in range(edits):
            after = len(log.lines)
            start = time.perf_counter()
            os.utime(page)
            found, _, _ = log.wait_for(DETECTED, after, timeout=120)
            _, stamp, text = log.wait_for(REBUILT, found, timeout=300)
            reported = BUILT.search(text)
            timings.append({"seconds": stamp - start, "mkdocs_reported": float(reported.group(1)) if reported else None})
            time.sleep(1.0)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return timings
