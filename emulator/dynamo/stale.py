"""Stale views: a table's items or an index's entries with recent changes undone.

A read's point in time comes from ``consistency.Replication.read_point``; the
table's ``History`` says which keys changed since and what they were. These
views apply that lazily over the live storage, so a stale Query or Scan page
costs what a fresh one does plus the changes undone (the live partitions are
never copied). A ``StaleEntries`` is a ``Partitions``:
Query and Scan read it exactly as they read the live one.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from orjson import loads
from sortedcontainers import SortedList

from .indexes import Index
from .partitions import Part, Partitions, token
from .store import Store
from .table import Table


def read_point(store: Store, table: Table, params: dict[str, Any]) -> float | None:
    """The moment a read with these parameters sees (None: the latest state)."""
    if table.history is None or store.replication is None:
        return None
    return store.replication.read_point(table, bool(params.get("ConsistentRead")))


def item_as_of(table: Table, at: float | None, h: Any, s: Any) -> bytes | None:
    """One item's stored text at ``at``."""
    if at is not None and table.history is not None:
        changed, old = table.history.as_of((h, s), at)
        if changed:
            return old
    return table.get_blob(h, s)


def entries_as_of(table: Table, index: Index | None, at: float | None) -> Partitions:
    """The table's items (or the index's entries) at ``at``."""
    live = index.entries if index is not None else table.items
    changes = table.history.since(at) if at is not None and table.history is not None else None
    if not changes:
        return live
    removed: dict[Any, set[Any]] = defaultdict(set)
    added: dict[Any, dict[Any, bytes]] = defaultdict(dict)
    for (h, s), old in changes.items():
        current = table.items.get(h, s)
        if index is None:
            if current is not None:
                removed[h].add(s)
            if old is not None:
                added[h][s] = old
            continue
        where = index.position(loads(current)) if current is not None else None
        if where is not None:
            removed[where[0]].add(where[1])
        where = index.position(loads(old)) if old is not None else None
        if where is not None:
            added[where[0]][where[1]] = old  # type: ignore[assignment]
    return StaleEntries(live, removed, added)


class StaleEntries(Partitions):
    """Live partitions with some positions removed (changed since) and some added (their old versions)."""

    __slots__ = ()

    def __init__(self, live: Partitions, removed: dict[Any, set[Any]], added: dict[Any, dict[Any, bytes]]) -> None:
        self.sorted = live.sorted
        self.count = live.count  # not maintained: nothing reads it on a view
        parts = _PatchedParts(live, removed, added)
        self.parts = parts  # type: ignore[assignment]
        self.order = _PatchedOrder(live, parts)  # type: ignore[assignment]

    def ordered(self) -> Any:
        return self.order


class _PatchedPartition:
    """A sorted partition minus ``removed`` sort keys plus ``added`` entries, ordered as a SortedDict."""

    __slots__ = ("live", "removed", "added", "added_keys")

    def __init__(self, live: Part | None, removed: set[Any], added: dict[Any, bytes]) -> None:
        self.live = live
        self.removed = removed
        self.added = added
        self.added_keys = SortedList(added)

    def __len__(self) -> int:
        # ``removed`` holds only live keys and ``added`` none of the remaining ones.
        return (len(self.live) if self.live is not None else 0) - len(self.removed) + len(self.added)

    def get(self, s: Any, default: Any = None) -> Any:
        if s in self.added:
            return self.added[s]
        if s in self.removed or self.live is None:
            return default
        return self.live.get(s, default)

    def __getitem__(self, s: Any) -> bytes:
        found = self.added.get(s)
        return found if found is not None else self.live[s]  # type: ignore[index]

    def irange(
        self, minimum: Any = None, maximum: Any = None, inclusive: tuple[bool, bool] = (True, True), reverse: bool = False
    ) -> Iterator[Any]:
        live: Any = () if self.live is None else self.live.irange(minimum, maximum, inclusive=inclusive, reverse=reverse)
        if self.removed:
            removed = self.removed
            live = (s for s in live if s not in removed)
        extra = self.added_keys.irange(minimum, maximum, inclusive=inclusive, reverse=reverse)
        return heapq.merge(live, extra, reverse=reverse)

    def values(self) -> Iterator[bytes]:
        return map(self.__getitem__, self.irange())


class _PatchedParts:
    """The ``parts`` mapping of a stale view: touched partitions patched, the others live."""

    __slots__ = ("live", "patched", "touched")

    def __init__(self, live: Partitions, removed: dict[Any, set[Any]], added: dict[Any, dict[Any, bytes]]) -> None:
        self.live = live.parts
        self.touched = removed.keys() | added.keys()
        self.patched: dict[Any, Any] = {}
        for h in self.touched:
            if live.sorted:
                part = _PatchedPartition(self.live.get(h), removed.get(h, set()), added.get(h, {}))
                if len(part):
                    self.patched[h] = part
            elif h in added:
                self.patched[h] = added[h][None]

    def get(self, h: Any, default: Any = None) -> Any:
        if h in self.touched:
            return self.patched.get(h, default)
        return self.live.get(h, default)

    def __getitem__(self, h: Any) -> Any:
        return self.patched[h] if h in self.touched else self.live[h]


class _PatchedOrder:
    """The partitions' scan order (token, key): live ones minus emptied ones, plus ones that reappear."""

    __slots__ = ("live", "emptied", "extra")

    def __init__(self, live: Partitions, parts: _PatchedParts) -> None:
        self.live = live.ordered()
        self.emptied = {h for h in parts.touched if h not in parts.patched}
        self.extra = SortedList((token(h), h) for h in parts.patched if h not in live.parts)

    def irange(self, minimum: Any, maximum: Any, inclusive: tuple[bool, bool] = (True, True)) -> Iterator[Any]:
        merged = heapq.merge(
            self.live.irange(minimum, maximum, inclusive=inclusive), self.extra.irange(minimum, maximum, inclusive=inclusive)
        )
        emptied = self.emptied
        return (entry for entry in merged if entry[1] not in emptied) if emptied else merged
