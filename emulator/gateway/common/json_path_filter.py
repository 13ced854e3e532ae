"""JSONPath filters, ``[?(...)]``, as Jayway JsonPath evaluates them.

``@`` is the item tested and ``$`` the document. A path alone tests that it exists (``!@.a``
that it does not). Comparisons follow Jayway's evaluators: numbers compare by value, strings by
text; a number and a string are equal when the string reads as that number; ``<`` and friends
compare only two numbers or two strings; ``=~`` matches a whole string against ``/regex/flags``;
``in``, ``nin``, ``subsetof``, ``anyof``, ``noneof``, ``size``, ``empty`` and ``contains`` are
Jayway's set and size operators. A path that finds nothing is undefined: it equals nothing (so
``!=`` holds) and orders against nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Predicate = Callable[[Any, Any], bool]


class FilterSyntaxError(ValueError):
    pass


class _Undefined:
    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Any = _Undefined()


@dataclass(frozen=True, slots=True, eq=False)
class Filter:
    """A compiled ``[?(...)]``: ``matches(item, root)``."""

    text: str
    predicate: Predicate

    def matches(self, item: Any, root: Any) -> bool:
        return self.predicate(item, root)


# A compiled path as the filter needs it: (item, root) -> its value, a list, or UNDEFINED.
PathReader = Callable[[Any, Any], Any]
PathCompiler = Callable[[str], PathReader]


def parse_filter(text: str, start: int, compile_path: PathCompiler) -> tuple[Filter, int]:
    """The filter whose expression starts at ``start`` (just after ``?(``) and the position just
    after its closing parenthesis."""
    parser = _FilterParser(text, start, compile_path)
    predicate = parser.disjunction()
    parser.skip_blanks()
    if not parser.take(")"):
        raise FilterSyntaxError(f"expected ) at {parser.at} in {text!r}")
    return Filter(text[start - 2 : parser.at], predicate), parser.at


_OPERATORS = ("==", "!=", "<=", ">=", "=~", "<", ">")
_WORD_OPERATORS = ("subsetof", "contains", "noneof", "anyof", "empty", "size", "nin", "in")
_PATH_ENDS = " )=!<>&|,"
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


class _FilterParser:
    def __init__(self, text: str, start: int, compile_path: PathCompiler) -> None:
        self.text = text
        self.at = start
        self.compile_path = compile_path

    def skip_blanks(self) -> None:
        while self.at < len(self.text) and self.text[self.at] == " ":
            self.at += 1

    def take(self, token: str) -> bool:
        self.skip_blanks()
        if self.text.startswith(token, self.at):
            self.at += len(token)
            return True
        return False

    def disjunction(self) -> Predicate:
        terms = [self.conjunction()]
        while self.take("||"):
            terms.append(self.conjunction())
        if len(terms) == 1:
            return terms[0]
        return lambda item, root: any(term(item, root) for term in terms)

    def conjunction(self) -> Predicate:
        terms = [self.unary()]
        while self.take("&&"):
            terms.append(self.unary())
        if len(terms) == 1:
            return terms[0]
        return lambda item, root: all(term(item, root) for term in terms)

    def unary(self) -> Predicate:
        if self.take("!"):
            inner = self.unary()
            return lambda item, root: not inner(item, root)
        if self.take("("):
            inner = self.disjunction()
            if not self.take(")"):
                raise FilterSyntaxError(f"expected ) at {self.at}")
            return inner
        return self.relation()

    def relation(self) -> Predicate:
        left = self.value()
        self.skip_blanks()
        operator = self._operator()
        if operator is None:
            return lambda item, root: _defined(left(item, root))
        right = self.value()
        compare = _COMPARISONS[operator]
        return lambda item, root: compare(left(item, root), right(item, root))

    def _operator(self) -> str | None:
        text = self.text
        for operator in _OPERATORS:
            if text.startswith(operator, self.at):
                self.at += len(operator)
                return operator
        for operator in _WORD_OPERATORS:
            end = self.at + len(operator)
            if text.startswith(operator, self.at) and (end >= len(text) or not text[end].isalnum()):
                self.at = end
                return operator
        return None

    def value(self) -> Callable[[Any, Any], Any]:
        self.skip_blanks()
        text = self.text
        if self.at >= len(text):
            raise FilterSyntaxError("a value is missing")
        char = text[self.at]
        if char in "@$":
            reader = self.compile_path(self._path_text())
            return reader
        constant = self._literal()
        return lambda item, root: constant

    def _path_text(self) -> str:
        text = self.text
        start = self.at
        depth = 0
        quote = ""
        while self.at < len(text):
            char = text[self.at]
            if quote:
                if char == quote and text[self.at - 1] != "\\":
                    quote = ""
            elif char in "'\"":
                quote = char
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and text.startswith("()", self.at):
                self.at += 1
            elif depth == 0 and char in _PATH_ENDS:
                break
            self.at += 1
        return text[start : self.at]

    def _literal(self) -> Any:
        text = self.text
        char = text[self.at]
        if char in "'\"":
            return self._string(char)
        if char == "/":
            return self._regex()
        if char == "[":
            return self._list()
        for word, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, self.at):
                self.at += len(word)
                return value
        number = _NUMBER.match(text, self.at)
        if number is None:
            raise FilterSyntaxError(f"unexpected {char!r} at {self.at}")
        self.at = number.end()
        return float(number.group()) if number.group(1) or number.group(2) else int(number.group())

    def _string(self, quote: str) -> str:
        text = self.text
        chars: list[str] = []
        self.at += 1
        while self.at < len(text) and text[self.at] != quote:
            if text[self.at] == "\\" and self.at + 1 < len(text):
                self.at += 1
            chars.append(text[self.at])
            self.at += 1
        if self.at >= len(text):
            raise FilterSyntaxError("unclosed string")
        self.at += 1
        return "".join(chars)

    def _regex(self) -> re.Pattern[str]:
        text = self.text
        end = self.at + 1
        while end < len(text) and (text[end] != "/" or text[end - 1] == "\\"):
            end += 1
        if end >= len(text):
            raise FilterSyntaxError("unclosed regex")
        source = text[self.at + 1 : end]
        flags = 0
        self.at = end + 1
        while self.at < len(text) and text[self.at] in _REGEX_FLAGS:
            flags |= _REGEX_FLAGS[text[self.at]]
            self.at += 1
        try:
            return re.compile(source, flags)
        except re.error as error:
            raise FilterSyntaxError(str(error)) from None

    def _list(self) -> list[Any]:
        items: list[Any] = []
        self.at += 1
        if self.take("]"):
            return items
        while True:
            self.skip_blanks()
            items.append(self._literal())
            if self.take("]"):
                return items
            if not self.take(","):
                raise FilterSyntaxError(f"expected , or ] at {self.at}")


def _defined(value: Any) -> bool:
    return value is not UNDEFINED


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _as_number(value: Any) -> float | None:
    if _is_number(value):
        return value
    if type(value) is str:
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _equal(left: Any, right: Any) -> bool:
    if left is UNDEFINED or right is UNDEFINED:
        return False
    if _is_number(left) or _is_number(right):
        if type(left) is bool or type(right) is bool:
            return left is right
        a, b = _as_number(left), _as_number(right)
        return a is not None and b is not None and a == b
    return type(left) is type(right) and left == right


def _ordered(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(left: Any, right: Any) -> bool:
        if _is_number(left) and _is_number(right) and type(left) is not bool and type(right) is not bool:
            return test(left, right)
        if type(left) is str and type(right) is str:
            return test(left, right)
        return False

    return compare


def _matches(left: Any, right: Any) -> bool:
    if not isinstance(right, re.Pattern) or left is UNDEFINED or left is None:
        return False
    subject = left if type(left) is str else _java_text(left)
    return right.fullmatch(subject) is not None


def _java_text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _contains(collection: Any, value: Any) -> bool:
    return type(collection) is list and any(_equal(value, member) for member in collection)


def _size(left: Any, right: Any) -> bool:
    return type(left) in (str, list) and _is_number(right) and len(left) == right


def _empty(left: Any, right: Any) -> bool:
    return type(left) in (str, list, dict) and type(right) is bool and (len(left) == 0) == right


def _contains_operator(left: Any, right: Any) -> bool:
    if type(left) is str:
        return type(right) is str and right in left
    return _contains(left, right)


def _lists(test: Callable[[list[Any], list[Any]], bool]) -> Callable[[Any, Any], bool]:
    return lambda left, right: type(left) is list and type(right) is list and test(left, right)


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": _equal,
    "!=": lambda left, right: not _equal(left, right),
    "<": _ordered(lambda a, b: a < b),
    "<=": _ordered(lambda a, b: a <= b),
    ">": _ordered(lambda a, b: a > b),
    ">=": _ordered(lambda a, b: a >= b),
    "=~": _matches,
    "in": lambda left, right: left is not UNDEFINED and _contains(right, left),
    "nin": lambda left, right: left is not UNDEFINED and not _contains(right, left),
    "subsetof": _lists(lambda left, right: all(_contains(right, item) for item in left)),
    "anyof": _lists(lambda left, right: any(_contains(right, item) for item in left)),
    "noneof": _lists(lambda left, right: not any(_contains(right, item) for item in left)),
    "size": _size,
    "empty": _empty,
    "contains": _contains_operator,
}
