"""Facts about the calculators, for the pages that explain them, read from the calculators themselves.

The method pages state the default discount rate, the stage thresholds, the
gate, the dimensions and the scenario shifts. Those numbers live in the
calculator core (the schema, the questionnaire, the ROI module), so the pages
render them from there and never type them twice: change a threshold in
``calculators/questionnaire.py`` and the explanation follows.

Every function takes plain values and returns Markdown (or a short string).

>>> share_text(0.1), share_text(0.125), share_text(1)
('10%', '12.5%', '100%')
"""

from __future__ import annotations

import posixpath
from typing import Any, Iterable


def share_text(value: float) -> str:
    """A share (0.1) as a percentage for prose (``10%``)."""
    return f"{100 * value:.4g}%"


def number_text(value: float) -> str:
    """A number for prose, without a needless ``.0``.

    >>> number_text(65.0), number_text(62.5)
    ('65', '62.5')
    """
    return f"{value:g}"


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(count: int) -> str:
    """A small count as a word for prose (``three blockers``); 11 and up as digits.

    >>> count_word(3), count_word(10), count_word(12)
    ('three', 'ten', '12')
    """
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def critical_count(dimensions: Iterable[Any]) -> str:
    """How many dimensions are critical, as a word.

    >>> from types import SimpleNamespace as D
    >>> critical_count([D(critical=True), D(critical=False), D(critical=True)])
    'two'
    """
    return count_word(sum(1 for d in dimensions if d.critical))


def cell(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def playbook_page(step: str, section: str = "") -> str:
    """The docs-relative Markdown file of a playbook step (by its id in data/playbook.yml).

    >>> playbook_page("harden-the-data"), playbook_page("build-governance-in", "ownership")
    ('playbook/harden-the-data.md', 'playbook/build-governance-in.md#ownership')
    """
    return f"playbook/{step}.md" + (f"#{section}" if section else "")


def link_from(page_src: str, target: str) -> str:
    """A Markdown link target from page ``page_src`` to docs file ``target`` (checked by MkDocs).

    >>> link_from("calculators/readiness.md", "playbook/harden-the-data.md#data")
    '../playbook/harden-the-data.md#data'
    """
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(page_src) or ".")
    return rel + (f"#{anchor}" if anchor else "")


# --- Readiness ------------------------------------------------------------------------------------


def stages_markdown(stages: list[dict]) -> str:
    """The stages as a table: score band and what the stage means.

    >>> print(stages_markdown([{"id": "a", "label": "Low", "min_score": 0, "summary": "S."},
    ...                        {"id": "b", "label": "High", "min_score": 60, "summary": "T."}]))
    | Stage | Overall score | What it means |
    |---|---|---|
    | **Low** | below 60 | S. |
    | **High** | 60 or more | T. |
    """
    rows = ["| Stage | Overall score | What it means |", "|---|---|---|"]
    for index, stage in enumerate(stages):
        low = stage["min_score"]
        if index + 1 < len(stages):
            high = stages[index + 1]["min_score"]
            band = f"below {number_text(high)}" if index == 0 else f"{number_text(low)} to below {number_text(high)}"
        else:
            band = f"{number_text(low)} or more"
        rows.append(f"| **{cell(stage['label'])}** | {band} | {cell(stage['summary'])} |")
    return "\n".join(rows)


def dimensions_markdown(dimensions: Iterable[Any], page_src: str) -> str:
    """The dimensions as a table with their weight, question count, critical flag and playbook page.

    ``dimensions`` are :class:`calculators.questionnaire.Dimension` objects
    (they know their playbook page; the API schema does not).
    """
    rows = ["| Dimension | Questions | Weight | Critical | Read more |", "|---|---|---|---|---|"]
    for d in dimensions:
        rows.append(
            f"| {cell(d.label)} | {len(d.questions)} | {d.weight} | {'yes' if d.critical else 'no'} | "
            f"[Playbook]({link_from(page_src, playbook_page(d.playbook_step, d.playbook_section))}) |"
        )
    return "\n".join(rows)


def scale_markdown(scale: list[dict]) -> str:
    """The answer scale as a definition-style list.

    >>> print(scale_markdown([{"value": 0, "label": "None: nothing yet."}]))
    - **0 · None**: nothing yet.
    """
    lines = []
    for level in scale:
        name, _, meaning = level["label"].partition(":")
        lines.append(f"- **{level['value']} · {name.strip()}**: {meaning.strip() or name.strip()}")
    return "\n".join(lines)


def critical_labels(dimensions: Iterable[Any]) -> str:
    """The critical dimensions' labels as prose.

    >>> from types import SimpleNamespace as D
    >>> critical_labels([D(label="A", critical=True), D(label="B", critical=False), D(label="C", critical=True)])
    'A and C'
    """
    labels = [d.label for d in dimensions if d.critical]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def stage_label(stages: list[dict], stage: int | str) -> str:
    """A stage's label, by its position (``-1`` is the top stage) or by its id.

    >>> stages = [{"id": "low", "label": "Low"}, {"id": "high", "label": "High"}]
    >>> stage_label(stages, 0), stage_label(stages, -1), stage_label(stages, "high")
    ('Low', 'High', 'High')
    """
    if isinstance(stage, str):
        for entry in stages:
            if entry["id"] == stage:
                return entry["label"]
        raise KeyError(f"no readiness stage {stage!r}; known: {', '.join(e['id'] for e in stages)}")
    return stages[stage]["label"]


def max_answer_text(scale: list[dict]) -> str:
    """The highest answer of the scale, for the formula.

    >>> max_answer_text([{"value": 0}, {"value": 4}, {"value": 2}])
    '4'
    """
    return number_text(max(level["value"] for level in scale))


def dimension_label(dimensions: Iterable[Any], dimension_id: str) -> str:
    """A dimension's label by its id.

    >>> from types import SimpleNamespace as D
    >>> dimension_label([D(id="data", label="Data hardened")], "data")
    'Data hardened'
    """
    dimensions = list(dimensions)
    for d in dimensions:
        if d.id == dimension_id:
            return d.label
    raise KeyError(f"no readiness dimension {dimension_id!r}; known: {', '.join(d.id for d in dimensions)}")


# --- ROI ------------------------------------------------------------------------------------------


def find_field(schema: dict, field_id: str) -> dict:
    """A field of the ROI-style schema: ``discount_rate``, or ``metrics.risk_adjustment`` inside a list.

    >>> find_field({"fields": [{"id": "a"}], "lists": [{"id": "m", "fields": [{"id": "b"}]}]}, "m.b")
    {'id': 'b'}
    """
    group, _, inner = field_id.partition(".")
    if inner:
        for spec in schema.get("lists") or []:
            if spec["id"] == group:
                return next(f for f in spec["fields"] if f["id"] == inner)
    else:
        for spec in schema.get("fields") or []:
            if spec["id"] == field_id:
                return spec
    raise KeyError(f"no field {field_id!r} in the calculator's schema")


def default_text(schema: dict, field_id: str) -> str:
    """A field's default as prose: shares as percentages, other numbers plain.

    >>> schema = {"fields": [{"id": "discount_rate", "unit": "share per year", "default": 0.1},
    ...                      {"id": "horizon_years", "unit": "years", "default": 3}]}
    >>> default_text(schema, "discount_rate"), default_text(schema, "horizon_years")
    ('10%', '3')
    """
    spec = find_field(schema, field_id)
    value = spec["default"]
    if value is None:
        raise ValueError(f"field {field_id!r} has no default to state")
    if str(spec.get("unit") or "").startswith("share"):
        return share_text(value)
    return number_text(value)


def range_text(schema: dict, field_id: str) -> str:
    """A field's allowed range as prose.

    >>> range_text({"fields": [{"id": "h", "unit": "years", "min": 1, "max": 10}]}, "h")
    '1 to 10 years'
    """
    spec = find_field(schema, field_id)
    unit = str(spec.get("unit") or "")
    if unit.startswith("share"):
        return f"{share_text(spec['min'])} to {share_text(spec['max'])}"
    return f"{number_text(spec['min'])} to {number_text(spec['max'])}" + (f" {unit}" if unit else "")


def metric_types_markdown(schema: dict) -> str:
    """The metric types as a table: which count as benefit and what they measure."""
    spec = find_field(schema, "metrics.type")
    rows = ["| Type | Counts towards the benefit | Examples |", "|---|---|---|"]
    for option in spec["options"]:
        counts = "no: activity is not impact" if option["value"] == "activity" else "yes"
        rows.append(f"| {cell(option['label'])} | {counts} | {cell(option.get('help', ''))} |")
    return "\n".join(rows)


def scenarios_markdown(scenarios: Iterable[dict]) -> str:
    """The scenarios and what each one moves.

    >>> print(scenarios_markdown([{"label": "Expected", "description": "As entered."}]))
    - **Expected**: As entered.
    """
    return "\n".join(f"- **{cell(s['label'])}**: {s['description']}" for s in scenarios)
