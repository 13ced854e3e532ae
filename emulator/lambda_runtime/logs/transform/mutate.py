"""The JSON and string mutate processors and typeConverter (CloudWatch Logs User Guide,
"JSON mutate processors", "String mutate processors", "Datatype converter processors").

Each takes its configuration and answers a step that changes a ``Record`` in place.
A key that is absent is passed over, as AWS does; ``overwriteIfExists`` is false
unless set. String processors leave values that are not strings alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .record import ProcessorFailed, Record

Step = Callable[[Record], None]
Config = dict[str, Any]


def add_keys(config: Config) -> Step:
    def step(record: Record) -> None:
        for entry in config["entries"]:
            record.set(entry["key"], entry["value"], bool(entry.get("overwriteIfExists")))

    return step


def delete_keys(config: Config) -> Step:
    def step(record: Record) -> None:
        for key in config["withKeys"]:
            record.pop(key)

    return step


def move_keys(config: Config) -> Step:
    """The value leaves ``source`` for ``target`` (a full path)."""
    return _relocate([(entry["source"], entry["target"], entry) for entry in config["entries"]])


def rename_keys(config: Config) -> Step:
    """The key gets the name ``renameTo``, under the same parent (``a.b`` renamed ``c`` is ``a.c``)."""
    moves = []
    for entry in config["entries"]:
        parent, dot, _ = entry["key"].rpartition(".")
        moves.append((entry["key"], f"{parent}{dot}{entry['renameTo']}", entry))
    return _relocate(moves)


def _relocate(moves: list[tuple[str, str, dict[str, Any]]]) -> Step:
    def step(record: Record) -> None:
        for source, target, entry in moves:
            if not record.has(source) or (record.has(target) and not entry.get("overwriteIfExists")):
                continue
            record.set(target, record.pop(source))

    return step


def copy_value(config: Config) -> Step:
    """The source may also be a metadata key (@logGroupName, @logGroupStream, @accountId, @regionName)."""

    def step(record: Record) -> None:
        for entry in config["entries"]:
            value = record.get(entry["source"])
            if value is not None:
                record.set(entry["target"], _copy(value), bool(entry.get("overwriteIfExists")))

    return step


def list_to_map(config: Config) -> Step:
    """A list of objects becomes members named by each object's ``key``: the object itself, or its
    ``valueKey``; every value of a name in a list unless ``flatten`` keeps the first or last."""
    key, value_key = config["key"], config.get("valueKey")
    last = config.get("flattenedElement") == "last"

    def step(record: Record) -> None:
        items = record.get(config["source"])
        if not isinstance(items, list):
            return
        found: dict[str, list[Any]] = {}
        for item in items:
            if isinstance(item, dict) and key in item:
                found.setdefault(str(item[key]), []).append(item.get(value_key) if value_key else item)
        for name, values in found.items():
            value = (values[-1] if last else values[0]) if config.get("flatten") else values
            record.set(f"{config['target']}.{name}" if config.get("target") else name, value)

    return step


def _strings(change: Callable[[str], Any]) -> Callable[[Config], Step]:
    def build(config: Config) -> Step:
        def step(record: Record) -> None:
            for key in config["withKeys"]:
                value = record.get(key)
                if isinstance(value, str) and record.has(key):
                    record.set(key, change(value))

        return step

    return build


lower_case_string = _strings(str.lower)
upper_case_string = _strings(str.upper)
trim_string = _strings(str.strip)


def split_string(config: Config) -> Step:
    def step(record: Record) -> None:
        for entry in config["entries"]:
            value = record.get(entry["source"])
            if isinstance(value, str) and record.has(entry["source"]):
                record.set(entry["source"], value.split(entry["delimiter"]))

    return step


def substitute_string(config: Config) -> Step:
    """``from`` is a (Java) regular expression; ``to`` may name its groups as ``$1``."""
    entries = [(entry["source"], re.compile(entry["from"]), _replacement(entry["to"])) for entry in config["entries"]]

    def step(record: Record) -> None:
        for source, pattern, replacement in entries:
            value = record.get(source)
            if isinstance(value, str) and record.has(source):
                record.set(source, pattern.sub(replacement, value))

    return step


def type_converter(config: Config) -> Step:
    def step(record: Record) -> None:
        for entry in config["entries"]:
            if record.has(entry["key"]):
                record.set(entry["key"], _convert(record.get(entry["key"]), entry["type"]))

    return step


def _convert(value: Any, kind: str) -> Any:
    try:
        if kind == "string":
            return ("true" if value else "false") if isinstance(value, bool) else str(value)
        if kind == "boolean":
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            if isinstance(value, bool):
                return value
            raise ProcessorFailed(f"{value!r} is not a boolean")
        if isinstance(value, bool) or value is None:
            raise ProcessorFailed(f"{value!r} is not a number")
        if kind == "integer":
            return int(value) if _is_integer_text(value) else int(float(value))  # Guessed: decimals truncate.
        return float(value)
    except (ValueError, TypeError):
        raise ProcessorFailed(f"{value!r} cannot be converted to {kind}") from None


def _is_integer_text(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.strip().lstrip("+-").isdigit())


def _replacement(java: str) -> str:
    """A Java replacement string (``$1``, ``\\$``) as Python's ``re.sub`` reads it."""
    python = java.replace("\\", "\\\\")
    return re.sub(r"\$(\d+)", r"\\g<\1>", python).replace("\\\\$", "$")


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
