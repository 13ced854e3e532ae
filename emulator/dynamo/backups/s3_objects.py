"""Reading DynamoDB JSON objects out of an S3-style folder (ImportTable and StartBulkPutItems).

A bucket is a folder under ``exports.s3_root``; an object is a file under it, named by its
path from the bucket. Every object under the key prefix is read, whatever its name, except an
export's own bookkeeping files (``_started``, manifests, ``.md5``), so an export folder reads
as it is. An object is a stream of JSON records, one per line or run together; a record that
does not parse spoils the rest of its line only, and reading resumes on the next line.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def records(text: str) -> Iterator[Record]:
    """The JSON values of ``text`` in order; the unparsable rest of a line is one ``None`` record."""
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
            after = text.find("\n", position)
            after = end if after < 0 else after
            yield Record(line, None, text[position:after])
        else:
            yield Record(line, value, text[position:after])
            line += text.count("\n", position, after)
        position = after


def item_of(record: Record) -> dict[str, Any] | None:
    """The ``Item`` of a ``{"Item": ...}`` record, if it is a non-empty object."""
    item = record.value.get("Item") if isinstance(record.value, dict) else None
    return item if isinstance(item, dict) and item else None
