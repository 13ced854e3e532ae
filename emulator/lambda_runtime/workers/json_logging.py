"""The AWS Python runtime's log records, in its text and JSON formats (``LoggingConfig`` LogFormat).

Each logging record and each uncaught error is ONE log event, newlines and all: AWS's
runtime sends each as one frame of the platform's telemetry channel, while ``print``
output (stdout) is cut into events at its newlines. A record of several lines is written
as one marked line (``one_event``) that the server reads back whole (logs.py's RECORD_MARK).
A record's frame ends with a newline (its format's), an uncaught error's does not: that one is
written with ``whole_event``, so its event ends where its text does, as on AWS.

Text: ``[LEVEL]\ttimestamp\trequestId\tmessage``; an uncaught error is ``[ERROR] Type: message``
and its traceback, indented with no-break spaces. JSON: a record becomes one object:
timestamp, level, message, logger, the exception's stackTrace / errorType / errorMessage
and location when there is one, requestId, then the caller's ``extra`` keys; keys whose
value is None are left out. An uncaught error is one object too: timestamp (to the
second), level ERROR and the error document. ``print`` output is untouched either way.
Imports nothing of the package (the zygote loads it as a top-level module).
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from datetime import UTC, datetime
from typing import Any

#: LogRecord attributes that are not the caller's ``extra``, as AWS's runtime lists them.
_RECORD_ATTRIBUTES = frozenset(
    {
        "name",
        "msg",
        "args",
        "levelname",
        "levelno",
        "pathname",
        "filename",
        "module",
        "exc_info",
        "exc_text",
        "stack_info",
        "lineno",
        "funcName",
        "created",
        "msecs",
        "relativeCreated",
        "thread",
        "threadName",
        "processName",
        "process",
        "aws_request_id",
        "tenant_id",
        "_frame_type",
    }
)
#: No default: an ``extra`` value JSON cannot write fails the record, as on AWS (logging reports it on stderr).
_encode = json.JSONEncoder(ensure_ascii=False).encode
_NO_BREAK_SPACE = "\u00a0"
#: (local folder, AWS's) prefixes, as the worker sets them: tracebacks name files as AWS does (/var/task).
ShownPaths = list[tuple[str, str]]


def one_event(text: str) -> str:
    """``text`` as one output line that the server reads back as one log event, its newlines kept."""
    return "\x00" + _escaped(text)


def whole_event(text: str) -> str:
    """``text`` as one output line that the server reads back as a log event ending where ``text`` does:
    the runtime's uncaught error, a frame to which AWS's runtime adds no newline (logs.py's WHOLE_RECORD_MARK)."""
    return "\x00\x03" + _escaped(text)


def _escaped(text: str) -> str:
    return text.replace("\x00", "\x00\x01").replace("\n", "\x00\x02")


def _shown(text: str, shown_paths: ShownPaths) -> str:
    for local, shown in shown_paths:
        text = text.replace(local, shown)
    return text


class RecordHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The root logger's handler: each record one log event, however many lines its text has."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return one_event(text) if "\n" in text else text


class TextFormatter(logging.Formatter):
    """AWS's text format; an exception's traceback (``logger.exception``) names the code's files as AWS does."""

    def __init__(self, shown_paths: ShownPaths) -> None:
        super().__init__("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S")
        self.shown_paths = shown_paths

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        return _shown(super().formatException(ei), self.shown_paths)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        return _shown(stack_info, self.shown_paths)


def error_text(document: dict[str, Any]) -> str:
    """An uncaught error's log event in the text format, as AWS's runtime writes it (bootstrap.py ``log_error``)."""
    description = "[ERROR]"
    if document["errorType"]:
        description += " " + document["errorType"] + (":" if document["errorMessage"] else "")
    if document["errorMessage"]:
        description += " " + document["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in document["stackTrace"]:
        for line in element.splitlines() or [""]:
            stripped = line.lstrip(" ")
            lines.append(_NO_BREAK_SPACE * (len(line) - len(stripped)) + stripped)
    return "\n".join(lines)


class JsonFormatter(logging.Formatter):
    """Formats a record as AWS's runtime does; ``shown_paths`` renames local folders as AWS's (/var/task)."""

    def __init__(self, shown_paths: ShownPaths) -> None:
        super().__init__()
        self.shown_paths = shown_paths

    def shown(self, text: str) -> str:
        return _shown(text, self.shown_paths)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        return datetime.fromtimestamp(record.created, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

    def format(self, record: logging.LogRecord) -> str:
        # Levels in between (custom ones) are written as the standard level below them.
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        entry: dict[str, Any] = {
            "timestamp": self.formatTime(record),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
        }
        error = record.exc_info
        if error and error[0] is not None:
            entry["stackTrace"] = [self.shown(frame) for frame in traceback.format_tb(error[2])]
            entry["errorType"] = error[0].__name__
            entry["errorMessage"] = str(error[1])
        entry["requestId"] = getattr(record, "aws_request_id", None)
        if error and error[0] is not None:
            entry["location"] = f"{self.shown(record.pathname)}:{record.funcName}:{record.lineno}"
        tenant_id = getattr(record, "tenant_id", None)
        if tenant_id is not None:
            entry["tenantId"] = tenant_id
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        return _encode({key: value for key, value in entry.items() if value is not None})


def error_entry(document: dict[str, Any], *, ensure_ascii: bool) -> str:
    """An uncaught error's log line: AWS's runtime stamps it to the second, with no zone (its
    ``_DATETIME_FORMAT``, bootstrap.py's ``log_error``), and writes its ``level`` first."""
    entry = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), "level": "ERROR", **document}
    return json.dumps(entry, ensure_ascii=ensure_ascii)
