"""What the view knows of the site it renders for: where the page sits and what the site links to.

The core knows no page and no URL. A view that links somewhere (a readiness blocker to its
playbook step) or mentions the site's offer (the booking note) gets it from a :class:`Site`,
which the MkDocs plugin fills from its configuration for each page and which the page hands to
the browser worker with every request, as JSON. Every link is relative to the page: ``root`` is
the way from the page to the site's root (``"../../"``), so a site served under a sub-path
works.

>>> site = Site.from_json({"root": "../", "links": {"playbook": "playbook/{id}/"}})
>>> site.link("playbook", "harden-the-data"), site.link("playbook", "build-governance-in", "ownership")
('../playbook/harden-the-data/', '../playbook/build-governance-in/#ownership')
>>> site.link("glossary", "npv") is None, Site.from_json("<script>").root
(True, '')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Site:
    """``root``: the page's way to the site root; ``links``: a path pattern per kind of reference
    (``{"playbook": "playbook/{id}/"}``); ``booking_note``: a sentence with ``{summary}`` where
    the view puts what a booking shares (empty: no note)."""

    root: str = ""
    links: dict[str, str] = field(default_factory=dict)
    booking_note: str = ""

    @classmethod
    def from_json(cls, data: Any) -> "Site":
        """A Site from the page's JSON; anything that is not a string where one is due is ignored."""
        if not isinstance(data, dict):
            return cls()
        text = lambda key: data.get(key) if isinstance(data.get(key), str) else ""  # noqa: E731
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        return cls(
            root=text("root"),
            links={k: v for k, v in links.items() if isinstance(k, str) and isinstance(v, str)},
            booking_note=text("booking_note"),
        )

    def link(self, kind: str, target: str, section: str = "") -> str | None:
        """The page-relative URL of reference ``target`` of ``kind``, or None when the site has none."""
        pattern = self.links.get(kind)
        if pattern is None:
            return None
        return self.root + pattern.replace("{id}", target) + (f"#{section}" if section else "")
