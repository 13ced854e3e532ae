"""Amazon Ion text, as DynamoDB exports, imports and bulk puts write items in it.

A record is a top-level struct (``{Item: {...}}``), optionally preceded by the version marker
``$ion_1_0``. Its item maps to DynamoDB JSON as AWS's Ion mapping says: strings (and symbols)
are S, ints and decimals N (their digits kept), bools BOOL, null NULL, blobs B, lists L,
structs M, and lists annotated ``$dynamodb_SS`` / ``$dynamodb_NS`` / ``$dynamodb_BS`` the sets.
The reader covers Ion text's values (comments, annotations, long strings, quoted symbols, blobs
and clobs, s-expressions read as lists, timestamps kept as their text); binary Ion is not read.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

VERSION_MARKER = "$ion_1_0"
_SETS = {"$dynamodb_SS": "SS", "$dynamodb_NS": "NS", "$dynamodb_BS": "BS"}
_TIMESTAMP = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?T[^\s,\]\)\}]*|\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d[\d_]*(?:\.[\d_]*)?(?:[dDeE][+-]?\d+)?)")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z]+)?")
_SIMPLE_ESCAPES = {
    "a": "\a", "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "v": "\v",
    "?": "?", "0": "\0", "'": "'", '"': '"', "/": "/", "\\": "\\", "\n": "",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class IonError(ValueError):
    pass


class Symbol(str):
    """An Ion symbol (a string to DynamoDB, but a keyword is not a symbol)."""


@dataclass(frozen=True, slots=True)
class Number:
    text: str


@dataclass(frozen=True, slots=True)
class Blob:
    base64: str


@dataclass(frozen=True, slots=True)
class Annotated:
    annotations: tuple[str, ...]
    value: Any


class Reader:
    """Reads top-level values one at a time, tracking the line each starts on."""

    def __init__(self, text: str, position: int = 0) -> None:
        self.text = text
        self.position = position

    def skip_space(self) -> None:
        text, end = self.text, len(self.text)
        while self.position < end:
            if text[self.position].isspace():
                self.position += 1
            elif text.startswith("//", self.position):
                newline = text.find("\n", self.position)
                self.position = end if newline < 0 else newline
            elif text.startswith("/*", self.position):
                close = text.find("*/", self.position + 2)
                if close < 0:
                    raise IonError("unterminated comment")
                self.position = close + 2
            else:
                return

    def value(self) -> Any:
        self.skip_space()
        annotations = []
        while True:
            start = self.position
            symbol = self._symbol_token()
            if symbol is None:
                break
            self.skip_space()
            if self.text.startswith("::", self.position):
                self.position += 2
                self.skip_space()
                annotations.append(symbol)
                continue
            self.position = start
            break
        found = self._bare_value()
        return Annotated(tuple(annotations), found) if annotations else found

    def _symbol_token(self) -> str | None:
        if self.text.startswith("'''", self.position):
            return None
        if self.text.startswith("'", self.position):
            return self._quoted("'")
        match = _IDENTIFIER.match(self.text, self.position)
        if match is None or match.group() in ("true", "false", "nan") or match.group().startswith("null"):
            return None
        self.position = match.end()
        return match.group()

    def _bare_value(self) -> Any:
        text, position = self.text, self.position
        if position >= len(text):
            raise IonError("a value is missing")
        char = text[position]
        if text.startswith("{{", position):
            return self._lob()
        if char == "{":
            return self._struct()
        if char in "[(":
            return self._sequence("]" if char == "[" else ")")
        if text.startswith("'''", position):
            return self._long_strings()
        if char == '"':
            return self._quoted('"')
        if char == "'":
            return Symbol(self._quoted("'"))
        return self._scalar()

    def _scalar(self) -> Any:
        text, position = self.text, self.position
        for literal, meaning in (("+inf", float("inf")), ("-inf", float("-inf"))):
            if text.startswith(literal, position):
                self.position += len(literal)
                return meaning
        timestamp = _TIMESTAMP.match(text, position)
        if timestamp is not None:
            self.position = timestamp.end()
            return timestamp.group()
        number = _NUMBER.match(text, position)
        if number is not None:
            self.position = number.end()
            return _number(number.group())
        word = _IDENTIFIER.match(text, position)
        if word is None:
            raise IonError(f"unexpected {text[position]!r}")
        self.position = word.end()
        keyword = word.group()
        if keyword in ("true", "false"):
            return keyword == "true"
        if keyword == "nan":
            return float("nan")
        return None if keyword.startswith("null") else Symbol(keyword)

    def _struct(self) -> dict[str, Any]:
        self.position += 1
        fields: dict[str, Any] = {}
        while True:
            self.skip_space()
            if self.text.startswith("}", self.position):
                self.position += 1
                return fields
            name = self._field_name()
            self.skip_space()
            if not self.text.startswith(":", self.position):
                raise IonError("a field name is not followed by ':'")
            self.position += 1
            fields[name] = self.value()
            self._separator("}")

    def _field_name(self) -> str:
        if self.text.startswith("'''", self.position):
            return self._long_strings()
        if self.text.startswith('"', self.position):
            return self._quoted('"')
        name = self._symbol_token()
        if name is None:
            raise IonError("a field name is missing")
        return name

    def _sequence(self, close: str) -> list[Any]:
        self.position += 1
        values: list[Any] = []
        while True:
            self.skip_space()
            if self.text.startswith(close, self.position):
                self.position += 1
                return values
            values.append(self.value())
            if close == "]":
                self._separator("]")

    def _separator(self, close: str) -> None:
        self.skip_space()
        if self.text.startswith(",", self.position):
            self.position += 1
        elif not self.text.startswith(close, self.position):
            raise IonError(f"expected ',' or {close!r}")

    def _lob(self) -> Blob:
        close = self.text.find("}}", self.position)
        if close < 0:
            raise IonError("unterminated blob")
        inside = self.text[self.position + 2 : close].strip()
        self.position = close + 2
        if inside.startswith(('"', "'''")):  # a clob: its text's bytes
            clob = Reader(inside)
            text = clob._long_strings() if inside.startswith("'''") else clob._quoted('"')
            return Blob(base64.b64encode(text.encode("latin-1")).decode())
        compact = "".join(inside.split())
        try:
            base64.b64decode(compact, validate=True)
        except ValueError:
            raise IonError("a blob is not base64") from None
        return Blob(compact)

    def _long_strings(self) -> str:
        parts = []
        while self.text.startswith("'''", self.position):
            self.position += 3
            parts.append(self._until("'''"))
            self.skip_space()
        return "".join(parts)

    def _quoted(self, quote: str) -> str:
        self.position += 1
        return self._until(quote)

    def _until(self, close: str) -> str:
        text, out = self.text, []
        while True:
            if self.position >= len(text):
                raise IonError("unterminated string")
            if text.startswith(close, self.position):
                self.position += len(close)
                return "".join(out)
            char = text[self.position]
            if char == "\\":
                out.append(self._escape())
            elif char == "\n" and len(close) == 1:
                raise IonError("a newline inside a quoted string")
            else:
                out.append(char)
                self.position += 1

    def _escape(self) -> str:
        code = self.text[self.position + 1 : self.position + 2]
        if code in _SIMPLE_ESCAPES:
            self.position += 2
            return _SIMPLE_ESCAPES[code]
        width = _HEX_ESCAPES.get(code)
        digits = self.text[self.position + 2 : self.position + 2 + (width or 0)]
        if width is None or len(digits) != width:
            raise IonError("a bad escape")
        try:
            char = chr(int(digits, 16))
        except ValueError:
            raise IonError("a bad escape") from None
        self.position += 2 + width
        return char


def _number(text: str) -> Number:
    digits = text.replace("_", "")
    body = digits.lstrip("-")
    if body[:2] in ("0x", "0X", "0b", "0B"):
        value = int(body[2:], 16 if body[1] in "xX" else 2)
        return Number(str(-value if digits.startswith("-") else value))
    return Number(digits.replace("d", "e").replace("D", "e"))


def dynamodb_value(value: Any) -> dict[str, Any]:
    """The DynamoDB JSON AttributeValue of an Ion value."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": str(value)}
    if isinstance(value, Number):
        return {"N": value.text}
    if isinstance(value, Blob):
        return {"B": value.base64}
    if isinstance(value, list):
        return {"L": [dynamodb_value(member) for member in value]}
    if isinstance(value, dict):
        return {"M": {name: dynamodb_value(member) for name, member in value.items()}}
    if isinstance(value, Annotated):
        tag = next((_SETS[a] for a in value.annotations if a in _SETS), None)
        if tag is None:
            return dynamodb_value(value.value)
        if not isinstance(value.value, list):
            raise IonError(f"{tag} is not a list")
        return {tag: [next(iter(dynamodb_value(member).values())) for member in value.value]}
    raise IonError(f"{value!r} has no DynamoDB type")


def dynamodb_record(value: Any) -> Any:
    """A record struct as DynamoDB JSON: its item's and condition values' types mapped, its
    condition expression and names kept as they are."""
    if isinstance(value, Annotated):
        value = value.value
    if not isinstance(value, dict):
        return value
    record = dict(value)
    for member in ("Item", "ExpressionAttributeValues"):
        if isinstance(record.get(member), dict):
            record[member] = {name: dynamodb_value(v) for name, v in record[member].items()}
    return record
