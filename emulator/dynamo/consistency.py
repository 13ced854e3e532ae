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
#: Key -> the item's stored text at the read's point in time (None: absent).
Changes = dict[Key, bytes | None]


class History:
    """A table's changes within the last ``window_s`` seconds, oldest first."""

    __slots__ = ("window_s", "records")

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self.records: deque[tuple[float, Any, Any, bytes | None]] = deque()

    def record(self, h: Any, s: Any, old: bytes | None) -> None:
        """Remember a change about to be applied at key (h, s); ``old`` is the stored text before it."""
        now = time.monotonic()
        records = self.records
        cutoff = now - self.window_s
        while records and records[0][0] < cutoff:
            records.popleft()
        records.append((now, h, s, old))

    def since(self, at: float) -> Changes:
        """Every key changed after ``at``, with its stored text as of ``at`` (its earliest later change's old)."""
        changes: Changes = {}
        for when, h, s, old in reversed(self.records):
            if when <= at:
                break
            changes[(h, s)] = old
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

    def changes_to_undo(self, table: Table, consistent: bool) -> Changes | None:
        """What one read must undo to see its point in time; None: read the current state."""
        history = table.history
        if history is None or consistent:
            return None
        staleness = self.random.random() * history.window_s
        return history.since(time.monotonic() - staleness) or None
