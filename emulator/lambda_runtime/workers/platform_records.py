"""The platform's lines of an invocation (START, END, REPORT) in either log format.

With ``LoggingConfig`` LogFormat JSON, Lambda writes them as Telemetry API records
(``platform.start``, ``platform.runtimeDone``, ``platform.report``), one JSON object
an event, as recorded in CloudWatch::

    {"time":"2024-05-20T16:29:45.008Z","type":"platform.start","record":{"requestId":"...","version":"$LATEST"}}

Each record has a level, as the log-level filtering guide maps them: platform.start
INFO; platform.runtimeDone DEBUG, WARN when the invocation failed; platform.report INFO,
WARN when it failed. SystemLogLevel (DEBUG, INFO, WARN) lets through its level and those
above. Which form a worker writes is decided once, when it starts (``platform_lines``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import orjson

from .logs import billed_ms, end_line, report_line, start_line
from .outcome import Outcome
from .spec import FunctionSpec

#: start(request id, version, stamp ms) -> the START line, or None when left out.
StartLine = Callable[[str, str, int], "str | None"]
#: closing(request id, outcome, init ms, stamp ms) -> END and REPORT (or nothing).
ClosingLines = Callable[[str, Outcome, "float | None", int], list[str]]
DEBUG, INFO, WARN = 1, 2, 3
_SYSTEM_LOG_LEVELS = {"DEBUG": DEBUG, "INFO": INFO, "WARN": WARN}


def platform_lines(spec: FunctionSpec) -> tuple[StartLine, ClosingLines]:
    """The START and END/REPORT writers of a function's workers, per its logging config."""
    if spec.log_format != "JSON":
        return _text_start, _text_closing(spec.memory_mb)
    threshold = _SYSTEM_LOG_LEVELS.get(spec.system_log_level.upper(), INFO)
    return (_json_start if threshold <= INFO else _nothing_started), _json_closing(spec.memory_mb, threshold)


def _text_start(request_id: str, version: str, stamp: int) -> str:
    return start_line(request_id, version)


def _text_closing(memory_mb: int) -> ClosingLines:
    def closing(request_id: str, outcome: Outcome, init_ms: float | None, stamp: int) -> list[str]:
        report = report_line(
            request_id, outcome.duration_ms, memory_mb, outcome.max_memory_used_mb, init_ms, outcome.status, outcome.error_type
        )
        return [end_line(request_id), report]

    return closing


def _nothing_started(request_id: str, version: str, stamp: int) -> None:
    return None


def iso_time(stamp: int) -> str:
    """``2024-05-20T16:29:45.008Z``: a record's ``time``, from epoch milliseconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(stamp // 1000)) + f".{stamp % 1000:03d}Z"


def _record(stamp: int, kind: str, record: dict[str, Any]) -> str:
    return orjson.dumps({"time": iso_time(stamp), "type": kind, "record": record}).decode()


def _json_start(request_id: str, version: str, stamp: int) -> str:
    return _record(stamp, "platform.start", {"requestId": request_id, "version": version})


def status_of(outcome: Outcome) -> str:
    """``success``, ``error`` or ``timeout``: a failure the platform saw has its own status already."""
    if outcome.status is not None:
        return outcome.status
    return "error" if outcome.failed else "success"


def _json_closing(memory_mb: int, threshold: int) -> ClosingLines:
    def closing(request_id: str, outcome: Outcome, init_ms: float | None, stamp: int) -> list[str]:
        status = status_of(outcome)
        done_level, report_level = (DEBUG, INFO) if status == "success" else (WARN, WARN)
        duration_ms = round(outcome.duration_ms, 3)
        lines = []
        if done_level >= threshold:
            done: dict[str, Any] = {"requestId": request_id, "status": status}
            if outcome.error_type is not None:
                done["errorType"] = outcome.error_type
            # What the runtime answered; nothing when the platform answered for it (timeout, crash).
            produced = 0 if outcome.status is not None else len(outcome.payload)
            done["metrics"] = {"durationMs": duration_ms, "producedBytes": produced}
            lines.append(_record(stamp, "platform.runtimeDone", done))
        if report_level >= threshold:
            metrics: dict[str, Any] = {
                "durationMs": duration_ms,
                "billedDurationMs": billed_ms(outcome.duration_ms),
                "memorySizeMB": memory_mb,
                "maxMemoryUsedMB": outcome.max_memory_used_mb,
            }
            if init_ms is not None:
                metrics["initDurationMs"] = round(init_ms, 3)
            report: dict[str, Any] = {"requestId": request_id, "metrics": metrics, "status": status}
            if outcome.error_type is not None:
                report["errorType"] = outcome.error_type
            lines.append(_record(stamp, "platform.report", report))
        return lines

    return closing
