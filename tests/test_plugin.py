"""Tests for mkdocs_calculators/plugin.py and block.py: the calculators plugin as MkDocs runs it.

Its options as MkDocs validates them (config.py), the checks on_config makes, the block a marker
becomes, and the scripts, assets and bundle a build writes. Most checks read one tiny site built
once with ``mkdocs build --strict`` (theme ``mkdocs``, the real core and runtime, a site module of
its own, bytecode off so no Node start is needed); a failing build checks the one-line error;
the rest call the plugin in this process with a config loaded through MkDocs. The functions the
plugin calls to write the bundle are tested in tests/test_bundle.py.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from calculators import api
from calculators.web.formatting import format_value
from mkdocs_calculators import bundle, plugin
from mkdocs_calculators.config import CalculatorsConfig
from mkdocs_calculators.plugin import CalculatorsPlugin, page_root

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "node_modules" / "pyodide"
ASSETS_DIR = ROOT / "mkdocs_calculators"
ENTRY = "calculators.web:respond"
BOOKING_NOTE = "Booking shares only {summary}."
#: A site's own calculator, as a site writes one: schema() with defaults and outputs, and run().
SITE_MODULE = '''"""A tip on a bill."""


def schema():
    return {"title": "Tip", "fields": [{"id": "bill", "label": "Bill", "kind": "number", "unit": "money",
            "min": 0, "max": 1e6, "default": 100, "required": True}], "defaults": {"bill": 100},
            "outputs": [{"id": "tip", "label": "Tip", "kind": "money", "headline": True, "note": ""}]}


def run(payload):
    return {"tip": float(payload.get("bill", 0)) * %s}
'''


def write_pages(docs: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)


def write_config(project: Path, options: dict, **top: object) -> Path:
    """mkdocs.yml (JSON is YAML) with theme mkdocs and the calculators plugin with ``options``."""
    config = {"site_name": "Tiny", "theme": {"name": "mkdocs"}, **top, "plugins": [{"calculators": options}]}
    path = project / "mkdocs.yml"
    path.write_text(json.dumps(config, indent=2))
    return path


def mkdocs_build(config_file: Path, *, strict: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)] + (["--strict"] if strict else [])
    return subprocess.run(command, cwd=config_file.parent, capture_output=True, text=True, timeout=600)


def fake_runtime(folder: Path, python: str) -> Path:
    """A runtime whose files hold placeholder bytes and whose lockfile says it runs ``python``."""
    folder.mkdir(parents=True)
    for name in bundle.RUNTIME_FILES:
        (folder / name).write_bytes(f"fake {name}".encode())
    (folder / "package.json").write_text(json.dumps({"name": "pyodide", "version": "0.29.5"}))
    info = json.loads((RUNTIME / bundle.LOCKFILE).read_text())["info"]
    (folder / bundle.LOCKFILE).write_text(json.dumps({"info": {**info, "python": f"{python}.1"}, "packages": {}}))
    return folder


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- page_root -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url, root", [
    ("", ""),
    ("index.html", ""),
    ("404.html", ""),
    ("calculators/", "../"),
    ("calculators/roi/", "../../"),
    ("calculators/roi.html", "../"),
    ("a/b/c/", "../../../"),
    ("a/b/c.html", "../../"),
])
def test_page_root_climbs_one_level_per_folder_of_the_page_url(url, root):
    assert page_root(url) == root


# --- the typed config ------------------------------------------------------------------------------


def test_config_defaults_build_a_working_site_with_no_options():
    config = CalculatorsConfig()
    config.load_dict({})
    errors, warnings = config.validate()
    assert errors == [] and warnings == []
    assert dict(config) == {
        "enabled": True,
        "package": "calculators",
        "entry": ENTRY,
        "modules": {},
        "runtime_dir": "node_modules/pyodide",
        "cache_dir": "build/pyodide-bundle",
        "cdn_url": "",
        "bytecode": True,
        "snapshot": False,
        "full_width": True,
        "currency": "GBP",
        "booking_page": "",
        "booking_label": "Book a call about these results",
        "booking_note": "Booking from this page shares only {summary}. Your answers stay in your browser.",
        "links": {},
    }


def load_through_mkdocs(tmp_path: Path, options: dict) -> tuple[MkDocsConfig, list]:
    """The site config with ``plugins: [calculators: options]``, validated as MkDocs does."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "Tiny", "site_dir": str(tmp_path / "site"), "plugins": [{"calculators": options}]})
    errors, _ = config.validate()
    return config, errors


def test_the_plugin_is_found_by_name_and_gets_its_typed_config(tmp_path):
    config, errors = load_through_mkdocs(tmp_path, {"currency": "EUR", "bytecode": False})
    assert errors == []
    calculators = config.plugins["calculators"]
    assert isinstance(calculators, CalculatorsPlugin)
    assert calculators.config.currency == "EUR" and calculators.config.bytecode is False
    assert calculators.config.runtime_dir == "node_modules/pyodide"  # the other options keep their defaults


@pytest.mark.parametrize("option, value", [
    ("bytecode", "maybe"),
    ("bytecode", "false"),
    ("currency", "JPY"),
    ("cdn_url", 42),
    ("links", ["playbook/{id}/"]),
    ("links", {"playbook": 3}),
    ("modules", ["tip.py"]),
    ("modules", {"tip": {"path": "tip.py"}}),
])
def test_a_wrong_option_is_refused_by_mkdocs_naming_the_option(tmp_path, option, value):
    _, errors = load_through_mkdocs(tmp_path, {option: value})
    assert len(errors) == 1
    name, error = errors[0]
    assert name == "plugins"
    assert f"Plugin 'calculators' option '{option}'" in str(error)


@pytest.mark.parametrize("option, value, message", [
    ("modules", ["tip.py"], "Expected a dict of items, but a <class 'list'> was given."),
    ("modules", {"tip": 3}, "Expected type: <class 'str'> but received: <class 'int'>"),
    ("modules", {1: "tip.py"}, "Expected type: <class 'str'> for keys, but received: <class 'int'> (key=1)"),
    ("links", "playbook/{id}/", "Expected a dict of items, but a <class 'str'> was given."),
    ("links", {"playbook": None}, "Expected type: <class 'str'> but received: <class 'NoneType'>"),
])
def test_modules_and_links_are_dicts_of_strings(tmp_path, option, value, message):
    """Typed as MkDocs' DictOfItems(Type(str)): a value that is not a name -> text mapping is a
    configuration error naming the option, not a traceback later in on_config."""
    _, errors = load_through_mkdocs(tmp_path, {option: value})
    assert [(name, str(error)) for name, error in errors] == [("plugins", f"Plugin 'calculators' option '{option}': {message}")]
    config, errors = load_through_mkdocs(tmp_path, {"modules": {"tip": "tip.py"}, "links": {"playbook": "playbook/{id}/"}})
    assert errors == []
    assert config.plugins["calculators"].config.modules == {"tip": "tip.py"}


@pytest.mark.parametrize("setting, expected", [("false", False), ("true", True), (None, True)])
def test_bytecode_follows_the_pyodide_bytecode_variable_as_mkdocs_yml_reads_it(tmp_path, monkeypatch, setting, expected):
    from mkdocs.config import load_config

    if setting is None:
        monkeypatch.delenv("PYODIDE_BYTECODE", raising=False)
    else:
        monkeypatch.setenv("PYODIDE_BYTECODE", setting)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Tiny\nplugins:\n  - calculators:\n      bytecode: !ENV [PYODIDE_BYTECODE, true]\n")
    assert load_config(str(tmp_path / "mkdocs.yml")).plugins["calculators"].config.bytecode is expected


def test_a_pyodide_bytecode_variable_that_is_not_a_boolean_is_refused(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("PYODIDE_BYTECODE", "maybe")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Tiny\nplugins:\n  - calculators:\n      bytecode: !ENV [PYODIDE_BYTECODE, true]\n")
    with pytest.raises(Abort, match="configuration error"):
        load_config(str(tmp_path / "mkdocs.yml"))


# --- on_config -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def package_calculators_only():
    """on_config sets the process-wide registry (calculators.api): each test leaves the package's own."""
    yield
    api.reset()



def configured(tmp_path: Path, **options) -> tuple[MkDocsConfig, CalculatorsPlugin]:
    """The plugin after MkDocs' validation and its own on_config (the real runtime unless told)."""
    config, errors = load_through_mkdocs(tmp_path, {"runtime_dir": str(RUNTIME), "cache_dir": str(tmp_path / "cache"),
                                                    **options})
    assert errors == []
    calculators = config.plugins["calculators"]
    return calculators.on_config(config), calculators


@pytest.mark.parametrize("url", ["http://cdn.example/pyodide/", "ftp://cdn.example/", "https://cdn.example/x?v=1"])
def test_on_config_refuses_a_cdn_url_that_is_not_an_https_folder(tmp_path, url):
    with pytest.raises(PluginError, match=r"^calculators: cdn_url must be an https:// folder URL") as raised:
        configured(tmp_path, cdn_url=url)
    assert repr(url) in str(raised.value)


def test_on_config_without_the_runtime_says_what_to_run(tmp_path):
    with pytest.raises(PluginError, match=r"^calculators: The Pyodide runtime is missing.*`npm install pyodide@0\.29\.5`") as raised:
        configured(tmp_path, runtime_dir="node_modules/pyodide")
    assert str(tmp_path / "node_modules" / "pyodide") in str(raised.value)  # relative to mkdocs.yml


def test_on_config_refuses_an_entry_that_cannot_be_imported(tmp_path):
    with pytest.raises(PluginError, match=r"calculators: entry 'calculators.web:nope' cannot be imported"):
        configured(tmp_path, entry="calculators.web:nope")


def test_on_config_refuses_a_site_module_that_is_not_a_file(tmp_path):
    with pytest.raises(PluginError, match=r"calculators: modules.tip: .*missing.py is not a Python file"):
        configured(tmp_path, modules={"tip": "missing.py"})
    assert "tip" not in api.CALCULATORS


def test_a_site_module_taken_out_of_the_config_is_no_longer_registered(tmp_path):
    """`mkdocs serve` rebuilds in one process: each build's calculators are the package's own and
    the modules its configuration names, whatever an earlier build registered."""
    (tmp_path / "tip.py").write_text(SITE_MODULE % "0.1")
    own = list(api.CALCULATORS)
    configured(tmp_path, modules={"tip": "tip.py"})
    assert api.names() == [*own, "tip"]
    configured(tmp_path)  # the next build, with `modules` emptied
    assert api.names() == own and "tip" not in api.CALCULATORS
    config, calculators = configured(tmp_path, modules={"tip": "tip.py"})  # and put back
    assert api.names() == [*own, "tip"]
    # the same plugin reconfigured (MkDocs keeps a plugin across rebuilds when it has on_startup)
    calculators.config["modules"] = {}
    calculators.on_config(config)
    assert api.names() == own and calculators.calculators == {} and calculators.modules == ()


def test_a_rebuild_shows_the_view_of_the_edited_site_module(tmp_path):
    """The generic view (calculators.web) is made from a module's declared outputs and kept: a
    rebuild after the module's file changed must show the new outputs, not the kept view."""
    (tmp_path / "tip.py").write_text(SITE_MODULE % "0.1")
    _, calculators = configured(tmp_path, modules={"tip": "tip.py"})
    first = calculators.respond("tip", {"bill": 100}, "GBP", {})
    assert ">Tip<" in first["html"] and ">Gratuity<" not in first["html"]
    (tmp_path / "tip.py").write_text((SITE_MODULE % "0.2").replace('"label": "Tip"', '"label": "Gratuity"'))
    _, calculators = configured(tmp_path, modules={"tip": "tip.py"})
    second = calculators.respond("tip", {"bill": 100}, "GBP", {})
    assert ">Gratuity<" in second["html"] and ">Tip<" not in second["html"]
    assert second["result"] == {"tip": 20.0}


def test_the_plugin_paths_come_from_mkdocs_yml_not_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / "tip.py").write_text(SITE_MODULE % "0.1")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _, calculators = configured(tmp_path, modules={"tip": "tip.py"})
    assert calculators.project_dir == tmp_path.resolve()
    assert calculators.modules == (("tip", (tmp_path / "tip.py").resolve()),)


def test_on_config_adds_the_stylesheet_and_the_loader_once(tmp_path):
    config, calculators = configured(tmp_path)
    calculators.on_config(config)  # a second run (mkdocs serve reuses nothing, but be safe) adds nothing
    assert config.extra_css.count(plugin.STYLESHEET) == 1
    loaders = [script for script in config.extra_javascript if str(script) == plugin.LOADER]
    assert len(loaders) == 1 and loaders[0].type == "module"
    assert calculators.respond is not None and calculators.respond.__module__ == "calculators.web"


def test_a_disabled_plugin_changes_nothing(tmp_path):
    config, calculators = configured(tmp_path, enabled=False, runtime_dir="no/runtime/here")
    assert plugin.STYLESHEET not in config.extra_css
    files = Files([])
    assert len(calculators.on_files(files, config)) == 0
    assert calculators.on_page_content('<div data-calculator="roi"></div>', page=None, config=config, files=files) == (
        '<div data-calculator="roi"></div>')


def test_on_files_adds_every_script_and_the_stylesheet_joined_from_its_parts(tmp_path):
    config, _ = configured(tmp_path)
    files = config.plugins.on_files(Files([]), config=config)  # as MkDocs calls it (File.generated reads whose it is)
    assert [file.src_uri for file in files] == list(plugin.ASSETS)
    for file in files:
        if file.src_uri == plugin.STYLESHEET:
            assert file.content_string == plugin.stylesheet()
        else:
            assert file.abs_src_path == str(ASSETS_DIR / file.src_uri)


def test_the_stylesheet_joins_every_part_once_in_its_order():
    assert sorted(plugin.STYLESHEET_PARTS) == sorted(path.name for path in plugin.STYLESHEET_PARTS_DIR.glob("*.css"))
    css = plugin.stylesheet()
    texts = [(plugin.STYLESHEET_PARTS_DIR / name).read_text(encoding="utf-8") for name in plugin.STYLESHEET_PARTS]
    assert css == "\n".join(texts) and css.startswith("/* The calculators:")
    for name, text in zip(plugin.STYLESHEET_PARTS, texts):
        assert text.startswith("/*") and text.endswith("}\n"), f"{name} opens with no comment or ends untidily"


#: ``import ... from "./x.js"`` and ``export ... from "./x.js"`` (what a browser fetches before the module runs).
STATIC_IMPORT = re.compile(r"""^(?:import|export)\s[^;]*?\sfrom\s+"(\./[^"]+)";""", re.MULTILINE)


def test_every_module_a_shipped_script_imports_is_shipped():
    scripts = {PurePosixPath(path).name for path in plugin.SCRIPTS}
    assert {"calculators.js", "calculators-loader.js", "calculator-start.js", "calculator-worker.js"} <= scripts
    imported = {}
    for name in scripts:
        text = (ASSETS_DIR / "assets" / "javascripts" / name).read_text(encoding="utf-8")
        imported[name] = {PurePosixPath(target).name for target in STATIC_IMPORT.findall(text)}
    assert imported["calculators.js"] >= {"calculator-block.js", "calculator-engine.js", "calculator-payload.js"}
    for name, targets in imported.items():
        assert targets <= scripts, f"{name} imports {targets - scripts}, which the plugin does not ship"


# --- on_page_content, in this process ----------------------------------------------------------------


def page_at(config: MkDocsConfig, src_uri: str) -> Page:
    file = File(src_uri, config.docs_dir, config.site_dir, use_directory_urls=True)
    return Page(None, file, config)


def page_content(calculators: CalculatorsPlugin, config: MkDocsConfig, page: Page, html: str) -> str:
    """The plugin's on_page_content for ``page`` of a site whose only file is that page."""
    return calculators.on_page_content(html, page=page, config=config, files=Files([page.file]))


def test_an_unknown_calculator_names_itself_and_the_known_ones(tmp_path):
    config, calculators = configured(tmp_path)
    page = page_at(config, "guides/cost.md")
    with pytest.raises(PluginError) as raised:
        page_content(calculators, config, page, '<p>x</p><div data-calculator="nope"></div>')
    assert str(raised.value) == ("calculators: unknown calculator 'nope'; this site's: none (add yours under the "
                                 f"plugin's modules option); stock: {', '.join(api.names())}")


def test_an_unknown_calculator_lists_the_sites_own_calculators_first(tmp_path):
    (tmp_path / "tip.py").write_text(SITE_MODULE % "0.1")
    config, calculators = configured(tmp_path, modules={"tip": "tip.py"})
    page = page_at(config, "guides/cost.md")
    with pytest.raises(PluginError, match=r"; this site's: tip; stock: readiness, roi$"):
        page_content(calculators, config, page, '<div data-calculator="tips"></div>')


def test_a_tag_with_data_calculator_that_is_not_a_marker_fails_the_page(tmp_path):
    config, calculators = configured(tmp_path)
    page = page_at(config, "guides/cost.md")
    with pytest.raises(PluginError, match=r"^calculators: <div data-calculator=\"roi\"> is not a calculator marker"):
        page_content(calculators, config, page, '<div data-calculator="roi">  x</div>')


@pytest.mark.parametrize("full_width, hidden", [(True, ["tags", "navigation", "toc"]), (False, ["tags"])])
def test_a_calculator_page_hides_the_sidebars_unless_told_not_to(tmp_path, full_width, hidden):
    config, calculators = configured(tmp_path, full_width=full_width)
    page, other = page_at(config, "guides/cost.md"), page_at(config, "guides/index.md")
    for each in (page, other):
        each.meta["hide"] = ["tags"]  # the page's own front matter is kept
    page_content(calculators, config, page, '<div data-calculator="roi"></div>')
    page_content(calculators, config, other, "<p>No calculator.</p>")
    assert page.meta["hide"] == hidden and other.meta["hide"] == ["tags"]


def test_a_booking_page_missing_from_the_site_is_a_clear_error(tmp_path):
    config, calculators = configured(tmp_path, booking_page="book/index.md")
    page = page_at(config, "calculators/roi.md")
    with pytest.raises(PluginError, match=r"^calculators: booking_page 'book/index.md' is not a page of this site$"):
        page_content(calculators, config, page, '<div data-calculator="roi"></div>')


def test_without_a_booking_page_the_block_has_no_booking_button(tmp_path):
    config, calculators = configured(tmp_path)
    page = page_at(config, "calculators/roi.md")
    html = page_content(calculators, config, page, '<div data-calculator="roi"></div>')
    block = BeautifulSoup(html, "html.parser")
    assert block.select_one('section.calculator[data-calculator="roi"]') is not None
    assert block.select_one("a[data-booking-link]") is None


def test_a_page_without_a_marker_is_left_alone_and_gets_no_scripts(tmp_path):
    config, calculators = configured(tmp_path)
    page = page_at(config, "index.md")
    html = "<p>data-calculator is only mentioned here</p>"
    assert calculators.on_page_content(html, page=page, config=config, files=Files([page.file])) == html
    assert calculators.on_post_page("<html><head></head></html>", page=page, config=config) == "<html><head></head></html>"


def test_the_block_uses_the_configured_currency(tmp_path):
    config, calculators = configured(tmp_path, currency="EUR")
    page = page_at(config, "calculators/roi.md")
    html = page_content(calculators, config, page, '<div data-calculator="roi"></div>')
    selected = BeautifulSoup(html, "html.parser").select_one("select[name=currency] option[selected]")
    assert selected["value"] == "EUR"


# --- on_post_build, in this process ------------------------------------------------------------------


def with_a_calculator_page(calculators: CalculatorsPlugin, config: MkDocsConfig) -> None:
    """Run on_page_content for a page with the roi marker, as a build does before on_post_build."""
    calculators.on_page_content('<div data-calculator="roi"></div>', page=SimpleNamespace(url="roi/", meta={}),
                                config=config, files=Files([]))


def test_a_site_without_a_calculator_page_ships_no_runtime_and_writes_no_cache(tmp_path, caplog):
    runtime = fake_runtime(tmp_path / "runtime", "3.99")  # nothing to compile, a small runtime to copy
    config, calculators = configured(tmp_path, runtime_dir=str(runtime))
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.mkdocs_calculators.plugin")
    calculators.on_page_content("<p>No calculator here.</p>", page=SimpleNamespace(url="", meta={}), config=config, files=Files([]))
    calculators.on_post_build(config=config)
    assert not (tmp_path / "site" / "assets" / "pyodide").exists() and not (tmp_path / "cache").exists()
    assert "no page has a calculator, so the site ships no Pyodide runtime" in caplog.text
    with_a_calculator_page(calculators, config)  # the same build with one: the bundle is written
    calculators.on_post_build(config=config)
    assert (tmp_path / "site" / "assets" / "pyodide" / "runtime.json").is_file()


def test_a_build_on_another_python_than_the_runtime_says_it_ships_source(tmp_path, caplog):
    runtime = fake_runtime(tmp_path / "runtime", "3.99")
    config, calculators = configured(tmp_path, runtime_dir=str(runtime))
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.mkdocs_calculators.plugin")
    with_a_calculator_page(calculators, config)
    calculators.on_post_build(config=config)
    assert "runs Python 3.99" in caplog.text and "ships Python source" in caplog.text
    manifest = json.loads((tmp_path / "site" / "assets" / "pyodide" / "runtime.json").read_text())
    assert manifest["indexURL"] == "0.29.5/"  # source: the runtime's own folder, no -cp313- suffix
    assert (tmp_path / "site" / "assets" / "pyodide" / "0.29.5" / "pyodide.asm.wasm").read_bytes() == b"fake pyodide.asm.wasm"


def test_a_build_with_bytecode_off_ships_source_and_says_nothing_of_it(tmp_path, caplog):
    runtime = fake_runtime(tmp_path / "runtime", "3.99")
    config, calculators = configured(tmp_path, runtime_dir=str(runtime), bytecode=False)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.mkdocs_calculators.plugin")
    with_a_calculator_page(calculators, config)
    calculators.on_post_build(config=config)
    assert "ships Python source" not in caplog.text
    lockfile = json.loads((tmp_path / "site" / "assets" / "pyodide" / "runtime.json").read_text())["lockFileURL"]
    assert lockfile.startswith("packages/") and "-cp" not in lockfile


# --- a tiny site, built once -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A site with the roi calculator, a site module's calculator, a booking page and a page with none."""
    project = tmp_path_factory.mktemp("tiny")
    write_pages(project / "docs", {
        "index.md": "# Home\n\nNo calculator here.\n",
        "calculators/roi.md": '# ROI\n\n<div data-calculator="roi"></div>\n\nAfter the calculator.\n',
        "calculators/tip.md": '# Tip\n\n<div data-calculator="tip"></div>\n',
        "book/index.md": "# Book\n",
        "assets/stylesheets/calculators.css": "/* the site's own calculators.css */\n",
    })
    (project / "site_modules").mkdir()
    (project / "site_modules" / "tip.py").write_text(SITE_MODULE % "0.1")
    config_file = write_config(project, {
        "runtime_dir": str(RUNTIME), "cache_dir": str(project / "cache"), "bytecode": False,
        "booking_page": "book/index.md", "booking_label": "Book about this", "booking_note": BOOKING_NOTE,
        "links": {"playbook": "playbook/{id}/"}, "modules": {"tip": "site_modules/tip.py"},
    })
    done = mkdocs_build(config_file)
    if done.returncode != 0:
        pytest.fail(f"the tiny site did not build:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return project / "site", done


@pytest.mark.site  # builds or serves a site
def test_the_marker_becomes_the_block_with_a_prerendered_result(tiny_site):
    site, _ = tiny_site
    page = soup(site / "calculators" / "roi" / "index.html")
    section = page.select_one('section.calculator[data-calculator="roi"][data-status="static"]')
    assert section is not None and page.select_one("div[data-calculator]") is None  # the marker is gone
    assert section.select_one("form") is not None
    npv = section.select_one('.calculator-result [data-field="npv"]')
    assert npv is not None and npv["data-value"]
    assert "After the calculator." in page.get_text()  # the rest of the page is kept


@pytest.mark.site  # builds or serves a site
def test_a_calculator_page_loads_the_module_in_its_head_and_ends_with_the_start_script(tiny_site):
    site, _ = tiny_site
    page = soup(site / "calculators" / "roi" / "index.html")
    modules = [script["src"] for script in page.head.select('script[type="module"][src]')]
    assert "../../assets/javascripts/calculators.js" in modules
    starts = page.select('script[src$="calculator-start.js"]')
    assert [script["src"] for script in starts] == ["../../assets/javascripts/calculator-start.js"]
    assert starts[0].find_previous("section", class_="calculator") is not None  # after the block


@pytest.mark.site  # builds or serves a site
def test_the_block_links_relative_to_its_page(tiny_site):
    site, _ = tiny_site
    section = soup(site / "calculators" / "roi" / "index.html").select_one("section.calculator")
    booking = section.select_one("a[data-booking-link]")
    assert booking["href"].startswith("../../book/?calculator=roi&") and booking.get_text() == "Book about this"
    assert json.loads(section["data-site"]) == {"root": "../../", "links": {"playbook": "playbook/{id}/"},
                                                "booking_note": BOOKING_NOTE}
    for link in section.select("a[href]"):  # no absolute link: the site works under any sub-path
        assert not link["href"].startswith(("/", "http:", "https:")), link["href"]


@pytest.mark.site  # builds or serves a site
def test_a_site_module_calculator_is_registered_prerendered_and_shipped(tiny_site):
    site, _ = tiny_site
    section = soup(site / "calculators" / "tip" / "index.html").select_one('section.calculator[data-calculator="tip"]')
    assert section.select_one('input[name="bill"]')["value"] == "100"
    assert section.select_one('.calculator-result [data-field="tip"]')["data-value"] == format_value(10.0)
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["register"] == {"tip": "site_calculators.tip"}
    lockfile = base / manifest["lockFileURL"]
    wheel = lockfile.parent / json.loads(lockfile.read_text())["packages"]["calculators"]["file_name"]
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("site_calculators/tip.py") == (SITE_MODULE % "0.1").encode()
        assert not [name for name in archive.namelist() if name.startswith(("mkdocs_calculators/", "macros/"))]


@pytest.mark.site  # builds or serves a site
def test_a_page_without_a_calculator_gets_the_loader_and_stylesheet_only(tiny_site):
    site, _ = tiny_site
    page = soup(site / "index.html")
    assert [link["href"] for link in page.select('link[rel="stylesheet"][href*="calculators.css"]')] == [
        "assets/stylesheets/calculators.css"]
    assert [s["src"] for s in page.select('script[type="module"][src*="calculators-loader.js"]')] == [
        "assets/javascripts/calculators-loader.js"]
    assert not page.select('script[src*="calculators.js"]') and not page.select('script[src*="calculator-start.js"]')
    assert page.select_one("section.calculator") is None


@pytest.mark.site  # builds or serves a site
def test_the_plugin_assets_are_copied_into_the_site_unless_the_site_has_its_own(tiny_site):
    site, _ = tiny_site
    for path in plugin.ASSETS:
        if path != plugin.STYLESHEET:
            assert (site / path).read_bytes() == (ASSETS_DIR / path).read_bytes(), path
    assert (site / plugin.STYLESHEET).read_text() == "/* the site's own calculators.css */\n"


@pytest.mark.site  # builds or serves a site
def test_the_build_writes_the_bundle_of_the_configured_package(tiny_site):
    site, done = tiny_site
    base = site / "assets" / "pyodide"
    manifest = json.loads((base / "runtime.json").read_text())
    assert manifest["package"] == "calculators" and manifest["entry"] == ENTRY
    assert manifest["indexURL"] == f"{bundle.runtime_version(RUNTIME)}/"  # bytecode off: the runtime as it is
    assert (base / manifest["indexURL"] / "pyodide.asm.wasm").read_bytes() == (RUNTIME / "pyodide.asm.wasm").read_bytes()
    assert (base / manifest["lockFileURL"]).is_file()
    assert "ships Python source" not in done.stderr  # bytecode off is a choice, not a problem to report


@pytest.mark.site  # builds or serves a site
def test_an_unknown_calculator_fails_the_build_with_one_error_line(tmp_path):
    write_pages(tmp_path / "docs", {"index.md": "# Home\n", "guides/cost.md": '# Cost\n\n<div data-calculator="nope"></div>\n'})
    config_file = write_config(tmp_path, {"runtime_dir": str(RUNTIME), "cache_dir": str(tmp_path / "cache")})
    done = mkdocs_build(config_file)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    # MkDocs heads any error raised while a page is processed with a line of its own naming the
    # page; the plugin's error is then the one line that says what is wrong.
    errors = [line.split("-", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["Error reading page 'guides/cost.md':",
                      "calculators: unknown calculator 'nope'; this site's: none (add yours under the plugin's "
                      f"modules option); stock: {', '.join(api.names())}"], done.stderr
    assert "Aborted with a BuildError!" in done.stdout + done.stderr
    assert "Traceback" not in done.stdout
    assert not (tmp_path / "site" / "assets" / "pyodide").exists()  # stopped before the bundle


# --- mkdocs serve --------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.site  # builds or serves a site
def test_mkdocs_serve_rebuilds_the_wheel_when_a_site_module_changes(tmp_path):
    write_pages(tmp_path / "docs", {"index.md": "# Home\n", "tip.md": '# Tip\n\n<div data-calculator="tip"></div>\n'})
    (tmp_path / "tip.py").write_text(SITE_MODULE % "0.1")
    runtime = fake_runtime(tmp_path / "runtime", "3.99")  # nothing to compile, a small runtime to copy
    config_file = write_config(tmp_path, {"runtime_dir": str(runtime), "cache_dir": str(tmp_path / "cache"),
                                          "modules": {"tip": "tip.py"}})
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config_file), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

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
        (tmp_path / "tip.py").write_text(SITE_MODULE % "0.2")
        deadline = time.monotonic() + 120
        while (current := manifest()) == first and time.monotonic() < deadline:
            time.sleep(0.5)
        assert current != first, "the wheel was not rebuilt after the site module changed"
        package = bundle.Package("calculators", ROOT / "calculators", "0.1.0", (("tip", tmp_path / "tip.py"),))
        assert current["lockFileURL"] == f"packages/{bundle.source_digest(package)}/pyodide-lock.json"
    finally:
        server.terminate()
        server.wait(timeout=30)
