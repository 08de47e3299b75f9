"""Tests for calculators.web.charts: tick choice, scales, label wrapping and the three inline SVG charts."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ElementTree

from hypothesis import given
from hypothesis import strategies as st

from calculators.web import charts

SVG = "{http://www.w3.org/2000/svg}"
finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


def parse(svg_text: str) -> ElementTree.Element:
    """The chart as XML: it must be well-formed to be parsed at all."""
    return ElementTree.fromstring(svg_text)


def money(value: float) -> str:
    return f"{value:,.0f}"


@given(finite, finite)
def test_ticks_cover_the_range_with_round_even_steps(a, b):
    low, high = min(a, b), max(a, b)
    values = charts.ticks(low, high)
    assert values[0] <= low + 1e-9 * max(1, abs(low)) and values[-1] >= high - 1e-9 * max(1, abs(high))
    steps = [y - x for x, y in zip(values, values[1:])]  # relative: a range of 2e-6 has steps of 5e-7
    assert max(steps) - min(steps) <= 1e-6 * max(steps)
    if low < 0 < high:
        assert 0 in values
    assert 2 <= len(values) <= 12


def test_nice_steps_are_one_two_or_five_times_a_power_of_ten():
    for span in (0.37, 1, 9, 950, 12_345, 7.5e8):
        step = charts.nice_step(span)
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 9) in (1, 2, 5, 10)


def test_scale_maps_domain_onto_range():
    y = charts.Scale(0, 200, 300, 100)
    assert (y(0), y(100), y(200)) == (300, 200, 100)
    assert charts.Scale(5, 5, 0, 10)(5) == 5  # an empty domain maps to the middle


def test_num_is_short_and_never_negative_zero():
    assert [charts.num(v) for v in (0.0, -0.01, 10.0, 10.26, -3.5)] == ["0", "0", "10", "10.3", "-3.5"]


def test_wrap_balances_two_lines_and_shortens_the_last():
    assert charts.wrap("Accountable business owner", 16) == ["Accountable", "business owner"]
    assert charts.wrap("Short", 16) == ["Short"]
    lines = charts.wrap("a very long label that will never fit in two short lines", 10, 3)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(len(line) <= 10 for line in lines)


def test_cash_flow_chart_draws_bars_line_and_text_alternative():
    bars = [
        charts.YearBar("Initial", 0, 150, -150),
        charts.YearBar("Year 1", 100, 50, -100),
        charts.YearBar("Year 2", 300, 50, 150),
    ]
    root = parse(charts.cash_flow_chart(bars, money=money, chart_id="cf", title="Cash <flow>", description="Desc"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "cf-title cf-desc"
    assert root.find(f"{SVG}title").text == "Cash <flow>"
    benefits = root.findall(f".//{SVG}rect[@class='chart-benefit']")
    costs = root.findall(f".//{SVG}rect[@class='chart-cost']")
    assert len(benefits) == 2 and len(costs) == 3
    # Heights are proportional to the amounts: 300 of benefit is three times 100.
    heights = sorted(float(r.get("height")) for r in benefits)
    assert math.isclose(heights[1], 3 * heights[0], rel_tol=0.02)
    # Costs hang below the zero axis, benefits stand on it.
    axis_y = float(root.find(f".//{SVG}line[@class='chart-axis']").get("y1"))
    assert all(math.isclose(float(r.get("y")) + float(r.get("height")), axis_y, abs_tol=0.11) for r in benefits)
    assert all(math.isclose(float(r.get("y")), axis_y, abs_tol=0.11) for r in costs)
    points = root.find(f".//{SVG}polyline[@class='chart-net']").get("points").split()
    assert len(points) == 3
    assert [t.text for t in root.findall(f".//{SVG}text[@class='chart-label']")] == ["Initial", "Year 1", "Year 2"]


def test_tornado_chart_puts_each_side_of_the_base():
    swings = [charts.Swing("Handling time: baseline", 40, 180), charts.Swing("Discount rate", 110, 90)]
    root = parse(charts.tornado_chart(swings, 100, money=money, chart_id="t", title="T", description="D"))
    axis = root.find(f".//{SVG}line[@class='chart-axis']")
    base_x = float(axis.get("x1"))
    lows = root.findall(f".//{SVG}rect[@class='chart-low']")
    highs = root.findall(f".//{SVG}rect[@class='chart-high']")
    assert len(lows) == len(highs) == 2
    # The first driver lowers the result when lowered: its low bar ends at the base, on the left.
    assert math.isclose(float(lows[0].get("x")) + float(lows[0].get("width")), base_x, abs_tol=0.11)
    assert math.isclose(float(highs[0].get("x")), base_x, abs_tol=0.11)
    # The widest swing is drawn widest.
    width = lambda r: float(r.get("width"))  # noqa: E731
    assert width(lows[0]) + width(highs[0]) > width(lows[1]) + width(highs[1])
    spans = [t.text for t in root.findall(f".//{SVG}tspan")]
    assert spans[:2] == ["Handling time", "baseline"]


def test_radar_chart_marks_threshold_and_unscored_spokes():
    spokes = [charts.Spoke("Data", 100), charts.Spoke("Governance", 25.0), charts.Spoke("Focus", None)]
    root = parse(charts.radar_chart(spokes, threshold=50, chart_id="r", title="R", description="D"))
    assert len(root.findall(f".//{SVG}circle[@class='chart-point']")) == 2
    assert len(root.findall(f".//{SVG}polygon[@class='chart-threshold']")) == 1
    labels = [" ".join(t.itertext()) for t in root.findall(f".//{SVG}text[@class='chart-label']")]
    assert labels == ["Data", "Governance", "Focus (no answers)"]
    # A score of 100 sits on the outer ring: 140 units from the centre, straight up.
    area = root.find(f".//{SVG}polygon[@class='chart-area']").get("points").split()
    x, y = (float(v) for v in area[0].split(","))
    assert (x, y) == (320, 212 - 140)


def test_charts_escape_labels_and_carry_no_inline_style():
    hostile = '<script>alert(1)</script>" onload="x'
    texts = [
        charts.cash_flow_chart([charts.YearBar(hostile, 1, 1, 0)], money=money, chart_id="a", title=hostile, description=hostile),
        charts.tornado_chart([charts.Swing(hostile, 1, 2)], 1.5, money=money, chart_id="b", title="t", description="d"),
        charts.radar_chart([charts.Spoke(hostile, 50)], threshold=None, chart_id="c", title="t", description="d"),
    ]
    for text in texts:
        root = parse(text)
        assert "<script>" not in text
        for element in root.iter():
            assert "style" not in element.attrib
            assert not any(name.startswith("on") for name in element.attrib)
