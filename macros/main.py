"""The mkdocs-macros entry point: it only registers macros.

Each macro is a thin wrapper that reads the site data (the ``extra`` settings of mkdocs.yml
and the ``data/*.yml`` files loaded by ``include_yaml``) and calls a plain helper from a
sibling module (faq, figures, booking), where the logic lives and is unit-tested.
Add a macro with one line in ``define_env``.
"""

from pathlib import Path

from calculators import api, web
from calculators.web.facts import count_word
from calculators.web.site import Site
from macros import booking, booking_results, calculator_catalogue, faq, figures, playbook, playbook_diagram
from mkdocs_calculators.plugin import page_root


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
    env.macro(lambda: count_word(len(steps)), "playbook_step_count")
    env.macro(lambda step_id: step(step_id).artefact, "playbook_artefact")
    diagram = playbook_diagram.parse_diagram(v["playbook"], len(steps))
    env.macro(lambda: playbook_diagram.diagram_svg(steps, diagram), "playbook_diagram")

    # The list of calculators: the registry's, each with its schema's title and summary and the
    # page that shows it (found by its marker), so a new calculator is listed with no edit here.
    catalogue = calculator_catalogue
    calculator_pages = catalogue.calculator_pages(Path(env.conf["docs_dir"]))
    listed = lambda: catalogue.listed(api.names(), {n: api.schema(n) for n in api.names()}, calculator_pages, page())  # noqa: E731
    env.macro(lambda: catalogue.cards(listed()), "calculator_cards")
    env.macro(lambda: catalogue.links(listed()), "calculator_links")
    env.macro(lambda: catalogue.buttons(listed()), "calculator_buttons")

    # A fact a page quotes about a calculator (a default, a threshold, a table of stages), from the
    # calculator's own view and schema, so that no number is typed twice:
    # {{ calculator_fact("NAME", "KEY", args...) }}; calculators.web.fact lists the keys.
    links = catalogue.plugin_links(env.conf["plugins"])
    here = lambda: Site(root=page_root(env.page.url), links=links)  # noqa: E731
    env.macro(lambda name, key, *args: web.fact(name, key, here(), *args), "calculator_fact")

    # The book page's "You are booking about: ..." line (filled by booking-link.js), from every
    # calculator's booking keys.
    env.macro(lambda: booking_results.booking_results_element(web.booking_keys()), "booking_results")
