"""The hot-reload folder code source, and functions, code and logs surviving a restart."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from lambda_helpers import ECHO, ROLE, make_zip

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

VERSIONED = "VERSION = {!r}\n\ndef handler(event, context):\n    return VERSION\n"


def write_module(folder: Path, version: str) -> None:
    path = folder / "app.py"
    path.write_text(VERSIONED.format(version))
    later = time.time() + 2  # a distinct mtime even on coarse file systems
    os.utime(path, (later, later))


def test_hot_reload_folder_is_used_in_place(tmp_path: Path, lambda_client: Any) -> None:
    write_module(tmp_path, "one")
    created = lambda_client.create_function(
        FunctionName="hot",
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.handler",
        Code={"S3Bucket": "hot-reload", "S3Key": str(tmp_path)},
    )
    assert created["CodeSha256"] == "hot-reloading-hash-not-available"
    assert json.loads(lambda_client.invoke(FunctionName="hot")["Payload"].read()) == "one"
    write_module(tmp_path, "two")
    assert json.loads(lambda_client.invoke(FunctionName="hot")["Payload"].read()) == "two"


def test_functions_code_and_logs_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as first:
        client = first.client("lambda")
        client.create_function(
            FunctionName="durable", Runtime="python3.12", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": ECHO})}, Publish=True,
        )  # fmt: skip
        client.create_alias(FunctionName="durable", Name="live", FunctionVersion="1")
        client.put_function_concurrency(FunctionName="durable", ReservedConcurrentExecutions=5)
        client.invoke(FunctionName="durable", Payload=json.dumps({"note": "before restart"}))
        logs = first.client("logs")
        wait_until(lambda: logs.filter_log_events(logGroupName="/aws/lambda/durable", filterPattern="REPORT")["events"])
    with EmulatorProcess("--data-dir", str(tmp_path)) as second:
        client = second.client("lambda")
        assert client.get_alias(FunctionName="durable", Name="live")["FunctionVersion"] == "1"
        assert client.get_function_concurrency(FunctionName="durable")["ReservedConcurrentExecutions"] == 5
        answer = client.invoke(FunctionName="durable", Qualifier="live", Payload=json.dumps({"n": 1}))
        assert json.loads(answer["Payload"].read())["event"] == {"n": 1}
        events = second.client("logs").filter_log_events(logGroupName="/aws/lambda/durable", filterPattern="before")["events"]
        assert len(events) == 1
