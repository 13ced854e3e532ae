"""Durable executions are kept with the rest of Lambda's state: after a restart on the same data
directory they are listed, and one that waited on a callback resumes when the callback comes."""

from __future__ import annotations

import json
from pathlib import Path

from durable_helpers import (
    CALLBACK,
    STEPS,
    callback_id,
    create_durable_function,
    event_types,
    wait_for_status,
)

from emulator.testing import EmulatorProcess


def test_executions_survive_a_restart_and_resume(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as first:
        client = first.client("lambda")
        create_durable_function(client, "approvals", CALLBACK)
        create_durable_function(client, "orders", STEPS)
        done = client.invoke(FunctionName="orders", Qualifier="$LATEST", Payload=b'{"n": 4}')["DurableExecutionArn"]
        waiting = client.invoke(FunctionName="approvals", Qualifier="$LATEST", InvocationType="Event", Payload=b"{}")
        arn = waiting["DurableExecutionArn"]
        callback = callback_id(client, arn)
        wait_for_status(client, arn, "RUNNING")
    with EmulatorProcess("--data-dir", str(tmp_path)) as second:
        client = second.client("lambda")
        assert client.get_durable_execution(DurableExecutionArn=done)["Status"] == "SUCCEEDED"
        assert json.loads(client.get_durable_execution(DurableExecutionArn=done)["Result"]) == {"result": 9}
        assert client.get_durable_execution(DurableExecutionArn=arn)["Status"] == "RUNNING"
        client.send_durable_execution_callback_success(CallbackId=callback, Result=b'"after restart"')
        execution = wait_for_status(client, arn, "SUCCEEDED", "FAILED")
        assert execution["Status"] == "SUCCEEDED"
        assert json.loads(execution["Result"]) == {"approval": '"after restart"'}
        assert event_types(client, arn).count("CallbackStarted") == 1
