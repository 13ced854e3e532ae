"""The on-disk framing shared by the log and the snapshot.

A file starts with a header (magic, format version, a 64-bit number: the
log segment's number, or the segment a snapshot's replay starts from), then
records: ``<payload length u32><crc32 of payload u32><payload>``, the payload
being orjson. The checksum is what tells a torn or corrupted record from a
good one.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

FORMAT_VERSION = 1
LOG_MAGIC = b"EMULOG\x00\x01"
SNAPSHOT_MAGIC = b"EMUSNP\x00\x01"
FILE_HEADER = struct.Struct("<8sIQ")
RECORD_HEADER = struct.Struct("<II")
#: A larger length can only be garbage (no record comes near it).
MAX_RECORD = 1 << 30


class DataDirError(Exception):
    """The data directory cannot be used; the message says why and where."""


class CorruptDataError(DataDirError):
    def __init__(self, path: Path, offset: int, reason: str) -> None:
        super().__init__(
            f"{path} is corrupt at byte offset {offset}: {reason}. "
            "Start-up stopped and nothing was changed; move the file aside or restore it from a copy."
        )
        self.path = path
        self.offset = offset


class NewerFormatError(DataDirError):
    def __init__(self, path: Path, version: int) -> None:
        super().__init__(
            f"{path} was written by a newer emulator (data format version {version}; "
            f"this emulator reads version {FORMAT_VERSION} and older). Upgrade the emulator or use another --data-dir."
        )


def file_header(magic: bytes, number: int) -> bytes:
    return FILE_HEADER.pack(magic, FORMAT_VERSION, number)


def frame(payload: Any) -> bytes:
    """One record: length, checksum, then the orjson payload."""
    body = orjson.dumps(payload)
    return RECORD_HEADER.pack(len(body), zlib.crc32(body)) + body


@dataclass(slots=True)
class Damage:
    """Where reading stopped early, and whether only the tail is affected."""

    offset: int
    reason: str
    #: Nothing readable follows: a write that a crash cut short.
    torn_tail: bool


class RecordReader:
    """Reads a file's records in order; ``damage`` says where reading stopped early."""

    def __init__(self, path: Path, magic: bytes) -> None:
        self.path = path
        self.data = path.read_bytes()
        self.damage: Damage | None = None
        self.number = 0
        self.end = FILE_HEADER.size
        if len(self.data) < FILE_HEADER.size:
            self.damage = Damage(0, "the file header is incomplete", torn_tail=True)
            return
        found_magic, version, self.number = FILE_HEADER.unpack_from(self.data)
        if found_magic != magic:
            raise CorruptDataError(path, 0, "not an emulator data file (bad magic number)")
        if version > FORMAT_VERSION:
            raise NewerFormatError(path, version)

    def __iter__(self) -> Iterator[Any]:
        """Yield each intact payload; ``end`` is the offset after the last one."""
        if self.damage is not None:
            return
        data = self.data
        offset = FILE_HEADER.size
        while offset < len(data):
            self.damage = _check(data, offset)
            if self.damage is not None:
                return
            length = RECORD_HEADER.unpack_from(data, offset)[0]
            body_start = offset + RECORD_HEADER.size
            try:
                payload = orjson.loads(data[body_start : body_start + length])
            except orjson.JSONDecodeError:
                self.damage = Damage(offset, "the record does not decode", torn_tail=False)
                return
            offset = body_start + length
            self.end = offset
            yield payload

    def fail(self, reason: str | None = None) -> CorruptDataError:
        damage = self.damage
        assert damage is not None or reason is not None
        return CorruptDataError(self.path, damage.offset if damage else self.end, reason or damage.reason)


def _check(data: bytes, offset: int) -> Damage | None:
    end = len(data)
    if end - offset < RECORD_HEADER.size:
        return Damage(offset, "the record header is incomplete", torn_tail=True)
    length, checksum = RECORD_HEADER.unpack_from(data, offset)
    body_start = offset + RECORD_HEADER.size
    if length > MAX_RECORD:
        return Damage(offset, f"impossible record length {length}", torn_tail=_blank(data, offset))
    if body_start + length > end:
        return Damage(offset, "the record is cut short", torn_tail=True)
    body = data[body_start : body_start + length]
    if zlib.crc32(body) != checksum:
        last = body_start + length == end
        return Damage(offset, "checksum mismatch", torn_tail=last or _blank(data, offset))
    return None


def _blank(data: bytes, offset: int) -> bool:
    """A crash can leave zeros where the file grew but data never landed."""
    return not data[offset:].strip(b"\x00")
