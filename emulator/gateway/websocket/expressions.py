"""WebSocket selection expressions: ``\\$default``, ``$request.body.action``, ``${integration.response.statuscode}-x``.

AWS's rules: ``$name.path`` or ``${name.path}`` is a variable, ``\\$`` a literal
dollar, anything else literal text; every variable is evaluated once. An
expression is parsed once into literal parts and variable paths; ``evaluate``
joins them with the values a ``lookup`` gives (missing values are empty).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import orjson

#: ``\$`` (escaped dollar), ``${path}`` or ``$path``.
_TOKEN = re.compile(r"\\\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_.\-]*)")

Part = str | tuple[str, ...]


@lru_cache(maxsize=512)
def parse(expression: str) -> tuple[Part, ...]:
    """Literal strings and variable paths (tuples of names) in order."""
    parts: list[Part] = []
    position = 0
    for found in _TOKEN.finditer(expression):
        if found.start() > position:
            parts.append(expression[position : found.start()])
        if found.group(0) == "\\$":
            parts.append("$")
        else:
            path = (found.group(1) if found.group(1) is not None else found.group(2)).strip()
            parts.append(tuple(path.split(".")))
        position = found.end()
    if position < len(expression):
        parts.append(expression[position:])
    return tuple(parts)


def evaluate(expression: str, lookup: Callable[[tuple[str, ...]], Any]) -> str:
    out: list[str] = []
    for part in parse(expression):
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(as_key(lookup(part)))
    return "".join(out)


def as_key(value: Any) -> str:
    """A looked-up value as selection text: strings as they are, other scalars as JSON, nothing as ``""``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return orjson.dumps(value).decode()


def json_member(document: Any, names: tuple[str, ...]) -> Any:
    """``document.a.b`` of parsed JSON; None where a name is missing."""
    for name in names:
        if not isinstance(document, dict):
            return None
        document = document.get(name)
    return document


def parse_json(text: str | bytes | None) -> Any:
    if not text:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def matches_key(key: str, value: str) -> bool:
    """An integration response key: ``$default`` (handled by the caller), ``/regex/`` or the exact text."""
    if len(key) > 1 and key.startswith("/") and key.endswith("/"):
        return _pattern(key[1:-1]).fullmatch(value) is not None
    return key == value


@lru_cache(maxsize=256)
def _pattern(source: str) -> re.Pattern[str]:
    try:
        return re.compile(source, re.DOTALL)
    except re.error:
        return re.compile(r"(?!)")  # an invalid pattern matches nothing
