"""Snapshots: the whole state in one file, written aside and renamed into place.

The file's header names the first log segment to replay on top of it. Its
records are ``["table", region, name, definition]``, ``["items", region, table,
[item, ...]]`` (in chunks), ``[component, state]`` for the other parts of the
state (streams, backups), and a final ``["end"]``: a snapshot without it
is incomplete and so corrupt.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from orjson import Fragment

from .records import SNAPSHOT_MAGIC, file_header, frame
from .wal import _fsync_directory

SNAPSHOT_NAME = "snapshot.snap"
#: Items per ``items`` record: large enough to make framing negligible.
CHUNK = 2000


def snapshot_path(directory: Path) -> Path:
    return directory / SNAPSHOT_NAME


def write_snapshot(directory: Path, replay_from: int, records: Iterable[Any], durable: bool) -> int:
    """Write ``records`` as the new snapshot; returns its size in bytes."""
    final = snapshot_path(directory)
    aside = final.with_name(final.name + ".tmp")
    size = 0
    with open(aside, "wb", buffering=1 << 20) as out:
        size += out.write(file_header(SNAPSHOT_MAGIC, replay_from))
        for record in records:
            size += out.write(frame(record))
        size += out.write(frame(["end"]))
        out.flush()
        if durable:
            os.fsync(out.fileno())
    os.replace(aside, final)
    if durable:
        _fsync_directory(directory)
    return size


def item_chunks(region: str, table: str, items: list[Any]) -> Iterable[Any]:
    """``items`` records; an item the store keeps as JSON text is written as it is."""
    for start in range(0, len(items), CHUNK):
        chunk = [Fragment(item) if type(item) is bytes else item for item in items[start : start + CHUNK]]
        yield ["items", region, table, chunk]
