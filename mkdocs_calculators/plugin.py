"""The calculators plugin for MkDocs: ``plugins: - calculators`` in mkdocs.yml.

A page marks where a calculator goes with ``<div data-calculator="NAME"></div>``. The plugin
puts the calculator there, with its result computed at build time, adds the scripts and styles
that make it live, and writes the Pyodide bundle the browser runs it with.

The handlers, in the order MkDocs fires them:

* ``on_config``: checks the options, imports and checks the site's own calculator modules
  (:mod:`.site_modules`), makes the registry the package's calculators plus those
  (:func:`calculators.api.reset`), adds the stylesheet and the loader script to every page;
* ``on_files``: adds the plugin's scripts and stylesheet to the site, the stylesheet joined
  from its parts (a site file of the same path wins);
* ``on_page_content``: replaces each marker (:mod:`.markers`) with its block (:mod:`.block`), and ends a page
  that has one with the script that starts the worker early (and, with ``full_width``, hides
  Material's sidebars there);
* ``on_post_page``: loads the calculators' module in the ``<head>`` of such a page;
* ``on_post_build``: writes the wheel, lockfile, runtime and ``runtime.json`` (:mod:`.bundle`),
  when a page has a calculator (a site with none ships no runtime);
* ``on_serve``: rebuilds when the calculators' Python changes.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from calculators import api

from . import bundle
from .block import CalculatorError, Offer, calculator_block, site_of
from .config import CalculatorsConfig
from .markers import MarkerError, replace_markers
from .site_modules import load_module

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

#: The plugin's own files, put into the site at these paths: every script of its
#: assets/javascripts/ (calculators.js and the modules it imports among them), and the stylesheet.
ASSETS_DIR = Path(__file__).resolve().parent
SCRIPTS = tuple(sorted(
    path.relative_to(ASSETS_DIR).as_posix() for path in (ASSETS_DIR / "assets" / "javascripts").glob("*.js")
))
STYLESHEET = "assets/stylesheets/calculators.css"
ASSETS = (*SCRIPTS, STYLESHEET)
#: The stylesheet is kept in parts, by component, and written into the site as the one file
#: every page links (one request), the parts in this order: the order of the cascade.
STYLESHEET_PARTS_DIR = ASSETS_DIR / "assets" / "stylesheets" / "calculators"
STYLESHEET_PARTS = (
    "base.css", "form.css", "questionnaire.css", "focus.css", "status.css",
    "result.css", "charts.css", "tables.css", "blockers.css", "definition-lists.css", "actions.css",
    "narrow-screens.css", "quick-estimate.css",
    "summary-bar.css", "changed-values.css", "questionnaire-progress.css", "wide-screens.css",
    "print.css",
)
LOADER = "assets/javascripts/calculators-loader.js"  # every page: imports calculators.js on arrival at one
MODULE = "assets/javascripts/calculators.js"
START = "assets/javascripts/calculator-start.js"


def page_root(page_url: str) -> str:
    """The way from a page's URL to the site's root, as a relative path.

    >>> page_root(""), page_root("calculators/tip/"), page_root("calculators/tip.html")
    ('', '../../', '../')
    """
    folder = page_url.rpartition("/")[0]
    return "../" * len([part for part in folder.split("/") if part])


def stylesheet() -> str:
    """``calculators.css``: the parts of the stylesheet joined in order, a blank line between two."""
    return "\n".join((STYLESHEET_PARTS_DIR / name).read_text(encoding="utf-8") for name in STYLESHEET_PARTS)


def project_dir_of(config) -> Path:
    """The folder of the site's mkdocs.yml, which the plugin's paths are relative to; the working
    folder for a configuration read from no file (as MkDocs resolves its own paths then)."""
    path = config.config_file_path
    return Path(path).resolve().parent if path else Path.cwd()


def load_entry(entry: str) -> Callable[..., dict]:
    """The view's ``respond`` from ``module:function``."""
    module, _, function = entry.partition(":")
    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError, ValueError) as error:
        raise PluginError(f"calculators: entry {entry!r} cannot be imported: {error}") from None


def entry_module(entry: str) -> ModuleType:
    """The module of the view's entry, which may also offer workbooks: ``has_workbook(name)``,
    ``workbook(name, payload, currency)`` and ``ON_DEMAND``, the packages those need, shipped for
    the worker to fetch at the first workbook (:mod:`.on_demand`)."""
    return importlib.import_module(entry.partition(":")[0])


class CalculatorsPlugin(BasePlugin[CalculatorsConfig]):
    """Calculator blocks on pages, their assets, and the Pyodide bundle."""

    def __init__(self) -> None:
        # What one build works with, all set again by on_config from that build's configuration:
        # MkDocs calls it first at every build, and may keep a plugin across `mkdocs serve` rebuilds.
        self.project_dir: Path | None = None  # the folder of mkdocs.yml: the options' paths are relative to it
        self.respond: Callable[..., dict] | None = None
        self.has_workbook: Callable[[str], bool] = lambda name: False  # the entry module's, when it has one
        self.modules: tuple[tuple[str, Path], ...] = ()  # the site's own calculators: (name, file)
        self.calculators: dict[str, ModuleType] = {}  # the same, imported, by name
        self.pages_with_calculators: set[str] = set()

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.project_dir = project_dir_of(config)
        try:
            bundle.check_cdn_url(self.config.cdn_url)
            bundle.check_runtime(self.project_dir / self.config.runtime_dir)
        except bundle.BundleError as error:
            raise PluginError(f"calculators: {error}") from None
        self.modules = tuple((name, (self.project_dir / path).resolve()) for name, path in self.config.modules.items())
        self.calculators = {name: load_module(name, path) for name, path in self.modules}
        # The registry is process-wide and outlives a build under `mkdocs serve`: set it whole, so a
        # calculator taken out of `modules` is gone at the next build, not listed until a restart.
        api.reset(self.calculators)
        self.respond = load_entry(self.config.entry)
        self.has_workbook = getattr(entry_module(self.config.entry), "has_workbook", lambda name: False)
        self.pages_with_calculators = set()
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if LOADER not in [str(script) for script in config.extra_javascript]:
            loader = ExtraScriptValue(LOADER)
            loader.type = "module"
            config.extra_javascript.append(loader)
        return config

    def on_files(self, files: Files, config):
        if not self.config.enabled:
            return files
        for path in ASSETS:
            if files.get_file_from_path(path) is not None:
                continue
            if path == STYLESHEET:
                files.append(File.generated(config, path, content=stylesheet()))
            else:
                files.append(File(path, str(ASSETS_DIR), config.site_dir, use_directory_urls=False))
        return files

    def on_page_content(self, html, page, config, files):
        if not self.config.enabled or "data-calculator" not in html:
            return html
        root = page_root(page.url)
        # The note says what a booking shares: only where there is a booking button.
        site = site_of(root, self.config.links, self.config.booking_note if self.config.booking_page else "")
        offer = Offer(self.booking_href(page, files), self.config.booking_label)

        def block(name: str) -> str:
            if name not in api.CALCULATORS:
                raise PluginError(f"calculators: unknown calculator {name!r}; {self.known()}")
            try:
                return calculator_block(name, self.respond, site, offer, self.config.currency,
                                        workbook=self.has_workbook(name))
            except CalculatorError as error:
                raise PluginError(f"calculators: {error}") from None

        try:
            html, count = replace_markers(html, block)
        except MarkerError as error:
            raise PluginError(f"calculators: {error}") from None
        if count:
            self.pages_with_calculators.add(page.url)
            if self.config.full_width:  # read by Material's templates, which render after this
                hidden = page.meta.get("hide") if isinstance(page.meta.get("hide"), list) else []
                page.meta["hide"] = hidden + [part for part in ("navigation", "toc") if part not in hidden]
            html += f'<script src="{get_relative_url(START, page.url)}"></script>'
        return html

    def known(self) -> str:
        """The calculators a page of this site can name: the site's own (``modules``), then the stock ones."""
        own = ", ".join(sorted(self.calculators)) or "none (add yours under the plugin's modules option)"
        stock = ", ".join(name for name in api.names() if name not in self.calculators)
        return f"this site's: {own}; stock: {stock}"

    def booking_href(self, page, files: Files) -> str:
        """The booking page, relative to ``page``; empty when none is configured."""
        if not self.config.booking_page:
            return ""
        target = files.get_file_from_path(self.config.booking_page)
        if target is None:
            raise PluginError(f"calculators: booking_page {self.config.booking_page!r} is not a page of this site")
        return get_relative_url(target.url, page.url)

    def on_post_page(self, output, page, config):
        if page.url not in self.pages_with_calculators:
            return output
        script = f'<script type="module" src="{get_relative_url(MODULE, page.url)}"></script>'
        return output.replace("</head>", f"{script}</head>", 1)

    def on_post_build(self, config):
        if not self.config.enabled:
            return
        if not self.pages_with_calculators:  # nothing would run it: no runtime, no bundle cache
            log.info("calculators: no page has a calculator, so the site ships no Pyodide runtime")
            return
        package = bundle.Package(
            name=self.config.package,
            folder=self.package_folder(),
            version=self.package_version(),
            modules=self.modules,
        )
        try:
            written = bundle.write_bundle(
                package, self.config.entry, self.project_dir / self.config.runtime_dir, Path(config.site_dir),
                self.project_dir / self.config.cache_dir, bundle.check_cdn_url(self.config.cdn_url), self.config.bytecode,
                snapshot=self.config.snapshot,
                on_demand=tuple(getattr(entry_module(self.config.entry), "ON_DEMAND", ())),
            )
        except bundle.BundleError as error:
            raise PluginError(f"calculators: {error}") from None
        if self.config.bytecode and written.bytecode is None:
            python = bundle.runtime_python(self.project_dir / self.config.runtime_dir)
            log.info(bundle.SHIPS_SOURCE, python, ".".join(map(str, sys.version_info[:2])), python)

    def package_folder(self) -> Path:
        """The folder of the package shipped to the browser (imported, so it is the one the build runs)."""
        return Path(importlib.import_module(self.config.package).__file__).resolve().parent

    def package_version(self) -> str:
        """The version of the distribution that installed the package (``mkdocs-calculators`` for
        ``calculators``), else 0.0.0."""
        from importlib.metadata import PackageNotFoundError, packages_distributions, version

        for distribution in packages_distributions().get(self.config.package, [self.config.package]):
            try:
                return version(distribution)
            except PackageNotFoundError:
                continue
        return "0.0.0"

    def on_serve(self, server, config, builder):
        """Rebuild (and so rebuild the wheel) when the package or a site module changes."""
        if self.config.enabled:
            server.watch(str(self.package_folder()))
            for _, path in self.modules:
                server.watch(str(path))
        return server
