"""Items grouped by partition key, each partition ordered by sort key.

``Partitions`` is the storage shared by tables and their indexes. A partition
maps sort order key to a stored value (the item's text; or, without a sort
key, the value itself), so a range read is a bisection, never a scan of the
partition. A partition of one entry (every partition of a table whose keys are
mostly distinct) is a small ``OnePart``; a second entry makes it a
``SortedDict``. Both answer the same reads (get, [], irange, values, len).

Partitions are visited by a stable 64-bit token of their key, as DynamoDB
visits them by hash: a Scan resumes from any key, and parallel-scan segments
are token ranges, stable across pages. New partitions wait in ``pending``
and join the token order in one batch when it is next read, so a write
never pays for the ordering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sortedcontainers import SortedDict, SortedList

Stored = Any  # what the owner stores: an item's text
TOKEN_SPACE = 1 << 64


def token(h: Any) -> int:
    return int.from_bytes(hashlib.blake2b(_text(h), digest_size=8).digest(), "big")


def _text(h: Any) -> bytes:
    """The bytes a partition key hashes as; a tuple is a multi-attribute GSI's partition key."""
    if isinstance(h, str):
        return h.encode()
    if isinstance(h, Decimal):
        return str(h.normalize()).encode()
    if isinstance(h, tuple):
        return b"\x00".join(map(_text, h))
    return bytes(h)


def segment_of(h: Any, total: int) -> int:
    """The parallel-scan segment (of ``total``) a partition key falls in; ``Partitions.scan``'s ranges."""
    return token(h) * total // TOKEN_SPACE


class OnePart:
    """A partition holding one entry, read as a ``SortedDict`` is (a SortedDict costs ~50x more to create)."""

    __slots__ = ("key", "value")

    def __init__(self, key: Any, value: Stored) -> None:
        self.key = key
        self.value = value

    def __len__(self) -> int:
        return 1

    def __contains__(self, s: Any) -> bool:
        return s == self.key

    def __getitem__(self, s: Any) -> Stored:
        if s == self.key:
            return self.value
        raise KeyError(s)

    def get(self, s: Any, default: Any = None) -> Any:
        return self.value if s == self.key else default

    def values(self) -> tuple[Stored]:
        return (self.value,)

    def irange(
        self, minimum: Any = None, maximum: Any = None, inclusive: tuple[bool, bool] = (True, True), reverse: bool = False
    ) -> Iterator[Any]:
        key = self.key
        if minimum is not None and (key < minimum or (key == minimum and not inclusive[0])):
            return iter(())
        if maximum is not None and (key > maximum or (key == maximum and not inclusive[1])):
            return iter(())
        return iter((key,))


Part = SortedDict | OnePart


class Partitions:
    __slots__ = ("sorted", "parts", "order", "pending", "count")

    def __init__(self, sorted_: bool) -> None:
        self.sorted = sorted_
        self.parts: dict[Any, Any] = {}
        self.order: SortedList = SortedList()
        #: Partition keys not yet in ``order``.
        self.pending: set[Any] = set()
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
                self.pending.add(h)
                self.count += 1
            parts[h] = item
            return
        part = parts.get(h)
        if part is None:
            parts[h] = OnePart(s, item)
            self.pending.add(h)
            self.count += 1
        elif type(part) is OnePart:
            if part.key == s:
                part.value = item
            else:
                parts[h] = SortedDict({part.key: part.value, s: item})
                self.count += 1
        else:
            if s not in part:
                self.count += 1
            part[s] = item

    def delete(self, h: Any, s: Any) -> None:
        parts = self.parts
        if not self.sorted:
            if parts.pop(h, None) is not None:
                self._unlist(h)
                self.count -= 1
            return
        part = parts.get(h)
        if part is None:
            return
        if type(part) is OnePart:
            if part.key != s:
                return
            del parts[h]
            self._unlist(h)
        elif part.pop(s, None) is None:
            return
        elif len(part) == 1:
            key, value = part.peekitem(0)
            parts[h] = OnePart(key, value)
        self.count -= 1

    def _unlist(self, h: Any) -> None:
        if h in self.pending:
            self.pending.discard(h)
        else:
            self.order.remove((token(h), h))

    def load(self, entries: Iterable[tuple[Any, Any, Stored]]) -> None:
        """Fill empty partitions with (hash, sort, stored) entries at once; a repeated key keeps the last."""
        parts = self.parts
        if not self.sorted:
            for h, _, stored in entries:
                parts[h] = stored
            self.count = len(parts)
        else:
            grouped: dict[Any, dict[Any, Stored]] = {}
            for h, s, stored in entries:
                part = grouped.get(h)
                if part is None:
                    grouped[h] = {s: stored}
                else:
                    part[s] = stored
            count = 0
            for h, part in grouped.items():
                count += len(part)
                parts[h] = OnePart(*next(iter(part.items()))) if len(part) == 1 else SortedDict(part)
            self.count = count
        self.pending.clear()
        # Sorting by the token alone compares ints, not tuples; SortedList's own sort of the
        # result then only confirms the order (and settles a tie, were two tokens equal).
        self.order = SortedList(sorted([(token(h), h) for h in parts], key=itemgetter(0)))

    def partition(self, h: Any) -> Part | None:
        return self.parts.get(h)

    def ordered(self) -> Any:
        """The partitions' (token, key) pairs in token order."""
        pending = self.pending
        if pending:
            self.order.update([(token(h), h) for h in pending])
            pending.clear()
        return self.order

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
        for _, h in self.ordered().irange(minimum, (hi,), inclusive=(True, False)):
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
