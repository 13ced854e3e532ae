"""AWS's code library Lambda scenarios, replayed call for call through boto3.

Sources (awsdocs/aws-doc-sdk-examples, python/example_code/lambda): hello/hello_lambda.py,
scenario_getting_started_functions.py with its wrapper lambda_basics.py and its two handlers, and the
invoke half of lambda_with_api_gateway.py. The scenarios create an IAM role first; the emulator takes
any role ARN, so only the Lambda calls are replayed. The handlers are written here.
"""

from __future__ import annotations

import base64
import io
import json
import time
import zipfile
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE
from emulator.testing.process import wait_until

NAME = "doc_example_lambda_calculator"

#: Increments, squares... one number: the scenario's first deployment.
BASIC_HANDLER = """
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)
OPERATIONS = {"increment": lambda n: n + 1, "decrement": lambda n: n - 1, "square": lambda n: n * n}


def lambda_handler(event, context):
    logger.info("Event: %s", event)
    result = OPERATIONS[event["action"]](event["number"])
    logger.info("Calculated result of %s", result)
    return {"result": result}
"""

#: Two-operand arithmetic whose log level comes from the LOG_LEVEL variable: the second deployment.
CALCULATOR_HANDLER = """
import logging
import os

logger = logging.getLogger()
OPERATIONS = {
    "plus": lambda x, y: x + y,
    "minus": lambda x, y: x - y,
    "times": lambda x, y: x * y,
    "divided-by": lambda x, y: x / y,
}


def lambda_handler(event, context):
    logger.setLevel(os.environ.get("LOG_LEVEL", logging.INFO))
    logger.debug("Event: %s", event)
    operation = OPERATIONS.get(event.get("action"))
    x, y = event.get("x"), event.get("y")
    result = None
    try:
        if operation is not None and x is not None and y is not None:
            result = operation(x, y)
            logger.info("%s %s %s is %s", x, event["action"], y, result)
        else:
            logger.error("I can't calculate %s %s %s.", x, event.get("action"), y)
    except ZeroDivisionError:
        logger.warning("I can't divide %s by 0!", x)
    return {"result": result}
"""


def deployment_package(source: str, module: str) -> bytes:
    """One handler file zipped in memory under ``module``.py, as create_deployment_package does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{module}.py", source)
    return buffer.getvalue()


def wait_for_last_update(client: Any, name: str, timeout: float = 30) -> str:
    """The scenario's custom waiter: GetFunction until Configuration.LastUpdateStatus settles."""
    deadline = time.monotonic() + timeout
    while True:
        status = client.get_function(FunctionName=name)["Configuration"]["LastUpdateStatus"]
        if status in ("Successful", "Failed") or time.monotonic() > deadline:
            return status
        time.sleep(0.1)


def invoke(client: Any, name: str, params: dict[str, Any], get_log: bool = False) -> dict[str, Any]:
    return client.invoke(FunctionName=name, Payload=json.dumps(params), LogType="Tail" if get_log else "None")


def test_hello_lists_functions_with_the_paginator(server: EmulatorProcess) -> None:
    client = server.client("lambda")
    assert [page["Functions"] for page in client.get_paginator("list_functions").paginate()] == [[]]
    for index in range(3):
        client.create_function(
            FunctionName=f"hello-{index}",
            Runtime="python3.12",
            Role=ROLE,
            Handler="hello.lambda_handler",
            Code={"ZipFile": deployment_package(BASIC_HANDLER, "hello")},
        )
    listed = [
        fn["FunctionName"]
        for page in client.get_paginator("list_functions").paginate()
        for fn in page["Functions"]
    ]
    assert sorted(listed) == ["hello-0", "hello-1", "hello-2"]


def test_getting_started_with_functions(server: EmulatorProcess) -> None:
    client = server.client("lambda")

    # LambdaWrapper.get_function: ResourceNotFoundException means "not deployed yet".
    with pytest.raises(ClientError) as missing:
        client.get_function(FunctionName=NAME)
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404

    created = client.create_function(
        FunctionName=NAME,
        Description="AWS Lambda doc example",
        Runtime="python3.12",
        Role=ROLE,
        Handler=f"{NAME}.lambda_handler",
        Code={"ZipFile": deployment_package(BASIC_HANDLER, NAME)},
        Publish=True,
    )
    assert created["FunctionArn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{NAME}"
    assert created["Version"] == "1"
    client.get_waiter("function_active_v2").wait(
        FunctionName=NAME, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
    )
    assert client.get_function(FunctionName=NAME)["Configuration"]["State"] == "Active"

    response = invoke(client, NAME, {"action": "increment", "number": 41})
    assert response["StatusCode"] == 200
    assert "FunctionError" not in response
    assert json.load(response["Payload"]) == {"result": 42}

    # Swap in the calculator, wait for the update with the scenario's own waiter, then set LOG_LEVEL.
    updated = client.update_function_code(
        FunctionName=NAME, ZipFile=deployment_package(CALCULATOR_HANDLER, NAME)
    )
    assert updated["FunctionName"] == NAME and updated["LastUpdateStatus"] in ("InProgress", "Successful")
    assert wait_for_last_update(client, NAME) == "Successful"
    configured = client.update_function_configuration(
        FunctionName=NAME, Environment={"Variables": {"LOG_LEVEL": "DEBUG"}}
    )
    assert configured["Environment"] == {"Variables": {"LOG_LEVEL": "DEBUG"}}
    assert wait_for_last_update(client, NAME) == "Successful"

    # Each calculator call returns the result and, with LogType=Tail, the end of its log, base64-encoded.
    for action, x, y, result in (
        ("plus", 5, 3, 8),
        ("minus", 5, 3, 2),
        ("times", 5, 3, 15),
        ("divided-by", 6, 3, 2.0),
    ):
        response = invoke(client, NAME, {"action": action, "x": x, "y": y}, get_log=True)
        assert json.load(response["Payload"]) == {"result": result}
        log = base64.b64decode(response["LogResult"]).decode()
        assert f"{x} {action} {y} is {result}" in log
        assert "Event: {" in log  # the DEBUG line: LOG_LEVEL took effect
        assert "START RequestId:" in log and "REPORT RequestId:" in log

    # list_functions: the wrapper prints Description, Runtime and Handler of every function.
    [listed] = [fn for page in client.get_paginator("list_functions").paginate() for fn in page["Functions"]]
    assert (listed["FunctionName"], listed["Description"], listed["Runtime"], listed["Handler"]) == (
        NAME,
        "AWS Lambda doc example",
        "python3.12",
        f"{NAME}.lambda_handler",
    )

    client.delete_function(FunctionName=NAME)
    with pytest.raises(ClientError) as deleted:
        client.get_function(FunctionName=NAME)
    assert deleted.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_synchronous_invoke_by_arn_with_log_tail(server: EmulatorProcess) -> None:
    """lambda_with_api_gateway.py: invoke by ARN, RequestResponse, LogType=Tail, bytes payload."""
    client = server.client("lambda")
    source = "def lambda_handler(event, context):\n    print('got', event['http_verb'])\n    return event['parameters']\n"
    arn = client.create_function(
        FunctionName="BasicLambdaFunction",
        Runtime="python3.12",
        Role=ROLE,
        Handler="basic_lambda_function.lambda_handler",
        Code={"ZipFile": deployment_package(source, "basic_lambda_function")},
    )["FunctionArn"]
    assert client.get_function(FunctionName="BasicLambdaFunction")["Configuration"]["FunctionArn"] == arn
    client.get_waiter("function_active_v2").wait(
        FunctionName=arn, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
    )

    parameters = {"http_verb": "PUT", "functionID": arn, "parameters": {"parm01": "one", "parm02": "two"}}
    response = client.invoke(
        FunctionName=arn,
        InvocationType="RequestResponse",
        LogType="Tail",
        Payload=json.dumps(parameters).encode(),
    )
    assert response["StatusCode"] == 200
    assert json.load(response["Payload"]) == {"parm01": "one", "parm02": "two"}
    assert "got PUT" in base64.b64decode(response["LogResult"]).decode()


def test_scheduled_function_logs_read_back(server: EmulatorProcess) -> None:
    """scheduled_lambda.py without EventBridge: the permission for the rule, three event deliveries
    (asynchronous invokes, as EventBridge makes them), then the newest log stream's last 20 events."""
    client = server.client("lambda")
    source = "def lambda_handler(event, context):\n    print('Triggered by', event['source'], event['id'])\n"
    name = "demo-lambda-scheduled"
    client.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="lambda_handler_scheduled.lambda_handler",
        Code={"ZipFile": deployment_package(source, "lambda_handler_scheduled")},
        Publish=True,
    )
    client.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1})
    rule_arn = "arn:aws:events:us-east-1:000000000000:rule/demo-event-scheduled"
    client.add_permission(
        FunctionName=name,
        StatementId=f"{name}-invoke",
        Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com",
        SourceArn=rule_arn,
    )
    [statement] = json.loads(client.get_policy(FunctionName=name)["Policy"])["Statement"]
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}
    assert statement["Condition"] == {"ArnLike": {"AWS:SourceArn": rule_arn}}

    logs = server.client("logs")
    group = f"/aws/lambda/{name}"

    def newest_stream_messages() -> list[str]:
        try:
            streams = logs.describe_log_streams(
                logGroupName=group, orderBy="LastEventTime", descending=True, limit=1
            )
        except logs.exceptions.ResourceNotFoundException:
            return []  # the group appears with the function's first log line
        stream = streams["logStreams"][0]["logStreamName"]
        return [
            event["message"]
            for event in logs.get_log_events(logGroupName=group, logStreamName=stream, limit=20)["events"]
        ]

    # One delivery a minute on AWS: each finds the environment the previous one left warm.
    for delivery in range(3):
        event = {"source": "aws.events", "id": f"delivery-{delivery}", "detail-type": "Scheduled Event"}
        assert (
            client.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(event))["StatusCode"]
            == 202
        )
        line = f"Triggered by aws.events delivery-{delivery}"
        wait_until(lambda line=line: any(line in message for message in newest_stream_messages()), timeout=30)

    messages = newest_stream_messages()
    assert [message for message in messages if message.startswith("Triggered")] == [
        f"Triggered by aws.events delivery-{delivery}\n" for delivery in range(3)  # each event ends with its newline
    ]
    assert sum(message.startswith("START RequestId:") for message in messages) == 3
