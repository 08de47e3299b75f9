"""The mkdocs-macros entry point: it only registers macros.

Each macro is a thin wrapper that reads the site data (the ``extra`` settings of mkdocs.yml
and the ``data/*.yml`` files loaded by ``include_yaml``) and calls a plain helper from a
sibling module (faq, figures, booking), where the logic lives and is unit-tested.
Add a macro with one line in ``define_env``.
"""

from pathlib import Path

from calculators import api, questionnaire, readiness, roi, welch
from calculators.web import formatting
from calculators.web import roi as roi_view
from macros import booking, booking_results, calculator_catalogue, calculator_facts, faq, figures, playbook, playbook_diagram


def define_env(env):
    """Register the site's macros (called once by mkdocs-macros)."""
    v = env.variables

    env.macro(lambda heading_level=2: faq.faq_markdown(v["faq"], heading_level), "faq_block")
    env.macro(lambda: figures.figure_cards(v["figures"]), "headline_figures")
    env.macro(lambda key: figures.figure_source(v["figures"], key), "figure_source")
    env.macro(
        lambda utm=None, label=None: booking.booking_button(
            booking.site_booking_href(v, utm), label or v["booking_cta_text"], booking.site_prefill_attribute(v)
        ),
        "booking_button",
    )
    # Copy from mkdocs.yml with {diagnostic_minutes} filled in (a campaign page's link).
    env.filter(lambda text: booking.offer_text(text, v), "offer_text")

    # The scaling playbook: data/playbook.yml is checked once here, so a malformed step stops
    # the build with a message naming the step and the field (playbook.PlaybookError).
    steps = playbook.parse_playbook(v["playbook"])
    step = lambda step_id: playbook.find_step(steps, step_id)  # noqa: E731
    page = lambda: env.page.file.src_uri  # noqa: E731 - the calling page, for relative links
    env.macro(lambda step_id: playbook.step_header_markdown(steps, step(step_id)), "playbook_step_header")
    env.macro(lambda step_id: playbook.checklist_markdown(step(step_id)), "playbook_checklist")
    env.macro(lambda step_id: playbook.exit_criteria_markdown(step(step_id)), "playbook_exit_criteria")
    env.macro(lambda step_id: playbook.next_step_markdown(steps, step(step_id)), "playbook_next_step")
    env.macro(lambda: playbook.step_index_markdown(steps, page()), "playbook_steps")
    env.macro(lambda: playbook.printable_checklist_markdown(steps, page()), "playbook_printable_checklist")
    env.macro(
        lambda step_id, numbered=False, lower=False: playbook.step_link_markdown(steps, step(step_id), page(), numbered, lower),
        "playbook_step_link",
    )
    env.macro(lambda: calculator_facts.count_word(len(steps)), "playbook_step_count")
    env.macro(lambda step_id: step(step_id).artefact, "playbook_artefact")
    diagram = playbook_diagram.parse_diagram(v["playbook"], len(steps))
    env.macro(lambda: playbook_diagram.diagram_svg(steps, diagram), "playbook_diagram")

    # The calculators' facts their method pages state, read from the calculator core so that no
    # number is typed twice. (The calculator blocks themselves come from the calculators plugin.)
    facts = calculator_facts
    readiness_rules = questionnaire.QUESTIONNAIRE

    # The list of calculators: the registry's, each with its schema's title and summary and the
    # page that shows it (found by its marker), so a new calculator is listed with no edit here.
    catalogue = calculator_catalogue
    calculator_pages = catalogue.calculator_pages(Path(env.conf["docs_dir"]))
    schemas = {name: api.schema(name) for name in api.names()}
    listed = lambda: catalogue.listed(api.names(), schemas, calculator_pages, page())  # noqa: E731
    env.macro(lambda: catalogue.cards(listed()), "calculator_cards")
    env.macro(lambda: catalogue.links(listed()), "calculator_links")
    env.macro(lambda: catalogue.buttons(listed()), "calculator_buttons")
    env.macro(lambda: facts.stages_markdown(api.schema("readiness")["stages"]), "readiness_stages")
    env.macro(lambda: facts.scale_markdown(api.schema("readiness")["scale"]), "readiness_scale")
    env.macro(lambda: facts.dimensions_markdown(readiness_rules.dimensions, page()), "readiness_dimensions")
    env.macro(lambda: facts.critical_labels(readiness_rules.dimensions), "readiness_critical_dimensions")
    env.macro(lambda: facts.number_text(readiness_rules.critical_minimum), "readiness_critical_minimum")
    env.macro(lambda: facts.number_text(readiness_rules.strong_minimum), "readiness_strong_minimum")
    env.macro(lambda: facts.critical_count(readiness_rules.dimensions), "readiness_critical_count")
    env.macro(lambda: facts.count_word(readiness.BLOCKER_COUNT), "readiness_blocker_count")
    env.macro(lambda stage: facts.stage_label(api.schema("readiness")["stages"], stage), "readiness_stage_label")
    env.macro(lambda: facts.max_answer_text(api.schema("readiness")["scale"]), "readiness_max_answer")
    env.macro(lambda dimension_id: facts.dimension_label(readiness_rules.dimensions, dimension_id), "readiness_dimension_label")
    env.macro(lambda field_id: facts.default_text(api.schema("roi"), field_id), "roi_default")
    env.macro(lambda field_id: facts.range_text(api.schema("roi"), field_id), "roi_range")
    env.macro(lambda: facts.metric_types_markdown(api.schema("roi")), "roi_metric_types")
    env.macro(lambda: facts.scenarios_markdown(s.to_json() for s in roi.SCENARIOS), "roi_scenarios")
    env.macro(lambda: facts.share_text(roi.SENSITIVITY_STEP), "roi_sensitivity_step")
    env.macro(lambda: facts.share_text(1 - welch.ALPHA), "roi_confidence_level")
    env.macro(lambda: facts.share_text(welch.ALPHA), "roi_significance_level")
    env.macro(lambda: facts.share_text(welch.POWER), "roi_power")

    # The book page's "You are booking about: ..." line (filled by booking-link.js).
    env.macro(
        lambda: booking_results.booking_results_element(
            booking_results.stage_labels(api.schema("readiness")["stages"]),
            booking_results.npv_band_texts(roi_view.NPV_BANDS, formatting.CURRENCIES, roi_view.band_text),
        ),
        "booking_results",
    )
