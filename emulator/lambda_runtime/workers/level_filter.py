"""Lambda's log-level filtering of a function's own output (LoggingConfig LogFormat JSON).

The runtimes filter their logging calls themselves (AWS_LAMBDA_LOG_LEVEL); the platform
filters what reaches it too: a line that is a JSON object has the level of its ``"level"``
field, and any other line (plain ``print`` output, a JSON object without a valid level) is
INFO, as the guide says; a line goes out only at ApplicationLogLevel or above. That is why
AWS's Python runtime writing ``log_level`` instead of ``level`` lost uncaught errors at WARN.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson

from .logs import LogLine
from .spec import FunctionSpec

#: Lambda's levels and the runtimes' names for them, most detailed first.
_RANKS = {"TRACE": 0, "DEBUG": 1, "INFO": 2, "WARN": 3, "WARNING": 3, "ERROR": 4, "FATAL": 5, "CRITICAL": 5}
_INFO = _RANKS["INFO"]


def application_level_filter(spec: FunctionSpec) -> Callable[[list[LogLine]], list[LogLine]] | None:
    """What keeps a batch's lines at the function's ApplicationLogLevel; None when nothing is filtered (Text, TRACE)."""
    if spec.log_format != "JSON":
        return None
    threshold = _RANKS.get(spec.application_log_level.upper(), _INFO)
    if threshold == 0:
        return None

    def kept(batch: list[LogLine]) -> list[LogLine]:
        return [line for line in batch if _rank(line[1]) >= threshold]

    return kept


def _rank(message: str) -> int:
    if not message.startswith("{"):
        return _INFO
    try:
        # orjson reads str itself only, not a subclass: a WholeEvent (an uncaught error, a Node.js JSON record) as its str.
        record = orjson.loads(message if message.__class__ is str else str(message))
    except orjson.JSONDecodeError:
        return _INFO
    level = record.get("level") if isinstance(record, dict) else None
    return _RANKS.get(level.upper(), _INFO) if isinstance(level, str) else _INFO
