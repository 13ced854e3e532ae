"""A tiny store honouring the change-event contract, for unit tests of persistence, streams and TTL."""

from __future__ import annotations

import time
from typing import Any

import orjson

from emulator.dynamo.changes import ChangeListener, ItemChange, TableChange


class FakeTable:
    def __init__(self, store: FakeStore, region: str, definition: dict[str, Any]) -> None:
        self.store = store
        self.region = region
        self.definition = definition
        self.key_names = [element["AttributeName"] for element in definition["KeySchema"]]
        self.items: dict[bytes, dict[str, Any]] = {}

    def key_of(self, item: dict[str, Any]) -> dict[str, Any]:
        return {name: item[name] for name in self.key_names}

    def iter_items(self) -> Any:
        return iter(self.items.values())

    def get(self, key: dict[str, Any]) -> dict[str, Any] | None:
        return self.items.get(orjson.dumps(key))

    def replay_put(self, item: dict[str, Any]) -> None:
        self.items[orjson.dumps(self.key_of(item))] = item

    def replay_delete(self, key: dict[str, Any]) -> None:
        self.items.pop(orjson.dumps(key), None)

    def put(self, item: dict[str, Any]) -> None:
        key = self.key_of(item)
        old = self.items.get(orjson.dumps(key))
        self.replay_put(item)
        self.store.emit(ItemChange(self.region, self.definition["TableName"], key, old, item, False, time.time()))

    def delete(self, key: dict[str, Any], by_ttl: bool = False) -> None:
        old = self.items.pop(orjson.dumps(key), None)
        if old is not None:
            self.store.emit(ItemChange(self.region, self.definition["TableName"], key, old, None, by_ttl, time.time()))


class FakeStore:
    def __init__(self) -> None:
        self.listeners: list[ChangeListener] = []
        self._tables: dict[str, dict[str, FakeTable]] = {}

    def subscribe(self, listener: ChangeListener) -> None:
        self.listeners.append(listener)

    def emit(self, change: Any) -> None:
        for listener in self.listeners:
            listener(change)

    def regions(self) -> list[str]:
        return list(self._tables)

    def tables(self, region: str) -> dict[str, FakeTable]:
        return self._tables.get(region, {})

    def restore_table(self, region: str, definition: dict[str, Any], items: Any) -> FakeTable:
        table = FakeTable(self, region, definition)
        for item in items:
            table.replay_put(item)
        self._tables.setdefault(region, {})[definition["TableName"]] = table
        return table

    def drop_table(self, region: str, name: str) -> None:
        self._tables.get(region, {}).pop(name, None)

    def clear(self) -> None:
        self._tables.clear()

    def items_of(self, table: FakeTable) -> list[dict[str, Any]]:
        return list(table.iter_items())

    def get_item(self, table: FakeTable, key: dict[str, Any]) -> dict[str, Any] | None:
        return table.get(key)

    def delete_expired(self, table: FakeTable, key: dict[str, Any]) -> None:
        table.delete(key, by_ttl=True)

    def create_table(self, region: str, definition: dict[str, Any]) -> FakeTable:
        table = self.restore_table(region, definition, [])
        self.emit(TableChange(region, definition["TableName"], "create", definition, time.time()))
        return table

    def update_table(self, region: str, definition: dict[str, Any]) -> None:
        self._tables[region][definition["TableName"]].definition = definition
        self.emit(TableChange(region, definition["TableName"], "update", definition, time.time()))

    def delete_table(self, region: str, name: str) -> None:
        self.drop_table(region, name)
        self.emit(TableChange(region, name, "delete", None, time.time()))

    def contents(self) -> dict[str, Any]:
        return {
            region: {name: sorted(orjson.dumps(i) for i in table.items.values()) for name, table in tables.items()}
            for region, tables in self._tables.items()
        }


def definition(name: str = "things", stream: str | None = None, ttl: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    }
    if stream:
        result["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream}
        result["LatestStreamLabel"] = "2026-01-01T00:00:00.000"
    if ttl:
        result["TimeToLiveSpecification"] = {"Enabled": True, "AttributeName": ttl}
    return result


def item(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": {"S": f"id-{n}"}, "n": {"N": str(n)}, **extra}
