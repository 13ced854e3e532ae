"""PartiQL tokens: the subset of the language DynamoDB accepts.

Strings are single-quoted (``'it''s'``), identifiers bare or double-quoted
(``"my table"``); keywords are bare identifiers compared case-insensitively
by the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...aws.errors import ValidationException

TokenKind = Literal["string", "quoted", "name", "number", "symbol", "end"]

MALFORMED = "Statement wasn't well formed, can't be processed: "

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|--[^\n]*|/\*[\s\S]*?\*/)
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<symbol><<|>>|<=|>=|<>|!=|[=<>()\[\]{},.:?*+\-;])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    #: The token's value: unquoted text for strings and quoted names, as written otherwise.
    value: str
    position: int

    def is_keyword(self, *words: str) -> bool:
        return self.kind == "name" and self.text.upper() in words


def tokenize(statement: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    length = len(statement)
    while position < length:
        match = _TOKEN.match(statement, position)
        if match is None:
            if statement[position] in "#'\"" or statement.startswith("/*", position):
                # A hash comment, an unterminated block comment: nothing after the colon
                # (dynamodb-conformance tier3 partiqlGrammar, eu-west-2, 2026-10); an
                # unterminated quote likewise (dynoxide's AWS captures R16-R18, 2026-08).
                raise ValidationException(MALFORMED)
            raise ValidationException(MALFORMED + f"Unexpected character: {statement[position]!r}")
        kind = match.lastgroup
        text = match.group()
        if kind == "string":
            tokens.append(Token("string", text, text[1:-1].replace("''", "'"), position))
        elif kind == "quoted":
            tokens.append(Token("quoted", text, text[1:-1].replace('""', '"'), position))
        elif kind != "space":
            tokens.append(Token(kind, text, text, position))  # type: ignore[arg-type]
        position = match.end()
    tokens.append(Token("end", "<EOF>", "", length))
    return tokens


def place(source: str, token: Token, length: int) -> str:
    """Where a token sits, as AWS's PartiQL messages say it: ``line:column:length``, 1-based."""
    line_start = source.rfind("\n", 0, token.position) + 1
    return f"{source.count(chr(10), 0, token.position) + 1}:{token.position - line_start + 1}:{length}"
