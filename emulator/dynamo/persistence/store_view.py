"""The real store seen through the narrow interface persistence, streams and TTL use.

The store's own ``drop_table`` announces the deletion (it is an operation);
recovery needs a silent one, and the TTL sweeper needs to read and delete
one item by its key through the store's choke point.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..changes import ChangeListener, Item
from ..store import Store
from ..table import Table


class StoreView:
    def __init__(self, store: Store) -> None:
        self.store = store

    def subscribe(self, listener: ChangeListener) -> None:
        self.store.subscribe(listener)

    def regions(self) -> Iterable[str]:
        # The store has no public list of its regions yet (asked for ``Store.regions()``).
        return list(self.store._regions)

    def tables(self, region: str) -> dict[str, Table]:
        return self.store.tables(region)

    def restore_table(self, region: str, definition: dict[str, Any], items: Iterable[Item]) -> Table:
        return self.store.restore_table(region, definition, items)

    def drop_table(self, region: str, name: str) -> None:
        self.store.tables(region).pop(name, None)

    def clear(self) -> None:
        self.store.clear()

    def items_of(self, table: Table) -> list[Any]:
        """Every item of the table now, as fast as possible: the snapshot's pause on the event loop.

        Order does not matter to a snapshot, so the partitions' dicts are read
        directly (a ``SortedDict`` is a dict) rather than walked in scan order,
        about ten times faster than ``iter_items()``; the values are items or
        their JSON text, as the store keeps them. Asked the store for a public
        ``Table.all_items()`` doing this.
        """
        partitions = table.items
        if not partitions.sorted:
            return list(partitions.parts.values())
        values = dict.values
        return [item for part in partitions.parts.values() for item in values(part)]

    def get_item(self, table: Table, key: Item) -> Item | None:
        return table.get(*table.keys.request_key(key))

    def delete_expired(self, table: Table, key: Item) -> None:
        h, s = table.keys.request_key(key)
        old = table.get(h, s)
        if old is not None:
            self.store.write(table, h, s, old, None, by_ttl=True)
