"""Running a parsed query over log events: the pipeline, then the rows GetQueryResults returns.

Events enter newest first (the default order dedup's reference names). Each command works on the rows the
previous one left: event records until a ``stats``, its rows after. A row is
answered as ``[{field, value}, ...]`` with string values, leaving out absent
fields; event rows end with ``@ptr``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson

from .ast import (
    Command,
    Dedup,
    Display,
    Fields,
    Filter,
    Limit,
    Parse,
    Query,
    Sort,
    Stats,
    field_names,
)
from .eval import Record, compile_expr
from .fields import SYSTEM_FIELDS, discover
from .lex import QueryError
from .sort import sort_rows
from .stats import compile_stats
from .values import text, truthy

DEFAULT_FIELDS = ("@timestamp", "@message")
#: Where an event row keeps what its ``@ptr`` names (not a field a query can see).
_POINTER = "\0ptr"

#: (log group name, ``account:group``, stream name, event)
Source = tuple[str, str, str, tuple[int, str, int]]


@dataclass(slots=True)
class Outcome:
    rows: list[list[dict[str, str]]]
    matched: int
    scanned: int
    bytes_scanned: int
    groups_scanned: int = 0


def pointer(group: str, stream: str, timestamp: int, message: str) -> str:
    """``@ptr``: an opaque name of one event, which GetLogRecord reads back."""
    return base64.urlsafe_b64encode(orjson.dumps([group, stream, timestamp, message[:64]])).decode()


def read_pointer(value: str) -> list[object] | None:
    try:
        found = orjson.loads(base64.urlsafe_b64decode(value.encode()))
    except ValueError:
        return None
    return found if isinstance(found, list) and len(found) == 4 else None


@dataclass(slots=True)
class _Step:
    """One command, compiled: how it changes the rows, and the columns it shows."""

    apply: Callable[[list[Record]], list[Record]]
    shows: list[str] | None = None  # columns added to the answer
    extracts: list[str] | None = None  # columns added after the chosen or default ones (``parse``)
    display: list[str] | None = None  # the answer's columns exactly (``display``, ``stats``)
    aggregates: bool = False  # rows after it are no longer events
    counts_matches: bool = False  # ``recordsMatched`` counts the rows it receives


@dataclass(slots=True)
class Pipeline:
    steps: list[_Step]
    #: Whether any command reads a field beyond the five every event has (JSON members, Lambda's...):
    #: finding those is most of a query's cost.
    discovers: bool


def compile_query(query: Query, source: str) -> Pipeline:
    """Every command compiled (a query that does not compile fails here, whatever the data)."""
    steps = [_compile(command, source) for command in query.commands]
    _check_after_stats(query, source)
    read = {name for command in query.commands for name in field_names(command)}
    return Pipeline(steps, not read <= SYSTEM_FIELDS)


def _check_after_stats(query: Query, source: str) -> None:
    """After a ``stats`` only its columns exist (and fields made since): naming another does not
    compile, in AWS's words ("Unknown symbols found in or after stats: request_source")."""
    columns: frozenset[str] | None = None
    for command, begins in zip(query.commands, query.starts, strict=True):
        if columns is not None:
            reads = command.source if isinstance(command, Parse) else command
            unknown = [name for name in dict.fromkeys(field_names(reads, columns)) if name not in columns]
            if unknown:
                start = max(source.find(unknown[0], begins), 0)
                message = f"Unknown symbols found in or after stats: {', '.join(unknown)}"
                raise QueryError(message, start, start + len(unknown[0]))
        match command:
            case Stats(items=items, by=by):
                columns = frozenset(n.name for n in (*by, *items))
            case Fields(items=items) if columns is not None:
                columns |= {n.name for n in items}
            case Parse(names=names) if columns is not None:
                columns |= set(names)


def run_query(pipeline: Pipeline, events: Iterable[Source], limit: int) -> Outcome:
    records: list[Record] = []
    scanned = bytes_scanned = 0
    for group, log, stream, event in events:
        record = discover(log, stream, event, pipeline.discovers)
        record[_POINTER] = (group, stream, event)
        records.append(record)
        scanned += 1
        bytes_scanned += len(event[1].encode())
    records.sort(key=lambda r: r["@timestamp"], reverse=True)
    shown: list[str] = []
    extracted: list[str] = []
    displayed: list[str] | None = None
    matched: int | None = None
    rows = records
    for step in pipeline.steps:
        if step.counts_matches and matched is None:
            matched = len(rows)
        rows = step.apply(rows)
        if step.aggregates:
            shown, extracted, displayed = [], [], None
        shown.extend(name for name in step.shows or () if name not in shown)
        extracted.extend(name for name in step.extracts or () if name not in extracted)
        if step.display is not None:
            displayed = step.display
    names = displayed or _with(shown or list(DEFAULT_FIELDS), extracted)
    answered = [_answer(row, names) for row in rows[:limit]]
    return Outcome(answered, len(rows) if matched is None else matched, scanned, bytes_scanned)


def _compile(command: Command, source: str) -> _Step:
    match command:
        case Fields(items=items):
            computed = [(n.name, compile_expr(n.expr, source)) for n in items]
            return _Step(lambda rows: _assign(rows, computed), shows=[n.name for n in items])
        case Display(names=names):
            return _Step(lambda rows: rows, display=list(names))
        case Filter(condition=condition):
            test = compile_expr(condition, source)
            return _Step(lambda rows: [row for row in rows if truthy(test(row))])
        case Parse():
            read = compile_expr(command.source, source)
            return _Step(
                lambda rows: [_parse(command, read, row) for row in rows], extracts=list(command.names)
            )
        case Sort(keys=keys):
            compiled = [(compile_expr(k.expr, source), k.descending) for k in keys]
            return _Step(lambda rows: sort_rows(rows, compiled))
        case Limit(count=count):
            return _Step(lambda rows: rows[:count], counts_matches=True)
        case Dedup(names=names):
            return _Step(lambda rows: _dedup(rows, names))
        case Stats():
            aggregate = compile_stats(command, source)
            columns = [n.name for n in command.by] + [n.name for n in command.items]
            return _Step(aggregate, shows=columns, aggregates=True, counts_matches=True)
    raise AssertionError(command)


def _with(names: list[str], more: list[str]) -> list[str]:
    return names + [name for name in more if name not in names]


def _assign(rows: list[Record], items: list[tuple[str, Callable[[Record], object]]]) -> list[Record]:
    """The rows with the computed fields set (each record belongs to this run alone)."""
    for row in rows:
        for name, compute in items:
            row[name] = compute(row)
    return rows


def _parse(command: Parse, read: Callable[[Record], object], row: Record) -> Record:
    value = read(row)
    found = command.pattern.search(text(value)) if value is not None else None
    if found is None:
        return row
    for name, captured in zip(command.names, found.groups(), strict=False):
        if captured is not None:
            row[name] = captured
    return row


def _dedup(rows: list[Record], names: tuple[str, ...]) -> list[Record]:
    """The first row of each combination of values; rows missing one of the fields are all kept (guessed)."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for row in rows:
        values = [row.get(name) for name in names]
        if any(v is None for v in values):
            kept.append(row)
            continue
        key = tuple(text(v) for v in values)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _answer(row: Record, names: list[str]) -> list[dict[str, str]]:
    answered = [{"field": name, "value": text(row[name])} for name in names if row.get(name) is not None]
    located = row.get(_POINTER)
    if located is not None:
        group, stream, event = located
        answered.append({"field": "@ptr", "value": pointer(group, stream, event[0], event[1])})
    return answered
