"""The platform's lines of an invocation as JSON records (``LoggingConfig`` LogFormat JSON).

Lambda then writes START, END and REPORT as Telemetry API records (``platform.start``,
``platform.runtimeDone``, ``platform.report``), one JSON object an event, as recorded in
CloudWatch::

    {"time":"2024-05-20T16:29:45.008Z","type":"platform.start","record":{"requestId":"...","version":"$LATEST"}}

Each record has a level, as the log-level filtering guide maps them: platform.start
INFO; platform.runtimeDone DEBUG, WARN when the invocation failed; platform.report INFO,
WARN when it failed. SystemLogLevel (DEBUG, INFO, WARN) lets through its level and those
above. A worker decides once, when it starts (``json_platform_lines``): Text workers write
logs.py's lines as ever.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

from .logs import billed_ms, runtime_version
from .outcome import Outcome
from .spec import FunctionSpec

DEBUG, INFO, WARN = 1, 2, 3
_SYSTEM_LOG_LEVELS = {"DEBUG": DEBUG, "INFO": INFO, "WARN": WARN}


class JsonPlatformLines:
    """The JSON records of a function's invocations, at its SystemLogLevel."""

    __slots__ = ("_initialization_type", "_memory_mb", "_threshold")

    def __init__(self, memory_mb: int, system_log_level: str, initialization_type: str = "on-demand") -> None:
        self._memory_mb = memory_mb
        self._threshold = _SYSTEM_LOG_LEVELS.get(system_log_level.upper(), INFO)
        self._initialization_type = initialization_type

    def init_start(self, runtime: str, runtime_version_arn: str, stamp: int) -> str | None:
        """platform.initStart, as a new execution environment starts; None when the level leaves it out."""
        if self._threshold > INFO:
            return None
        record = {
            "initializationType": self._initialization_type,
            "phase": "init",
            "runtimeVersion": runtime_version(runtime),
            "runtimeVersionArn": runtime_version_arn,
        }
        return _record(stamp, "platform.initStart", record)

    def start(self, request_id: str, version: str, stamp: int) -> str | None:
        """platform.start; None when the level leaves it out."""
        if self._threshold > INFO:
            return None
        return _record(stamp, "platform.start", {"requestId": request_id, "version": version})

    def closing(self, request_id: str, outcome: Outcome, init_ms: float | None, stamp: int) -> list[str]:
        """platform.runtimeDone and platform.report, those the level lets through."""
        status = status_of(outcome)
        done_level, report_level = (DEBUG, INFO) if status == "success" else (WARN, WARN)
        duration_ms = round(outcome.duration_ms, 3)
        lines = []
        if done_level >= self._threshold:
            done: dict[str, Any] = {"requestId": request_id, "status": status}
            if outcome.error_type is not None:
                done["errorType"] = outcome.error_type
            # What the runtime answered; nothing when the platform answered for it (timeout, crash).
            produced = 0 if outcome.status is not None else len(outcome.payload)
            done["metrics"] = {"durationMs": duration_ms, "producedBytes": produced}
            lines.append(_record(stamp, "platform.runtimeDone", done))
        if report_level >= self._threshold:
            metrics: dict[str, Any] = {
                "durationMs": duration_ms,
                "billedDurationMs": billed_ms(outcome.duration_ms),
                "memorySizeMB": self._memory_mb,
                "maxMemoryUsedMB": outcome.max_memory_used_mb,
            }
            if init_ms is not None:
                metrics["initDurationMs"] = round(init_ms, 3)
            report: dict[str, Any] = {"requestId": request_id, "metrics": metrics, "status": status}
            if outcome.error_type is not None:
                report["errorType"] = outcome.error_type
            lines.append(_record(stamp, "platform.report", report))
        return lines


def json_platform_lines(spec: FunctionSpec) -> JsonPlatformLines | None:
    """The JSON writer of a function's platform lines; None for the Text format."""
    if spec.log_format != "JSON":
        return None
    return JsonPlatformLines(spec.memory_mb, spec.system_log_level, "provisioned-concurrency" if spec.provisioned else "on-demand")


def iso_time(stamp: int) -> str:
    """``2024-05-20T16:29:45.008Z``: a record's ``time``, from epoch milliseconds."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(stamp // 1000)) + f".{stamp % 1000:03d}Z"


def _record(stamp: int, kind: str, record: dict[str, Any]) -> str:
    return orjson.dumps({"time": iso_time(stamp), "type": kind, "record": record}).decode()


def status_of(outcome: Outcome) -> str:
    """``success``, ``error`` or ``timeout``: a failure the platform saw has its own status already."""
    if outcome.status is not None:
        return outcome.status
    return "error" if outcome.failed else "success"
