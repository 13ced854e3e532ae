"""Eventually consistent reads: a table as it was up to N ms ago.

A table is *eventual* when ``--consistency eventual --replication-lag-ms N``
says so, or when its tag ``emulator:replication-lag-ms`` does (the tag wins:
``0`` keeps that table fresh, a positive value makes it eventual in strong
mode too). Its eventually consistent reads (GetItem, Query, Scan, BatchGetItem
without ConsistentRead, and every GSI read) see the table as it was a
*staleness* ago, drawn per read from [0, lag] by one ``random.Random(seed)``
so a failing test replays; ConsistentRead always sees the latest state.

An eventual table keeps a ``History`` of its recent changes (time, key, the
stored text before the change) covering the lag only. A stale read undoes the
changes made after its point in time: an item created since is absent, a
deleted one present, an updated one old. Other tables carry no history, so
strong reads and writes pay nothing (one ``None`` check per write).
"""

from __future__ import annotations

import random
import time
from collections import deque
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config import Settings
    from .table import Table

#: The tag that sets one table's replication lag in milliseconds.
LAG_TAG = "emulator:replication-lag-ms"

Key = tuple[Any, Any]  # (hash order key, sort order key or None)
#: Key -> the item's stored text at a past moment (None: absent then).
Changes = dict[Key, bytes | None]


class History:
    """A table's changes within the last ``window_s`` seconds, oldest first, also by key."""

    __slots__ = ("window_s", "records", "by_key")

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self.records: deque[tuple[float, Key, bytes | None]] = deque()
        self.by_key: dict[Key, deque[tuple[float, bytes | None]]] = {}

    def record(self, h: Any, s: Any, old: bytes | None) -> None:
        """Remember a change about to be applied at key (h, s); ``old`` is the stored text before it."""
        now = time.monotonic()
        records, by_key = self.records, self.by_key
        cutoff = now - self.window_s
        while records and records[0][0] < cutoff:
            _, expired, _ = records.popleft()
            of_key = by_key[expired]
            of_key.popleft()
            if not of_key:
                del by_key[expired]
        key = (h, s)
        records.append((now, key, old))
        of_key = by_key.get(key)
        if of_key is None:
            by_key[key] = deque(((now, old),))
        else:
            of_key.append((now, old))

    def as_of(self, key: Key, at: float) -> tuple[bool, bytes | None]:
        """(changed after ``at``, its stored text at ``at``) for one key."""
        for when, old in self.by_key.get(key, ()):
            if when > at:
                return True, old
        return False, None

    def since(self, at: float) -> Changes:
        """Every key changed after ``at``, with its stored text at ``at`` (its earliest later change's old)."""
        changes: Changes = {}
        for when, key, old in reversed(self.records):
            if when <= at:
                break
            changes[key] = old
        return changes


class Replication:
    """Which tables are eventual, and the seeded draw of each stale read's point in time."""

    def __init__(self, settings: Settings) -> None:
        self.default_lag_ms = settings.replication_lag_ms if settings.consistency == "eventual" else 0
        self.seed = settings.seed
        self.random = random.Random(self.seed)

    def reseed(self) -> None:
        self.random.seed(self.seed)

    def lag_ms(self, table: Table) -> int:
        tagged = table.tags.get(LAG_TAG)
        if tagged is not None:
            try:
                return max(0, int(tagged))
            except ValueError:
                pass  # not a number: the tag is ignored, as any other tag
        return self.default_lag_ms

    def attach(self, table: Table) -> None:
        """Give the table a history sized to its lag (or none); called when a table appears or changes."""
        lag_ms = self.lag_ms(table)
        if lag_ms <= 0:
            table.history = None
        elif table.history is None:
            table.history = History(lag_ms / 1000)
        else:
            table.history.window_s = lag_ms / 1000

    def read_point(self, table: Table, consistent: bool) -> float | None:
        """The moment (``time.monotonic``) one read sees; None: the latest state."""
        history = table.history
        if history is None or consistent:
            return None
        return time.monotonic() - self.random.random() * history.window_s
