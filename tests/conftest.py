"""Shared fixtures: the built site, a local server for it, and a headless Chromium.

* ``built_site`` -- ``mkdocs build --strict`` into a temporary folder, once per session
  (a failing build fails every test that uses it, with MkDocs' output in the message);
* ``site_url`` -- that folder served over HTTP on 127.0.0.1 (a free port), ending in ``/``;
* ``browser`` -- Playwright's Chromium on Debian's /usr/bin/chromium (no browser download);
* ``warm`` -- one page per calculator kept open for the run and put back between tests as after
  an instant navigation to it (tests/warm_pages.py), for tests that need no cold start;
* ``spreadsheet_engine`` -- Debian's LibreOffice Calc, headless, which recalculates a workbook
  (tests/spreadsheet_engine.py);
* ``hosted_url`` -- the same folder served as a static host serves it: every response carries
  the headers the build wrote to ``_headers`` (the Content Security Policy among them, see
  hooks/static_headers.py), and a missing file gets ``404.html`` with status 404.
  ``serve_as_host(site_dir, rules)`` starts such a server with other rules (tests that
  change the policy).

Test lanes (markers registered in pyproject.toml, the first two applied here by the fixtures a
test uses):

* ``site`` -- needs a built site: it uses ``built_site``, ``site_url``, ``hosted_url`` or a
  variant's build, or its module builds or serves one itself (those modules set ``pytestmark``);
* ``browser`` -- drives Chromium (the ``browser`` fixture);
* ``runtime`` -- boots the real Pyodide runtime in Node (marked on the test);
* ``spreadsheet`` -- runs LibreOffice (the ``spreadsheet_engine`` fixture).

``make test-fast`` runs ``-m "not site and not browser and not runtime and not spreadsheet"`` with
the Hypothesis profile ``fast`` (at most 20 examples per property, tests/strategies.py; 1,000
seeded hostile payloads per calculator, tests/test_api.py); ``make test`` runs everything at full
strength, on two pytest-xdist workers.
tests/test_parity.py records the payloads it replays in a pytest of its own
(tests/parity_recorder.py), so no test depends on the order the others run in.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

from bench.browser import CHROMIUM
from bench.browser import FLAGS as CHROMIUM_ARGS
from tests.parity_recorder import PLUGIN_NAME, recorder_from_environment
from tests.strategies import FAST_EXAMPLES, FAST_PROFILE

ROOT = Path(__file__).resolve().parent.parent

#: The fixtures that build or serve the site (this checkout's, or a variant's built from a copy
#: of the project), the one that launches Chromium, the one that runs LibreOffice.
SITE_FIXTURES = {"built_site", "site_url", "hosted_url", "variant_site", "analytics_site", "provider_site", "snapshot_site"}
BROWSER_FIXTURES = {"browser"}
SPREADSHEET_FIXTURES = {"spreadsheet_engine"}

# `make test-fast` loads it with --hypothesis-profile (tests/strategies.py, examples).
settings.register_profile(FAST_PROFILE, max_examples=FAST_EXAMPLES)


def pytest_configure(config):
    recorder = recorder_from_environment()  # only in the pytest tests/test_parity.py starts
    if recorder is not None:
        config.pluginmanager.register(recorder, PLUGIN_NAME)


def pytest_collection_modifyitems(config, items):
    """Mark each test with its lanes by the fixtures it uses; the tests that need no site first."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SITE_FIXTURES:
            item.add_marker(pytest.mark.site)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & SPREADSHEET_FIXTURES:
            item.add_marker(pytest.mark.spreadsheet)
    items.sort(key=lambda item: item.get_closest_marker("site") is not None)  # stable: files stay in order


def pytest_collection_finish(session):
    """When site tests will run, start building the site now, beside the tests that need none
    (they come first); built_site waits for it. Likewise the parity test's recording of the core
    tests' payloads (a pytest of its own, tests/parity_recorder.py). Once per run, across xdist
    workers too."""
    factory = session.config._tmp_path_factory
    if any(item.get_closest_marker("site") for item in session.items):
        start_once(factory, "site", build_checkout_site)
    if any(item.path.name == "test_parity.py" for item in session.items):
        from tests.parity_recorder import record_core_cases
        from tests.test_parity import PARITY_CASES

        start_once(factory, PARITY_CASES, record_core_cases)


def build_site(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for ``config_file`` into ``site_dir``; return the process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        timeout=900,
    )


def shared_folder(tmp_path_factory) -> Path:
    """The run's temporary folder every pytest-xdist worker sees (the run's own one without xdist)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # pytest-of-<user>/pytest-<n>/, one per run, around the workers' own
    return shared


def make_under(lock, shared: Path, name: str, make) -> None:
    """With ``lock`` held: ``make(shared / name)`` unless done, its outcome written beside it."""
    import json

    if not (shared / f"{name}.outcome.json").exists():
        (shared / name).mkdir()
        (shared / f"{name}.outcome.json").write_text(json.dumps({"failure": make(shared / name)}), encoding="utf-8")


def run_once(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once in a test run, even across pytest-xdist's workers; the folder.

    Each worker has its own session fixtures: the first to get here runs ``make`` under a lock in
    a folder the workers share, and the others wait and reuse it (as they wait for a build
    started early, :func:`start_once`). ``make`` returns None, or the message the test fails
    with, which every worker then fails with too.
    """
    import fcntl
    import json

    shared = shared_folder(tmp_path_factory)
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        make_under(lock, shared, name, make)
    failure = json.loads((shared / f"{name}.outcome.json").read_text(encoding="utf-8"))["failure"]
    if failure:
        pytest.fail(failure, pytrace=False)
    return (shared / name)


def start_once(tmp_path_factory, name: str, make) -> None:
    """Start what :func:`run_once` would run, in a thread, unless a worker has it in hand already:
    the tests that need nothing of it run meanwhile, and run_once waits for it."""
    import fcntl
    import threading

    shared = shared_folder(tmp_path_factory)
    lock = open(shared / f"{name}.lock", "w")  # noqa: SIM115 - closed by the thread
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return

    def work():
        try:
            make_under(lock, shared, name, make)
        finally:
            lock.close()  # and the lock with it

    threading.Thread(target=work, daemon=True).start()


def build_checkout_site(site_dir: Path) -> str | None:
    result = build_site(ROOT / "mkdocs.yml", site_dir)
    return None if result.returncode == 0 else f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built from this checkout with ``mkdocs build --strict`` (once per run)."""

    return run_once(tmp_path_factory, "site", build_checkout_site)


@contextmanager
def serving(handler, path: str = "/"):
    """Serve with ``handler`` on 127.0.0.1 (a free port) in a thread; yield the URL of ``path``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name is the base class's
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on 127.0.0.1, e.g. ``http://127.0.0.1:41234/``."""
    with serving(functools.partial(QuietHandler, directory=str(built_site))) as url:
        yield url


class HostHandler(QuietHandler):
    """Serves a built site like Netlify or Cloudflare Pages: ``_headers`` rules, a 404 page."""

    rules: list = []

    def end_headers(self):
        from bench.headers import headers_for

        for name, value in headers_for(self.rules, urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_under(site_dir: Path, prefix: str = "/"):
    """Serve ``site_dir`` at ``prefix`` (``/deep/path/``) and nothing else: any URL outside it is a
    404, as on a host that serves the site under a sub-path. Yields the site's URL."""

    class UnderPrefix(QuietHandler):
        def translate_path(self, path):
            if not urlsplit(path).path.startswith(prefix):
                return str(Path(self.directory) / "__outside_the_prefix__")
            return super().translate_path("/" + path[len(prefix):])

    with serving(functools.partial(UnderPrefix, directory=str(site_dir)), prefix) as url:
        yield url


#: What a build of this site reads, copied by ``project_copy``; node_modules and build/ are linked.
PROJECT_FILES = [
    "mkdocs.yml", "pyproject.toml", "package.json", "package-lock.json",
    "docs", "overrides", "macros", "hooks", "data", "calculators", "mkdocs_calculators", "tests", "bench",
]
#: Large, or caches a build fills (build/: the Pyodide bundle's; .cache: the link-preview cards,
#: hooks/social_cards.py, which a copy would otherwise draw again, a second or more per build).
#: Both caches write each entry whole under its own digest, so builds may share them at once.
PROJECT_LINKS = ["node_modules", "build", ".cache"]


def copy_project(copy: Path) -> Path:
    """Copy what the build reads into the new folder ``copy``, linking node_modules and the caches.

    A build run in it (``build_site``, whose ``python -m mkdocs`` runs with the copy as its
    working folder, first on ``sys.path``) imports the copy's own packages.
    """
    import shutil

    copy.mkdir(parents=True)
    for cache in ("build", ".cache"):  # shared even when this copy builds before the checkout does
        (ROOT / cache).mkdir(exist_ok=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "artifacts"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    for name in PROJECT_LINKS:
        if (ROOT / name).exists():
            (copy / name).symlink_to(ROOT / name)
    return copy


def set_extra(config_file: Path, section: str, values: dict[str, str]) -> None:
    """Set ``extra.<section>.<key>`` for each of ``values`` in a copy's mkdocs.yml: the line
    ``    <key>: ...`` of the block ``  <section>:`` (each key must be there already)."""
    import json

    lines = config_file.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"  {section}:\n")
    for key, value in values.items():
        for number in range(start + 1, len(lines)):
            if not lines[number].startswith("    "):
                raise KeyError(f"extra.{section}.{key} is not in {config_file}")
            if lines[number].startswith(f"    {key}:"):
                lines[number] = f"    {key}: {json.dumps(value)}\n"  # a JSON string is a YAML string
                break
    config_file.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="session")
def variant_site(tmp_path_factory, built_site):
    """``variant_site(name)``: the site of tests/variants.py's variant ``name``, built once per run,
    after the checkout's site (``built_site``), so that it reuses the caches that build filled."""
    from tests.variants import build_variant

    def site(name: str) -> Path:
        return run_once(tmp_path_factory, f"variant-{name}", lambda folder: build_variant(folder, name)) / "site"

    return site


@pytest.fixture
def project_copy(tmp_path, built_site) -> Path:
    """A copy of the project for one test to change and build (:func:`copy_project`), made after
    the checkout's site is built: a copy's build reuses its caches rather than filling them again."""
    return copy_project(tmp_path / "project")


@contextmanager
def serve_as_host(site_dir: Path, rules: list):
    """Serve ``site_dir`` with the ``_headers`` ``rules`` (bench.headers.Rule); yield its URL."""
    with serving(functools.partial(type("Host", (HostHandler,), {"rules": rules}), directory=str(site_dir))) as url:
        yield url


@pytest.fixture(scope="session")
def hosted_url(built_site) -> str:
    """The built site served with the headers of its own ``_headers`` file (CSP included)."""
    from bench.headers import read

    rules = read(built_site)
    if not rules:
        pytest.fail("the build wrote no _headers file (hooks/static_headers.py)", pytrace=False)
    with serve_as_host(built_site, rules) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright (Debian's build at /usr/bin/chromium)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium as root)", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def spreadsheet_engine():
    """Debian's LibreOffice Calc, headless (tests/spreadsheet_engine.py): recalculates workbooks."""
    from tests import spreadsheet_engine

    if not spreadsheet_engine.available():
        pytest.fail(f"{spreadsheet_engine.SOFFICE} is missing: run `make test` (it installs Debian's "
                    "libreoffice-calc-nogui as root)", pytrace=False)
    return spreadsheet_engine


@pytest.fixture(scope="session")
def warm_pages(browser, site_url, built_site):
    """One page per calculator on ``site_url``, open for the run on this worker (tests/warm_pages.py)."""
    from tests.warm_pages import WarmVisit

    pages = WarmVisit(browser, site_url, built_site)
    yield pages
    pages.close()


@pytest.fixture
def warm(warm_pages):
    """The run's calculator pages; ``warm.open(name, ...)`` puts one back as a visitor finds it."""
    warm_pages.forget()
    return warm_pages
