"""The AWS Python runtime's JSON log format (``LoggingConfig`` LogFormat JSON).

A ``logging`` record becomes one JSON object: timestamp, level, message, logger,
the exception's stackTrace / errorType / errorMessage and location when there is
one, requestId, then the caller's ``extra`` keys; keys whose value is None are
left out. An uncaught error is one object too: timestamp (to the second), level
ERROR and the error document. ``print`` output is untouched: it stays plain text.
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


class JsonFormatter(logging.Formatter):
    """Formats a record as AWS's runtime does; ``shown_paths`` renames local folders as AWS's (/var/task)."""

    def __init__(self, shown_paths: list[tuple[str, str]]) -> None:
        super().__init__()
        self.shown_paths = shown_paths

    def shown(self, text: str) -> str:
        for local, shown in self.shown_paths:
            text = text.replace(local, shown)
        return text

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
    """An uncaught error's log line: AWS's runtime stamps it to the second and writes its ``level`` first."""
    entry = {"timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "level": "ERROR", **document}
    return json.dumps(entry, ensure_ascii=ensure_ascii)
