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
        return self.store.regions()

    def tables(self, region: str) -> dict[str, Table]:
        return self.store.tables(region)

    def restore_table(self, region: str, definition: dict[str, Any], items: Iterable[Item]) -> Table:
        return self.store.restore_table(region, definition, items)

    def drop_table(self, region: str, name: str) -> None:
        self.store.tables(region).pop(name, None)

    def clear(self) -> None:
        self.store.clear()

    def items_of(self, table: Table) -> list[Any]:
        """Every item's stored text, unordered: the fastest read, as a snapshot's pause is."""
        return table.all_items()

    def get_item(self, table: Table, key: Item) -> Item | None:
        return table.get(*table.keys.request_key(key))

    def delete_expired(self, table: Table, key: Item) -> None:
        h, s = table.keys.request_key(key)
        old = table.get(h, s)
        if old is not None:
            self.store.write(table, h, s, old, None, by_ttl=True)
