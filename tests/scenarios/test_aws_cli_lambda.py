"""Lambda through the real AWS CLI (v1): deploy from a zip, invoke to a file, update, version and share.

CLI v1 sends ``--payload`` as the bytes typed (``--cli-binary-format`` is a v2 option that v1 rejects),
writes the response payload to the outfile argument and prints the rest of the answer as JSON.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from aws_cli import AwsCli

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, create_python_function, make_zip

HANDLER = """
import json

REVISION = "{revision}"


def handler(event, context):
    print("event:", json.dumps(event, sort_keys=True))
    if event.get("fail"):
        raise ValueError("asked to fail")
    return {{"echo": event, "revision": REVISION, "version": context.function_version}}
"""

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"


def code(revision: str) -> bytes:
    return make_zip({"app.py": HANDLER.format(revision=revision)})


@pytest.fixture
def cli(server: EmulatorProcess, tmp_path: Path) -> AwsCli:
    return AwsCli(server, tmp_path)


def test_create_from_zip_then_invoke_to_a_file_with_the_log_tail(cli: AwsCli, tmp_path: Path) -> None:
    created = cli.json(
        "lambda", "create-function", "--function-name", "echo", "--runtime", "python3.12",
        "--role", ROLE, "--handler", "app.handler", "--zip-file", "fileb://" + cli.file("echo.zip", code("1")),
        "--environment", "Variables={STAGE=dev}",
    )  # fmt: skip
    assert created["FunctionArn"] == ARN + "echo"
    assert (created["Runtime"], created["Handler"], created["Version"]) == ("python3.12", "app.handler", "$LATEST")
    assert created["Environment"] == {"Variables": {"STAGE": "dev"}}
    assert created["CodeSize"] == len(code("1"))
    cli.run("lambda", "wait", "function-active-v2", "--function-name", "echo")

    answer = cli.json(
        "lambda", "invoke", "--function-name", "echo", "--payload", '{"name": "Ana"}', "--log-type", "Tail", "out.json"
    )  # fmt: skip
    assert (answer["StatusCode"], answer["ExecutedVersion"]) == (200, "$LATEST")
    assert "FunctionError" not in answer
    assert json.loads((tmp_path / "out.json").read_text()) == {
        "echo": {"name": "Ana"},
        "revision": "1",
        "version": "$LATEST",
    }
    log = base64.b64decode(answer["LogResult"]).decode()
    lines = log.splitlines()
    assert lines[0].startswith("START RequestId: ") and lines[0].endswith(" Version: $LATEST")
    assert 'event: {"name": "Ana"}' in lines
    assert any(line.startswith("END RequestId: ") for line in lines)
    assert lines[-1].startswith("REPORT RequestId: ") and "\tDuration: " in lines[-1]

    failed = cli.json(
        "lambda", "invoke", "--function-name", "echo", "--payload", "file://" + cli.file("fail.json", '{"fail": true}'),
        "failed.json",
    )  # fmt: skip
    # A handler's exception is no CLI error: exit 0, FunctionError set, the error document in the file.
    assert failed == {"StatusCode": 200, "FunctionError": "Unhandled", "ExecutedVersion": "$LATEST"}
    error = json.loads((tmp_path / "failed.json").read_text())
    assert (error["errorType"], error["errorMessage"]) == ("ValueError", "asked to fail")

    queued = cli.json("lambda", "invoke", "--function-name", "echo", "--invocation-type", "Event", "queued.json")
    assert queued == {"StatusCode": 202}
    assert (tmp_path / "queued.json").read_bytes() == b""


def test_update_publish_alias_permission_and_delete(cli: AwsCli, server: EmulatorProcess, tmp_path: Path) -> None:
    lambda_client = server.client("lambda")
    create_python_function(lambda_client, "echo", "", files={"app.py": HANDLER.format(revision="1")})
    lambda_client.get_waiter("function_active_v2").wait(FunctionName="echo")

    updated = cli.json(
        "lambda", "update-function-code", "--function-name", "echo", "--zip-file", "fileb://" + cli.file("v2.zip", code("2"))
    )  # fmt: skip
    assert (updated["State"], updated["LastUpdateStatus"]) == ("Active", "InProgress")
    cli.run("lambda", "wait", "function-updated-v2", "--function-name", "echo")

    published = cli.json("lambda", "publish-version", "--function-name", "echo", "--description", "second revision")
    assert (published["Version"], published["FunctionArn"]) == ("1", ARN + "echo:1")
    assert published["Description"] == "second revision"
    alias = cli.json("lambda", "create-alias", "--function-name", "echo", "--name", "live", "--function-version", "1")
    assert (alias["AliasArn"], alias["FunctionVersion"]) == (ARN + "echo:live", "1")
    answer = cli.json("lambda", "invoke", "--function-name", "echo", "--qualifier", "live", "--payload", "{}", "out.json")
    assert answer == {"StatusCode": 200, "ExecutedVersion": "1"}
    assert json.loads((tmp_path / "out.json").read_text()) == {"echo": {}, "revision": "2", "version": "1"}

    source = "arn:aws:execute-api:us-east-1:000000000000:abc123/*/GET/hello"
    statement = cli.json(
        "lambda", "add-permission", "--function-name", "echo", "--statement-id", "apigateway-get",
        "--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com", "--source-arn", source,
    )["Statement"]  # fmt: skip
    expected = {
        "Sid": "apigateway-get",
        "Effect": "Allow",
        "Principal": {"Service": "apigateway.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": ARN + "echo",
        "Condition": {"ArnLike": {"AWS:SourceArn": source}},
    }
    assert json.loads(statement) == expected
    policy = cli.json("lambda", "get-policy", "--function-name", "echo")
    assert json.loads(policy["Policy"]) == {"Version": "2012-10-17", "Id": "default", "Statement": [expected]}
    assert policy["RevisionId"]

    # botocore's model binds DeleteFunction's HTTP status to an output member: the CLI prints AWS's 204.
    assert cli.json("lambda", "delete-function", "--function-name", "echo") == {"StatusCode": 204}


def test_list_functions_pages_with_max_items_and_starting_token(cli: AwsCli, lambda_client: Any) -> None:
    names = [f"fn-{n}" for n in range(5)]
    for name in names:
        create_python_function(lambda_client, name, "def handler(event, context):\n    return event\n")
    # Pages of two: the CLI follows NextMarker until it has three functions, then prints its own token.
    first = cli.json("lambda", "list-functions", "--page-size", "2", "--max-items", "3")
    assert [function["FunctionName"] for function in first["Functions"]] == names[:3]
    rest = cli.json("lambda", "list-functions", "--page-size", "2", "--starting-token", first["NextToken"])
    assert [function["FunctionName"] for function in rest["Functions"]] == names[3:]
    assert "NextToken" not in rest


def test_a_dynamodb_stream_trigger(cli: AwsCli, server: EmulatorProcess, lambda_client: Any) -> None:
    create_python_function(lambda_client, "on-change", "def handler(event, context):\n    return None\n")
    table = server.client("dynamodb").create_table(
        TableName="Orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]
    mapping = cli.json(
        "lambda", "create-event-source-mapping", "--function-name", "on-change",
        "--event-source-arn", table["LatestStreamArn"], "--starting-position", "LATEST", "--batch-size", "10",
    )  # fmt: skip
    assert (mapping["State"], mapping["BatchSize"], mapping["FunctionArn"]) == ("Creating", 10, ARN + "on-change")
    # Lambda writes a mapping's LastModified as epoch seconds to the millisecond.
    assert round(mapping["LastModified"], 3) == mapping["LastModified"]
    listed = cli.json("lambda", "list-event-source-mappings", "--function-name", "on-change")["EventSourceMappings"]
    assert [found["UUID"] for found in listed] == [mapping["UUID"]]
