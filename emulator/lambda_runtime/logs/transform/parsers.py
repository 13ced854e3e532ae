"""The configurable parsers: parseJSON, csv and parseKeyValue (CloudWatch Logs User Guide,
"Configurable parser-type processors"); grok has its own module.

A parser reads its ``source`` (the raw message, ``@message``, unless another key
is named) and puts what it found under ``destination``, or at the top of the
document when none is given. A source that does not parse fails the event.
"""

from __future__ import annotations

import csv
from typing import Any

import orjson

from .mutate import Config, Step
from .record import MESSAGE, ProcessorFailed, Record

DEFAULT_FIELD_DELIMITER = "&"
DEFAULT_KEY_VALUE_DELIMITER = "="
_ESCAPES = {"\\t": "\t", "\\s": " ", "\\n": "\n"}


def parse_json(config: Config) -> Step:
    def step(record: Record) -> None:
        text = _source_text(record, config)
        try:
            parsed = orjson.loads(text)
        except orjson.JSONDecodeError:
            raise ProcessorFailed("the source is not JSON") from None
        if not isinstance(parsed, dict):
            raise ProcessorFailed("the source is not a JSON object")
        place(record, config, parsed, overwrite=True)

    return step


def parse_csv(config: Config) -> Step:
    """``delimiter`` is one character, or two spelling an escape (``\\t``); other two-character
    delimiters split the text without quoting."""
    delimiter = _ESCAPES.get(config.get("delimiter") or ",", config.get("delimiter") or ",")
    quote = config.get("quoteCharacter") or '"'
    columns = list(config.get("columns") or ())

    def step(record: Record) -> None:
        text = _source_text(record, config)
        if len(delimiter) > 1:
            values = text.split(delimiter)
        else:
            try:
                values = next(csv.reader([text], delimiter=delimiter, quotechar=quote), [])
            except csv.Error:
                raise ProcessorFailed("the source is not CSV") from None
        names = columns + [f"column_{index}" for index in range(len(columns) + 1, len(values) + 1)]
        place(record, config, dict(zip(names, values, strict=False)), overwrite=True)

    return step


def parse_key_value(config: Config) -> Step:
    field_delimiter = config.get("fieldDelimiter") or DEFAULT_FIELD_DELIMITER
    pair_delimiter = config.get("keyValueDelimiter") or DEFAULT_KEY_VALUE_DELIMITER
    prefix = config.get("keyPrefix") or ""
    non_match = config.get("nonMatchValue")

    def step(record: Record) -> None:
        found: dict[str, Any] = {}
        for pair in _source_text(record, config).split(field_delimiter):
            key, delimited, value = pair.partition(pair_delimiter)
            if not delimited:
                if non_match is None or not pair:
                    continue  # a piece with no delimiter is dropped unless nonMatchValue stands in
                value = non_match
            found[prefix + key] = value
        place(record, config, found, overwrite=bool(config.get("overwriteIfExists")))

    return step


def place(record: Record, config: Config, found: dict[str, Any], overwrite: bool) -> None:
    """What a parser found: under ``destination``, or merged into the document's top."""
    destination = config.get("destination")
    if destination:
        record.set(destination, found, overwrite)
        return
    for key, value in found.items():
        if overwrite or key not in record.document:
            record.document[key] = value


def _source_text(record: Record, config: Config) -> str:
    value = record.get(config.get("source") or MESSAGE)
    if not isinstance(value, str):
        raise ProcessorFailed("the source is not a string")
    return value
