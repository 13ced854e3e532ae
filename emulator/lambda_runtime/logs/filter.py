"""CloudWatch Logs filter patterns, in the three forms AWS reads.

- Terms: ``ERROR timeout`` (all of them), ``?ERROR ?WARN`` (any), ``-DEBUG`` (none),
  ``"quoted phrases"``; case-sensitive, as on AWS. ``%regex%`` alone searches for a regular expression.
- JSON: ``{ $.level = "ERROR" && ($.latency > 100 || $.user.id NOT EXISTS) }`` on
  messages that are JSON objects; ``=``/``!=`` compare strings (``*`` a wildcard,
  ``%regex%``) or numbers, ``< <= > >=`` numbers; ``IS NULL|TRUE|FALSE``, ``NOT EXISTS``.
- Space-delimited: ``[ip, user, ..., status = 4*, bytes > 1000]`` on a message's
  fields, split at spaces (``"..."`` and ``[...]`` are one field); ``...`` stands for any number of fields.

An extractor answers what a match extracted (TestMetricFilter's ``extractedValues``): each
space-delimited field as ``$name``, or ``$position`` when the pattern leaves it unnamed (under
``...`` too); nothing for other patterns, as the user guide says. None when there is no match.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

import orjson

Matcher = Callable[[str], bool]
Extractor = Callable[[str], dict[str, str] | None]
#: A condition over a lookup of selector -> value (``MISSING`` when absent).
Condition = Callable[[Callable[[str], Any]], bool]


class PatternError(ValueError):
    """A filter pattern AWS would refuse."""


MISSING = object()
_TOKEN = re.compile(
    r'\s*(?:(?P<paren>[()])|(?P<logic>&&|\|\|)|(?P<op>!=|<=|>=|=|<|>)|(?P<string>"(?:[^"\\]|\\.)*")'
    r'|(?P<regex>%[^%]*%)|(?P<word>[^\s()=!<>&|"]+))'
)
_FIELD = re.compile(r'"([^"]*)"|\[([^\]]*)\]|(\S+)')
_SELECTOR_PART = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def compile_filter(pattern: str | None) -> Matcher:
    """Whether a message matches; an empty pattern matches everything. Raises ``PatternError``."""
    text = (pattern or "").strip()
    if not text or text == '""':
        return _always
    if text[0] in "{[":
        extract = compile_extractor(text)
        return lambda message: extract(message) is not None
    if len(text) > 2 and text[0] == text[-1] == "%":
        return _regex(text[1:-1])
    return _terms(text)


def compile_extractor(pattern: str) -> Extractor:
    text = pattern.strip()
    if text.startswith("{"):
        return _json_pattern(text)
    if text.startswith("["):
        return _delimited_pattern(text)
    matches = compile_filter(text)
    return lambda message: {} if matches(message) else None


def _always(message: str) -> bool:
    return True


def _regex(expression: str) -> Matcher:
    try:
        search = re.compile(expression).search
    except re.error:
        raise PatternError(expression) from None
    return lambda message: search(message) is not None


# -- terms ---------------------------------------------------------------------


def _terms(pattern: str) -> Matcher:
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


# -- JSON ----------------------------------------------------------------------


def _json_pattern(pattern: str) -> Extractor:
    if not pattern.endswith("}"):
        raise PatternError(pattern)
    selectors: list[str] = []
    condition = _Parser(pattern[1:-1], selectors).parse()
    paths = {selector: _path(selector) for selector in selectors}

    def extract(message: str) -> dict[str, str] | None:
        if not message.lstrip().startswith("{"):
            return None
        try:
            document = orjson.loads(message)
        except orjson.JSONDecodeError:
            return None
        found: dict[str, Any] = {}

        def lookup(selector: str) -> Any:
            if selector not in found:
                found[selector] = _resolve(document, paths[selector])
            return found[selector]

        return {} if condition(lookup) else None

    return extract


def _path(selector: str) -> list[str | int]:
    if not selector.startswith("$"):
        raise PatternError(selector)
    rest, parts = selector[1:], []
    position = 0
    while position < len(rest):
        part = _SELECTOR_PART.match(rest, position)
        if part is None:
            raise PatternError(selector)
        parts.append(part[1] if part[1] is not None else int(part[2]))
        position = part.end()
    return parts


def _resolve(document: Any, path: list[str | int]) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(document, list) or part >= len(document):
                return MISSING
        elif not isinstance(document, dict) or part not in document:
            return MISSING
        document = document[part]
    return document


# -- space-delimited -------------------------------------------------------------


def _delimited_pattern(pattern: str) -> Extractor:
    if not pattern.endswith("]"):
        raise PatternError(pattern)
    inner = pattern[1:-1].strip()
    if not inner:
        return lambda message: {}
    names: list[str | None] = []  # None: the ellipsis; "": a field left unnamed
    conditions: list[Condition] = []
    for field in _split_fields(inner):
        if field in ("...", "\u2026"):
            names.append(None)
        elif not field or re.fullmatch(r"[\w\-.]+", field):
            names.append(field)
        else:
            selectors: list[str] = []
            conditions.append(_Parser(field, selectors).parse())
            names.append(selectors[0])
    if names.count(None) > 1:
        raise PatternError(pattern)
    ellipsis = names.index(None) if None in names else -1
    before = names[:ellipsis] if ellipsis >= 0 else names
    after = names[ellipsis + 1 :] if ellipsis >= 0 else []

    def extract(message: str) -> dict[str, str] | None:
        values = [m[1] if m[1] is not None else m[2] if m[2] is not None else m[3] for m in _FIELD.finditer(message)]
        if len(values) < len(before) + len(after) or (ellipsis < 0 and len(values) != len(names)):
            return None
        # Each field by its name in the pattern, or (unnamed, or under the ellipsis) by its 1-based position.
        labels = [str(position) for position in range(1, len(values) + 1)]
        labels[: len(before)] = [name or label for name, label in zip(before, labels, strict=False)]
        if after:
            labels[len(values) - len(after) :] = [
                name or label for name, label in zip(after, labels[len(values) - len(after) :], strict=True)
            ]
        fields = dict(zip(labels, values, strict=True))

        def lookup(name: str) -> Any:
            return fields.get(name, MISSING)

        if not all(condition(lookup) for condition in conditions):
            return None
        return {f"${label}": value for label, value in fields.items()}

    return extract


def _split_fields(inner: str) -> list[str]:
    """The pattern's fields, split at commas outside quotes (an empty one is a field left unnamed)."""
    fields, current, quoted = [], [], False
    for char in inner:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            fields.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    fields.append("".join(current).strip())
    return fields


# -- conditions (JSON expressions, and a space-delimited field's test) -------------


class _Parser:
    """``or := and ('||' and)*; and := primary ('&&' primary)*; primary := '(' or ')' | condition``."""

    def __init__(self, text: str, selectors: list[str]) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = text.strip()
        while position < len(text):
            token = _TOKEN.match(text, position)
            if token is None or token.end() == position:
                raise PatternError(text)
            kind = token.lastgroup or ""
            self.tokens.append((kind, token[kind]))
            position = token.end()
            while position < len(text) and text[position].isspace():
                position += 1
        self.position = 0
        self.selectors = selectors

    def parse(self) -> Condition:
        condition = self._or()
        if self.position != len(self.tokens):
            raise PatternError("trailing tokens")
        return condition

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if not token[0]:
            raise PatternError("unexpected end")
        self.position += 1
        return token

    def _or(self) -> Condition:
        terms = [self._and()]
        while self._peek() == ("logic", "||"):
            self._take()
            terms.append(self._and())
        return terms[0] if len(terms) == 1 else (lambda lookup: any(term(lookup) for term in terms))

    def _and(self) -> Condition:
        terms = [self._primary()]
        while self._peek() == ("logic", "&&"):
            self._take()
            terms.append(self._primary())
        return terms[0] if len(terms) == 1 else (lambda lookup: all(term(lookup) for term in terms))

    def _primary(self) -> Condition:
        if self._peek() == ("paren", "("):
            self._take()
            inner = self._or()
            if self._take() != ("paren", ")"):
                raise PatternError("unbalanced parentheses")
            return inner
        kind, selector = self._take()
        if kind != "word":
            raise PatternError(selector)
        if selector not in self.selectors:
            self.selectors.append(selector)
        kind, word = self._take()
        if kind == "word" and word.upper() in ("IS", "NOT"):
            return _keyword_test(selector, word.upper(), self._take()[1].upper())
        if kind != "op":
            raise PatternError(word)
        return _comparison(selector, word, self._take())


def _keyword_test(selector: str, keyword: str, operand: str) -> Condition:
    if keyword == "NOT" and operand == "EXISTS":
        return lambda lookup: lookup(selector) is MISSING
    expected = {"NULL": None, "TRUE": True, "FALSE": False}
    if keyword != "IS" or operand not in expected:
        raise PatternError(f"{keyword} {operand}")
    wanted = expected[operand]
    return lambda lookup: (value := lookup(selector)) is not MISSING and value is wanted


def _comparison(selector: str, op: str, operand: tuple[str, str]) -> Condition:
    kind, raw = operand
    if kind == "string":
        literal: str = orjson.loads(raw)
    elif kind in ("word", "regex"):
        literal = raw
    else:
        raise PatternError(raw)
    number = _number(literal) if kind == "word" else None
    if op in ("<", "<=", ">", ">="):
        if number is None:
            raise PatternError(raw)
        compare = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__}[op]
        return lambda lookup: (value := _number(lookup(selector))) is not None and compare(value, number)
    if kind == "regex":
        search = _regex(literal[1:-1])
        test: Callable[[Any], bool] = lambda value: isinstance(value, str) and search(value)  # noqa: E731
    elif number is not None:
        test = lambda value: _number(value) == number or value == literal  # noqa: E731
    else:
        test = _wildcard(literal)
    # Only a string or a number is compared: a missing field, an object, an array, a boolean or null
    # matches neither = nor != (the user guide's "JSON special considerations").
    if op == "=":
        return lambda lookup: _comparable(value := lookup(selector)) and test(value)
    return lambda lookup: _comparable(value := lookup(selector)) and not test(value)


def _comparable(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool))


def _wildcard(literal: str) -> Callable[[Any], bool]:
    """A string test: ``*`` at the start or end matches any text there; elsewhere it is itself."""
    core = literal.strip("*")
    leading, trailing = literal.startswith("*"), literal.endswith("*") and len(literal) > 1
    if not core:
        return lambda value: True
    if leading and trailing:
        return lambda value: isinstance(value, str) and core in value
    if leading:
        return lambda value: isinstance(value, str) and value.endswith(core)
    if trailing:
        return lambda value: isinstance(value, str) and value.startswith(core)
    return lambda value: value == literal


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
