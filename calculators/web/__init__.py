"""The view: a calculator's result as HTML, CSV and a booking summary, from the result alone.

The site build (MkDocs, under CPython) and the visitor's browser (Pyodide, in a Web Worker)
both call :func:`respond`, so the result a visitor sees before and after the page turns live is
the same markup for the same input, and the page's JavaScript does no arithmetic and no
formatting. Everything here is pure: a result in, a string out; no I/O.

The DOM contract for results:

* every value a visitor reads is an element with ``data-field`` and ``data-value``;
* ``data-field`` is the JSON path of the value inside the result (``npv``, ``stage.id``,
  ``years[2].net``), so :func:`~calculators.web.formatting.value_at` finds it again;
* ``data-value`` is ``format_value(value_at(result, data-field))``, always, and
  :func:`~calculators.web.formatting.format_value` is the only function that writes it.

:data:`VIEWS` names the calculators with a view of their own: a calculator of the core's
registry (``api.MODULES``, from :mod:`calculators.registry`) whose name is also a module here, imported at first use (a
calculator page's worker imports only its own). Any other calculator (a third one, registered with
:func:`calculators.api.register`) is shown from the outputs its schema declares
(:mod:`calculators.web.generic`), so adding a calculator needs no view code and no JavaScript.

A view also declares what the rest of a site needs to know of its calculator, so nothing outside it
names one: the keys of its booking summary, as the booking page states them
(:func:`booking_keys`), and the facts its pages quote (:func:`fact`).
"""

from __future__ import annotations

import csv as csv_module
import io
import re
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any, Callable, Mapping

from .. import api
from . import form_input, generic
from .booking import BookingKey
from .facts import GENERIC as GENERIC_FACTS
from .facts import Fact
from .formatting import DEFAULT_CURRENCY, currency_of, format_value
from .markup import h
from .site import Site


@dataclass(frozen=True)
class View:
    """How one calculator's result is shown: its HTML, its CSV rows, its booking summary and the
    keys it writes, the compact summary kept in view while the visitor types, how far the form is
    filled in (text by form group id, for a questionnaire), the facts its pages quote, and, when
    it offers one, its spreadsheet workbook (payload, result, currency -> .xlsx bytes)."""

    html: Callable[[dict, str, Site], str]
    csv_rows: Callable[[dict, Callable[[list], None], str], None]
    booking: Callable[[dict, str], dict[str, str]]
    booking_keys: Callable[[], tuple[BookingKey, ...]]
    summary: Callable[[dict, str], str]
    progress: Callable[[dict], dict[str, str]] = lambda result: {}
    facts: Mapping[str, Fact] = field(default_factory=lambda: GENERIC_FACTS)
    workbook: Callable[[Any, dict, str], bytes] | None = None


#: The calculators with a view of their own: those of the core's registry with a module of the
#: same name here, which defines ``html``, ``csv_rows``, ``booking``, ``booking_keys``, ``summary``
#: and, where it has them, ``progress``, ``FACTS`` and ``workbook``. Every other calculator gets
#: :func:`generic_view`.
VIEWS: dict[str, str] = {name: name for name in api.MODULES if find_spec(f"{__package__}.{name}") is not None}
_OWN: dict[str, View] = {}
#: Generic views made so far, by name, with the module each was made from (a re-registered
#: module, as on a rebuild under ``mkdocs serve``, gets a new view).
_GENERIC: dict[str, tuple[object, View]] = {}


def generic_view(name: str) -> View:
    """The view of a calculator from the outputs its schema declares (made once per module)."""
    module = api.CALCULATORS.get(name)
    made = _GENERIC.get(name)
    if made is None or made[0] is not module:
        outputs = api.schema(name).get("outputs", []) if module is not None else []
        made = _GENERIC[name] = (module, View(
            lambda result, currency, site: generic.html(result, currency, site, outputs),
            lambda result, write, currency: generic.csv_rows(result, write, outputs),
            lambda result, currency: generic.booking(result, currency, outputs),
            lambda: generic.booking_keys(outputs),
            lambda result, currency: generic.summary(result, currency, outputs),
        ))
    return made[1]


def own_view(name: str) -> View:
    """The view of a calculator listed in :data:`VIEWS`, its module imported at the first call."""
    if name not in _OWN:
        module = import_module(f"{__package__}.{VIEWS[name]}")
        _OWN[name] = View(module.html, module.csv_rows, module.booking, module.booking_keys, module.summary,
                          getattr(module, "progress", View.progress), {**GENERIC_FACTS, **getattr(module, "FACTS", {})},
                          getattr(module, "workbook", None))
    return _OWN[name]


def view_of(name: str) -> View:
    """The view of calculator ``name``: its own, or the generic one."""
    return own_view(name) if name in VIEWS else generic_view(name)


def render(name: str, response: dict, currency: str = DEFAULT_CURRENCY, site: Site | None = None) -> str:
    """The result block of calculator ``name`` for an :func:`calculators.api.run` envelope.

    An ``ok`` response gives the calculator's view of its result; an error response gives a
    short list of what to fix (the page normally shows those beside the fields and keeps the
    last good result).

    >>> html = render("readiness", api.run("readiness", api.schema("readiness")["defaults"]))
    >>> 'data-field="score" data-value="65.2"' in html
    True
    >>> render("readiness", {"ok": False, "errors": [{"field": "answers.x", "message": "<b>No</b>"}]})
    '<div class="calc-output calc-output--errors" data-calculator-result="readiness"><p>The result could not be updated. Please check:</p><ul class="calc-error-list"><li><code>answers.x</code>: &lt;b&gt;No&lt;/b&gt;</li></ul></div>'
    """
    label = h(name)
    if not response.get("ok"):
        items = "".join(
            f"<li><code>{h(e.get('field', ''))}</code>: {h(e.get('message', ''))}</li>" for e in response.get("errors", [])
        )
        return (
            f'<div class="calc-output calc-output--errors" data-calculator-result="{label}">'
            f'<p>The result could not be updated. Please check:</p><ul class="calc-error-list">{items}</ul></div>'
        )
    code = currency_of(currency).code
    body = view_of(name).html(response["result"], code, site or Site())
    return f'<div class="calc-output calc-output--{label}" data-calculator-result="{label}" data-currency="{code}">{body}</div>'


def booking_query(name: str, result: dict, currency: str = DEFAULT_CURRENCY) -> dict[str, str]:
    """The query parameters of the result's booking link: a summary, never the raw answers.

    >>> booking_query("roi", {"npv": 250000.0, "measured_share": 0.68}, "EUR")
    {'calculator': 'roi', 'npv_band': '100k-500k', 'currency': 'EUR', 'measured': '70'}
    """
    known = name in api.CALCULATORS
    query = {"calculator": name if known else "unknown"}
    if known:
        query.update(view_of(name).booking(result, currency_of(currency).code))
    return query


def booking_keys() -> dict[str, list[dict]]:
    """Every registered calculator's booking keys as JSON, by name: the data the booking page's
    script checks a result's query against (:mod:`calculators.web.booking`).

    >>> keys = booking_keys()
    >>> [key["key"] for key in keys["readiness"]]
    ['score', 'stage']
    """
    return {name: [key.to_json() for key in view_of(name).booking_keys()] for name in api.names()}


def fact(name: str, key: str, site: Site | None = None, *args: Any) -> str:
    """The fact ``key`` of calculator ``name`` that a page quotes, as text or Markdown; ``site``
    is the calling page's, for links. A KeyError names the facts there are.

    >>> fact("roi", "default", None, "horizon_years"), fact("readiness", "constant", None, "critical_minimum")
    ('3', '50')
    >>> fact("readiness", "stage_labels")
    Traceback (most recent call last):
    ...
    KeyError: "readiness has no fact 'stage_labels'; it has: title, summary, default, range, constant, stages, scale, dimensions, stage_label, dimension_label, critical_dimensions, critical_count, max_answer"
    """
    if name not in api.CALCULATORS:
        raise KeyError(f"no calculator {name!r}; known: {', '.join(api.names())}")
    facts = view_of(name).facts
    if key not in facts:
        raise KeyError(f"{name} has no fact {key!r}; it has: {', '.join(facts)}")
    return facts[key](api.schema(name), site or Site(), *args)


#: Text a spreadsheet reads as a plain number (an amount to the cent): not a formula, so left as it is.
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _csv_text(value: Any) -> Any:
    """A cell for a spreadsheet: numbers as they are, text defused against formula injection."""
    if isinstance(value, str):
        risky = value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.fullmatch(value)
        return "'" + value if risky else value
    if value is None or isinstance(value, (bool, list, dict)):
        return format_value(value) if value is not None else ""
    return format_value(value)


def csv(name: str, result: dict, currency: str = DEFAULT_CURRENCY) -> str:
    """The result as CSV for a spreadsheet, amounts in ``currency`` where the view has any.

    >>> print(csv("other", {"a": 1.5, "b": {"c": "=cmd()", "d": "-12.50"}}), end="")
    field,value
    a,1.5
    b.c,'=cmd()
    b.d,-12.50
    """
    buffer = io.StringIO()
    writer = csv_module.writer(buffer, lineterminator="\n")

    def write(row: list) -> None:
        writer.writerow([_csv_text(cell) for cell in row])

    view_of(name).csv_rows(result, write, currency_of(currency).code)
    return buffer.getvalue()


#: The packages :func:`workbook` imports, which the browser fetches at the first workbook (the
#: plugin zips each from the build's environment into the bundle: mkdocs_calculators/on_demand.py).
ON_DEMAND = ("xlsxwriter",)


def has_workbook(name: str) -> bool:
    """Whether calculator ``name`` offers a spreadsheet workbook: its view module defines ``workbook``.

    >>> has_workbook("roi"), has_workbook("readiness"), has_workbook("nope")
    (True, False, False)
    """
    return name in VIEWS and own_view(name).workbook is not None


def workbook(name: str, payload: Any, currency: str = DEFAULT_CURRENCY) -> bytes:
    """Calculator ``name``'s workbook (.xlsx bytes) for ``payload`` (the form's, as :func:`respond`
    takes it): what its view's ``workbook`` writes from the API payload and its result. The writer (XlsxWriter) is imported here, at the first
    workbook a visitor asks for, never at a page's start; the browser's worker puts it on
    ``sys.path`` first. Raises :class:`ValueError` when the calculator has no workbook or the
    payload is not valid (the page only offers one for a valid result)."""
    if not has_workbook(name):
        raise ValueError(f"{name} has no workbook")
    payload, typed = read_form(name, payload)
    if typed:
        raise ValueError("; ".join(f"{e['field']}: {e['message']}" for e in typed))
    response = api.run(name, payload)
    if not response["ok"]:
        raise ValueError("; ".join(f"{e.get('field', '')}: {e.get('message', '')}" for e in response["errors"]))
    return own_view(name).workbook(payload, response["result"], currency_of(currency).code)


def _with_typing_errors(response: dict, typed: list) -> dict:
    """The calculator's response with the errors of the texts that were not numbers first; the
    calculator's own errors about those fields (left out, so often "Required.") are dropped."""
    if not typed:
        return response
    fields = {error["field"] for error in typed}
    others = [e for e in response.get("errors", []) if not any(
        e.get("field") == f or str(e.get("field", "")).startswith((f"{f}.", f"{f}[")) for f in fields)]
    return {"ok": False, "errors": typed + others}


def read_form(name: Any, payload: Any) -> tuple[Any, list]:
    """The form's payload of calculator ``name`` read into the API's (:mod:`calculators.web.form_input`),
    with the errors of texts that are not numbers of their fields; anything else as it is."""
    if isinstance(name, str) and name in api.CALCULATORS and isinstance(payload, dict):
        return form_input.read(api.schema(name), payload)
    return payload, []


def respond(name: str, payload: Any, currency: str = DEFAULT_CURRENCY, site: Any = None) -> dict:
    """Run calculator ``name`` and return everything the page needs, as JSON-safe values.

    ``{"ok", "result" | "errors", "inputs", "html", "csv", "booking", "summary", "progress"}``; this
    is what the Web Worker sends back to the page after each recompute. ``site`` is the page's
    :class:`Site` as JSON.

    ``payload`` is the form's (:mod:`calculators.web.form_input`): a number the visitor typed may be
    the text typed ("10%", "12k"), read here into the API's numbers before :func:`api.run`; a text
    that is not a number of its field is an error naming the field and the text. ``inputs`` is the
    API payload the result was worked out from (shares as fractions), for the JSON download.

    >>> answer = respond("readiness", {"answers": {"base_recorded": 9}})
    >>> answer["ok"], answer["errors"][0]["field"], answer["csv"], answer["booking"]
    (False, 'answers.base_recorded', '', {})
    >>> sorted(respond("roi", api.schema("roi")["defaults"]))
    ['booking', 'csv', 'html', 'inputs', 'ok', 'progress', 'result', 'summary']
    >>> respond("roi", {**api.schema("roi")["defaults"], "discount_rate": "10%"})["inputs"]["discount_rate"]
    0.1
    """
    payload, typed = read_form(name, payload)
    response = _with_typing_errors(api.run(name, payload), typed)
    answer = dict(response)
    answer["inputs"] = payload if response["ok"] else None
    answer["html"] = render(name, response, currency, Site.from_json(site))
    if response["ok"]:
        view, result, code = view_of(name), response["result"], currency_of(currency).code
        answer["csv"] = csv(name, result, code)
        answer["booking"] = booking_query(name, result, currency)
        answer["summary"] = view.summary(result, code)
        answer["progress"] = view.progress(result)
    else:
        answer["csv"] = ""
        answer["booking"] = {}
        answer["summary"] = ""
        answer["progress"] = {}
    return answer
