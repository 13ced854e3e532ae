"""The TTL sweeper: deletes items whose TTL attribute has passed.

It keeps a heap of (expiry, table, key) fed by the store's change events, so
a sweep touches only items that are due, never whole tables. Deletions go
through the store with ``by_ttl`` set, so they are journalled and produce
REMOVE stream records with the service's ``userIdentity``. As on AWS, an
expired item stays readable until the sweeper gets to it, and a TTL more
than five years in the past is ignored.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import orjson

from .changes import Change, Item, ItemChange

log = logging.getLogger("emulator.dynamo.ttl")

FIVE_YEARS_S = 5 * 365 * 24 * 3600


class TtlTable(Protocol):
    definition: dict[str, Any]

    def iter_items(self) -> Iterable[Item]: ...


class TtlStore(Protocol):
    def regions(self) -> Iterable[str]: ...

    def tables(self, region: str) -> Mapping[str, Any]: ...

    def get_item(self, table: Any, key: Item) -> Item | None: ...

    def delete_expired(self, table: Any, key: Item) -> None:
        """Delete the item through the store, which emits an ItemChange with ``by_ttl=True``."""


def ttl_attribute(definition: dict[str, Any] | None) -> str | None:
    """The table's TTL attribute while TTL is enabled."""
    specification = (definition or {}).get("TimeToLiveSpecification") or {}
    return specification.get("AttributeName") if specification.get("Enabled") else None


def expiry_of(item: Item | None, attribute: str) -> float | None:
    value = (item or {}).get(attribute)
    if not value or "N" not in value:
        return None
    try:
        return float(Decimal(value["N"]))
    except (InvalidOperation, ValueError):
        return None


class TtlSweeper:
    def __init__(self, store: TtlStore, interval: float) -> None:
        self.store = store
        self.interval = interval
        self.attributes: dict[tuple[str, str], str] = {}
        self._due: list[tuple[float, str, str, bytes]] = []
        self._task: asyncio.Task[None] | None = None

    def seed(self) -> None:
        """Index every TTL-enabled table's items (after recovery)."""
        self.attributes.clear()
        self._due.clear()
        for region in list(self.store.regions()):
            for name, table in self.store.tables(region).items():
                self._index_table(region, name, table.definition, table)

    def on_change(self, change: Change) -> None:
        if isinstance(change, ItemChange):
            attribute = self.attributes.get((change.region, change.table))
            if attribute is not None and change.new is not None:
                self._push(change.region, change.table, change.key, expiry_of(change.new, attribute))
            return
        key = (change.region, change.table)
        attribute = ttl_attribute(change.definition) if change.kind != "delete" else None
        if attribute == self.attributes.get(key):
            return
        self.attributes.pop(key, None)
        if attribute is not None:
            table = self.store.tables(change.region).get(change.table)
            if table is not None:
                self._index_table(change.region, change.table, change.definition, table)

    def _index_table(self, region: str, name: str, definition: dict[str, Any], table: TtlTable) -> None:
        attribute = ttl_attribute(definition)
        if attribute is None:
            return
        self.attributes[(region, name)] = attribute
        key_names = [element["AttributeName"] for element in definition.get("KeySchema", [])]
        for item in table.iter_items():
            expiry = expiry_of(item, attribute)
            if expiry is not None:
                self._push(region, name, {n: item[n] for n in key_names}, expiry)

    def _push(self, region: str, table: str, key: Item, expiry: float | None) -> None:
        if expiry is not None:
            heapq.heappush(self._due, (expiry, region, table, orjson.dumps(key)))

    def sweep(self, now: float | None = None) -> int:
        """Delete every item that is due; returns how many were deleted."""
        now = time.time() if now is None else now
        deleted = 0
        due = self._due
        while due and due[0][0] <= now:
            expiry, region, name, raw_key = heapq.heappop(due)
            attribute = self.attributes.get((region, name))
            table = self.store.tables(region).get(name)
            if attribute is None or table is None or expiry < now - FIVE_YEARS_S:
                continue
            key = orjson.loads(raw_key)
            # The item may have been rewritten since: only its current TTL counts.
            if expiry_of(self.store.get_item(table, key), attribute) != expiry:
                continue
            self.store.delete_expired(table, key)
            deleted += 1
        return deleted

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    def clear(self) -> None:
        self.attributes.clear()
        self._due.clear()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.sweep()
            except Exception:
                log.exception("TTL sweep failed")
