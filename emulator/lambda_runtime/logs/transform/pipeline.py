"""A transformer configuration: checked as AWS checks it, compiled once, run over each event.

The rules (CloudWatch Logs User Guide, "Create and manage log transformers"):
at most 20 processors; the first is a parser (a first parseJSON reads @message) and there are at most five parsers;
a built-in parser of AWS vended logs comes first and alone of its kind; one grok,
one addKeys and one copyValue at most. A processor names exactly one kind. The
error wording is guessed (AWS's is not published).

An event that a processor fails on is stored as it came (guessed, as AWS keeps
events it cannot transform); otherwise its message becomes the document, as JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import orjson

from . import dates, grok, mutate, parsers, vended
from .record import MESSAGE, ProcessorFailed, Record

MAX_PROCESSORS = 20
MAX_PARSERS = 5

#: Processor kind -> the function that compiles its configuration into a step.
BUILDERS: dict[str, Callable[[dict[str, Any]], mutate.Step]] = {
    "parseJSON": parsers.parse_json,
    "csv": parsers.parse_csv,
    "parseKeyValue": parsers.parse_key_value,
    "grok": grok.grok,
    "parseVPC": vended.parse_vpc,
    "parseCloudfront": vended.parse_cloudfront,
    "addKeys": mutate.add_keys,
    "deleteKeys": mutate.delete_keys,
    "moveKeys": mutate.move_keys,
    "renameKeys": mutate.rename_keys,
    "copyValue": mutate.copy_value,
    "listToMap": mutate.list_to_map,
    "lowerCaseString": mutate.lower_case_string,
    "upperCaseString": mutate.upper_case_string,
    "trimString": mutate.trim_string,
    "splitString": mutate.split_string,
    "substituteString": mutate.substitute_string,
    "typeConverter": mutate.type_converter,
    "dateTimeConverter": dates.date_time_converter,
}
VENDED_PARSERS = frozenset({"parseCloudfront", "parseVPC", "parseRoute53", "parsePostgres", "parseWAF", "parseToOCSF"})
PARSERS = VENDED_PARSERS | {"parseJSON", "csv", "parseKeyValue", "grok"}
ONCE = ("grok", "addKeys", "copyValue")
#: Deeper checks some processors' configurations need beyond the model's.
CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {"grok": grok.check, "dateTimeConverter": dates.check}


class TransformerConfigError(ValueError):
    pass


Pipeline = list[mutate.Step]


def compile_transformer(config: list[dict[str, Any]]) -> Pipeline:
    """The steps of a configuration, or ``TransformerConfigError`` saying what AWS would refuse."""
    kinds = [_kind(processor) for processor in config]
    if len(kinds) > MAX_PROCESSORS:
        raise TransformerConfigError(f"A transformer can have at most {MAX_PROCESSORS} processors.")
    if not kinds or kinds[0] not in PARSERS:
        raise TransformerConfigError("The first processor in a transformer must be a parser.")
    if kinds[0] == "parseJSON" and config[0]["parseJSON"].get("source", MESSAGE) != MESSAGE:
        raise TransformerConfigError("The first parseJSON processor must parse @message.")
    if sum(kind in PARSERS for kind in kinds) > MAX_PARSERS:
        raise TransformerConfigError(f"A transformer can have at most {MAX_PARSERS} parser processors.")
    for index, kind in enumerate(kinds):
        if kind in VENDED_PARSERS and index > 0:
            raise TransformerConfigError(f"The {kind} processor must be the first processor in a transformer.")
        if kind in ONCE and kinds.count(kind) > 1:
            raise TransformerConfigError(f"A transformer can have only one {kind} processor.")
        if kind in VENDED_PARSERS and config[index][kind].get("source", MESSAGE) != MESSAGE:
            raise TransformerConfigError(f"The {kind} processor only accepts @message as its source.")
        if kind not in BUILDERS:
            # Not AWS's behaviour: AWS runs these; the emulator does not parse their formats.
            raise TransformerConfigError(f"The {kind} processor is not supported by the emulator.")
    try:
        for processor, kind in zip(config, kinds, strict=True):
            if kind in CHECKS:
                CHECKS[kind](processor[kind])
        return [BUILDERS[kind](processor[kind]) for processor, kind in zip(config, kinds, strict=True)]
    except (grok.GrokError, dates.DateFormatError) as problem:
        raise TransformerConfigError(str(problem)) from None
    except re.error as problem:  # substituteString's regular expression
        raise TransformerConfigError(f"Invalid transformer configuration: {problem}") from None


def run(pipeline: Pipeline, message: str, metadata: dict[str, str] | None = None) -> str | None:
    """The transformed message (the document as JSON), or None when a processor failed on it."""
    record = Record(message, metadata=metadata or {})
    try:
        for step in pipeline:
            step(record)
    except (ProcessorFailed, ValueError, TypeError, OverflowError, RecursionError):
        return None  # also a value no processor anticipated (a deep document, a huge number): kept as it came
    return orjson.dumps(record.document).decode()


def _kind(processor: dict[str, Any]) -> str:
    named = [kind for kind, value in processor.items() if value is not None]
    if len(named) != 1:
        raise TransformerConfigError("Each processor must specify exactly one processor type.")
    return named[0]
