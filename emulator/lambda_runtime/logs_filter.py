"""CloudWatch Logs filter patterns for unstructured text: terms, "quoted phrases", ``-excluded`` and ``?optional``.

``ERROR timeout`` matches messages containing both terms; ``?ERROR ?WARN``
messages containing either; ``-DEBUG`` excludes. Matching is case-sensitive, as
on AWS. JSON and space-delimited patterns are not interpreted.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

Matcher = Callable[[str], bool]


def compile_filter(pattern: str | None) -> Matcher:
    if not pattern or not pattern.strip() or pattern.strip() == '""':
        return lambda message: True
    try:
        terms = shlex.split(pattern)
    except ValueError:
        terms = pattern.split()
    required = [t for t in terms if not t.startswith(("?", "-"))]
    optional = [t[1:] for t in terms if t.startswith("?") and len(t) > 1]
    excluded = [t[1:] for t in terms if t.startswith("-") and len(t) > 1]

    def matches(message: str) -> bool:
        if any(term in message for term in excluded):
            return False
        if optional and not any(term in message for term in optional):
            return False
        return all(term in message for term in required)

    return matches
