"""Tests of the layers (README, "Architecture"): core -> view -> plugin -> site, each knowing only
the ones below it. Read from the sources' import statements (ast), so nothing is imported.

* The core (calculators/, outside calculators/web/) imports neither the view, the plugin,
  mkdocs, jinja2, macros, hooks nor html.
* The view (calculators/web/) does no I/O, and reaches the core only through calculators.api.
* The plugin (mkdocs_calculators/) imports neither macros nor hooks.
* No module or template writes a root-absolute internal link (it would break under a sub-path).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The core is every module under calculators/ (its subpackages too, such as calculators/roi/) but
# the view's.
CORE = sorted(p for p in (ROOT / "calculators").rglob("*.py")
              if "__pycache__" not in p.parts and not p.is_relative_to(ROOT / "calculators" / "web"))
VIEW = sorted((ROOT / "calculators" / "web").glob("*.py"))
PLUGIN = sorted((ROOT / "mkdocs_calculators").glob("*.py"))


def imports(path: Path) -> set[str]:
    """The absolute names of the modules ``path`` imports (relative ones resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1]) if path.is_relative_to(ROOT) else ""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def offending(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imports(path) if any(name == f or name.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(ROOT / "calculators").as_posix())
def test_the_core_imports_no_view_plugin_or_site(path):
    forbidden = ("calculators.web", "mkdocs_calculators", "mkdocs", "jinja2", "macros", "hooks", "html")
    assert offending(path, forbidden) == []


@pytest.mark.parametrize("path", VIEW, ids=lambda p: p.name)
def test_the_view_does_no_io_and_reaches_the_core_through_its_api(path):
    io_modules = ("os", "pathlib", "subprocess", "socket", "shutil", "tempfile", "urllib.request", "http", "sys",
                  "mkdocs", "jinja2", "macros", "hooks", "mkdocs_calculators")
    assert offending(path, io_modules) == []
    core = {name for name in imports(path) if name.startswith("calculators.") and not name.startswith("calculators.web")}
    assert core <= {"calculators", "calculators.api"}, core
    calls = {node.func.id for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert calls.isdisjoint({"open", "print", "input", "exec", "eval"})


@pytest.mark.parametrize("path", PLUGIN, ids=lambda p: p.name)
def test_the_plugin_imports_no_site_code(path):
    assert offending(path, ("macros", "hooks")) == []


def test_the_checks_find_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import mkdocs.plugins\nfrom jinja2 import Template\n", encoding="utf-8")
    assert offending(sample, ("mkdocs", "jinja2")) == ["jinja2", "jinja2.Template", "mkdocs.plugins"]
    assert "calculators.api" in imports(ROOT / "calculators" / "web" / "readiness.py")  # relative, resolved
    # ... from a subpackage of the core too, which the core's checks include.
    model = ROOT / "calculators" / "roi" / "model.py"
    assert model in CORE and {"calculators.welch", "calculators.roi.inputs"} <= imports(model)


ROOT_ABSOLUTE = re.compile(r"""(?:href|src|action)=\\?["']/(?!/)""")
SCANNED = ("calculators", "mkdocs_calculators", "macros", "hooks", "overrides", "docs/assets")


def test_no_module_or_template_writes_a_root_absolute_link():
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".js", ".html") and "__pycache__" not in path.parts:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if ROOT_ABSOLUTE.search(line):
                        found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert found == []
    assert ROOT_ABSOLUTE.search('f\'<a href="/playbook/">\'') and not ROOT_ABSOLUTE.search('<a href="../playbook/">')
