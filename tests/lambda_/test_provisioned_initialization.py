"""Provisioned concurrency as the handler sees it: a version or alias with a READY config runs its invocations in
provisioned environments (AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency) while one is free, and on demand
beyond them (LocalStack's AWS-validated test_lambda.py::TestLambdaConcurrency::test_provisioned_concurrency and
test_lambda_provisioned_concurrency_scheduling, whose handler answers that variable)."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path
from typing import Any

from emulator.testing.functions import create_python_function
from emulator.testing.process import wait_until

#: Answers its initialization type; with ``hold``, first creates ``<hold>.started`` and waits for ``<hold>.release``.
INVOCATION_TYPE = """import os, time

def handler(event, context):
    hold = event.get("hold")
    if hold:
        open(hold + ".started", "w").close()
        while not os.path.exists(hold + ".release"):
            time.sleep(0.01)
    print("initialization type", os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"])
    return os.environ["AWS_LAMBDA_INITIALIZATION_TYPE"]
"""


def invoke(lambda_client: Any, name: str, qualifier: str | None = None, payload: dict[str, Any] | None = None) -> tuple[str, str]:
    """(what the handler answered, the REPORT line)."""
    arguments: dict[str, Any] = {"FunctionName": name, "LogType": "Tail", "Payload": json.dumps(payload or {})}
    if qualifier is not None:
        arguments["Qualifier"] = qualifier
    answer = lambda_client.invoke(**arguments)
    assert "FunctionError" not in answer
    report = base64.b64decode(answer["LogResult"]).decode().splitlines()[-1]
    assert report.startswith("REPORT RequestId: ")
    return json.loads(answer["Payload"].read()), report


def published(lambda_client: Any, name: str) -> str:
    create_python_function(lambda_client, name, INVOCATION_TYPE, Timeout=10)
    return lambda_client.publish_version(FunctionName=name)["Version"]


# LocalStack's AWS-validated test_lambda.py::TestLambdaConcurrency::test_provisioned_concurrency
def test_a_provisioned_version_runs_in_provisioned_environments(lambda_client: Any) -> None:
    version = published(lambda_client, "provisioned")
    put = lambda_client.put_provisioned_concurrency_config(
        FunctionName="provisioned", Qualifier=version, ProvisionedConcurrentExecutions=5
    )
    assert put["Status"] == "IN_PROGRESS"
    config = lambda_client.get_provisioned_concurrency_config(FunctionName="provisioned", Qualifier=version)
    assert config["Status"] == "READY"
    answer, report = invoke(lambda_client, "provisioned", version)
    assert answer == "provisioned-concurrency"
    assert "Init Duration" not in report  # the environment was initialised ahead of the invocation
    answer, report = invoke(lambda_client, "provisioned", "$LATEST")
    assert answer == "on-demand"
    assert "Init Duration" in report
    assert invoke(lambda_client, "provisioned")[0] == "on-demand"


# LocalStack's AWS-validated test_lambda.py::TestLambdaConcurrency::test_lambda_provisioned_concurrency_scheduling
def test_invocations_beyond_the_provisioned_environments_run_on_demand(lambda_client: Any, tmp_path: Path) -> None:
    version = published(lambda_client, "scheduled")
    lambda_client.put_provisioned_concurrency_config(FunctionName="scheduled", Qualifier=version, ProvisionedConcurrentExecutions=1)
    assert invoke(lambda_client, "scheduled", version)[0] == "provisioned-concurrency"
    hold = str(tmp_path / "hold")
    answers: list[str] = []
    held = threading.Thread(target=lambda: answers.append(invoke(lambda_client, "scheduled", version, {"hold": hold})[0]))
    held.start()
    try:
        while not Path(hold + ".started").exists():
            held.join(0.01)
            assert held.is_alive(), "the held invocation ended before it started"
        # The one provisioned environment is busy: this invocation gets an on-demand one.
        answer, report = invoke(lambda_client, "scheduled", version)
        assert answer == "on-demand"
        assert "Init Duration" in report
    finally:
        Path(hold + ".release").touch()
        held.join()
    assert answers == ["provisioned-concurrency"]
    # Free again: the next invocation goes back to the provisioned environment.
    assert invoke(lambda_client, "scheduled", version)[0] == "provisioned-concurrency"


def test_an_alias_with_provisioned_concurrency_runs_in_provisioned_environments(lambda_client: Any) -> None:
    version = published(lambda_client, "aliased")
    lambda_client.create_alias(FunctionName="aliased", Name="live", FunctionVersion=version)
    assert invoke(lambda_client, "aliased", "live")[0] == "on-demand"
    lambda_client.put_provisioned_concurrency_config(FunctionName="aliased", Qualifier="live", ProvisionedConcurrentExecutions=1)
    assert invoke(lambda_client, "aliased", "live")[0] == "provisioned-concurrency"
    assert invoke(lambda_client, "arn:aws:lambda:us-east-1:000000000000:function:aliased:live")[0] == "provisioned-concurrency"


def test_an_alias_of_a_provisioned_version_uses_its_environments(lambda_client: Any) -> None:
    version = published(lambda_client, "through-alias")
    lambda_client.put_provisioned_concurrency_config(FunctionName="through-alias", Qualifier=version, ProvisionedConcurrentExecutions=1)
    lambda_client.create_alias(FunctionName="through-alias", Name="live", FunctionVersion=version)
    assert invoke(lambda_client, "through-alias", "live")[0] == "provisioned-concurrency"


def test_deleting_the_config_returns_the_version_to_on_demand(lambda_client: Any) -> None:
    version = published(lambda_client, "deprovisioned")
    lambda_client.put_provisioned_concurrency_config(FunctionName="deprovisioned", Qualifier=version, ProvisionedConcurrentExecutions=2)
    assert invoke(lambda_client, "deprovisioned", version)[0] == "provisioned-concurrency"
    lambda_client.delete_provisioned_concurrency_config(FunctionName="deprovisioned", Qualifier=version)
    answer, report = invoke(lambda_client, "deprovisioned", version)
    assert answer == "on-demand"
    assert "Init Duration" in report


def test_event_invocations_of_a_provisioned_version_run_in_its_environments(lambda_client: Any, logs_client: Any) -> None:
    version = published(lambda_client, "queued")
    lambda_client.put_provisioned_concurrency_config(FunctionName="queued", Qualifier=version, ProvisionedConcurrentExecutions=1)
    answer = lambda_client.invoke(FunctionName="queued", Qualifier=version, InvocationType="Event", Payload=b"{}")
    assert answer["StatusCode"] == 202

    def logged() -> list[str]:
        try:
            events = logs_client.filter_log_events(logGroupName="/aws/lambda/queued", filterPattern='"initialization type"')
        except logs_client.exceptions.ResourceNotFoundException:  # the queued invocation has not logged yet
            return []
        return [event["message"].strip() for event in events["events"]]

    assert wait_until(lambda: bool(logged()), timeout=15)
    assert logged() == ["initialization type provisioned-concurrency"]


def test_json_platform_records_name_the_provisioned_initialization(lambda_client: Any, logs_client: Any) -> None:
    create_python_function(lambda_client, "json-records", INVOCATION_TYPE, LoggingConfig={"LogFormat": "JSON"})
    version = lambda_client.publish_version(FunctionName="json-records")["Version"]
    lambda_client.put_provisioned_concurrency_config(FunctionName="json-records", Qualifier=version, ProvisionedConcurrentExecutions=1)
    lambda_client.invoke(FunctionName="json-records", Qualifier=version, Payload=b"{}")
    lambda_client.invoke(FunctionName="json-records", Payload=b"{}")

    def records(kind: str) -> list[dict[str, Any]]:
        events = logs_client.filter_log_events(logGroupName="/aws/lambda/json-records")["events"]
        found = [json.loads(event["message"]) for event in events if event["message"].startswith("{")]
        return [record for record in found if record.get("type") == kind]

    assert wait_until(lambda: len(records("platform.report")) == 2, timeout=15)
    assert sorted(record["record"]["initializationType"] for record in records("platform.initStart")) == [
        "on-demand", "provisioned-concurrency",
    ]  # fmt: skip
    version_of = {record["record"]["requestId"]: record["record"]["version"] for record in records("platform.start")}
    initialised = {version_of[record["record"]["requestId"]]: "initDurationMs" in record["record"]["metrics"] for record in records("platform.report")}
    assert initialised == {version: False, "$LATEST": True}
