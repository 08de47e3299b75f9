"""A static host on 127.0.0.1 for the built site, behaving like the common ones.

* ``/a/`` serves ``a/index.html``; a folder without the slash redirects; a missing file is the
  site's ``404.html`` with status 404.
* A request that accepts ``br`` (or ``gzip``) gets the file's precompressed ``.br`` (``.gz``)
  sibling when the build wrote one, as nginx's ``gzip_static``, Caddy or Netlify do; otherwise a
  text file (HTML pages, small CSS and JS) is compressed on the fly at the levels hosts use
  (:data:`bench.weight.ON_THE_FLY_BROTLI_QUALITY`, :data:`bench.weight.ON_THE_FLY_GZIP_LEVEL`),
  as every common host does, and anything else goes as it is.
* Every response has an ETag; ``If-None-Match`` gets a 304. ``Cache-Control`` defaults to
  ``public, max-age=0, must-revalidate`` (revalidate every time, the usual host default) and is
  overridden by the site's ``_headers`` rules (see :mod:`bench.headers`).
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import urllib.parse
from pathlib import Path

import brotli

from bench import headers, weight

DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".map": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
ON_THE_FLY = {
    "br": lambda data: brotli.compress(data, quality=weight.ON_THE_FLY_BROTLI_QUALITY),
    "gzip": lambda data: gzip.compress(data, weight.ON_THE_FLY_GZIP_LEVEL, mtime=0),
}


class StaticHost:
    """Serve ``root`` on 127.0.0.1 (a free port) in a background thread; use as a context manager.
    ``precompressed=False`` serves every file as it is: no sibling, no compression on the fly."""

    def __init__(self, root: Path, precompressed: bool = True):
        self.root = root.resolve()
        self.precompressed = precompressed
        self.compressed_on_the_fly: dict[tuple, bytes] = {}  # (file, size, mtime, encoding) -> bytes
        self.rules = headers.read(self.root)
        self.served: list[tuple[str, int, str | None]] = []  # (URL path, status, encoding) of each answer
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # noqa: A002 - the base class's name
                pass

            def do_GET(self):
                host.answer(self, body=True)

            def do_HEAD(self):
                host.answer(self, body=False)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> "StaticHost":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reload_rules(self) -> None:
        self.rules = headers.read(self.root)

    def resolve(self, url_path: str) -> tuple[int, Path | None, str | None]:
        """(status, file, redirect location) for a URL path."""
        relative = url_path.lstrip("/")
        candidate = (self.root / relative).resolve()
        if self.root not in candidate.parents and candidate != self.root:
            return 404, self.root / "404.html", None
        if candidate.is_dir():
            if not url_path.endswith("/"):
                return 301, None, url_path + "/"
            candidate = candidate / "index.html"
        if candidate.is_file():
            return 200, candidate, None
        return 404, self.root / "404.html", None

    def compress(self, file: Path, stat, encoding: str) -> bytes:
        key = (file, stat.st_size, stat.st_mtime_ns, encoding)
        if key not in self.compressed_on_the_fly:
            self.compressed_on_the_fly[key] = ON_THE_FLY[encoding](file.read_bytes())
        return self.compressed_on_the_fly[key]

    def answer(self, request: http.server.BaseHTTPRequestHandler, body: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(request.path).path)
        status, file, location = self.resolve(url_path)
        if status == 301:
            request.send_response(301)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        if file is None or not file.is_file():
            request.send_response(404)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        served, encoding, on_the_fly = file, None, None
        accepted = request.headers.get("Accept-Encoding", "")
        if self.precompressed:
            for name, suffix in ENCODINGS:
                sibling = file.with_name(file.name + suffix)
                if name in accepted and sibling.is_file():
                    served, encoding = sibling, name
                    break
            else:
                if file.suffix in weight.COMPRESSIBLE:
                    on_the_fly = next((name for name, _ in ENCODINGS if name in accepted), None)
                    encoding = on_the_fly
        stat = served.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{"-" + encoding if encoding else ""}"'
        extra = {"Cache-Control": DEFAULT_CACHE_CONTROL, **headers.headers_for(self.rules, url_path)}
        if status == 200 and etag in request.headers.get("If-None-Match", ""):
            self.served.append((url_path, 304, encoding))
            request.send_response(304)
            request.send_header("ETag", etag)
            for name, value in extra.items():
                request.send_header(name, value)
            request.end_headers()
            return
        data = served.read_bytes() if on_the_fly is None else self.compress(served, stat, on_the_fly)
        self.served.append((url_path, status, encoding))
        request.send_response(status)
        kind = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(data)))
        request.send_header("ETag", etag)
        request.send_header("Vary", "Accept-Encoding")
        if encoding:
            request.send_header("Content-Encoding", encoding)
        for name, value in extra.items():
            request.send_header(name, value)
        request.end_headers()
        if body:
            request.wfile.write(data)
