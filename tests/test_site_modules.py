"""Tests for mkdocs_calculators.site_modules: a site's calculator module imported from its file and
checked on its defaults, each problem one line naming the option, the file and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from mkdocs_calculators.site_modules import load_module

GOOD = '''
def schema():
    return {"fields": [], "defaults": {"bill": 100},
            "outputs": [{"id": "tip", "label": "Tip", "kind": "money", "headline": True},
                        {"id": "band.label", "label": "Band", "kind": "plain"}]}


def run(payload):
    return {"tip": payload["bill"] * 0.1, "band": {"label": "small"}}
'''


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tip.py"
    path.write_text(text, encoding="utf-8")
    return path


def failure(tmp_path: Path, text: str) -> str:
    path = written(tmp_path, text)
    with pytest.raises(PluginError) as raised:
        load_module("tip", path)
    message = str(raised.value)
    assert message.startswith(f"calculators: modules.tip: {path}") and "\n" not in message
    return message


def test_a_good_module_loads_as_a_site_calculator(tmp_path):
    module = load_module("tip", written(tmp_path, GOOD))
    assert module.__name__ == "site_calculators.tip" and module.run({"bill": 50})["tip"] == 5


def test_a_declared_output_that_run_never_returns_fails_naming_it(tmp_path):
    message = failure(tmp_path, GOOD.replace('"band": {"label": "small"}', '"band": {}'))
    assert message.endswith("run() on the defaults returns no 'band.label', which schema()['outputs'] declares; "
                            "return it from run(), or take it out of the outputs")


def test_an_unknown_output_kind_fails_naming_the_kinds(tmp_path):
    message = failure(tmp_path, GOOD.replace('"kind": "plain"', '"kind": "furlongs"'))
    assert message.endswith("output 'band.label' has kind 'furlongs'; "
                            "use one of money, percent, months, score, count, plain in schema()['outputs']")


def test_schema_that_raises_fails_in_one_line(tmp_path):
    message = failure(tmp_path, GOOD.replace('    return {"fields"', '    raise KeyError("oops")\n    return {"fields"', 1))
    assert message.endswith("schema() raised KeyError: 'oops'")


def test_run_that_raises_on_the_defaults_fails_in_one_line(tmp_path):
    message = failure(tmp_path, GOOD.replace('    return {"tip"', '    raise ValueError("boom from run()")\n    return {"tip"'))
    assert message.endswith("run() raised ValueError on the defaults: boom from run()")


def test_a_schema_without_defaults_fails(tmp_path):
    message = failure(tmp_path, GOOD.replace('"defaults": {"bill": 100}', '"example": {}'))
    assert message.endswith("schema() must return a dict with the calculator's defaults under 'defaults'")


def test_a_file_that_does_not_import_fails_in_one_line(tmp_path):
    message = failure(tmp_path, "def schema(:\n")
    assert "does not import: SyntaxError" in message


def test_the_readmes_own_site_module_loads_and_computes(tmp_path):
    """The module of the README's "Use the calculators on your own MkDocs site", as written there."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    after = readme[readme.index("`tip.py`, beside `mkdocs.yml`"):]
    code = after[after.index("```python\n") + len("```python\n"):after.index("\n```", after.index("```python\n"))]
    module = load_module("tip", written(tmp_path, code))
    assert module.run(module.schema()["defaults"]) == {"tip": 10.0, "total": 90.0}
