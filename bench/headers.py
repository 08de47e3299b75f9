"""Read a ``_headers`` file, the response-header rules of static hosts (Netlify, Cloudflare Pages).

The format: a URL pattern on its own line, then indented ``Name: value`` lines that apply to
every path it matches. ``*`` in a pattern matches any run of characters. Lines starting with
``#`` are comments. The benchmark's server applies these rules the way such a host does, so a
warm visit in the benchmark sees the caching a visitor would get.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    """One pattern and the headers it sets."""

    pattern: str
    headers: tuple[tuple[str, str], ...]

    def matches(self, path: str) -> bool:
        """True when the URL path (no query) matches the pattern.

        >>> Rule("/assets/*", ()).matches("/assets/a.js"), Rule("/assets/*", ()).matches("/a.js")
        (True, False)
        >>> Rule("/x/*.min.js", ()).matches("/x/bundle.12ab.min.js")
        True
        """
        regex = "^" + ".*".join(re.escape(part) for part in self.pattern.split("*")) + "$"
        return re.match(regex, path) is not None


def parse(text: str) -> list[Rule]:
    """The rules of a ``_headers`` file, in order.

    >>> parse("# cache\\n/a/*\\n  Cache-Control: max-age=60\\n  X-A: 1\\n/b\\n  X-B: 2\\n")
    [Rule(pattern='/a/*', headers=(('Cache-Control', 'max-age=60'), ('X-A', '1'))), Rule(pattern='/b', headers=(('X-B', '2'),))]
    """
    rules: list[Rule] = []
    pattern: str | None = None
    headers: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if pattern is not None:
                rules.append(Rule(pattern, tuple(headers)))
            pattern, headers = line.strip(), []
            continue
        name, colon, value = line.strip().partition(":")
        if pattern is None or not colon or not name.strip():
            raise ValueError(f"_headers line {number}: expected 'Name: value' under a URL pattern, got {line!r}")
        headers.append((name.strip(), value.strip()))
    if pattern is not None:
        rules.append(Rule(pattern, tuple(headers)))
    return rules


def read(site_dir: Path) -> list[Rule]:
    """The rules of ``site_dir/_headers``, or none when the site has no such file."""
    path = site_dir / "_headers"
    return parse(path.read_text(encoding="utf-8")) if path.is_file() else []


def headers_for(rules: list[Rule], path: str) -> dict[str, str]:
    """The headers the rules give ``path``; a later rule's value for a name wins.

    >>> headers_for(parse("/*\\n  A: 1\\n/x\\n  A: 2\\n  B: 3\\n"), "/x")
    {'A': '2', 'B': '3'}
    """
    merged: dict[str, str] = {}
    for rule in rules:
        if rule.matches(path):
            merged.update(rule.headers)
    return merged
