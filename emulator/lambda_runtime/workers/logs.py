"""A worker's log: its output split into lines, and the platform's START / END / REPORT lines."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from math import ceil

LogLine = tuple[int, str]
#: CloudWatch's limit for one log event.
MAX_LINE_BYTES = 256 * 1024
#: Receives every batch of lines a worker's log gets.
LogSink = Callable[[list[LogLine]], None]
#: Our runtimes write a record of several lines (a console.log, a logging record, an uncaught
#: error) as ONE output line: this mark, then the text with NUL and newline escaped (below).
#: AWS's runtimes send such a record as one frame of their telemetry channel, so it is one
#: CloudWatch event, its newlines kept; print() / process.stdout output is cut at newlines.
#: Written by json_logging.py and node_logging.js, which keep their own copy of these bytes.
RECORD_MARK = b"\x00"
#: A record whose frame has no final newline, so neither has its event (WholeEvent): an uncaught
#: Python error (bootstrap.py's log_error joins its lines and adds none), every Node.js console
#: call in the JSON format (LogPatch.js's logJsonToFd). No escaped text starts with it.
WHOLE_RECORD_MARK = b"\x00\x03"
#: Each escape is a NUL and one more byte, so the escaped text's every NUL starts one.
_ESCAPE = b"\x00"
_ESCAPED_NEWLINE = "\x00\x02"
_ESCAPED_NUL = "\x00\x01"


class WholeEvent(str):
    """A log line that is its event's whole text, with no newline after it (in CloudWatch and in a log tail).

    Every other line gets one: AWS's platform stores a line of the function's output with its newline,
    and a runtime's frame as it is, which for most records ends with a newline."""

    __slots__ = ()


def new_log_stream_name(version: str, function_name: str = "") -> str:
    """``YYYY/MM/DD/[version]guid``; in a custom log group (shared by functions) the function's name goes first."""
    return f"{datetime.now(UTC):%Y/%m/%d}/{function_name}[{version}]{uuid.uuid4().hex}"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def runtime_version(runtime: str) -> str:
    """The runtime version INIT_START names (``python:3.13.v14`` on AWS): one build of each runtime here."""
    release = runtime.lstrip("abcdefghijklmnopqrstuvwxyz")
    name = runtime[: len(runtime) - len(release)]
    release = release.lstrip(".").removesuffix(".x")
    return f"{name}:{release}.v1" if release else f"{name}.v1"


def init_start_line(runtime: str, runtime_version_arn: str) -> str:
    """The line Lambda logs as it creates an execution environment (runtime-management guide)."""
    return f"INIT_START Runtime Version: {runtime_version(runtime)}\tRuntime Version ARN: {runtime_version_arn}"


def start_line(request_id: str, version: str) -> str:
    return f"START RequestId: {request_id} Version: {version}"


def end_line(request_id: str) -> str:
    return f"END RequestId: {request_id}"


def billed_ms(duration_ms: float) -> int:
    return ceil(duration_ms) or 1


def report_line(
    request_id: str,
    duration_ms: float,
    memory_mb: int,
    max_memory_used_mb: int,
    init_duration_ms: float | None,
    status: str | None = None,
    error_type: str | None = None,
) -> str:
    line = (
        # The billed duration inline (as billed_ms): a call costs a third of the line's formatting.
        f"REPORT RequestId: {request_id}\tDuration: {duration_ms:.2f} ms\tBilled Duration: {ceil(duration_ms) or 1} ms"
        f"\tMemory Size: {memory_mb} MB\tMax Memory Used: {max_memory_used_mb} MB"
    )
    if init_duration_ms is not None:
        line += f"\tInit Duration: {init_duration_ms:.2f} ms"
    if status is None:
        return line + "\t"  # a successful invocation's REPORT ends with a tab on AWS; a failed one's does not
    line += f"\tStatus: {status}"
    if error_type is not None:
        line += f"\tError Type: {error_type}"
    return line


def timestamped(text: str) -> str:
    """``2024-01-01T00:00:00.000Z`` + text, the form of the platform's own messages."""
    return f"{datetime.now(UTC).isoformat(timespec='milliseconds')[:-6]}Z {text}"


class OutputReader:
    """Reads a worker's stdout/stderr pipe (non-blocking) and cuts it into log lines."""

    __slots__ = ("fd", "_partial", "_sink")

    def __init__(self, fd: int, sink: LogSink) -> None:
        os.set_blocking(fd, False)
        self.fd = fd
        self._partial = b""
        self._sink = sink

    def read(self) -> bool:
        """Take what the pipe holds now; False once the writer closed it."""
        chunks = []
        open_ = True
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                open_ = False
                break
            chunks.append(chunk)
        if chunks:
            self._emit(b"".join(chunks), final=not open_)
        elif not open_ and self._partial:
            self._emit(b"", final=True)
        return open_

    def _emit(self, data: bytes, *, final: bool) -> None:
        output = self._partial + data
        lines = output.split(b"\n")
        self._partial = b"" if final else lines.pop()
        if len(self._partial) > MAX_LINE_BYTES:  # output without newlines: cut it into events
            lines.append(self._cut_partial())
        stamp = now_ms()
        if output.find(RECORD_MARK) >= 0:  # find: bytes `in` tries an int first, raising inside
            batch = [(stamp, _event_text(line)) for line in lines if line.strip(b"\r")]
        else:
            batch = [(stamp, line.decode("utf-8", "replace").rstrip("\r")) for line in lines if line.strip(b"\r")]
        if batch:
            self._sink(batch)

    def _cut_partial(self) -> bytes:
        """The unfinished line as one event; the rest of a marked record stays marked, no escape cut in two."""
        piece = self._partial
        if not piece.startswith(RECORD_MARK):
            self._partial = b""
            return piece
        mark = WHOLE_RECORD_MARK if piece.startswith(WHOLE_RECORD_MARK) else RECORD_MARK
        split = piece.endswith(_ESCAPE)  # an escape's first byte: it goes with its second
        self._partial = mark + _ESCAPE if split else mark
        return piece[:-1] if split else piece

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


def _event_text(line: bytes) -> str:
    """One output line's event: a marked record as its runtime wrote it, other lines without their CR."""
    if not line.startswith(RECORD_MARK):
        return line.decode("utf-8", "replace").rstrip("\r")
    if line.startswith(WHOLE_RECORD_MARK):
        return WholeEvent(_unescaped(line[len(WHOLE_RECORD_MARK) :]))
    return _unescaped(line[len(RECORD_MARK) :])


def _unescaped(escaped: bytes) -> str:
    # Every NUL of the escaped text starts an escape: replacing one kind cannot match the other.
    text = escaped.decode("utf-8", "replace")
    return text.replace(_ESCAPED_NEWLINE, "\n").replace(_ESCAPED_NUL, "\x00")


def event_text(line: str) -> str:
    """The text of a log line's event: a line ends with its newline, a ``WholeEvent`` as it is."""
    return line if line.__class__ is WholeEvent else line + "\n"
