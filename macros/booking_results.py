"""The book page's "You are booking about: ..." line: the element it is shown in, with its data.

A calculator's booking link ("... about these results") opens the booking page with a short
query: ``calculator`` and the keys its view writes (:func:`calculators.web.booking_query`).
docs/assets/javascripts/booking-link.js reads that query, accepts only a value the calculator's
booking keys allow (:func:`calculators.web.booking_keys`), and shows their texts in the element
rendered here. The keys travel as a ``data-`` attribute (JSON), because the site's Content
Security Policy allows no inline script.

>>> print(booking_results_element({"tip": [{"key": "share", "text": "a tip of {}", "pattern": "[0-9]+"}]}))
<p class="booking-results" data-booking-results data-calculators="{&quot;tip&quot;: [{&quot;key&quot;: &quot;share&quot;, &quot;text&quot;: &quot;a tip of {}&quot;, &quot;pattern&quot;: &quot;[0-9]+&quot;}]}" hidden></p>
"""

from __future__ import annotations

import json
from html import escape


def booking_results_element(calculators: dict[str, list[dict]]) -> str:
    """The hidden paragraph booking-link.js fills (with textContent) and shows."""
    data = escape(json.dumps(calculators, ensure_ascii=False))
    return f'<p class="booking-results" data-booking-results data-calculators="{data}" hidden></p>'
