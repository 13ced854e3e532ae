"""Event invoke configs, and updates that let in-flight invocations finish on the old code."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip

from emulator.testing.process import wait_until

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
FAILS = "def handler(event, context):\n    raise RuntimeError('always')\n"
SLOW_OLD = "import time\n\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return 'old'\n"


def test_event_invoke_config_crud(create_function: Any, lambda_client: Any) -> None:
    create_function("cfg")
    put = lambda_client.put_function_event_invoke_config(FunctionName="cfg", MaximumRetryAttempts=0)
    assert put["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:cfg:$LATEST"
    assert put["MaximumRetryAttempts"] == 0
    updated = lambda_client.update_function_event_invoke_config(FunctionName="cfg", MaximumEventAgeInSeconds=60)
    assert (updated["MaximumRetryAttempts"], updated["MaximumEventAgeInSeconds"]) == (0, 60)
    listed = lambda_client.list_function_event_invoke_configs(FunctionName="cfg")["FunctionEventInvokeConfigs"]
    assert len(listed) == 1
    lambda_client.delete_function_event_invoke_config(FunctionName="cfg")
    with pytest.raises(ClientError) as info:
        lambda_client.get_function_event_invoke_config(FunctionName="cfg")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_event_invoke_config_errors(create_function: Any, lambda_client: Any) -> None:
    create_function("cfgerr")
    cases = [
        (lambda: lambda_client.put_function_event_invoke_config(FunctionName="cfgerr"),
         "You must specify at least one of error handling or destination setting."),
        (lambda: lambda_client.put_function_event_invoke_config(FunctionName="nothing", MaximumRetryAttempts=1),
         "The function doesn't exist."),
        (lambda: lambda_client.update_function_event_invoke_config(FunctionName="cfgerr", MaximumRetryAttempts=1),
         "The function arn:aws:lambda:us-east-1:000000000000:function:cfgerr:$LATEST doesn't have an EventInvokeConfig"),
        (lambda: lambda_client.list_function_event_invoke_configs(FunctionName="nothing"), "The function doesn't exist."),
        (lambda: lambda_client.get_function_event_invoke_config(FunctionName="nothing"),
         "The function arn:aws:lambda:us-east-1:000000000000:function:nothing:$LATEST doesn't have an EventInvokeConfig"),
        (lambda: lambda_client.delete_function_event_invoke_config(FunctionName="cfgerr", Qualifier="nope"),
         "The function arn:aws:lambda:us-east-1:000000000000:function:cfgerr:nope doesn't have an EventInvokeConfig"),
    ]  # fmt: skip
    for call, message in cases:
        with pytest.raises(ClientError) as info:
            call()
        assert info.value.response["Error"]["Message"] == message
    put = lambda_client.put_function_event_invoke_config(FunctionName="cfgerr", MaximumRetryAttempts=1)
    assert put["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {}}


@pytest.mark.parametrize(
    ("destination", "message"),
    [
        (ARN + "absent", f"The destination ARN {ARN}absent is invalid."),
        (ARN + "dest", "You can't specify the function as a destination for itself."),
        (
            "arn:aws:iam:us-east-1:000000000000:function:dest",
            "The provided destination config DestinationConfig(onSuccess=OnSuccess("
            "destination=arn:aws:iam:us-east-1:000000000000:function:dest), onFailure=null) is invalid.",
        ),
    ],
)
def test_event_invoke_destinations_are_checked(
    create_function: Any, lambda_client: Any, destination: str, message: str
) -> None:
    create_function("dest")
    with pytest.raises(ClientError) as info:
        lambda_client.put_function_event_invoke_config(
            FunctionName="dest", DestinationConfig={"OnSuccess": {"Destination": destination}}
        )
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidParameterValueException",
        message,
    )


def test_no_retries_when_configured(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("once", FAILS)
    lambda_client.put_function_event_invoke_config(FunctionName="once", MaximumRetryAttempts=0)
    lambda_client.invoke(FunctionName="once", InvocationType="Event", Payload=b"{}")

    def starts() -> int:
        try:
            return len(logs_client.filter_log_events(logGroupName="/aws/lambda/once", filterPattern='"START RequestId"')["events"])
        except ClientError:
            return 0

    wait_until(lambda: starts() == 1)
    time.sleep(1.5)  # past the first retry's delay
    assert starts() == 1


def test_in_flight_invoke_finishes_on_old_code(create_function: Any, lambda_client: Any) -> None:
    create_function("rolling", SLOW_OLD, Timeout=10)
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(
            lambda: json.loads(lambda_client.invoke(FunctionName="rolling", Payload=json.dumps({"sleep": 1.0}))["Payload"].read())
        )
        time.sleep(0.3)
        lambda_client.update_function_code(FunctionName="rolling", ZipFile=make_zip({"app.py": "def handler(e, c):\n    return 'new'\n"}))
        assert json.loads(lambda_client.invoke(FunctionName="rolling")["Payload"].read()) == "new"
        assert in_flight.result() == "old"


SINK = "def handler(event, context):\n    print('record', event['requestContext']['condition'], event['requestPayload'], event['responseContext'])\n"


def test_destinations_receive_the_invocation_record(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("sink", SINK)
    sink_arn = "arn:aws:lambda:us-east-1:000000000000:function:sink"
    create_function("flaky", "def handler(event, context):\n    if event['fail']:\n        raise RuntimeError('x')\n    return 1\n")
    lambda_client.put_function_event_invoke_config(
        FunctionName="flaky",
        MaximumRetryAttempts=0,
        DestinationConfig={"OnSuccess": {"Destination": sink_arn}, "OnFailure": {"Destination": sink_arn}},
    )
    lambda_client.invoke(FunctionName="flaky", InvocationType="Event", Payload=json.dumps({"fail": True}))
    lambda_client.invoke(FunctionName="flaky", InvocationType="Event", Payload=json.dumps({"fail": False}))

    def records() -> list[str]:
        try:
            events = logs_client.filter_log_events(logGroupName="/aws/lambda/sink", filterPattern="record")["events"]
        except ClientError:
            return []
        return sorted(e["message"].split(" ", 2)[1] for e in events)

    wait_until(lambda: records() == ["RetriesExhausted", "Success"])


RECORDS = "import json\n\ndef handler(event, context):\n    print('record', json.dumps(event))\n"


def test_an_event_for_a_function_without_concurrency_goes_to_its_failure_destination(
    create_function: Any, lambda_client: Any, logs_client: Any
) -> None:
    """Reserved concurrency 0: the event never runs; its record says ZeroReservedConcurrency, counts no
    attempt and has no response (LocalStack's AWS-validated snapshot test_lambda_destinations)."""
    create_function("records", RECORDS)
    create_function("stopped", "def handler(event, context):\n    return 1\n")
    lambda_client.put_function_concurrency(FunctionName="stopped", ReservedConcurrentExecutions=0)
    lambda_client.put_function_event_invoke_config(
        FunctionName="stopped", DestinationConfig={"OnFailure": {"Destination": ARN + "records"}}
    )
    answer = lambda_client.invoke(FunctionName="stopped", InvocationType="Event", Payload=json.dumps({"n": 1}))
    assert answer["StatusCode"] == 202

    def records() -> list[dict[str, Any]]:
        try:
            events = logs_client.filter_log_events(logGroupName="/aws/lambda/records", filterPattern="record")["events"]
        except ClientError:
            return []
        return [json.loads(e["message"].split(" ", 1)[1]) for e in events]

    (record,) = wait_until(records)
    assert record["requestContext"] == {
        "requestId": answer["ResponseMetadata"]["RequestId"],
        "functionArn": ARN + "stopped:$LATEST",
        "condition": "ZeroReservedConcurrency",
        "approximateInvokeCount": 0,
    }
    assert record["requestPayload"] == {"n": 1}
    assert "responseContext" not in record and "responsePayload" not in record
