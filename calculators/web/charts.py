"""Inline SVG charts for the calculators' results: pure functions from numbers to markup.

The charts are drawn here, in Python, so the page built by MkDocs and the page
updated in the browser (the same code under Pyodide) show byte-identical charts,
and the JavaScript on the page does no arithmetic. Every function returns a
string of SVG; nothing is read or written.

Conventions:

* Colours are never set here. Shapes carry classes (``chart-benefit``,
  ``chart-cost``, ``chart-net`` ...) and the site's stylesheet paints them, so
  light, dark and print palettes come from CSS, and no ``style`` attribute is
  emitted (a strict Content Security Policy stays happy).
* Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` that state
  what it shows in words; the page puts a table of the same numbers next to it.
* Coordinates are rounded to one decimal: enough for a crisp line, and a
  stable string for the same input on every platform.
* Every text is escaped; labels come from visitors' inputs.

>>> ticks(0, 950)
[0, 200, 400, 600, 800, 1000]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from .markup import escape


def num(value: float) -> str:
    """A coordinate as SVG text: one decimal, no trailing ``.0``, no ``-0``.

    >>> num(3.0), num(2.25), num(-0.04), num(12.96)
    ('3', '2.2', '0', '13')
    """
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts ``span`` into about ``count`` parts.

    >>> nice_step(950), nice_step(1), nice_step(37_000, 4)
    (200, 0.2, 10000)
    """
    if span <= 0 or not math.isfinite(span):
        return 1
    raw = span / max(count, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power * (1 + 1e-12):
            step = factor * power
            return int(step) if step >= 1 else float(f"{step:.12g}")
    return 10 * power  # pragma: no cover - the loop always returns


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round, evenly spaced tick values covering ``[low, high]`` (0 among them when the range spans it).

    A range too narrow to split (against the size of its ends) is widened to
    one step around its middle, so equal or nearly equal values still get an axis.

    >>> ticks(-120, 480)
    [-200, 0, 200, 400, 600]
    >>> ticks(0, 0)
    [0, 0.2, 0.4, 0.6, 0.8, 1]
    """
    size = max(abs(low), abs(high), 1e-300)
    if high - low <= size * 1e-9:
        high = low + (size if size > 1e-300 else 1)
    step = nice_step(high - low, count)
    first = math.floor(low / step + 1e-9)
    while first * step > low:
        first -= 1
    last = math.ceil(high / step - 1e-9)
    while last * step < high:
        last += 1
    values = [float(f"{i * step:.12g}") for i in range(first, last + 1)]
    return [int(v) if v.is_integer() else v for v in values]


@dataclass(frozen=True)
class Scale:
    """A linear map from a data interval onto a pixel interval.

    >>> Scale(0, 100, 300, 0)(25)
    225.0
    """

    domain_low: float
    domain_high: float
    range_low: float
    range_high: float

    def __call__(self, value: float) -> float:
        span = self.domain_high - self.domain_low
        share = 0.5 if span == 0 else (value - self.domain_low) / span
        return self.range_low + share * (self.range_high - self.range_low)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    >>> shorten("Average handling time", 12)
    'Average han…'
    """
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def svg(width: int, height: int, body: list[str], *, chart_id: str, title: str, description: str, kind: str) -> str:
    """Wrap ``body`` in an accessible, responsive ``<svg>`` element."""
    return (
        f'<svg class="chart chart-{kind}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def text(x: float, y: float, content: str, cls: str, anchor: str = "start") -> str:
    return f'<text x="{num(x)}" y="{num(y)}" class="{cls}" text-anchor="{anchor}">{escape(content)}</text>'


def line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" class="{cls}"/>'


def rect(x: float, y: float, width: float, height: float, cls: str, label: str = "") -> str:
    """A rectangle; a non-empty ``label`` becomes its tooltip (``<title>``)."""
    if width < 0:
        x, width = x + width, -width
    if height < 0:
        y, height = y + height, -height
    head = f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}" class="{cls}"'
    return f"{head}><title>{escape(label)}</title></rect>" if label else head + "/>"


@dataclass(frozen=True)
class YearBar:
    """One column of the cash-flow chart: a year, its benefits, its costs (positive) and the cumulative net."""

    label: str
    benefits: float
    costs: float
    cumulative: float


def cash_flow_chart(
    bars: Sequence[YearBar], *, money: Callable[[float], str], chart_id: str, title: str, description: str
) -> str:
    """TEI-style chart: benefit bars up, cost bars down, the cumulative net cash flow as a line.

    ``money`` formats an amount for the axis and tooltips (compactly, in the
    chosen currency).

    >>> chart = cash_flow_chart(
    ...     [YearBar("Initial", 0, 100, -100), YearBar("Year 1", 80, 20, -40)],
    ...     money=lambda v: f"{v:g}", chart_id="c", title="Cash flow", description="Two years.")
    >>> chart.count('class="chart-benefit"'), chart.count('class="chart-cost"'), chart.count("<polyline")
    (1, 2, 1)
    """
    width, height = 640, 320
    left, right, top, bottom = 76, 16, 16, 40
    highs = [0.0] + [b.benefits for b in bars] + [b.cumulative for b in bars]
    lows = [0.0] + [-b.costs for b in bars] + [b.cumulative for b in bars]
    grid = ticks(min(lows), max(highs), 5)
    y = Scale(grid[0], grid[-1], height - bottom, top)
    slot = (width - left - right) / max(len(bars), 1)
    bar_width = min(slot * 0.56, 64)
    body: list[str] = []
    for value in grid:
        cls = "chart-axis" if value == 0 else "chart-grid"
        body.append(line(left, y(value), width - right, y(value), cls))
        body.append(text(left - 8, y(value) + 4, money(value), "chart-tick", "end"))
    points = []
    for index, bar in enumerate(bars):
        centre = left + slot * (index + 0.5)
        x0 = centre - bar_width / 2
        if bar.benefits:
            body.append(
                rect(x0, y(0), bar_width, y(bar.benefits) - y(0), "chart-benefit", f"{bar.label}: benefits {money(bar.benefits)}")
            )
        if bar.costs:
            body.append(rect(x0, y(0), bar_width, y(-bar.costs) - y(0), "chart-cost", f"{bar.label}: costs {money(bar.costs)}"))
        body.append(text(centre, height - bottom + 22, bar.label, "chart-label", "middle"))
        points.append((centre, y(bar.cumulative)))
    if points:
        body.append(f'<polyline class="chart-net" points="{" ".join(f"{num(px)},{num(py)}" for px, py in points)}"/>')
        for (px, py), bar in zip(points, bars):
            body.append(
                f'<circle class="chart-net-point" cx="{num(px)}" cy="{num(py)}" r="4.5">'
                f"<title>{escape(bar.label)}: cumulative net {escape(money(bar.cumulative))}</title></circle>"
            )
    return svg(width, height, body, chart_id=chart_id, title=title, description=description, kind="cash-flow")


@dataclass(frozen=True)
class Swing:
    """One driver of the tornado chart: the result when the driver moves down and up."""

    label: str
    low: float
    high: float


def tornado_chart(
    swings: Sequence[Swing], base: float, *, money: Callable[[float], str], chart_id: str, title: str, description: str
) -> str:
    """Tornado chart: one horizontal bar per driver, from the base result to the result with the driver moved.

    The part of a bar produced by lowering a driver has class ``chart-low``,
    the part produced by raising it ``chart-high``; the widest swing is on top
    (pass ``swings`` sorted). A label ``"Metric: input"`` is written on two
    lines, the metric above the input.

    >>> chart = tornado_chart([Swing("Volume", 50, 150), Swing("Rate", 110, 90)], 100,
    ...     money=lambda v: f"{v:g}", chart_id="t", title="Sensitivity", description="Two drivers.")
    >>> chart.count('class="chart-low"'), chart.count('class="chart-high"')
    (2, 2)
    """
    width = 640
    row, top, bottom = 52, 10, 36
    label_width = 262
    left, right = label_width + 12, 24
    height = top + bottom + row * max(len(swings), 1)
    values = [base] + [s.low for s in swings] + [s.high for s in swings]
    grid = ticks(min(values), max(values), 4)
    x = Scale(grid[0], grid[-1], left, width - right)
    body: list[str] = []
    for value in grid:
        body.append(line(x(value), top, x(value), height - bottom, "chart-grid"))
        body.append(text(x(value), height - bottom + 24, money(value), "chart-tick", "middle"))
    for index, swing in enumerate(swings):
        y0 = top + row * index
        middle = y0 + row / 2
        head, _, tail = swing.label.rpartition(": ")
        lines = [shorten(head, 26), shorten(tail, 26)] if head else wrap(swing.label, 26, 2)
        first = middle + 6 - (len(lines) - 1) * 10
        spans = "".join(
            f'<tspan x="{num(label_width)}" y="{num(first + i * 20)}">{escape(part)}</tspan>' for i, part in enumerate(lines)
        )
        body.append(f'<text class="chart-label" text-anchor="end">{spans}</text>')
        for value, cls, move in ((swing.low, "chart-low", "−20%"), (swing.high, "chart-high", "+20%")):
            body.append(rect(x(base), middle - 13, x(value) - x(base), 26, cls, f"{swing.label} {move}: {money(value)}"))
    body.append(line(x(base), top - 4, x(base), height - bottom, "chart-axis"))
    return svg(width, height, body, chart_id=chart_id, title=title, description=description, kind="tornado")


@dataclass(frozen=True)
class Spoke:
    """One axis of the radar chart: a label and a score from 0 to 100 (None when not scored)."""

    label: str
    score: float | None


def wrap(label: str, width: int, lines: int = 3) -> list[str]:
    """``label`` broken into at most ``lines`` lines of about ``width`` characters (the last one shortened).

    Two lines are balanced (split at the space nearest the middle) when both fit.

    >>> wrap("Data hardened for real operation", 16)
    ['Data hardened', 'for real', 'operation']
    >>> wrap("Governance built in", 16), wrap("Workflow", 16)
    (['Governance', 'built in'], ['Workflow'])
    >>> wrap("Supercalifragilistic", 8, 1)
    ['Superca…']
    """
    if len(label) <= width:
        return [label]
    spaces = [i for i, c in enumerate(label) if c == " "]
    if lines >= 2 and spaces:
        cut = min(spaces, key=lambda i: abs(len(label) - 2 * i))
        if max(cut, len(label) - cut - 1) <= width:
            return [label[:cut], label[cut + 1 :]]
    out: list[str] = []
    for word in label.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [shorten(line, width) if i == len(out) - 1 else line for i, line in enumerate(out)]


def radar_chart(
    spokes: Sequence[Spoke], *, threshold: float | None, chart_id: str, title: str, description: str
) -> str:
    """Radar chart of scores from 0 to 100, one spoke per dimension, with rings at 25, 50, 75 and 100.

    ``threshold`` (for example the stage gate at 50) is drawn as a marked ring.
    A spoke without a score is drawn at the centre and its label says so.
    Labels wrap onto up to three lines so that they stay legible when the
    chart is shrunk onto a phone.

    >>> chart = radar_chart([Spoke("A", 100), Spoke("B", 50), Spoke("C", None)], threshold=50,
    ...     chart_id="r", title="Dimensions", description="Three.")
    >>> chart.count('class="chart-point"'), "(no answers)" in chart
    (2, True)
    """
    width, height = 640, 410
    cx, cy, radius = width / 2, 212, 140
    count = max(len(spokes), 1)

    def angle_of(index: int) -> float:
        return -math.pi / 2 + 2 * math.pi * index / count

    def point(index: int, score: float) -> tuple[float, float]:
        distance = radius * max(0.0, min(score, 100.0)) / 100
        return cx + distance * math.cos(angle_of(index)), cy + distance * math.sin(angle_of(index))

    def ring(score: float) -> str:
        return " ".join(f"{num(px)},{num(py)}" for px, py in (point(i, score) for i in range(count)))

    body: list[str] = []
    for level in (25, 50, 75, 100):
        cls = "chart-threshold" if threshold == level else "chart-grid"
        body.append(f'<polygon class="{cls}" points="{ring(level)}"/>')
    if threshold is not None and threshold not in (25, 50, 75, 100):
        body.append(f'<polygon class="chart-threshold" points="{ring(threshold)}"/>')
    for index in range(len(spokes)):
        ex, ey = point(index, 100)
        body.append(line(cx, cy, ex, ey, "chart-grid"))
    scored = [(i, s.score if s.score is not None else 0.0) for i, s in enumerate(spokes)]
    if scored:
        shape = " ".join(f"{num(px)},{num(py)}" for px, py in (point(i, s) for i, s in scored))
        body.append(f'<polygon class="chart-area" points="{shape}"/>')
    for level in (50, 100):
        body.append(text(cx + 5, cy - radius * level / 100 + 14, str(level), "chart-tick"))
    line_height = 21
    for index, spoke in enumerate(spokes):
        if spoke.score is not None:
            px, py = point(index, spoke.score)
            body.append(
                f'<circle class="chart-point" cx="{num(px)}" cy="{num(py)}" r="5.5">'
                f"<title>{escape(spoke.label)}: {spoke.score:g} of 100</title></circle>"
            )
        cos, sin = math.cos(angle_of(index)), math.sin(angle_of(index))
        lx, ly = cx + (radius + 14) * cos, cy + (radius + 14) * sin
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        label = spoke.label if spoke.score is not None else f"{spoke.label} (no answers)"
        lines = wrap(label, 16)
        if sin < -0.5:
            top = ly - (len(lines) - 1) * line_height - 4
        elif sin > 0.5:
            top = ly + 18
        else:
            top = ly + 5 - (len(lines) - 1) * line_height / 2
        spans = "".join(
            f'<tspan x="{num(lx)}" y="{num(top + i * line_height)}">{escape(part)}</tspan>' for i, part in enumerate(lines)
        )
        body.append(f'<text class="chart-label" text-anchor="{anchor}">{spans}</text>')
    return svg(width, height, body, chart_id=chart_id, title=title, description=description, kind="radar")
