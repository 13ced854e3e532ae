"""The DynamoDB store: tables per region, and the one place state changes.

Contract for persistence, streams and TTL (see ``changes.py``):

- ``subscribe(listener)``: after every applied change, each listener gets an
  ``ItemChange`` (put/update/delete, from any operation: single-item,
  batch, transaction, PartiQL, TTL) or a ``TableChange`` (create/update/delete,
  with the table's full ``definition`` after the change).
- ``write(table, h, s, old, new)`` is the choke point for items and
  ``add_table`` / ``table_changed`` / ``drop_table`` for tables.
- ``regions()``; ``tables(region)`` -> ``{name: Table}``; ``Table.definition``,
  ``Table.iter_items()`` (dicts, scan order), ``Table.all_items()`` (stored
  texts, unordered, fastest).
- ``restore_table(region, definition, items)`` and ``Table.replay_put`` /
  ``Table.replay_delete`` change state without emitting events (recovery).
- ``clear()`` drops everything (reset).

A table in a global table's replication group (``global_tables.py``) has
``replicated_to``: ``write`` copies each change to those replicas at once;
other tables pay one attribute test.

With a ``Replication`` (``consistency.py``), each table added, changed or
restored gets the history its eventual reads need, and ``write`` records
each change in it first.

Operations run synchronously on the event loop, so each is atomic.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from .changes import ChangeListener, ItemChange, TableChange
from .consistency import Replication
from .errors import NOT_FOUND, ResourceNotFoundException
from .table import Table

Item = dict[str, Any]


class Store:
    def __init__(self, replication: Replication | None = None) -> None:
        self._regions: dict[str, dict[str, Table]] = {}
        self._listeners: list[ChangeListener] = []
        self.replication = replication

    # -- listeners ------------------------------------------------------------

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def _emit(self, change: ItemChange | TableChange) -> None:
        for listener in self._listeners:
            listener(change)

    # -- tables ---------------------------------------------------------------

    def regions(self) -> list[str]:
        return list(self._regions)

    def tables(self, region: str) -> dict[str, Table]:
        tables = self._regions.setdefault(region, {})
        now = time.time()
        for name in [n for n, t in tables.items() if t.gone_at is not None and t.gone_at <= now]:
            del tables[name]
        return tables

    def find(self, region: str, name: str) -> Table | None:
        if name[:4] == "arn:":
            region, _, name = _parse_table_arn(name, region)
        tables = self._regions.get(region)
        table = tables.get(name) if tables is not None else None
        if table is not None and table.gone_at is not None and table.gone_at <= time.time():
            del self._regions[region][name]
            return None
        return table

    def table(self, region: str, name: str, message: str = NOT_FOUND) -> Table:
        table = self.find(region, name)
        if table is None:
            raise ResourceNotFoundException(message)
        return table

    def add_table(self, table: Table) -> None:
        self.tables(table.region)[table.name] = table
        if self.replication is not None:
            self.replication.attach(table)
        if self._listeners:
            self._emit(TableChange(table.region, table.name, "create", table.definition, time.time()))

    def table_changed(self, table: Table) -> None:
        if self.replication is not None:
            self.replication.attach(table)
        if self._listeners:
            self._emit(TableChange(table.region, table.name, "update", table.definition, time.time()))

    def drop_table(self, table: Table, delay_s: float = 0.0) -> None:
        if delay_s > 0:
            table.gone_at = time.time() + delay_s
        else:
            self._regions.get(table.region, {}).pop(table.name, None)
        if self._listeners:
            self._emit(TableChange(table.region, table.name, "delete", None, time.time()))

    # -- items ----------------------------------------------------------------

    @property
    def has_listeners(self) -> bool:
        return bool(self._listeners)

    def write(
        self,
        table: Table,
        h: Any,
        s: Any,
        old: Item | None,
        new: Item | None,
        by_ttl: bool = False,
        text: bytes | None = None,
        *,
        local: bool = False,
    ) -> None:
        """Apply one item change and tell the listeners (``text``: ``new`` already encoded);
        a global table's replicas get the change too, unless ``local`` (``replicate``)."""
        if table.history is not None:
            table.history.record(h, s, table.items.get(h, s))
        table.apply(h, s, old, new, text)
        if self._listeners:
            key = table.keys.key_attributes(new if new is not None else old)  # type: ignore[arg-type]
            self._emit(ItemChange(table.region, table.name, key, old, new, by_ttl, time.time()))
        if table.replicated_to and not local:
            self.replicate(table, h, s, new, by_ttl)

    def replicate(self, table: Table, h: Any, s: Any, new: Item | None, by_ttl: bool) -> None:
        """Copy an applied change to the table's replicas in other regions, synchronously: the
        event loop orders all writes, so the last writer wins everywhere (AWS replicates within
        about a second; here a replica reads the change as soon as the write is answered)."""
        text = table.items.get(h, s) if new is not None else None
        for region in table.replicated_to:
            replica = self.find(region, table.name)
            if replica is None or replica.gone_at is not None:
                continue
            old = replica.get(h, s)
            if old is not None or new is not None:
                self.write(replica, h, s, old, new, by_ttl, text, local=True)

    # -- recovery and reset ---------------------------------------------------

    def restore_table(self, region: str, definition: dict[str, Any], items: Iterable[Item | bytes]) -> Table:
        """Recreate a table silently; items may be dicts or stored texts (``Table.all_items``)."""
        table = Table(region, definition)
        table.load(items)
        self.tables(region)[table.name] = table
        if self.replication is not None:
            self.replication.attach(table)
        return table

    def clear(self) -> None:
        self._regions.clear()
        if self.replication is not None:
            self.replication.reseed()  # a reset test replays the same stale reads


def _parse_table_arn(arn: str, region: str) -> tuple[str, str, str]:
    """(region, account, table name) of ``arn:aws:dynamodb:{region}:{account}:table/{name}``."""
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[5].startswith("table/"):
        return parts[3], parts[4], parts[5][6:].split("/", 1)[0]
    return region, "", arn
