"""The scaling playbook as data: check data/playbook.yml and render its lists as Markdown.

Each step's checklist and exit criteria appear twice on the site: on the step's own page and on
the printable checklist (/playbook/checklist/). Both are rendered from data/playbook.yml by the
functions below, so an item is written once. The functions take plain values and return
Markdown strings; macros/main.py only wires them to pages.

Lists are Markdown task lists (``- [ ] item``), which pymdownx.tasklist renders as check boxes.

>>> steps = parse_playbook({"steps": [{
...     "id": "harden-the-data", "title": "Harden the data", "artefact": "data-hardening log",
...     "path": "playbook/harden-the-data.md", "summary": "Prove it on real data.",
...     "checklist": ["Profile every field."], "exit_criteria": ["No record is lost."]}]})
>>> print(checklist_markdown(steps[0]))
- [ ] Profile every field.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from mkdocs.exceptions import PluginError

SOURCE = "data/playbook.yml"
FIELDS = ("id", "title", "artefact", "path", "summary", "checklist", "exit_criteria")
TEXT_FIELDS = ("title", "artefact", "summary")
LIST_FIELDS = ("checklist", "exit_criteria")
KEBAB_CASE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PlaybookError(PluginError):
    """The playbook data is malformed. The message names the step and the field.

    A PluginError, so that MkDocs prints the message and stops the build without a traceback.
    """


@dataclass(frozen=True)
class Step:
    """One step of the playbook, as checked by parse_playbook."""

    id: str
    title: str
    artefact: str
    path: str
    summary: str
    checklist: tuple[str, ...]
    exit_criteria: tuple[str, ...]


def _one_line(text: str) -> str:
    """Collapse the white space of a YAML string (folded or not) into single spaces."""
    return " ".join(text.split())


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _step_errors(raw: object, position: int) -> tuple[str, list[str]]:
    """Return (label, problems) for one raw step; the label names the step for messages."""
    where = f"steps[{position}]"
    if not isinstance(raw, dict):
        return where, [f"must be a mapping of {', '.join(FIELDS)}, not {type(raw).__name__}"]

    step_id = raw.get("id")
    label = f"'{step_id}' ({where})" if _is_text(step_id) else where
    problems = []
    for field in FIELDS:
        if field not in raw:
            problems.append(f"field '{field}' is missing")
    for field in raw:
        if field not in FIELDS:
            problems.append(f"field '{field}' is not a playbook field (expected: {', '.join(FIELDS)})")

    if "id" in raw and not (isinstance(step_id, str) and KEBAB_CASE.match(step_id)):
        problems.append(f"field 'id' must be kebab-case text such as 'harden-the-data', not {step_id!r}")
    for field in TEXT_FIELDS:
        if field in raw and not _is_text(raw[field]):
            problems.append(f"field '{field}' must be non-empty text")
    if "path" in raw:
        path = raw["path"]
        if not _is_text(path) or path.startswith("/") or ".." in path.split("/") or not path.endswith(".md"):
            problems.append(f"field 'path' must be a Markdown file relative to docs/, not {path!r}")
        elif isinstance(step_id, str) and posixpath.basename(path) != f"{step_id}.md":
            problems.append(f"field 'path' must end in '{step_id}.md' to match the id, not {path!r}")
    for field in LIST_FIELDS:
        if field not in raw:
            continue
        items = raw[field]
        if not isinstance(items, list) or not items:
            problems.append(f"field '{field}' must be a non-empty list of text items")
            continue
        for index, item in enumerate(items):
            if not _is_text(item):
                problems.append(f"field '{field}[{index}]' must be non-empty text, not {item!r}")
    return label, problems


def parse_playbook(data: object, source: str = SOURCE) -> tuple[Step, ...]:
    """Check the playbook data (the parsed YAML) and return its steps in order.

    Raises PlaybookError listing every problem found, each naming the step and the field.
    """
    if not isinstance(data, dict) or "steps" not in data:
        raise PlaybookError(f"{source}: expected a top-level 'steps' list")
    raw_steps = data["steps"]
    if not isinstance(raw_steps, list) or not raw_steps:
        raise PlaybookError(f"{source}: 'steps' must be a non-empty list of steps")

    messages = []
    seen_ids = set()
    for position, raw in enumerate(raw_steps):
        label, problems = _step_errors(raw, position)
        messages += [f"{source}: step {label}: {problem}" for problem in problems]
        step_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(step_id, str):
            if step_id in seen_ids:
                messages.append(f"{source}: step {label}: field 'id' repeats an earlier step's id")
            seen_ids.add(step_id)
    if messages:
        raise PlaybookError("\n".join(messages))

    return tuple(
        Step(
            id=raw["id"],
            title=_one_line(raw["title"]),
            artefact=_one_line(raw["artefact"]),
            path=raw["path"],
            summary=_one_line(raw["summary"]),
            checklist=tuple(_one_line(item) for item in raw["checklist"]),
            exit_criteria=tuple(_one_line(item) for item in raw["exit_criteria"]),
        )
        for raw in raw_steps
    )


def find_step(steps: tuple[Step, ...], step_id: str) -> Step:
    """Return the step with this id; an unknown id names the known ones.

    >>> try:
    ...     find_step((), "harden-teh-data")
    ... except PlaybookError as error:
    ...     print(error)
    no playbook step 'harden-teh-data' in data/playbook.yml (known: none)
    """
    for step in steps:
        if step.id == step_id:
            return step
    known = ", ".join(step.id for step in steps) or "none"
    raise PlaybookError(f"no playbook step '{step_id}' in {SOURCE} (known: {known})")


def relative_link(from_path: str, to_path: str) -> str:
    """The link from one docs-relative Markdown page to another, as MkDocs resolves it.

    >>> relative_link("playbook/checklist.md", "playbook/harden-the-data.md")
    'harden-the-data.md'
    >>> relative_link("index.md", "playbook/harden-the-data.md")
    'playbook/harden-the-data.md'
    """
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def task_list_markdown(items: tuple[str, ...]) -> str:
    """Items as an unticked Markdown task list, one per line."""
    return "\n".join(f"- [ ] {item}" for item in items)


def checklist_markdown(step: Step) -> str:
    """A step's checklist as a task list."""
    return task_list_markdown(step.checklist)


def exit_criteria_markdown(step: Step) -> str:
    """A step's exit criteria as a task list: each box must be ticked before the next step."""
    return task_list_markdown(step.exit_criteria)


def step_number(steps: tuple[Step, ...], step: Step) -> int:
    """The step's 1-based position in the playbook."""
    return steps.index(step) + 1


def step_header_markdown(steps: tuple[Step, ...], step: Step) -> str:
    """The top of a step page: its title as the page heading, its place in the playbook and its summary."""
    return f"# {step.title}\n\n**Step {step_number(steps, step)} of {len(steps)}.** {step.summary}"


def next_step_markdown(steps: tuple[Step, ...], step: Step) -> str:
    """One sentence that links a step page to the step after it, or to the printable checklist."""
    number = step_number(steps, step)
    if number == len(steps):
        return (
            f"This is the last step. Print the [one-page checklist]"
            f"({relative_link(step.path, posixpath.join(posixpath.dirname(step.path), 'checklist.md'))}) "
            f"to track all {len(steps)} steps for a use case."
        )
    following = steps[number]
    return f"Next: step {number + 1}, [{following.title}]({relative_link(step.path, following.path)})."


def step_link_markdown(
    steps: tuple[Step, ...], step: Step, from_path: str, numbered: bool = False, lower: bool = False
) -> str:
    """A Markdown link to a step's page with its title as the words, from the page at
    ``from_path``: ``numbered`` puts its number first, ``lower`` lower-cases the title's first
    letter (for a title inside a sentence).

    >>> s = Step("b", "Harden the data", "log", "playbook/b.md", "S", ("c",), ("e",))
    >>> step_link_markdown((s,), s, "playbook/index.md", numbered=True)
    '[1. Harden the data](b.md)'
    >>> step_link_markdown((s,), s, "blog/posts/p.md", lower=True)
    '[harden the data](../../playbook/b.md)'
    """
    title = step.title[:1].lower() + step.title[1:] if lower else step.title
    words = f"{step_number(steps, step)}. {title}" if numbered else title
    return f"[{words}]({relative_link(from_path, step.path)})"


def step_index_markdown(steps: tuple[Step, ...], from_path: str) -> str:
    """A numbered list of the steps, each linked, with its summary (for the overview page)."""
    return "\n".join(
        f"{number}. **[{step.title}]({relative_link(from_path, step.path)})** — {step.summary}"
        for number, step in enumerate(steps, start=1)
    )


def printable_checklist_markdown(steps: tuple[Step, ...], from_path: str, heading_level: int = 2) -> str:
    """Every step's checklist and exit criteria on one page, each step under its own heading.

    Each heading gets the step's id as its anchor, so /playbook/checklist/#harden-the-data works.
    """
    hashes = "#" * heading_level
    sections = []
    for number, step in enumerate(steps, start=1):
        gate = f"before step {number + 1}" if number < len(steps) else "before widening further"
        sections.append(
            f"{hashes} {number}. [{step.title}]({relative_link(from_path, step.path)}) {{: #{step.id} }}\n\n"
            f"**Checklist**\n\n{checklist_markdown(step)}\n\n"
            f"**Exit criteria** — all must hold {gate}\n\n{exit_criteria_markdown(step)}"
        )
    return "\n\n".join(sections)
