"""The readiness result as people see it: HTML, CSV rows, the booking summary and its keys, and
the facts the method pages quote (:data:`FACTS`).

Everything it needs to know about the questionnaire (stages, dimensions, the critical gate)
comes through :func:`calculators.api.schema`; the links to the playbook come from the
:class:`~calculators.web.site.Site` the page passes.
"""

from __future__ import annotations

import re
from typing import Callable

from .. import api
from . import charts
from .booking import BookingKey
from .facts import Fact, and_list, cell, count_word, link, number_text
from .markup import booking_note, field, h, notice, summary_item, table, tile
from .site import Site


def _playbook_link(site: Site, blocker: dict) -> str:
    """"Read the playbook: …" for a blocker, when the site links its playbook steps."""
    href = site.link("playbook", blocker["playbook_step"], blocker["playbook_section"])
    if href is None:
        return ""
    return f'<p><a class="calc-blocker-link" href="{h(href)}">Read the playbook: {h(blocker["label"])}</a></p>'


def html(result: dict, currency: str, site: Site) -> str:
    """The readiness result: score and stage, gates, the radar and table by dimension, blockers.

    The score counts the visitor's answers only: while some are missing it says "partial: N of 21
    answered" beside it; with none yet, there is no score, and the worked example's result is
    shown below, marked as the example's (:func:`_example`)."""
    if _answered(result) == 0:
        return _no_answers(result) + _example(site)
    return _result_html(result, site)


def _answered(result: dict) -> int:
    """How many questions the result counts answers to."""
    return sum(d["answered"] for d in result["dimensions"])


def _partial_note(result: dict) -> str:
    """"partial: N of 21 answered" (HTML), or "" when every question is answered."""
    answered, total = _answered(result), sum(d["questions"] for d in result["dimensions"])
    if answered >= total:
        return ""
    return f'<strong class="calc-partial">partial: {field("answered", answered, str(answered))} of {total} answered</strong>'


def _result_html(result: dict, site: Site, example: bool = False) -> str:
    """The result's parts; ``example``: the worked example's, shown to a visitor with no answers
    yet, its headings naming it and no booking line (the caller strips its result fields)."""
    schema = api.schema("readiness")
    stages = schema["stages"]
    critical = {d["id"] for d in schema["dimensions"] if d["critical"]}
    critical_minimum = schema["gates"]["critical_minimum"]
    total_questions = sum(len(d["questions"]) for d in schema["dimensions"])
    whose = "The example's" if example else "Your"
    parts: list[str] = []

    score = result["score"]
    score_shown = _score_text(score)
    note = _partial_note(result) or "out of 100"
    summary = [tile("Readiness score", "score", score, h(score_shown), note, "score")]
    stage = result.get("stage")
    if result["complete"] and stage is not None:
        position = next((i for i, s in enumerate(stages) if s["id"] == stage["id"]), 0) + 1
        steps = "".join(
            f'<li class="calc-stage-step{" is-current" if s["id"] == stage["id"] else ""}">{h(s["label"])}</li>'
            for s in stages
        )
        summary.append(
            '<div class="calc-stage">'
            f'<p class="calc-eyebrow">Stage {position} of {len(stages)}</p>'
            f'<p class="calc-stage-label">{field("stage.id", stage["id"], h(stage["label"]))}</p>'
            f'<p class="calc-stage-summary">{h(stage["summary"])}</p>'
            f'<ol class="calc-stage-steps" aria-label="All stages, lowest first">{steps}</ol></div>'
        )
    else:
        answered = total_questions - len(result["unanswered"])
        summary.append(
            '<div class="calc-stage calc-stage--incomplete">'
            '<p class="calc-eyebrow">No stage yet</p>'
            f'<p class="calc-stage-label">{field("complete", result["complete"], "Answer at least half the questions")}</p>'
            f'<p class="calc-stage-summary">You have answered {answered} of {total_questions}. The stage appears once '
            f"at least half are answered; the scores below cover what you have answered so far.</p></div>"
        )
    parts.append('<div class="calc-summary">' + "".join(summary) + "</div>")

    for index, gate in enumerate(result["gates_applied"]):
        parts.append(
            notice(
                "gate",
                "Why the stage is capped",
                f'<p>{field(f"gates_applied[{index}].message", gate["message"], h(gate["message"]))}</p>',
            )
        )

    dimensions = result["dimensions"]
    spokes = [charts.Spoke(d["label"], d["score"]) for d in dimensions]
    scored = [d for d in dimensions if d["score"] is not None]
    if scored:
        strongest = max(scored, key=lambda d: d["score"])
        weakest = min(scored, key=lambda d: d["score"])
        description = (
            f"Scores of the {len(dimensions)} dimensions out of 100. Strongest: {strongest['label']} at "
            f"{strongest['score']:g}; weakest: {weakest['label']} at {weakest['score']:g}. "
            "The table next to the chart lists every score."
        )
    else:
        description = "No dimension has an answer yet."
    radar = charts.radar_chart(
        spokes, threshold=critical_minimum, chart_id="readiness-example-radar" if example else "readiness-radar",
        title="Readiness by dimension", description=description
    )
    rows = []
    for index, d in enumerate(dimensions):
        badge = f' <span class="calc-badge" title="Critical: below {critical_minimum:g} it caps the stage">critical</span>' if d["id"] in critical else ""
        if d["score"] is None:
            shown = field(f"dimensions[{index}].score", None, "no answers")
            meter = ""
        else:
            shown = field(f"dimensions[{index}].score", d["score"], h(f"{d['score']:g}"))
            level = "low" if d["score"] < 50 else "mid" if d["score"] < 75 else "high"
            meter = (
                f'<meter class="calc-meter calc-meter--{level}" min="0" max="100" low="50" high="75" optimum="100" '
                f'value="{d["score"]:g}" aria-hidden="true"></meter>'
            )
        rows.append([h(d["label"]) + badge, f"{shown}{meter}"])
    parts.append(
        f'<h3 class="calc-subheading">{whose} profile by dimension</h3>'
        f'<figure class="calc-figure calc-figure--radar">{radar}<figcaption>Each spoke is a dimension, scored 0 to 100; '
        f"the dashed ring marks {critical_minimum:g}, the score a critical dimension must reach.</figcaption></figure>"
        + table("Score by dimension (out of 100)", ["Dimension", "Score"], rows, cls="calc-table--dimensions")
    )

    blockers = result["blockers"]
    if blockers:
        items = []
        for index, b in enumerate(blockers):
            items.append(
                '<li class="calc-blocker">'
                f'<p class="calc-blocker-head"><span class="calc-blocker-label">{h(b["label"])}</span> '
                f'<span class="calc-blocker-score">{field(f"blockers[{index}].score", b["score"], h(f"{b["score"]:g}"))} / 100</span></p>'
                f'<p class="calc-blocker-action"><strong>Next action:</strong> '
                f'{field(f"blockers[{index}].next_action", b["next_action"], h(b["next_action"]))}</p>'
                + _playbook_link(site, b)
                + "</li>"
            )
        parts.append(
            f'<h3 class="calc-subheading">{whose} top {len(blockers)} blocker{"s" if len(blockers) != 1 else ""}</h3>'
            f'<ol class="calc-blockers">{"".join(items)}</ol>'
        )

    unanswered = result["unanswered"]
    if unanswered:
        count = len(unanswered)
        parts.append(
            f'<p class="calc-unanswered">{field("unanswered", unanswered, str(count))} of {total_questions} '
            f'question{"s" if count != 1 else ""} unanswered. Unanswered questions are left out of the scores, not counted as zero.</p>'
        )
    if example:  # a booking shares the visitor's result, never the example's
        return "".join(parts)
    if result["complete"] and stage is not None:
        parts.append(booking_note(site, f"your score ({h(score_shown)}) and stage ({h(stage['label'])})"))
    elif score is not None:
        parts.append(booking_note(site, f"your score so far ({h(score_shown)})"))
    return "".join(parts)


def _no_answers(result: dict) -> str:
    """The result before the first answer: no score yet, and why."""
    total = sum(d["questions"] for d in result["dimensions"])
    return (
        '<div class="calc-summary">'
        + tile("Readiness score", "score", result["score"], h(_score_text(result["score"])),
               f'{field("answered", 0, "0")} of {total} answered', "score")
        + '<div class="calc-stage calc-stage--incomplete">'
        '<p class="calc-eyebrow">No answers yet</p>'
        f'<p class="calc-stage-label">{field("complete", result["complete"], "Your score starts with your first answer")}</p>'
        '<p class="calc-stage-summary">It counts only the questions you answer, and says so while some are '
        "missing. Until then, here is the result of a worked example, so you can see what you will get.</p></div></div>"
    )


#: A result value's attributes (markup.field): the example's are taken out, so every data-field in
#: the page is a value of the visitor's own result.
_FIELD_ATTRIBUTES = re.compile(r' data-field="[^"]*" data-value="[^"]*"')


def _example(site: Site) -> str:
    """The worked example's result, marked as the example's, with the example's answers."""
    schema = api.schema("readiness")
    answers = schema["defaults"]["answers"]
    result = api.run("readiness", schema["defaults"])["result"]
    scale = {level["value"]: short_name(level["label"]) for level in schema["scale"]}
    rows = [
        [h(question["text"]), h(f"{answers[question['id']]} · {scale[answers[question['id']]]}")]
        for dimension in schema["dimensions"]
        for question in dimension["questions"]
        if question["id"] in answers
    ]
    body = _FIELD_ATTRIBUTES.sub("", _result_html(result, site, example=True))
    return (
        '<section class="calc-example" aria-labelledby="readiness-example-title">'
        '<h3 class="calc-subheading calc-example-title" id="readiness-example-title">'
        '<span class="calc-example-flag">Example</span> A worked example, not your result</h3>'
        '<p class="calc-example-intro">The example answers (listed below it) describe a typical organisation '
        "half-way there. This is their result, not yours: yours takes its place from your first answer.</p>"
        f"{body}"
        '<details class="calc-example-answers"><summary>The example\'s answers</summary>'
        + table("The example's answers", ["Statement", "Answer"], rows, cls="calc-table--example-answers")
        + "</details></section>"
    )


def short_name(label: str) -> str:
    """A scale level's name: its label before the colon.

    >>> short_name("Ad hoc: discussed, or done once.")
    'Ad hoc'
    """
    return label.split(":", 1)[0].strip()


def csv_rows(result: dict, write: Callable[[list], None], currency: str = "") -> None:
    """The result as spreadsheet rows: the summary, then one table by dimension and one of blockers."""
    write(["score", result["score"]])
    write(["complete", result["complete"]])
    stage = result.get("stage") or {}
    write(["stage", stage.get("id")])
    write(["stage_label", stage.get("label")])
    write(["unanswered", len(result["unanswered"])])
    write([])
    write(["dimension", "label", "score", "answered", "questions"])
    for d in result["dimensions"]:
        write([d["id"], d["label"], d["score"], d["answered"], d["questions"]])
    write([])
    write(["blocker", "label", "score", "next_action", "playbook_step"])
    for b in result["blockers"]:
        write([b["dimension"], b["label"], b["score"], b["next_action"], b["playbook_step"]])


def booking(result: dict, currency: str) -> dict[str, str]:
    """What a booking from this result shares: the score, and the stage once there is one.

    >>> booking({"complete": True, "score": 65.2, "stage": {"id": "building_the_road"}}, "GBP")
    {'score': '65.2', 'stage': 'building_the_road'}
    >>> booking({"complete": False, "score": 50.0, "stage": None}, "GBP")
    {'score': '50'}
    """
    query = {}
    if result.get("score") is not None:
        query["score"] = _score_text(result["score"])  # as the result shows it: 50, not 50.0
    if result.get("complete") and result.get("stage"):
        query["stage"] = result["stage"]["id"]
    return query


#: A score as :func:`booking` writes it: 0 to 100, at most one decimal.
SCORE_PATTERN = r"100(\.0)?|[0-9]{1,2}(\.[0-9])?"


def booking_keys() -> tuple[BookingKey, ...]:
    """The keys :func:`booking` writes, as the booking page states them.

    >>> [key.text for key in booking_keys()]
    ['AI readiness score {}', 'stage {}']
    """
    schema = api.schema("readiness")
    return (
        BookingKey("score", f"{schema['title']} {{}}", pattern=SCORE_PATTERN),
        BookingKey("stage", "stage {}", values={stage["id"]: stage["label"] for stage in schema["stages"]}),
    )


def _score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}" if float(score).is_integer() else f"{score:.1f}"


def summary(result: dict, currency: str) -> str:
    """The compact summary kept in view while answering: score, stage, questions answered; a
    partial score says so beside it ("partial: 3 of 21 answered")."""
    stage = result.get("stage") if result.get("complete") else None
    partial = 0 < result["answered"] < result["questions"]
    answered = (
        f'<span class="calc-summary-item calc-partial">partial: '
        f'{field("answered", result["answered"], str(result["answered"]), cls="calc-summary-value")} '
        f'of {result["questions"]} answered</span>'
        if partial
        else summary_item("Answered", "answered", result["answered"], h(f"{result['answered']} of {result['questions']}"))
    )
    return "".join((
        summary_item("Score", "score", result["score"], h(_score_text(result["score"]))),
        answered if partial else "",
        summary_item("Stage", "stage.label", stage["label"], h(stage["label"])) if stage
        else summary_item("Stage", "complete", result["complete"], "not yet"),
        "" if partial else answered,
    ))


def progress(result: dict) -> dict[str, str]:
    """Questions answered in each dimension, by dimension id: the form shows them as it is filled in.

    >>> progress({"dimensions": [{"id": "data", "answered": 2, "questions": 3}]})
    {'data': '2 of 3 answered'}
    """
    return {d["id"]: f"{d['answered']} of {d['questions']} answered" for d in result["dimensions"]}


# --- Facts the method pages quote ----------------------------------------------------------------


def stages_markdown(schema: dict, site: Site) -> str:
    """The stages as a table: score band and what the stage means.

    >>> print(stages_markdown({"stages": [{"id": "a", "label": "Low", "min_score": 0, "summary": "S."},
    ...                                   {"id": "b", "label": "High", "min_score": 60, "summary": "T."}]}, Site()))
    | Stage | Overall score | What it means |
    |---|---|---|
    | **Low** | below 60 | S. |
    | **High** | 60 or more | T. |
    """
    stages = schema["stages"]
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


def dimensions_markdown(schema: dict, site: Site) -> str:
    """The dimensions as a table with their weight, question count, critical flag and playbook page
    (a link when the site links its playbook steps)."""
    rows = ["| Dimension | Questions | Weight | Critical | Read more |", "|---|---|---|---|---|"]
    for d in schema["dimensions"]:
        playbook = link(site, "playbook", d["playbook_step"], d["playbook_section"], "Playbook")
        rows.append(
            f"| {cell(d['label'])} | {len(d['questions'])} | {d['weight']} | {'yes' if d['critical'] else 'no'} | {cell(playbook)} |"
        )
    return "\n".join(rows)


def scale_markdown(schema: dict, site: Site) -> str:
    """The answer scale as a definition-style list.

    >>> print(scale_markdown({"scale": [{"value": 0, "label": "None: nothing yet."}]}, Site()))
    - **0 · None**: nothing yet.
    """
    lines = []
    for level in schema["scale"]:
        name, _, meaning = level["label"].partition(":")
        lines.append(f"- **{level['value']} · {name.strip()}**: {meaning.strip() or name.strip()}")
    return "\n".join(lines)


def stage_label(schema: dict, site: Site, stage: int | str) -> str:
    """A stage's label, by its position (``-1`` is the top stage) or by its id.

    >>> schema = {"stages": [{"id": "low", "label": "Low"}, {"id": "high", "label": "High"}]}
    >>> stage_label(schema, Site(), 0), stage_label(schema, Site(), -1), stage_label(schema, Site(), "high")
    ('Low', 'High', 'High')
    """
    stages = schema["stages"]
    if isinstance(stage, str):
        for entry in stages:
            if entry["id"] == stage:
                return entry["label"]
        raise KeyError(f"no readiness stage {stage!r}; known: {', '.join(e['id'] for e in stages)}")
    return stages[stage]["label"]


def dimension_label(schema: dict, site: Site, dimension_id: str) -> str:
    """A dimension's label by its id.

    >>> dimension_label({"dimensions": [{"id": "data", "label": "Data hardened"}]}, Site(), "data")
    'Data hardened'
    """
    for d in schema["dimensions"]:
        if d["id"] == dimension_id:
            return d["label"]
    raise KeyError(f"no readiness dimension {dimension_id!r}; known: {', '.join(d['id'] for d in schema['dimensions'])}")


#: The facts of this calculator its pages quote (``calculators.web.fact``), beside the generic ones.
FACTS: dict[str, Fact] = {
    "stages": stages_markdown,
    "scale": scale_markdown,
    "dimensions": dimensions_markdown,
    "stage_label": stage_label,
    "dimension_label": dimension_label,
    "critical_dimensions": lambda schema, site: and_list([d["label"] for d in schema["dimensions"] if d["critical"]]),
    "critical_count": lambda schema, site: count_word(sum(1 for d in schema["dimensions"] if d["critical"])),
    "max_answer": lambda schema, site: number_text(max(level["value"] for level in schema["scale"])),
}
