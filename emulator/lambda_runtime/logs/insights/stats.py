"""``stats``: aggregations over groups of records, one result row per group.

An item may combine aggregations and earlier items' names in arithmetic
(``max(@memorySize) - max(@maxMemoryUsed)``, ``provisioned - used``). Groups
are the distinct values of the ``by`` expressions (``bin(5m)`` included), in
the order they are first met; the ``by`` fields come first in each row.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .ast import Binary, Call, Expr, Field, Star, Stats, Unary
from .eval import AGGREGATES, Compiled, Record, compile_expr
from .lex import QueryError
from .values import Timestamp, Value, number, text

Aggregate = Callable[[list[Record]], Value]


@dataclass(frozen=True, slots=True)
class _Slot:
    """Where an aggregation's result waits for the item that uses it."""

    name: str
    compute: Aggregate


def compile_stats(command: Stats, source: str) -> Callable[[list[Record]], list[Record]]:
    slots: list[_Slot] = []
    items = [(named.name, compile_expr(_hoist(named.expr, slots, source), source)) for named in command.items]
    by = [(named.name, compile_expr(named.expr, source)) for named in command.by]

    def run(records: list[Record]) -> list[Record]:
        groups: dict[tuple[str | None, ...], list[Record]] = {}
        keys: dict[tuple[str | None, ...], list[Value]] = {}
        for record in records:
            values = [group(record) for _, group in by]
            key = tuple(None if v is None else text(v) for v in values)
            if key not in groups:
                groups[key], keys[key] = [], values
            groups[key].append(record)
        if not by and not groups:
            groups[()] = []  # stats without by answers one row even over no records
            keys[()] = []
        rows = []
        for key, members in groups.items():
            row: Record = {name: value for (name, _), value in zip(by, keys[key], strict=True)}
            scratch = dict(row)
            for slot in slots:
                scratch[slot.name] = slot.compute(members)
            for name, item in items:
                scratch[name] = row[name] = item(scratch)
            rows.append(row)
        return rows

    return run


def _hoist(expr: Expr, slots: list[_Slot], source: str) -> Expr:
    """``expr`` with each aggregation replaced by a field its slot fills."""
    match expr:
        case Call(name=name) if name in AGGREGATES:
            slot = _Slot(f"\0{len(slots)}", _aggregate(expr, source))
            slots.append(slot)
            return Field(expr.text, slot.name)
        case Call(args=args):
            return replace(expr, args=tuple(_hoist(arg, slots, source) for arg in args))
        case Binary(left=left, right=right):
            return replace(expr, left=_hoist(left, slots, source), right=_hoist(right, slots, source))
        case Unary(operand=operand):
            return replace(expr, operand=_hoist(operand, slots, source))
    return expr


def _aggregate(call: Call, source: str) -> Aggregate:
    name, args = call.name, call.args
    wanted = 2 if name in _PERCENTILES else 1
    if name == "count" and (not args or isinstance(args[0], Star)) and len(args) <= 1:
        return len
    if len(args) != wanted or isinstance(args[0], Star):
        start = max(source.find(call.text), 0)
        # Guessed wording, as for scalar functions.
        raise QueryError(f"Invalid number of arguments for function {name}", start, start + len(call.text))
    value_of = compile_expr(args[0], source)
    if name in _PERCENTILES:
        percent = number(compile_expr(args[1], source)({}))
        return lambda records: _percentile([value_of(r) for r in records], percent or 0)
    if name in ("earliest", "latest"):
        return _by_time(value_of, latest=name == "latest")
    reduce = _REDUCTIONS[name]
    return lambda records: reduce([v for v in map(value_of, records) if v is not None])


#: ``percentile`` is ``pct`` as AWS's serverless snippets write it ("percentile(@billedDuration, 99)").
_PERCENTILES = ("pct", "percentile")


def _numbers(values: list[Value]) -> list[int | float]:
    return [n for n in map(number, values) if n is not None]


def _extreme(pick: Callable[..., Any]) -> Callable[[list[Value]], Value]:
    def reduce(values: list[Value]) -> Value:
        numeric = [(number(v), v) for v in values if number(v) is not None]
        if not numeric:
            return None
        found = pick(numeric, key=lambda pair: pair[0])
        return found[1] if isinstance(found[1], Timestamp) else found[0]

    return reduce


_REDUCTIONS: dict[str, Callable[[list[Value]], Value]] = {
    "count": len,
    "count_distinct": lambda values: len({text(v) for v in values}),
    "sum": lambda values: sum(_numbers(values)) if _numbers(values) else None,
    "avg": lambda values: statistics.fmean(ns) if (ns := _numbers(values)) else None,
    "min": _extreme(min),
    "max": _extreme(max),
    # Not in the command reference, but in Lambda's example queries ("median(initDuration)").
    "median": lambda values: statistics.median(ns) if (ns := _numbers(values)) else None,
    "stddev": lambda values: statistics.stdev(ns) if len(ns := _numbers(values)) > 1 else (0 if ns else None),
}


def _percentile(values: list[Value], percent: float) -> Value:
    """Nearest rank (guessed: AWS does not document its method)."""
    numbers = sorted(_numbers(values))
    if not numbers:
        return None
    rank = max(1, math.ceil(percent / 100 * len(numbers)))
    return numbers[min(rank, len(numbers)) - 1]


def _by_time(value_of: Compiled, latest: bool) -> Aggregate:
    """The value in the earliest (latest) record by ``@timestamp``; times as epoch milliseconds, as AWS answers."""

    def reduce(records: list[Record]) -> Value:
        present = [r for r in records if value_of(r) is not None]
        if not present:
            return None
        chosen = (max if latest else min)(present, key=lambda r: r.get("@timestamp") or 0)
        value = value_of(chosen)
        return int(value) if isinstance(value, Timestamp) else value

    return reduce
