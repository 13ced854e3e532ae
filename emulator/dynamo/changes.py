"""Change events the store emits; persistence and streams listen to them.

Every mutation of the store (table created/updated/deleted, item written or
removed) goes through one place in the store, which tells each listener, in
order, after the change is applied. Listeners must not raise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Item = dict[str, Any]  # DynamoDB JSON: {"id": {"S": "a"}, ...}


@dataclass(slots=True)
class ItemChange:
    region: str
    table: str
    key: Item
    old: Item | None
    new: Item | None
    #: Set on deletions by the TTL sweeper (stream records carry a userIdentity).
    by_ttl: bool = False
    #: Epoch seconds when the change was applied.
    at: float = 0.0


@dataclass(slots=True)
class TableChange:
    region: str
    table: str
    kind: Literal["create", "update", "delete"]
    #: The table's full definition after the change (None after delete).
    definition: dict[str, Any] | None = field(default=None)
    at: float = 0.0


Change = ItemChange | TableChange
ChangeListener = Callable[[Change], None]
