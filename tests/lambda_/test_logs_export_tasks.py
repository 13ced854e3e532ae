"""Export tasks: events written as gzipped files under the data directory's ``s3/<bucket>/`` folder.

Errors as AWS answers them (LocalStack's AWS-validated snapshot
tests/aws/services/logs/test_logs_export_tasks.snapshot.json, recorded 2026-02).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import EmulatorProcess


@pytest.fixture(scope="module")
def data_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EmulatorProcess, Path]]:
    data_dir = tmp_path_factory.mktemp("export-data")
    process = EmulatorProcess("--data-dir", str(data_dir)).start()
    try:
        yield process, data_dir
    finally:
        process.stop()


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_export_writes_each_streams_events(data_server: tuple[EmulatorProcess, Path]) -> None:
    server, data_dir = data_server
    logs = server.client("logs")
    logs.create_log_group(logGroupName="exported")
    now = int(time.time() * 1000)
    for stream, messages in (("app/one", ["first", "second"]), ("other", ["third"]), ("app/empty", [])):
        logs.create_log_stream(logGroupName="exported", logStreamName=stream)
        if messages:
            events = [{"timestamp": now + index, "message": m} for index, m in enumerate(messages)]
            logs.put_log_events(logGroupName="exported", logStreamName=stream, logEvents=events)
    task_id = logs.create_export_task(
        taskName="t", logGroupName="exported", logStreamNamePrefix="app/", fromTime=now - 1000, to=now + 1000, destination="bucket"
    )["taskId"]
    (task,) = logs.describe_export_tasks(taskId=task_id)["exportTasks"]
    assert task["status"] == {"code": "COMPLETED", "message": "Completed successfully"}
    assert (task["destination"], task["destinationPrefix"], task["logGroupName"], task["taskName"]) == (
        "bucket", "exportedlogs", "exported", "t",
    )  # fmt: skip
    assert task["executionInfo"]["creationTime"] <= task["executionInfo"]["completionTime"]
    folder = data_dir / "s3" / "bucket" / "exportedlogs"
    assert (folder / "aws-logs-write-test").is_file()
    lines = gzip.decompress((folder / task_id / "app" / "one" / "000000.gz").read_bytes()).decode().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == ["first", "second"]
    assert lines[0].split(" ", 1)[0].endswith("Z")
    assert not (folder / task_id / "other").exists()
    assert logs.describe_export_tasks(statusCode="CANCELLED")["exportTasks"] == []
    finished = error(logs.cancel_export_task, taskId=task_id)
    assert finished["Code"] == "InvalidOperationException"


def test_errors(data_server: tuple[EmulatorProcess, Path]) -> None:
    logs = data_server[0].client("logs")
    missing = error(logs.create_export_task, logGroupName="absent", fromTime=0, to=1, destination="bucket")
    assert missing == {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
    assert logs.describe_export_tasks(taskId="absent")["exportTasks"] == []
    assert error(logs.cancel_export_task, taskId="absent") == {
        "Code": "ResourceNotFoundException",
        "Message": "The specified export task does not exist.",
    }


def test_nothing_is_written_outside_the_bucket(data_server: tuple[EmulatorProcess, Path]) -> None:
    server, data_dir = data_server
    logs = server.client("logs")
    logs.create_log_group(logGroupName="sneaky")
    now = int(time.time() * 1000)
    for stream in ("../../../escaped", "/rooted"):
        logs.create_log_stream(logGroupName="sneaky", logStreamName=stream)
        logs.put_log_events(logGroupName="sneaky", logStreamName=stream, logEvents=[{"timestamp": now, "message": "x"}])
    bad_bucket = error(logs.create_export_task, logGroupName="sneaky", fromTime=0, to=now, destination="../up")
    assert bad_bucket == {
        "Code": "InvalidParameterException",
        "Message": "The given bucket does not exist. Please make sure the bucket is valid.",
    }
    bad_prefix = error(
        logs.create_export_task, logGroupName="sneaky", fromTime=0, to=now, destination="bucket", destinationPrefix="a/../.."
    )
    assert bad_prefix["Code"] == "InvalidParameterException" and "prefix" in bad_prefix["Message"]
    task_id = logs.create_export_task(logGroupName="sneaky", fromTime=0, to=now, destination="safe")["taskId"]
    written = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*.gz") if task_id in p.as_posix())
    assert written == [
        f"s3/safe/exportedlogs/{task_id}/%2E%2E/%2E%2E/%2E%2E/escaped/000000.gz",
        f"s3/safe/exportedlogs/{task_id}/rooted/000000.gz",
    ]
