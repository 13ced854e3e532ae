"""ConsumedCapacity of TransactWriteItems, first run and replay.

Figures follow dynoxide's captures against AWS (eu-west-2, 2026-08-13,
tests/transactional_index_consumed_capacity.rs): every action costs its table
two writes sized on the larger of the item before and after -- a
ConditionCheck too, sized on the item it read; index arms cost what the same
write costs outside a transaction (no doubling) and appear only for indexes
the write changed. A replay under the same ClientRequestToken writes nothing
and is charged as transactional reads of the larger image (AWS's
TransactWriteItems reference; the same captures, round S).
"""

from __future__ import annotations

from typing import Any

from ..capacity import index_write_units, read_units, write_units
from ..values import item_size

Item = dict[str, Any]
Params = dict[str, Any]


class _TableBill:
    __slots__ = ("table", "indexes")

    def __init__(self) -> None:
        self.table = 0.0
        #: index name -> (is_global, units)
        self.indexes: dict[str, tuple[bool, float]] = {}

    def add_index(self, name: str, is_global: bool, units: float) -> None:
        if units:
            self.indexes[name] = (is_global, self.indexes.get(name, (is_global, 0.0))[1] + units)


def write_capacity(mode: str | None, actions: list[Any], olds: list[Item | None], news: list[Item | None]) -> Params:
    """The ``ConsumedCapacity`` member (or nothing) of a transaction that wrote."""
    if mode not in ("TOTAL", "INDEXES"):
        return {}
    bills: dict[str, _TableBill] = {}
    for action, old, new in zip(actions, olds, news, strict=True):
        bill = bills.setdefault(action.table.name, _TableBill())
        if action.kind == "ConditionCheck":
            bill.table += 2 * write_units(old)
            continue
        bill.table += 2 * write_units(old, new)
        for name, index in action.table.indexes.items():
            bill.add_index(name, index.is_global, index_write_units(index, old, new))
    return {"ConsumedCapacity": [_shape(mode, name, bill, "WriteCapacityUnits") for name, bill in bills.items()]}


def replay_capacity(mode: str | None, actions: list[Any], olds: list[Item | None], news: list[Item | None]) -> Params:
    """The ``ConsumedCapacity`` member (or nothing) of a replayed transaction: reads only."""
    if mode not in ("TOTAL", "INDEXES"):
        return {}
    bills: dict[str, _TableBill] = {}
    for action, old, new in zip(actions, olds, news, strict=True):
        larger = max(item_size(old or {}), item_size(new or {}))
        bills.setdefault(action.table.name, _TableBill()).table += 2 * read_units(larger, True)
    return {"ConsumedCapacity": [_shape(mode, name, bill, "ReadCapacityUnits") for name, bill in bills.items()]}


def _shape(mode: str, name: str, bill: _TableBill, axis: str) -> Params:
    total = bill.table + sum(units for _, units in bill.indexes.values())
    out: Params = {"TableName": name, "CapacityUnits": total, axis: total}
    if mode == "INDEXES":
        out["Table"] = {"CapacityUnits": bill.table, axis: bill.table}
        gsis = {n: {"CapacityUnits": u, axis: u} for n, (is_global, u) in bill.indexes.items() if is_global}
        lsis = {n: {"CapacityUnits": u, axis: u} for n, (is_global, u) in bill.indexes.items() if not is_global}
        if gsis:
            out["GlobalSecondaryIndexes"] = gsis
        if lsis:
            out["LocalSecondaryIndexes"] = lsis
    return out
