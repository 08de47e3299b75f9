"""Tests for mkdocs_calculators.markers: a calculator marker found in every form HTML allows, and
anything else that carries data-calculator refused with the tag quoted."""

from __future__ import annotations

import pytest

from mkdocs_calculators.markers import MarkerError, replace_markers


def names(html: str) -> list[str]:
    found: list[str] = []
    replace_markers(html, lambda name: found.append(name) or "")
    return found


@pytest.mark.parametrize("marker", [
    '<div data-calculator="tip"></div>',
    "<div data-calculator='tip'></div>",
    "<div data-calculator=tip></div>",
    '<div data-calculator="tip"/>',
    '<div data-calculator="tip" />',
    '<div class="wide" data-calculator="tip"></div>',
    '<div data-calculator="tip" id="x">\n</div>',
    '<DIV DATA-CALCULATOR="tip"></DIV>',
    '<div\n  data-calculator = "tip"\n></div >',
])
def test_every_form_of_the_marker_is_one_marker(marker):
    html, count = replace_markers(f"<p>before</p>{marker}<p>after</p>", lambda name: f"[{name}]")
    assert (html, count) == ("<p>before</p>[tip]<p>after</p>", 1)


def test_several_markers_keep_their_order_and_names():
    assert names('<div data-calculator="a"></div><p>x</p><div data-calculator=\'b\'/>') == ["a", "b"]


@pytest.mark.parametrize("tag", [
    '<div data-calculator="tip">text inside</div>',
    '<section data-calculator="tip"></section>',
    '<span data-calculator="tip"></span>',
])
def test_a_tag_that_is_not_a_marker_fails_with_the_tag_quoted(tag):
    with pytest.raises(MarkerError) as raised:
        replace_markers(f"<p>x</p>{tag}", str)
    message = str(raised.value)
    assert message.startswith(tag[:tag.index(">") + 1]) and '<div data-calculator="NAME"></div>' in message
    assert "\n" not in message


@pytest.mark.parametrize("html", [
    '<pre><code>&lt;div data-calculator="tip"&gt;&lt;/div&gt;</code></pre>',  # shown, not a tag
    '<div data-calculators="roi readiness"></div>',  # another attribute (the booking page's)
    '<p data-calculator-note="x">n</p>',
])
def test_text_and_other_attributes_are_left_alone(html):
    assert replace_markers(html, str) == (html, 0)
