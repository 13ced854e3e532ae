"""Logs Insights QL's tokens: names, numbers, durations, strings, regexes and symbols, with their offsets.

``#`` starts a comment to the end of the line. ``/`` opens a regular expression
where a value is expected (after ``like``, ``=~``, ``(`` ...) and divides
elsewhere, as in ``@maxMemoryUsed / 1024``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Token kinds.
NAME, NUMBER, DURATION, STRING, REGEX, SYMBOL, END = (
    "name",
    "number",
    "duration",
    "string",
    "regex",
    "symbol",
    "end",
)

#: Words after which ``/`` starts a regular expression rather than a division.
_REGEX_AFTER_WORDS = frozenset({"like", "parse", "filter", "and", "or", "not", "in"})
_SYMBOLS = ("!=", "<=", ">=", "=~", "|", ",", "(", ")", "[", "]", "=", "<", ">", "+", "-", "*", "/", "%", "^")
_NAME = re.compile(r"[@A-Za-z_$][\w@$.]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_DURATION = re.compile(r"(\d+)([A-Za-z]+)")
_SPACE = re.compile(r"\s+")


class QueryError(Exception):
    """A query that does not compile: AWS's MalformedQueryException, with the offending characters."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.message, self.start, self.end = message, start, end


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str  # the value: a name, the unquoted string, the regex's source, the symbol
    start: int
    end: int  # exclusive

    def is_word(self, *words: str) -> bool:
        return self.kind == NAME and self.text.lower() in words


def unexpected(source: str, token: Token) -> QueryError:
    """AWS's wording for a symbol the grammar does not allow where it stands."""
    found = "<EOF>" if token.kind == END else source[token.start : token.end]
    return unexpected_at(found, token.start, token.end)


def unexpected_at(found: str, start: int, end: int) -> QueryError:
    # AWS's words, as quoted for a sort after a dedup ("unexpected symbol found sort"); where the
    # symbol stands is in the error's location.
    return QueryError(f"unexpected symbol found {found}", start, end)


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    at, size = 0, len(source)
    while at < size:
        char = source[at]
        if char.isspace():
            at = _SPACE.match(source, at).end()  # type: ignore[union-attr]
        elif char == "#":
            newline = source.find("\n", at)
            at = size if newline < 0 else newline
        elif char in "\"'":
            token = _string(source, at)
            tokens.append(token)
            at = token.end
        elif char == "`":
            close = source.find("`", at + 1)
            if close < 0:
                raise QueryError("unterminated quoted field name", at, size)
            tokens.append(Token(NAME, source[at + 1 : close], at, close + 1))
            at = close + 1
        elif char == "/" and _value_expected(tokens):
            token = _regex(source, at)
            tokens.append(token)
            at = token.end
        elif char.isdigit():
            number = _NUMBER.match(source, at)
            assert number is not None
            followed = source[number.end() : number.end() + 1]
            duration = _DURATION.match(source, at) if followed.isalpha() else None  # 5m, 30sec, 1mo
            token = Token(DURATION, duration.group(), at, duration.end()) if duration else None
            tokens.append(token or Token(NUMBER, number.group(), at, number.end()))
            at = tokens[-1].end
        elif (name := _NAME.match(source, at)) is not None:
            tokens.append(Token(NAME, name.group(), at, name.end()))
            at = name.end()
        else:
            symbol = next((s for s in _SYMBOLS if source.startswith(s, at)), None)
            if symbol is None:
                raise unexpected(source, Token(SYMBOL, char, at, at + 1))
            tokens.append(Token(SYMBOL, symbol, at, at + len(symbol)))
            at += len(symbol)
    tokens.append(Token(END, "", size, size))
    return tokens


def _value_expected(tokens: list[Token]) -> bool:
    if not tokens:
        return True
    last = tokens[-1]
    if len(tokens) > 1 and tokens[-2].is_word("parse"):  # parse @message /regex/
        return True
    if last.kind == SYMBOL:
        return last.text not in (")", "]")
    return last.kind == NAME and last.text.lower() in _REGEX_AFTER_WORDS


def _string(source: str, at: int) -> Token:
    quote, chars, index = source[at], [], at + 1
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            chars.append(source[index + 1])
            index += 2
            continue
        if char == quote:
            return Token(STRING, "".join(chars), at, index + 1)
        chars.append(char)
        index += 1
    raise QueryError("unterminated string", at, len(source))


def _regex(source: str, at: int) -> Token:
    """``/.../``: backslashes escape the next character (``\\/`` is a slash); the source is kept as written."""
    index = at + 1
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "/":
            return Token(REGEX, source[at + 1 : index].replace("\\/", "/"), at, index + 1)
        index += 1
    raise QueryError("unterminated regular expression", at, len(source))
