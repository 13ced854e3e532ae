"""Items grouped by partition key, each partition ordered by sort key.

``Partitions`` is the storage shared by tables and their indexes. A partition
is a ``SortedDict`` from sort order key to a stored value (the item's text; or,
without a sort key, the value itself), so a range read is a bisection, never a scan of the partition.
Partitions are visited by a stable 64-bit token of their key, as DynamoDB
visits them by hash: a Scan resumes from any key, and parallel-scan segments
are token ranges, stable across pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sortedcontainers import SortedDict, SortedList

Stored = Any  # what the owner stores: an item's text
TOKEN_SPACE = 1 << 64


def token(h: Any) -> int:
    if isinstance(h, str):
        raw = h.encode()
    elif isinstance(h, Decimal):
        raw = str(h.normalize()).encode()
    else:
        raw = bytes(h)
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big")


class Partitions:
    __slots__ = ("sorted", "parts", "order", "count")

    def __init__(self, sorted_: bool) -> None:
        self.sorted = sorted_
        self.parts: dict[Any, Any] = {}
        self.order: SortedList = SortedList()
        self.count = 0

    def get(self, h: Any, s: Any) -> Stored | None:
        part = self.parts.get(h)
        if part is None or not self.sorted:
            return part
        return part.get(s)

    def put(self, h: Any, s: Any, item: Stored) -> None:
        parts = self.parts
        if not self.sorted:
            if h not in parts:
                self.order.add((token(h), h))
                self.count += 1
            parts[h] = item
            return
        part = parts.get(h)
        if part is None:
            part = parts[h] = SortedDict()
            self.order.add((token(h), h))
        if s not in part:
            self.count += 1
        part[s] = item

    def delete(self, h: Any, s: Any) -> None:
        parts = self.parts
        if not self.sorted:
            if parts.pop(h, None) is not None:
                self.order.remove((token(h), h))
                self.count -= 1
            return
        part = parts.get(h)
        if part is None or part.pop(s, None) is None:
            return
        self.count -= 1
        if not part:
            del parts[h]
            self.order.remove((token(h), h))

    def partition(self, h: Any) -> SortedDict | None:
        return self.parts.get(h)

    def scan(self, start: tuple[Any, Any] | None = None, segment: int = 0, total: int = 1) -> Iterator[Stored]:
        """Items in scan order, after ``start`` (exclusive), within one segment."""
        lo = -(-segment * TOKEN_SPACE // total)
        hi = -(-(segment + 1) * TOKEN_SPACE // total)
        first = None
        if start is not None:
            start_h, start_s = start
            first = start_h
            lo = max(lo, token(start_h))
            minimum: tuple[Any, ...] = (lo, start_h)
        else:
            minimum = (lo,)
        for _, h in self.order.irange(minimum, (hi,), inclusive=(True, False)):
            part = self.parts[h]
            if first is not None and h == first:
                if self.sorted:
                    for s in part.irange(minimum=start_s, inclusive=(False, True)):
                        yield part[s]
            elif self.sorted:
                yield from part.values()
            else:
                yield part

    def __iter__(self) -> Iterator[Stored]:
        return self.scan()
