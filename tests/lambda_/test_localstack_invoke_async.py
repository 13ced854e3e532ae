"""Event invocations against LocalStack's AWS-validated test_lambda recordings: retries and their logs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from emulator.testing.functions import make_zip
from emulator.testing.process import wait_until

#: The test's lambda_context.py: fails when asked to, after logging its request id.
CONTEXT_REQUEST_ID = """
def handler(event, context):
    print(f"RequestId log message {context.aws_request_id}")
    if event.get("fail"):
        raise Exception("failing as asked")
    return context.aws_request_id
"""

CUSTOM_ERROR = 'class CustomException(Exception):\n    pass\n\n\ndef handler(event, context):\n    raise CustomException("some error occurred")\n'
NBSP = "\u00a0"


def messages(logs_client: Any, name: str) -> list[str]:
    try:
        return [event["message"] for event in logs_client.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]]
    except ClientError:
        return []


def test_a_retried_event_keeps_its_request_id(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any, logs_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestRequestIdHandling::
    # test_request_id_async_invoke_with_retry (recorded 2025-11-24): MaximumRetryAttempts 1, a failing event runs twice,
    # both END (and REPORT) lines naming the request id Invoke answered with.
    create_function("retried", CONTEXT_REQUEST_ID)
    lambda_client.put_function_event_invoke_config(FunctionName="retried", MaximumRetryAttempts=1)
    answer = lambda_client.invoke(FunctionName="retried", InvocationType="Event", Payload=json.dumps({"fail": 1}))
    assert (answer["StatusCode"], answer["Payload"].read()) == (202, b"")
    request_id = answer["ResponseMetadata"]["RequestId"]

    def ends() -> list[str]:
        return [message.rstrip() for message in messages(logs_client, "retried") if message.startswith("END")]

    assert wait_until(lambda: len(ends()) == 2, timeout=15)
    assert ends() == [f"END RequestId: {request_id}"] * 2
    reports = [message for message in messages(logs_client, "retried") if message.startswith("REPORT")]
    assert len(reports) == 2 and all(request_id in report for report in reports)
    assert messages(logs_client, "retried").count(f"RequestId log message {request_id}\n") == 2


def test_an_event_s_error_is_logged_once_per_attempt_as_one_event(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any, logs_client: Any
) -> None:
    # test_lambda.snapshot.json::TestLambdaFeatures::test_invocation_type_event_error (python3.10): each attempt logs the
    # error as one event, the traceback's frames indented with no-break spaces, the same request id twice.
    create_function("event-error", CUSTOM_ERROR, Runtime="python3.10")
    lambda_client.put_function_event_invoke_config(FunctionName="event-error", MaximumRetryAttempts=1)
    lambda_client.invoke(FunctionName="event-error", InvocationType="Event", Payload=b"{}")

    def starts() -> list[str]:
        return [message for message in messages(logs_client, "event-error") if message.startswith("START")]

    assert wait_until(lambda: len(starts()) == 2, timeout=15)
    assert starts()[0] == starts()[1]
    errors = [message for message in messages(logs_client, "event-error") if message.startswith("[ERROR]")]
    expected = (
        "[ERROR] CustomException: some error occurred\nTraceback (most recent call last):\n"
        f'{NBSP * 2}File "/var/task/app.py", line 6, in handler\n{NBSP * 4}raise CustomException("some error occurred")'
    )
    # AWS's event ends there: the runtime frames the error with no newline after it.
    assert errors == [expected, expected]


def marked(mark: str) -> str:
    return f"import time\n\ndef handler(event, context):\n    time.sleep(0.5)\n    print('ran {mark}')\n"


def test_queued_events_run_the_function_as_it_is_when_they_run(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any, logs_client: Any
) -> None:
    # LocalStack's AWS-validated test_lambda.py::TestLambdaConcurrency::test_async_invoke_queue_upon_function_update:
    # events still queued when the function is updated run the new code.
    create_function("queued", marked("v1"))
    lambda_client.put_function_concurrency(FunctionName="queued", ReservedConcurrentExecutions=1)
    for _ in range(3):  # one runs, two wait for the one execution slot
        lambda_client.invoke(FunctionName="queued", InvocationType="Event", Payload=b"{}")
    lambda_client.update_function_code(FunctionName="queued", ZipFile=make_zip({"app.py": marked("v2")}))

    def ran() -> list[str]:
        return [message.strip() for message in messages(logs_client, "queued") if message.startswith("ran ")]

    assert wait_until(lambda: len(ran()) == 3, timeout=20)
    assert ran() == ["ran v1", "ran v2", "ran v2"]
