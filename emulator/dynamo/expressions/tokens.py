"""The expression tokenizer and the token stream the parsers read.

One tokenizer serves every expression kind; keywords are plain ``name`` tokens
that each grammar recognises itself, because each grammar reserves different
words (``SET`` in updates, ``AND`` in conditions).
"""

from __future__ import annotations

import re
from typing import NamedTuple, NoReturn

from .errors import ExpressionError


class Token(NamedTuple):
    kind: str  # name, attr_name (#x), attr_value (:x), number, op, bad, eof
    text: str
    start: int
    end: int


_TOKEN = re.compile(
    r"""
      (?P<name>[A-Za-z][A-Za-z0-9_]*)
    | (?P<attr_name>\#[A-Za-z0-9_]+)
    | (?P<attr_value>:[A-Za-z0-9_]+)
    | (?P<number>[0-9]+)
    | (?P<op><>|<=|>=|[=<>()\[\],.+\-])
    | (?P<space>\s+)
    | (?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(source: str) -> list[Token]:
    tokens = [
        Token(match.lastgroup, match.group(), match.start(), match.end())  # type: ignore[arg-type]
        for match in _TOKEN.finditer(source)
        if match.lastgroup != "space"
    ]
    end = tokens[-1].end if tokens else 0
    tokens.append(Token("eof", "<EOF>", end, end))
    return tokens


class SyntaxFailure(Exception):
    """Parsing stopped at token ``index``; alternatives keep the furthest failure."""

    def __init__(self, index: int) -> None:
        self.index = index


class TokenStream:
    """Tokens with a cursor; parsers advance it and fail at the token they cannot use."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def at_op(self, text: str) -> bool:
        token = self.tokens[self.index]
        return token.kind == "op" and token.text == text

    def at_keyword(self, word: str) -> bool:
        token = self.tokens[self.index]
        return token.kind == "name" and token.text.upper() == word

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept_op(self, text: str) -> bool:
        if self.at_op(text):
            self.index += 1
            return True
        return False

    def expect_op(self, text: str) -> None:
        if not self.accept_op(text):
            self.fail()

    def fail(self) -> NoReturn:
        raise SyntaxFailure(self.index)

    def syntax_error(self, failure: SyntaxFailure) -> ExpressionError:
        """AWS's message: the offending token, and the text from the token before it
        to the token after it."""
        tokens, at = self.tokens, failure.index
        token = tokens[at]
        start = tokens[at - 1].start if at else token.start
        if token.kind == "eof":
            end = tokens[at - 1].end if at else 0
        else:
            following = tokens[at + 1]
            end = following.end if following.kind != "eof" else token.end
        return ExpressionError(f'Syntax error; token: "{token.text}", near: "{self.source[start:end]}"')
