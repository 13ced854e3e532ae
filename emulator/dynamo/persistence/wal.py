"""The write-ahead log: every change, appended before the write is acknowledged.

Durability modes:

* ``fsync``: each append is written and ``fdatasync``-ed before it returns.
* ``batch``: appends go to the OS at once; a flusher thread fsyncs whatever
  has accumulated (group commit), and ``durable()`` resolves once the caller's
  appends are on disk, so acknowledgements can wait for it.
* ``none``: appends go to the OS buffers only (a crash of the process loses
  nothing; a crash of the machine may).

The log is a series of segment files ``log-<number>.wal``; a snapshot rotates
to a new segment so that older ones can be deleted once it is safely written.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any, Literal

from .records import LOG_MAGIC, file_header, frame

log = logging.getLogger("emulator.dynamo.persistence")

Durability = Literal["fsync", "batch", "none"]
#: Group commit: at most one fsync per this many seconds.
BATCH_WINDOW_S = 0.001


def segment_path(directory: Path, number: int) -> Path:
    return directory / f"log-{number:012d}.wal"


def segment_numbers(directory: Path) -> list[int]:
    numbers = []
    for path in directory.glob("log-*.wal"):
        stem = path.stem.removeprefix("log-")
        if stem.isdigit():
            numbers.append(int(stem))
    return sorted(numbers)


class WriteAheadLog:
    def __init__(self, directory: Path, durability: Durability, number: int) -> None:
        self.directory = directory
        self.durability = durability
        self.number = number
        #: Records appended / known to be on disk, counted since start.
        self.appended = 0
        self.synced = 0
        self.bytes_written = 0
        self._fd = self._open(number)
        #: Held around fsync and the swap of segments; appends never wait for it.
        self._io_lock = threading.Lock()
        self._pending = threading.Event()
        self._closing = False
        self._waiters: collections.deque[tuple[int, asyncio.Future[None]]] = collections.deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._flusher: threading.Thread | None = None
        if durability == "batch":
            self._flusher = threading.Thread(target=self._flush_loop, name="wal-group-commit", daemon=True)
            self._flusher.start()

    def _open(self, number: int) -> int:
        fd = os.open(segment_path(self.directory, number), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        os.write(fd, file_header(LOG_MAGIC, number))
        if self.durability != "none":
            os.fsync(fd)
            _fsync_directory(self.directory)
        return fd

    def append(self, payload: Any) -> None:
        """Write one record (from the event loop thread)."""
        record = frame(payload)
        os.write(self._fd, record)
        self.bytes_written += len(record)
        self.appended += 1
        if self.durability == "fsync":
            os.fdatasync(self._fd)
            self.synced = self.appended
        elif self.durability == "none":
            self.synced = self.appended
        elif not self._pending.is_set():
            self._pending.set()

    def durable(self) -> asyncio.Future[None] | None:
        """A future resolved once every append so far is on disk; None if already so."""
        if self.synced >= self.appended:
            return None
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        future = self._loop.create_future()
        self._waiters.append((self.appended, future))
        return future

    def rotate(self) -> int:
        """Close the current segment (on disk) and start the next; returns its number."""
        with self._io_lock:
            if self.durability != "none":
                os.fsync(self._fd)
            os.close(self._fd)
            self.number += 1
            self._fd = self._open(self.number)
            target = self.appended
        self._synced_up_to(target)
        return self.number

    def close(self) -> None:
        self._closing = True
        self._pending.set()
        if self._flusher is not None:
            self._flusher.join()
        if self.durability != "none":
            os.fsync(self._fd)
        os.close(self._fd)
        self._synced_up_to(self.appended)

    def _flush_loop(self) -> None:
        last = 0.0
        while True:
            self._pending.wait()
            if self._closing:
                return
            pause = last + BATCH_WINDOW_S - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            # Cleared before ``appended`` is read: a later append sets it again for the next round.
            self._pending.clear()
            with self._io_lock:
                if self._closing:
                    return
                target = self.appended  # every record counted is already written to this fd
                try:
                    os.fdatasync(self._fd)
                except OSError:
                    log.exception("fsync of the write-ahead log failed")
                    continue
            last = time.monotonic()
            loop = self._loop
            if loop is None:
                self.synced = target
            else:
                loop.call_soon_threadsafe(self._synced_up_to, target)

    def _synced_up_to(self, target: int) -> None:
        self.synced = max(self.synced, target)
        waiters = self._waiters
        while waiters and waiters[0][0] <= target:
            future = waiters.popleft()[1]
            if not future.done():
                future.set_result(None)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
