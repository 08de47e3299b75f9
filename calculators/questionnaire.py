"""The AI readiness questionnaire, as data: scale, dimensions, questions, stages and gates.

Everything the readiness score knows about the questions lives here, in one
place, as frozen dataclasses. :mod:`calculators.readiness` holds the arithmetic
and has no question-specific branches, so changing a question, a weight, a
label or a stage threshold is an edit to this file alone.

The seven dimensions follow the barriers and the method of the client's
article "From Pilot to Production": design for production from the start,
harden the data, redesign the workflow, build governance in, measure against
a recorded baseline, have an accountable business owner, and scale narrow
before wide. Their ids are part of the public API.

Conventions:

* Every question is answered on one scale, 0 (nothing in place) to 4 (the
  normal way of working), described in :data:`SCALE`.
* Weights are whole numbers, so scores can be computed exactly.
* ``next_action`` and ``playbook_step`` are not part of the schema; they are
  what a blocker tells the visitor to do next, and which step of the scaling
  playbook to read (by the step's id in data/playbook.yml, with an optional
  section anchor): the core names the step, the site decides its address.

>>> [d.id for d in QUESTIONNAIRE.dimensions]
['production_design', 'data', 'workflow', 'governance', 'baseline', 'ownership', 'focus']
>>> QUESTIONNAIRE.question("base_recorded").dimension
'baseline'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScaleLevel:
    """One answer on the 0-4 scale and what it looks like in practice."""

    value: int
    label: str


@dataclass(frozen=True)
class Question:
    """One statement the visitor rates on the scale.

    ``next_action`` is the concrete step offered when this question is the
    weakest point of a weak dimension.
    """

    id: str
    text: str
    weight: int
    help: str
    next_action: str


@dataclass(frozen=True)
class Dimension:
    """A group of questions scored together; ``critical`` ones gate the stage."""

    id: str
    label: str
    weight: int
    critical: bool
    playbook_step: str
    questions: tuple[Question, ...]
    playbook_section: str = ""


@dataclass(frozen=True)
class Stage:
    """A band of the overall score, from stuck in pilot to ready to scale wide."""

    id: str
    label: str
    min_score: float
    summary: str


@dataclass(frozen=True)
class QuestionRef:
    """Where a question sits: its dimension id and the question itself."""

    dimension: str
    question: Question


@dataclass(frozen=True)
class Questionnaire:
    """The whole instrument.

    ``critical_minimum``: a critical dimension scoring below it caps the stage
    at the second-lowest. ``strong_minimum``: the top stage needs every
    dimension scored and at or above it.
    """

    scale: tuple[ScaleLevel, ...]
    dimensions: tuple[Dimension, ...]
    stages: tuple[Stage, ...]
    critical_minimum: float
    strong_minimum: float

    @property
    def max_answer(self) -> int:
        return max(level.value for level in self.scale)

    @property
    def min_answer(self) -> int:
        return min(level.value for level in self.scale)

    def questions(self) -> tuple[QuestionRef, ...]:
        """Every question in questionnaire order, with its dimension id."""
        return tuple(QuestionRef(d.id, q) for d in self.dimensions for q in d.questions)

    def question(self, question_id: str) -> QuestionRef | None:
        """The question with this id, or None."""
        for ref in self.questions():
            if ref.question.id == question_id:
                return ref
        return None


SCALE: tuple[ScaleLevel, ...] = (
    ScaleLevel(0, "Not in place: nobody has started on this."),
    ScaleLevel(1, "Ad hoc: discussed, or done once by one person; nothing is written down."),
    ScaleLevel(2, "Partial: done for the pilot, but informal; it would not survive real volume or an audit."),
    ScaleLevel(3, "Defined: written down, owned, and working for this use case under production conditions."),
    ScaleLevel(4, "Routine: the normal way of working, measured and reviewed, and ready for the next use case."),
)

DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        id="production_design",
        label="Designed for production",
        weight=2,
        critical=False,
        playbook_step="design-for-production",
        questions=(
            Question(
                id="pd_production_brief",
                text="Before the pilot began, we wrote down what production will demand: "
                "the real users, the volumes, the systems it must connect to, and who approves go-live.",
                weight=3,
                help="Treat the pilot as the first step of a real system. Rate this high only if those "
                "requirements exist in writing and the pilot is being built against them.",
                next_action="Write a one-page production brief for the pilot: who will use it, at what "
                "daily volume, which systems it must connect to, and who signs off go-live.",
            ),
            Question(
                id="pd_live_systems",
                text="The pilot runs on, or is built to plug into, the systems it will use in production "
                "rather than a stand-alone demo environment.",
                weight=2,
                help="A demo that reads a spreadsheet export proves little about the integration work "
                "production will need.",
                next_action="List every point where the pilot leans on a demo environment instead of a "
                "live system, and plan the integration of the first one this quarter.",
            ),
            Question(
                id="pd_reviews_planned",
                text="Security, legal and compliance reviews are part of the pilot plan, not something "
                "to arrange after a successful demo.",
                weight=2,
                help="Reviews that arrive late tend to force a redesign; reviews that arrive early shape it.",
                next_action="Book the security and compliance review now, while the design can still "
                "change, and bring the production brief to it.",
            ),
        ),
    ),
    Dimension(
        id="data",
        label="Data hardened for real operation",
        weight=2,
        critical=False,
        playbook_step="harden-the-data",
        questions=(
            Question(
                id="data_real_data",
                text="The system has been tried on real production data, with its gaps, duplicates and "
                "odd formats, and not only on a cleaned sample.",
                weight=3,
                help="Curated sample data is the most common reason a pilot that worked fails at scale.",
                next_action="Run the system on a month of untouched production data and record every "
                "place it fails or gives a wrong answer.",
            ),
            Question(
                id="data_edge_cases",
                text="Known edge cases and failure modes are listed, and each has a test or an agreed "
                "way of handling it.",
                weight=2,
                help="Think of unusual customers, missing fields, new product codes, other languages.",
                next_action="Start an edge-case register: every failure found on real data gets a test "
                "and a decision on how the system should handle it.",
            ),
            Question(
                id="data_volume",
                text="The data pipeline has been run at the volume and refresh rate production will need.",
                weight=2,
                help="A pipeline that copes with a hundred records a day may not cope with a hundred "
                "thousand, or with updates every hour.",
                next_action="Load-test the pipeline at expected peak volume and refresh rate, and fix what "
                "breaks before adding users.",
            ),
        ),
    ),
    Dimension(
        id="workflow",
        label="Workflow redesigned",
        weight=2,
        critical=False,
        playbook_step="redesign-the-workflow",
        questions=(
            Question(
                id="wf_process_mapped",
                text="The process the system supports is mapped end to end, including who acts on its "
                "output and what they stop doing.",
                weight=2,
                help="If nobody stops doing anything, the system has been added to the work, not "
                "built into it.",
                next_action="Map today's process end to end with the people who run it, marking where "
                "the system's output lands and who acts on it.",
            ),
            Question(
                id="wf_redesigned",
                text="The process has been redesigned around the system, instead of the system being "
                "bolted on as an extra step.",
                weight=3,
                help="Redesigning the workflow, more than the choice of tool, is what moves business "
                "results.",
                next_action="Redesign the process on paper: remove or merge the steps the system makes "
                "unnecessary, then agree the new version with the team that runs it.",
            ),
            Question(
                id="wf_bottleneck",
                text="We know which step would become the bottleneck as volume grows, and the redesign "
                "removes it.",
                weight=2,
                help="At scale an unchanged process amplifies its slowest step, such as a manual approval.",
                next_action="Find the step that would limit throughput at ten times the pilot's volume and "
                "redesign it before you scale.",
            ),
        ),
    ),
    Dimension(
        id="governance",
        label="Governance built in",
        weight=3,
        critical=True,
        playbook_step="build-governance-in",
        questions=(
            Question(
                id="gov_decision_boundaries",
                text="Decision boundaries are written down: what the system may decide alone, what a "
                "person must review, and what it must never do.",
                weight=3,
                help="A pilot needs little governance because nothing real depends on it; production "
                "needs these boundaries before the first live decision.",
                next_action="Write the decision boundaries: the decisions the system may take alone, the "
                "ones a person must review, and the ones it must never take.",
            ),
            Question(
                id="gov_audit_trail",
                text="Each output that feeds a decision is logged with its inputs, the model version and "
                "the person who acted on it, so any decision can be reconstructed.",
                weight=3,
                help="Ask whether you could explain a single decision from last month to an auditor.",
                next_action="Switch on an audit log of inputs, outputs, model version and the person who "
                "acted, then test it by reconstructing one real decision.",
            ),
            Question(
                id="gov_change_control",
                text="Changes to the model, prompts and data sources go through an agreed review, and "
                "there is a rehearsed way to pause or roll back the system.",
                weight=2,
                help="Someone should be able to switch it off within the hour, and know that they may.",
                next_action="Agree who approves changes to the model, prompts and data, and rehearse "
                "pausing and rolling back the system once.",
            ),
        ),
    ),
    Dimension(
        id="baseline",
        label="Baseline recorded",
        weight=3,
        critical=True,
        playbook_step="measure-against-a-baseline",
        questions=(
            Question(
                id="base_outcome_defined",
                text="The business outcome the system should change (cost, output, decision quality or "
                "time) is named, with exactly how it is counted.",
                weight=2,
                help="Seats, prompts and logins show the system is used, not that it changed anything. "
                "Rate this on outcomes only.",
                next_action="Name the one business outcome the system must move, such as cost per case or "
                "hours per week, and define how it is counted. Do not use usage figures.",
            ),
            Question(
                id="base_recorded",
                text="That outcome was measured before the system went live, over a period long enough "
                "to trust, and the figures are kept.",
                weight=3,
                help="Without a recorded baseline the pilot cannot prove it worked, and the case for "
                "scaling never closes.",
                next_action="Record the baseline now, before any wider rollout: measure the outcome under "
                "the current process for several weeks and keep the figures with the method.",
            ),
            Question(
                id="base_attribution",
                text="We can attribute a change to the system, through a comparison group, a staggered "
                "rollout or a like-for-like before and after.",
                weight=2,
                help="If the whole business improved at the same time, the system cannot claim all of it.",
                next_action="Keep a comparison group (a team, site or period without the system) so that "
                "the change can be attributed to the system.",
            ),
        ),
    ),
    Dimension(
        id="ownership",
        label="Accountable business owner",
        weight=3,
        critical=True,
        playbook_step="build-governance-in",
        playbook_section="ownership",
        questions=(
            Question(
                id="own_named_owner",
                text="A named business owner, not only a technical lead, is accountable for the system "
                "reaching production and delivering its outcome.",
                weight=3,
                help="The owner is someone whose own results depend on the outcome.",
                next_action="Name one business owner for the use case, someone whose results depend on "
                "it, and write the outcome into their objectives.",
            ),
            Question(
                id="own_budget",
                text="The owner holds, or has secured, the budget and people for productionisation and "
                "not only for the pilot.",
                weight=2,
                help="Pilot budgets usually end at the demo; the integration, data and change work come "
                "after it.",
                next_action="Have the business owner secure budget and people for productionisation, "
                "sized from the production brief.",
            ),
            Question(
                id="own_time",
                text="The owner has time set aside for the unglamorous work: process changes, sign-offs, "
                "training and adoption.",
                weight=2,
                help="An owner in name only is a common reason sign-offs stall for months.",
                next_action="Put a standing weekly slot in the owner's diary for production decisions, "
                "and clear the oldest sign-off that waits on them.",
            ),
        ),
    ),
    Dimension(
        id="focus",
        label="Focus: narrow before wide",
        weight=2,
        critical=False,
        playbook_step="scale-narrow-before-wide",
        questions=(
            Question(
                id="focus_one_use_case",
                text="One use case has been chosen to take fully into production before others start.",
                weight=3,
                help="Fewer, deeper bets beat many shallow pilots.",
                next_action="Choose the one use case with the clearest outcome and owner, and commit to "
                "taking it fully into production first.",
            ),
            Question(
                id="focus_pilot_limit",
                text="The number of pilots running at once is limited, and new ones wait until a use "
                "case reaches production.",
                weight=2,
                help="Many pilots and no production systems is the picture of pilot purgatory.",
                next_action="Pause new pilots until the chosen use case is in production, and close or "
                "park the pilots that have no business owner.",
            ),
            Question(
                id="focus_measure_first",
                text="Spreading to new teams or use cases waits until the first one is measured in "
                "production against its baseline.",
                weight=2,
                help="Depth first earns breadth: the measured result is what justifies the next use case.",
                next_action="Agree the rule in writing: no widening until the first use case shows a "
                "measured result against its baseline in production.",
            ),
        ),
    ),
)

STAGES: tuple[Stage, ...] = (
    Stage(
        id="stuck_in_pilot",
        label="Stuck in pilot",
        min_score=0,
        summary="Experiments run, but the road to production has not been designed. Expect pilots to "
        "impress in demos and stall before they change a real decision.",
    ),
    Stage(
        id="building_the_road",
        label="Building the road to production",
        min_score=40,
        summary="Some foundations are in place, but gaps in data, governance, ownership or "
        "measurement would stop a pilot on its way to production. Close them before adding use cases.",
    ),
    Stage(
        id="ready_to_scale_narrow",
        label="Ready to scale narrow",
        min_score=65,
        summary="Ready to take one use case fully into production and measure it against its baseline. "
        "Widen only once that result is in.",
    ),
    Stage(
        id="ready_to_scale_wide",
        label="Ready to scale wide",
        min_score=85,
        summary="Every dimension is strong: production design, data, workflow, governance, baseline, "
        "ownership and focus. The approach can be repeated on further use cases.",
    ),
)

QUESTIONNAIRE = Questionnaire(
    scale=SCALE,
    dimensions=DIMENSIONS,
    stages=STAGES,
    critical_minimum=50,
    strong_minimum=75,
)
