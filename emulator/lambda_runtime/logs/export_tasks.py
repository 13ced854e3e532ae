"""Export tasks: CreateExportTask, DescribeExportTasks, CancelExportTask.

"S3" is a local folder, as for DynamoDB's exports: ``<data dir>/s3/<bucket>/`` (a
temporary folder when the emulator runs in memory). A task writes what AWS writes:
``<prefix>/aws-logs-write-test`` (AWS's permission check), then, per stream,
``<prefix>/<task id>/<stream>/000000.gz``, each event a line ``<ISO time> <message>``.
The prefix is ``exportedlogs`` unless given (the API reference). The export runs in a
worker thread before CreateExportTask answers, so the task is COMPLETED when first
described (AWS shows PENDING, then RUNNING, for a while); a finished task cannot be
cancelled. The folder is made for the bucket when missing (AWS refuses a bucket that
does not exist; the emulator has no S3 to ask).
"""

from __future__ import annotations

import asyncio
import gzip
import re
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import AwsError
from ...config import Settings
from .base import InvalidParameterException, LogsOperations, ResourceNotFoundException, page
from .state import ResourceState
from .store import now_ms

KIND = "exportTasks"
DEFAULT_PREFIX = "exportedlogs"
DEFAULT_LIMIT = 50
WRITE_TEST = ("aws-logs-write-test", b"Permission Check Successful")
FINISHED = frozenset({"COMPLETED", "CANCELLED", "FAILED"})
#: S3's bucket naming rules; another name is a bucket that cannot exist.
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")

Lines = dict[str, list[str]]  # stream name -> lines


class InvalidOperationException(AwsError):
    pass


class ExportTaskOperations(LogsOperations):
    resources: ResourceState
    settings: Settings
    _scratch_s3: Path | None

    async def create_export_task(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupName": params["logGroupName"]})
        start, end = params["from"], params["to"]
        if start > end:
            raise InvalidParameterException("Specified time range of from and to is not valid.")  # Guessed wording.
        prefix = params.get("destinationPrefix") or DEFAULT_PREFIX
        if not BUCKET_NAME.fullmatch(params["destination"]):
            raise InvalidParameterException("The given bucket does not exist. Please make sure the bucket is valid.")
        if not _local_key(prefix):
            # Not AWS's behaviour: S3 takes any key; the emulator's folders cannot climb out of the bucket.
            raise InvalidParameterException("The emulator cannot write under a prefix with '.' or '..' parts.")
        stream_prefix = params.get("logStreamNamePrefix") or ""
        task_id = str(uuid.uuid4())
        lines: Lines = {
            stream.name: [f"{_iso(e[0])} {e[1]}" for e in stream.in_time_order() if start <= e[0] <= end]
            for stream in group.streams.values()
            if stream.name.startswith(stream_prefix)
        }
        task = {
            "taskId": task_id,
            **({"taskName": params["taskName"]} if params.get("taskName") else {}),
            "logGroupName": group.name,
            "from": start,
            "to": end,
            "destination": params["destination"],
            "destinationPrefix": prefix,
            "status": {"code": "RUNNING", "message": "Started successfully"},
            "executionInfo": {"creationTime": now_ms()},
        }
        self.resources.of(ctx.region, KIND)[task_id] = task
        folder = self._s3_root().joinpath(params["destination"], *filter(None, prefix.split("/")))
        await asyncio.to_thread(_write, folder, task_id, lines)
        task["status"] = {"code": "COMPLETED", "message": "Completed successfully"}
        task["executionInfo"]["completionTime"] = now_ms()
        self.resources.save()
        return {"taskId": task_id}

    def describe_export_tasks(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Newest first; ``taskId`` or ``statusCode`` narrow the list (an unknown id: an empty list)."""
        tasks = sorted(self.resources.of(ctx.region, KIND).values(), key=_newest_first)
        if params.get("taskId"):
            tasks = [t for t in tasks if t["taskId"] == params["taskId"]]
        if params.get("statusCode"):
            tasks = [t for t in tasks if t["status"]["code"] == params["statusCode"]]
        listed, token = page(KIND, tasks, params, params.get("limit") or DEFAULT_LIMIT, _newest_first)
        return {"exportTasks": [_copy(t) for t in listed], **({"nextToken": token} if token else {})}

    def cancel_export_task(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        task = self.resources.of(ctx.region, KIND).get(params["taskId"])
        if task is None:
            raise ResourceNotFoundException("The specified export task does not exist.")
        if task["status"]["code"] in FINISHED:
            raise InvalidOperationException(f"The export task is {task['status']['code']} and cannot be cancelled.")  # Guessed.
        task["status"] = {"code": "CANCELLED", "message": "Cancelled by user"}
        self.resources.save()
        return {}

    def _s3_root(self) -> Path:
        """Where buckets are folders: beside DynamoDB's exports, or a temporary folder when in memory."""
        if not self.settings.in_memory:
            return Path(self.settings.data_dir) / "s3"
        if self._scratch_s3 is None:
            self._scratch_s3 = Path(tempfile.mkdtemp(prefix="emulator-logs-s3-"))
        return self._scratch_s3


def _write(folder: Path, task_id: str, lines: Lines) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / WRITE_TEST[0]).write_bytes(WRITE_TEST[1])
    for stream, stream_lines in lines.items():
        if not stream_lines:
            continue
        target = folder / task_id / _folder_name(stream) / "000000.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        # A line per event (Lambda's messages already end with their newline).
        text = "".join(line if line.endswith("\n") else line + "\n" for line in stream_lines)
        target.write_bytes(gzip.compress(text.encode()))


def _local_key(key: str) -> bool:
    """Whether an S3 key (prefix) stays inside its bucket's folder."""
    return not any(part in (".", "..") for part in key.split("/"))


def _folder_name(stream: str) -> str:
    """A stream name as a relative folder path under the task's: its ``/`` nest (empty parts dropped),
    ``.`` and ``..`` parts are escaped."""
    parts = [part.replace(".", "%2E") if part in (".", "..") else part for part in stream.split("/") if part]
    return "/".join(parts) or "%2F"


def _iso(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{timestamp % 1000:03d}Z"


def _newest_first(task: dict[str, Any]) -> tuple[int, str]:
    return (-task["executionInfo"]["creationTime"], task["taskId"])


def _copy(task: dict[str, Any]) -> dict[str, Any]:
    return {**task, "status": dict(task["status"]), "executionInfo": dict(task["executionInfo"])}
