"""Persistence: the store's changes journalled to the log, snapshots, recovery.

``Persistence.open()`` locks the data directory, recovers the state into the
store (snapshot, then log) and from then on appends every change to the log.
``snapshot()`` rotates the log, captures the state on the event loop (item
lists, not copies of items), writes it from a worker thread and then drops
the segments it covers. Because log entries carry whole items, replaying them
over a snapshot that already has some of their effects is harmless.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..changes import Change, ItemChange
from .lock import DataDirLock
from .recovery import Recovered, Recovery
from .snapshot import item_chunks, write_snapshot
from .target import Component, StoreTarget
from .wal import Durability, WriteAheadLog, segment_numbers, segment_path

log = logging.getLogger("emulator.dynamo.persistence")


@dataclass(slots=True)
class SnapshotResult:
    items: int
    size: int
    #: Seconds on the event loop capturing the state (requests wait meanwhile).
    capture_s: float
    total_s: float


class Persistence:
    def __init__(
        self,
        directory: Path,
        durability: Durability,
        store: StoreTarget,
        components: Iterable[Component] = (),
        on_replay: Callable[[Change], None] = lambda change: None,
        wants_old_image: Callable[[str, str], bool] = lambda region, table: True,
    ) -> None:
        self.directory = directory
        self.durability = durability
        self.store = store
        self.components: Mapping[str, Component] = {component.name: component for component in components}
        self.on_replay = on_replay
        self.wants_old_image = wants_old_image
        self.wal: WriteAheadLog | None = None
        self._lock = DataDirLock(directory)
        #: Held from a snapshot's capture until its file is written (by the writer thread).
        self._snapshotting = threading.Lock()
        self._appended_at_snapshot = 0

    def open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            started = time.perf_counter()
            recovered = _without_gc(Recovery(self.directory, self.store, self.components, self.on_replay).run)
            self._drop_segments(recovered.obsolete)
            if recovered.items or recovered.entries:
                log.info(
                    "recovered %d items from the snapshot and %d log entries in %.2f s",
                    recovered.items, recovered.entries, time.perf_counter() - started,
                )
            self.wal = WriteAheadLog(self.directory, self.durability, recovered.next_segment)
            if recovered.entries:
                self._appended_at_snapshot = -1  # the next snapshot makes the next start-up quick
        except BaseException:
            self._lock.release()
            raise
        self.store.subscribe(self.on_change)

    def on_change(self, change: Change) -> None:
        """The store's listener: journal the change before it is acknowledged."""
        if self.wal is None:
            return
        if isinstance(change, ItemChange):
            old = change.old if self.wants_old_image(change.region, change.table) else None
            entry = ["i", change.region, change.table, change.key, change.new, old, change.at, change.by_ttl]
        else:
            entry = ["t", change.region, change.table, change.kind, change.definition, change.at]
        self.append(entry)

    def append(self, entry: list[Any]) -> None:
        if self.wal is None:
            return
        try:
            self.wal.append(entry)
        except OSError:
            log.exception("could not append to the write-ahead log")

    def reset(self) -> None:
        """Journal that the whole state was dropped (the store and components clear themselves)."""
        self.append(["reset"])

    def durable(self) -> asyncio.Future[None] | None:
        """Await this (when not None) before acknowledging a write under ``batch``."""
        return self.wal.durable() if self.wal is not None else None

    @property
    def dirty(self) -> bool:
        return self.wal is not None and self.wal.appended > self._appended_at_snapshot

    async def snapshot(self) -> SnapshotResult | None:
        """Write a snapshot without holding up requests for long."""
        if self.wal is None or not self._snapshotting.acquire(blocking=False):
            return None
        started = time.perf_counter()
        try:
            replay_from, records, items = self._capture()
        except BaseException:
            self._snapshotting.release()
            raise
        capture_s = time.perf_counter() - started
        written: Future[int] = Future()
        written.set_running_or_notify_cancel()  # running: cancelling the awaiting task cannot cancel it
        threading.Thread(target=self._write_then_release, args=(replay_from, records, written), name="snapshot").start()
        size = await asyncio.wrap_future(written)
        return SnapshotResult(items, size, capture_s, time.perf_counter() - started)

    def _write_then_release(self, replay_from: int, records: list[Any], written: Future[int]) -> None:
        """The writer thread: it always runs and finishes, even if the awaiting task is cancelled
        before it starts (an executor's queued job would be dropped, and the lock never released)."""
        try:
            written.set_result(self._write(replay_from, records))
        except BaseException as error:
            written.set_exception(error)
        finally:
            self._snapshotting.release()

    def close(self, final_snapshot: bool = True) -> None:
        """Stop journalling: a last snapshot (so the next start-up is quick), then unlock."""
        if self.wal is None:
            return
        try:
            with self._snapshotting:  # a snapshot being written finishes first
                if final_snapshot and self.dirty:
                    replay_from, records, _ = self._capture()
                    self._write(replay_from, records)
        finally:
            self.wal.close()
            self.wal = None
            self._lock.release()

    def _capture(self) -> tuple[int, list[Any], int]:
        assert self.wal is not None
        replay_from = self.wal.rotate()
        self._appended_at_snapshot = self.wal.appended
        records: list[Any] = []
        count = 0
        for region in list(self.store.regions()):
            for name, table in list(self.store.tables(region).items()):
                items = self.store.items_of(table)
                count += len(items)
                records.append(("table", region, name, table.definition, items))
        for name, component in self.components.items():
            records.append((name, component.dump()))
        return replay_from, records, count

    def _write(self, replay_from: int, captured: list[Any]) -> int:
        size = write_snapshot(self.directory, replay_from, _expand(captured), durable=self.durability != "none")
        self._drop_segments(number for number in segment_numbers(self.directory) if number < replay_from)
        return size

    def _drop_segments(self, numbers: Iterable[int]) -> None:
        for number in numbers:
            segment_path(self.directory, number).unlink(missing_ok=True)


def _without_gc(recover: Callable[[], Recovered]) -> Recovered:
    """Recover with the cycle collector paused: items hold no cycles, and collections
    triggered by millions of new dicts would rescan them again and again (a third of
    the time). Afterwards they are frozen out of later collections' scans."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return recover()
    finally:
        if was_enabled:
            gc.enable()
        gc.freeze()


def _expand(captured: list[Any]) -> Iterable[Any]:
    for record in captured:
        if record[0] == "table":
            _, region, name, definition, items = record
            yield ["table", region, name, definition]
            yield from item_chunks(region, name, items)
        else:
            yield list(record)
