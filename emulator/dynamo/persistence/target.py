"""What persistence needs from the store and from the other stateful parts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ..changes import ChangeListener, Item


class TableTarget(Protocol):
    definition: dict[str, Any]

    def iter_items(self) -> Iterable[Item]: ...

    def replay_put(self, item: Item) -> None: ...

    def replay_delete(self, key: Item) -> None: ...


class StoreTarget(Protocol):
    """The store, as persistence sees it: replay methods emit no change events."""

    def subscribe(self, listener: ChangeListener) -> None: ...

    def regions(self) -> Iterable[str]: ...

    def tables(self, region: str) -> Mapping[str, TableTarget]: ...

    def restore_table(self, region: str, definition: dict[str, Any], items: Iterable[Item]) -> Any: ...

    def drop_table(self, region: str, name: str) -> None: ...

    def clear(self) -> None: ...

    def items_of(self, table: Any) -> list[Item]:
        """A list of the table's items taken now, in any order."""


class Component(Protocol):
    """A part of the state saved in snapshots and journalled by its own entries.

    Entries a component appends start with its ``name``; recovery hands them
    back to ``replay`` in order, after ``load`` of the snapshot's state.
    """

    name: str

    def dump(self) -> Any:
        """The state as JSON-able data, captured now (called on the event loop)."""

    def load(self, state: Any) -> None: ...

    def replay(self, entry: list[Any]) -> None: ...

    def clear(self) -> None: ...
