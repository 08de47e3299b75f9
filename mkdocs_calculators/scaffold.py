"""A new calculator in one command: its module, its page and its registration, from a name and a few specs.

``mkdocs-calculators new stalled_pilot --title "Cost of a stalled pilot" \\
--input monthly_team_cost:money --input months_stalled:count --output total:money:headline``,
run in the folder of a site's ``mkdocs.yml``, writes:

* ``stalled_pilot.py`` beside ``mkdocs.yml`` (or in the folder ``--folder`` names):
  ``schema()`` with the inputs and the declared outputs, and ``run(payload)``, which validates
  the inputs and returns every output (0 until you write the formula: the generated docstring
  says where); its imports are absolute, from the installed ``calculators`` package;
* ``docs/calculators/stalled-pilot.md``: the page, with the calculator's marker;

registers the module under the calculators plugin's ``modules`` option in ``mkdocs.yml`` and adds
the page to its ``nav`` (after the last calculator page, or at the end) when the site lists one.

In the repository of the calculators package itself (it has ``calculators/registry.py``), the
module goes into the package instead, with ``tests/test_stalled_pilot.py`` (the defaults compute,
every declared output is in the result, a bad input is refused with its field named), and the
name is added to the registry.

No view code, JavaScript or CSS: the generic view shows the declared outputs, and the plugin
puts the calculator on the page. The texts are plain functions (:func:`module_text`,
:func:`test_text`, :func:`page_text`), so the tests check them without writing a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from calculators.outputs import KINDS

NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
#: Input kinds: how a number is asked for. ``money`` and ``share`` set the unit; ``count`` is whole.
INPUT_KINDS = ("money", "number", "count", "percent", "share", "months")


class ScaffoldError(Exception):
    """A name or spec the scaffold cannot use; the message says why."""


@dataclass(frozen=True)
class Spec:
    """One input or output: ``id``, its label, its kind, and for an output whether it is a headline."""

    id: str
    label: str
    kind: str
    headline: bool = False


def humanise(identifier: str) -> str:
    """``monthly_team_cost`` -> ``Monthly team cost``.

    >>> humanise("monthly_team_cost")
    'Monthly team cost'
    """
    return identifier.replace("_", " ").capitalize()


def parse_spec(text: str, kinds: tuple[str, ...], what: str) -> Spec:
    """``id:kind[:headline]`` as a :class:`Spec`.

    >>> parse_spec("total:money:headline", KINDS, "output")
    Spec(id='total', label='Total', kind='money', headline=True)
    >>> parse_spec("x:furlongs", KINDS, "output")
    Traceback (most recent call last):
    ...
    mkdocs_calculators.scaffold.ScaffoldError: output x:furlongs: the kind must be one of money, percent, months, score, count, plain
    """
    parts = text.split(":")
    if not NAME.match(parts[0]) or len(parts) > 3 or (len(parts) == 3 and parts[2] != "headline"):
        raise ScaffoldError(f"{what} {text}: write it as name:kind or name:kind:headline, the name in snake_case")
    kind = parts[1] if len(parts) > 1 else kinds[0]
    if kind not in kinds:
        raise ScaffoldError(f"{what} {text}: the kind must be one of {', '.join(kinds)}")
    return Spec(parts[0], humanise(parts[0]), kind, len(parts) == 3)


def field_json(spec: Spec) -> dict:
    """The schema field of an input spec: a number with a range, a unit and a default."""
    unit, maximum, kind = {
        "money": ("money", 1e12, "number"),
        "number": ("", 1e12, "number"),
        "count": ("", 1e9, "integer"),
        "percent": ("share", 1, "number"),  # typed in percent on the form, a fraction in the API
        "share": ("share", 1, "number"),
        "months": ("months", 1200, "number"),
    }[spec.kind]
    return {"id": spec.id, "label": spec.label, "kind": kind, "unit": unit, "min": 0, "max": maximum,
            "default": 0, "help": ""}


def module_text(name: str, title: str, inputs: list[Spec], outputs: list[Spec]) -> str:
    """The calculator's module."""
    fields = ",\n".join(f"    {field_json(spec)!r}" for spec in inputs)
    declared = ",\n".join(
        f"    Output({o.id!r}, {o.label!r}, {o.kind!r}{', headline=True' if o.headline else ''})" for o in outputs
    )
    results = "\n".join(f"        {o.id!r}: 0.0," for o in outputs)
    return f'''"""{title} (``mkdocs-calculators new {name}`` wrote it).

``schema()`` declares the inputs (:data:`INPUTS`) and what the result means (:data:`OUTPUTS`);
``run(payload)`` validates the inputs and returns one number per output. Write the formula in
:func:`run`, with its equation, conventions and a worked example in the docstring.
"""

from __future__ import annotations

from calculators.outputs import Output, outputs_json
from calculators.validation import read_fields

TITLE = {title!r}
SUMMARY = "What {title.lower()} comes to, from a few figures you know."

#: The inputs, as the form asks for them (the JSON schema of a field: see README, "Add a calculator").
INPUTS = (
{fields},
)

#: What the result means to a reader: the generic view shows these, headlines first.
OUTPUTS = (
{declared},
)


def schema() -> dict:
    """The inputs, the outputs and the example the page opens with."""
    return {{
        "calculator": {name!r},
        "title": TITLE,
        "summary": SUMMARY,
        "fields": [dict(field) for field in INPUTS],
        "outputs": outputs_json(OUTPUTS),
        "defaults": {{field["id"]: field["default"] for field in INPUTS}},
    }}


def run(payload: dict) -> dict:
    """The result for ``payload`` (raises ``Invalid`` naming each bad field).

    The formula goes here: each output from the inputs in ``values``.
    """
    values = read_fields(payload, INPUTS)
    del values  # used by the formula once it is written
    return {{
{results}
    }}
'''


def test_text(name: str, outputs: list[Spec]) -> str:
    """The calculator's test module."""
    return f'''"""Tests for calculators.{name}: its defaults compute, its outputs are declared, bad input is refused."""

from __future__ import annotations

from calculators import api


def test_the_defaults_compute_every_declared_output():
    schema = api.schema({name!r})
    response = api.run({name!r}, schema["defaults"])
    assert response["ok"], response
    assert [output["id"] for output in schema["outputs"]] == {[o.id for o in sorted(outputs, key=lambda o: not o.headline)]!r}
    for output in schema["outputs"]:
        assert isinstance(response["result"][output["id"]], float)


def test_a_bad_input_is_refused_with_its_field_named():
    field = api.schema({name!r})["fields"][0]["id"]
    response = api.run({name!r}, {{field: -1}})
    assert not response["ok"]
    assert [error["field"] for error in response["errors"]] == [field]
'''


def page_text(name: str, title: str) -> str:
    """The calculator's page."""
    return f"""---
title: {title}
description: >-
  {title}: what it comes to, worked out in your browser from a few figures you know.
---

# {title}

Replace the example figures with yours: the result updates as you type, and the numbers never
leave your browser.

<div data-calculator="{name}"></div>

## Method {{ #method }}

Describe the formula here: what each input means, how the outputs follow from them, and the
conventions a reader should know.
"""


def page_name(name: str) -> str:
    """The page's file name: kebab-case.

    >>> page_name("stalled_pilot")
    'stalled-pilot.md'
    """
    return name.replace("_", "-") + ".md"


def add_to_registry(registry: Path, name: str) -> None:
    """Add ``name`` to the ``MODULES`` tuple of ``calculators/registry.py``."""
    text = registry.read_text(encoding="utf-8")
    match = re.search(r"MODULES = \((?P<body>[^)]*)\)", text)
    if match is None:
        raise ScaffoldError(f"{registry} has no MODULES = (...) tuple to add {name} to")
    if re.search(rf'"{name}"', match.group("body")):
        raise ScaffoldError(f"{name} is already in {registry}")
    body = match.group("body").rstrip() + f'\n    "{name}",\n'
    registry.write_text(text[: match.start("body")] + body + text[match.end("body"):], encoding="utf-8")


def add_to_nav(config: Path, page: str) -> bool:
    """Add ``page`` to mkdocs.yml's nav after the last calculator page; False if there is none."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    folder = page.rpartition("/")[0]
    last = [i for i, line in enumerate(lines) if re.match(rf"^\s*- (.+: )?{re.escape(folder)}/[^/]+\.md\s*$", line)]
    if not last:
        return False
    at = last[-1]
    indent = re.match(r"^(\s*)", lines[at]).group(1)
    lines.insert(at + 1, f"{indent}- {page}\n")
    config.write_text("".join(lines), encoding="utf-8")
    return True


def add_to_nav_end(config: Path, page: str) -> bool:
    """Add ``page`` at the end of mkdocs.yml's top-level ``nav``; False if the site has no nav."""
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    if "nav:\n" not in lines:
        return False
    at = lines.index("nav:\n") + 1
    while at < len(lines) and (lines[at].startswith((" ", "-")) or not lines[at].strip()):
        at += 1
    while lines[at - 1].strip() == "":
        at -= 1
    lines.insert(at, f"  - {page}\n")
    config.write_text("".join(lines), encoding="utf-8")
    return True


def register_module(config: Path, name: str, path: str) -> None:
    """Add ``name: path`` to the calculators plugin's ``modules`` option in mkdocs.yml (block style).

    The plugin must be listed under ``plugins:`` as ``- calculators`` or ``- calculators:``.
    """
    text = config.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    entry = next((i for i, line in enumerate(lines) if re.match(r"^\s*- calculators:?\s*(#.*)?$", line)), None)
    if entry is None:
        raise ScaffoldError(f"{config}: the calculators plugin is not under plugins: (add `  - calculators`)")
    indent = len(lines[entry]) - len(lines[entry].lstrip()) + 4  # the plugin's options
    if not lines[entry].rstrip().split("#")[0].rstrip().endswith(":"):
        lines[entry] = lines[entry].rstrip("\n").rstrip() + ":\n"
    end = entry + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= indent):
        end += 1
    block = lines[entry + 1:end]
    modules = next((entry + 1 + i for i, line in enumerate(block) if re.match(rf"^ {{{indent}}}modules:\s*$", line)), None)
    if any(re.match(rf"^ {{{indent}}}modules:\s*\S", line) for line in block):
        raise ScaffoldError(f"{config}: write the calculators plugin's modules option one per line to add {name}")
    if modules is None:
        lines.insert(end, f"{' ' * indent}modules:\n{' ' * (indent + 2)}{name}: {path}\n")
    else:
        if any(re.match(rf"^\s+{re.escape(name)}:", line) for line in lines[modules + 1:end]):
            raise ScaffoldError(f"{config}: the calculators plugin lists a module {name} already")
        lines.insert(modules + 1, f"{' ' * (indent + 2)}{name}: {path}\n")
    config.write_text("".join(lines), encoding="utf-8")


def new_site_calculator(project: Path, name: str, title: str, inputs: list[Spec], outputs: list[Spec],
                        folder: str = "", docs_folder: str = "docs", pages_folder: str = "calculators") -> list[Path]:
    """Write calculator ``name`` into a site: its module (beside mkdocs.yml, or in ``folder``) and its
    page, registered in the plugin's ``modules`` and the nav; return the files written or changed."""
    config = project / "mkdocs.yml"
    if not config.is_file():
        raise ScaffoldError(f"{config} does not exist: run the scaffold in the folder of the site's mkdocs.yml")
    module = project / folder / f"{name}.py"
    page = project / docs_folder / pages_folder / page_name(name)
    for path in (module, page):
        if path.exists():
            raise ScaffoldError(f"{path} exists already: choose another name")
    register_module(config, name, module.relative_to(project).as_posix())
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(module_text(name, title, inputs, outputs), encoding="utf-8")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_text(name, title), encoding="utf-8")
    nav_page = f"{pages_folder}/{page.name}"
    add_to_nav(config, nav_page) or add_to_nav_end(config, nav_page)
    return [module, page, config]


def new_calculator(project: Path, name: str, title: str, inputs: list[Spec], outputs: list[Spec],
                   docs_folder: str = "docs", pages_folder: str = "calculators", folder: str = "") -> list[Path]:
    """Write calculator ``name`` in ``project``: into a site (:func:`new_site_calculator`), or, in
    the calculators package's own repository, into the package with its test; return the files."""
    if not NAME.match(name):
        raise ScaffoldError(f"{name!r}: a calculator's name is snake_case: a letter, then letters, digits or _")
    if not inputs or not outputs:
        raise ScaffoldError("a calculator needs at least one --input and one --output")
    if not any(o.headline for o in outputs):
        outputs = [Spec(o.id, o.label, o.kind, i == len(outputs) - 1) for i, o in enumerate(outputs)]
    if not (project / "calculators" / "registry.py").is_file():
        return new_site_calculator(project, name, title, inputs, outputs, folder, docs_folder, pages_folder)
    module = project / "calculators" / f"{name}.py"
    test = project / "tests" / f"test_{name}.py"
    page = project / docs_folder / pages_folder / page_name(name)
    for path in (module, test, page):
        if path.exists():
            raise ScaffoldError(f"{path} exists already: choose another name")
    add_to_registry(project / "calculators" / "registry.py", name)
    module.write_text(module_text(name, title, inputs, outputs), encoding="utf-8")
    test.write_text(test_text(name, outputs), encoding="utf-8")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(page_text(name, title), encoding="utf-8")
    written = [module, test, page]
    config = project / "mkdocs.yml"
    if config.is_file() and add_to_nav(config, f"{pages_folder}/{page.name}"):
        written.append(config)
    return written
