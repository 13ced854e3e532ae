"""Reading DynamoDB JSON objects out of an S3-style folder (ImportTable and StartBulkPutItems).

A bucket is a folder under ``exports.s3_root``; an object is a file under it, named by its
path from the bucket. Every object under the key prefix is read, whatever its name, except an
export's own bookkeeping files (``_started``, manifests, ``.md5``), so an export folder reads
as it is. An object is a stream of records, one per line or run together: JSON objects
(``DYNAMODB_JSON``) or Ion structs (``ION``, mapped to DynamoDB JSON by ``ion_text``); a record
that does not parse spoils the rest of its line only, and reading resumes on the next line.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .ion_text import VERSION_MARKER, Annotated, IonError, Reader, Symbol, dynamodb_record

_BOOKKEEPING = ("_started", "manifest-files.json", "manifest-summary.json")
#: Reads one value of a stream (orjson reads whole documents only).
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class S3Object:
    key: str
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class Record:
    """One JSON value of an object (``None`` when its text does not parse), with the line it
    starts on (from 1) and its text."""

    line: int
    value: Any
    text: str


def objects_under(bucket: Path, prefix: str) -> list[S3Object]:
    """The objects of the bucket whose keys start with ``prefix``, in key order."""
    found = []
    for path in sorted(bucket.rglob("*")):
        key = path.relative_to(bucket).as_posix()
        if path.is_file() and key.startswith(prefix) and not _is_bookkeeping(path.name):
            found.append(S3Object(key, path, path.stat().st_size))
    return found


def _is_bookkeeping(name: str) -> bool:
    return name in _BOOKKEEPING or name.endswith(".md5")


def object_text(raw: bytes, compression: str) -> str | None:
    """The text of an object as stored with ``compression`` (GZIP or NONE); None if it is not
    that or not UTF-8."""
    try:
        return (gzip.decompress(raw) if compression == "GZIP" else raw).decode()
    except (OSError, EOFError, UnicodeDecodeError):
        return None


def records(text: str, input_format: str = "DYNAMODB_JSON") -> Iterator[Record]:
    """The records of an object's text, in order."""
    return _ion_records(text) if input_format == "ION" else _json_records(text)


def _json_records(text: str) -> Iterator[Record]:
    position, end, line = 0, len(text), 1
    while True:
        while position < end and text[position].isspace():
            if text[position] == "\n":
                line += 1
            position += 1
        if position == end:
            return
        try:
            value, after = _DECODER.raw_decode(text, position)
        except ValueError:
            after = _line_end(text, position)
            yield Record(line, None, text[position:after])
        else:
            yield Record(line, value, text[position:after])
            line += text.count("\n", position, after)
        position = after


def _ion_records(text: str) -> Iterator[Record]:
    reader, line, counted = Reader(text), 1, 0
    while True:
        start = reader.position
        try:
            reader.skip_space()
            if reader.position == len(text):
                return
            start = reader.position
            line += text.count("\n", counted, start)
            counted = start
            value = reader.value()
            record = dynamodb_record(value)
        except (IonError, RecursionError):
            reader.position = _line_end(text, start)
            yield Record(line, None, text[start : reader.position])
            continue
        if not _is_system_value(value):
            yield Record(line, record, text[start : reader.position])


def _is_system_value(value: Any) -> bool:
    """The version marker or a symbol table: Ion's own, not records."""
    if isinstance(value, Annotated):
        return "$ion_symbol_table" in value.annotations
    return isinstance(value, Symbol) and value == VERSION_MARKER


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def item_of(record: Record) -> dict[str, Any] | None:
    """The ``Item`` of a ``{"Item": ...}`` record, if it is a non-empty object."""
    item = record.value.get("Item") if isinstance(record.value, dict) else None
    return item if isinstance(item, dict) and item else None
