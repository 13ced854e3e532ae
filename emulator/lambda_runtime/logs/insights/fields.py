"""The fields Logs Insights discovers in a log event.

Every event has ``@timestamp``, ``@message``, ``@logStream``, ``@log``
(``account-id:log-group-name``) and ``@ingestionTime``. A JSON object message
adds its members, nested ones flattened with dots (``a.b.c``, arrays by index:
``items.0``); a member whose name starts with ``@`` gets another ``@``. Lambda's
platform lines add ``@type`` and ``@requestId`` (its runtimes' logger lines the
latter), and REPORT its figures:
``@duration``, ``@billedDuration`` and ``@initDuration`` in milliseconds,
``@memorySize`` and ``@maxMemoryUsed`` in bytes (MB x 1,000,000, as AWS
reports them).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from .values import Timestamp, Value

#: Insights discovers up to this many fields of a JSON message.
MAX_JSON_FIELDS = 200
_MB = 1_000_000
SYSTEM_FIELDS = frozenset({"@timestamp", "@message", "@logStream", "@log", "@ingestionTime"})

_PLATFORM = re.compile(r"(START|END|REPORT) RequestId: ([0-9a-fA-F-]+)")
#: REPORT's figures: (label, field, multiplier).
_REPORT_FIGURES = (
    ("Duration", "@duration", None),
    ("Billed Duration", "@billedDuration", None),
    ("Memory Size", "@memorySize", _MB),
    ("Max Memory Used", "@maxMemoryUsed", _MB),
    ("Init Duration", "@initDuration", None),
)
_FIGURE = re.compile(r"\t?([A-Za-z ]+): ([\d.]+) (?:ms|MB)")
#: A line a Lambda runtime's logger writes: Node's ``time<TAB>request id<TAB>LEVEL<TAB>...`` and
#: Python's ``[LEVEL]<TAB>time<TAB>request id<TAB>...``; their request id is discovered too (guessed).
_RUNTIME_LINE = re.compile(r"(?:\[[A-Z]+\]\t)?\d{4}-\d\d-\d\dT[\d:.]+Z\t([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\t")


def discover(log: str, stream: str, event: tuple[int, str, int], deep: bool = True) -> dict[str, Value]:
    """The record of one event; ``log`` is ``account-id:log-group-name``; ``deep``: with the fields the
    message holds, not only the five every event has."""
    timestamp, message, ingested = event
    record: dict[str, Value] = {
        "@timestamp": Timestamp(timestamp),
        "@message": message,
        "@logStream": stream,
        "@log": log,
        "@ingestionTime": Timestamp(ingested),
    }
    if not deep:
        return record
    head = message.lstrip()[:1]
    if head == "{":
        _add_json(record, message)
    elif head in ("S", "E", "R"):
        _add_platform(record, message)
    elif (line := _RUNTIME_LINE.match(message)) is not None:
        record["@requestId"] = line.group(1)
    return record


def _add_json(record: dict[str, Value], message: str) -> None:
    try:
        document = orjson.loads(message)
    except orjson.JSONDecodeError:
        return
    if isinstance(document, dict):
        found: dict[str, Value] = {}
        _flatten(document, "", found)
        for name, value in found.items():
            record.setdefault(name, value)


def _flatten(value: Any, prefix: str, into: dict[str, Value]) -> None:
    if len(into) >= MAX_JSON_FIELDS:
        return
    if isinstance(value, dict):
        for key, member in value.items():
            name = f"{prefix}.{key}" if prefix else ("@" + key if key.startswith("@") else key)
            _flatten(member, name, into)
    elif isinstance(value, list):
        for index, member in enumerate(value):
            _flatten(member, f"{prefix}.{index}", into)
    elif value is None:
        return
    elif isinstance(value, bool):
        into[prefix] = "true" if value else "false"  # Guessed: JSON booleans read as their JSON text.
    else:
        into[prefix] = value


def _add_platform(record: dict[str, Value], message: str) -> None:
    match = _PLATFORM.match(message)
    if match is None:
        return
    kind, request_id = match.groups()
    record["@type"] = kind
    record["@requestId"] = request_id
    if kind != "REPORT":
        return
    figures = dict(_FIGURE.findall(message, match.end()))
    for label, field, multiplier in _REPORT_FIGURES:
        if label in figures:
            amount = float(figures[label])
            value = amount if "." in figures[label] else int(amount)
            record[field] = int(amount * multiplier) if multiplier else value
