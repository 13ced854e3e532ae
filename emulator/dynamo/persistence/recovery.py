"""Start-up: load the snapshot, then replay the log on top of it.

A torn last record (the crash cut a write short) is dropped with a warning
and the segment truncated to its last intact record; any other damage stops
start-up with the file and offset, leaving every file as it was.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..changes import Change, ItemChange, TableChange
from .records import LOG_MAGIC, SNAPSHOT_MAGIC, DataDirError, RecordReader, file_header
from .snapshot import snapshot_path
from .target import Component, StoreTarget
from .wal import segment_numbers, segment_path

log = logging.getLogger("emulator.dynamo.persistence")


@dataclass(slots=True)
class Recovered:
    #: The number the next log segment gets.
    next_segment: int
    items: int = 0
    entries: int = 0
    #: Segments older than the snapshot (already covered by it).
    obsolete: tuple[int, ...] = ()


class Recovery:
    def __init__(
        self,
        directory: Path,
        store: StoreTarget,
        components: Mapping[str, Component],
        on_replay: Callable[[Change], None],
    ) -> None:
        self.directory = directory
        self.store = store
        self.components = components
        self.on_replay = on_replay

    def run(self) -> Recovered:
        aside = snapshot_path(self.directory).with_name("snapshot.snap.tmp")
        aside.unlink(missing_ok=True)  # an unfinished snapshot: the log still covers it
        replay_from, items = self._load_snapshot()
        numbers = segment_numbers(self.directory)
        live = [number for number in numbers if number >= replay_from]
        first = replay_from or 1  # the log starts where the snapshot ends, or at the beginning
        for position, number in enumerate(live):
            if number != first + position:
                raise DataDirError(f"{segment_path(self.directory, first + position)} is missing from the log")
        result = Recovered(
            next_segment=(live[-1] + 1) if live else max(replay_from, 1),
            items=items,
            obsolete=tuple(number for number in numbers if number < replay_from),
        )
        for index, number in enumerate(live):
            result.entries += self._replay_segment(segment_path(self.directory, number), last=index == len(live) - 1)
        return result

    def _load_snapshot(self) -> tuple[int, int]:
        path = snapshot_path(self.directory)
        if not path.exists():
            return 0, 0
        reader = RecordReader(path, SNAPSHOT_MAGIC)
        tables: dict[tuple[str, str], tuple[dict[str, Any], list[Any]]] = {}
        complete = False
        for record in reader:
            kind = record[0]
            if kind == "items":
                tables[(record[1], record[2])][1].extend(record[3])
            elif kind == "table":
                tables[(record[1], record[2])] = (record[3], [])
            elif kind == "end":
                complete = True
            else:
                self.components[kind].load(record[1])
        if reader.damage is not None:
            raise reader.fail()
        if not complete:
            raise reader.fail("the snapshot ends without its closing record")
        count = 0
        for (region, _), (definition, items) in tables.items():
            self.store.restore_table(region, definition, items)
            count += len(items)
        return reader.number, count

    def _replay_segment(self, path: Path, last: bool) -> int:
        reader = RecordReader(path, LOG_MAGIC)
        count = 0
        for entry in reader:
            self._apply(entry)
            count += 1
        damage = reader.damage
        if damage is not None:
            if not (last and damage.torn_tail):
                raise reader.fail()
            log.warning(
                "%s: dropped a torn record at byte offset %d (%s); the write it held was never acknowledged",
                path, damage.offset, damage.reason,
            )
            if damage.offset == 0:
                # Created but never written: give it back its header.
                path.write_bytes(file_header(LOG_MAGIC, int(path.stem.removeprefix("log-"))))
            else:
                os.truncate(path, damage.offset)
        return count

    def _apply(self, entry: list[Any]) -> None:
        kind = entry[0]
        if kind == "i":
            _, region, name, key, new, old, at, by_ttl = entry
            table = self.store.tables(region).get(name)
            if table is None:
                return
            if new is None:
                table.replay_delete(key)
            else:
                table.replay_put(new)
            self.on_replay(ItemChange(region, name, key, old, new, by_ttl, at))
        elif kind == "t":
            _, region, name, change, definition, at = entry
            if change == "delete":
                self.store.drop_table(region, name)
            else:
                existing = self.store.tables(region).get(name)
                items = list(existing.iter_items()) if existing is not None and change == "update" else []
                self.store.restore_table(region, definition, items)
            self.on_replay(TableChange(region, name, change, definition, at))
        elif kind == "reset":
            self.store.clear()
            for component in self.components.values():
                component.clear()
        else:
            self.components[kind].replay(entry)
