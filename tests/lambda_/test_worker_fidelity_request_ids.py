"""Request ids are random version 4 UUIDs, as AWS's are: the API's ``x-amzn-RequestId`` and the id an invocation
runs under (the context's ``aws_request_id``, the log's START line), however the function is invoked."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function
from emulator.testing.process import wait_until

REQUEST_ID = "def handler(event, context):\n    print('ran', context.aws_request_id)\n    return context.aws_request_id\n"


def assert_random_v4(ids: list[str]) -> None:
    for text in ids:
        parsed = uuid.UUID(text)
        assert (str(parsed), parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)
    assert len(set(ids)) == len(ids)
    # Random throughout: no two share a prefix (a per-process prefix and a counter would share 24 characters).
    for first, second in itertools.combinations(ids, 2):
        assert first[:8] != second[:8] or first[9:13] != second[9:13]


def test_api_responses_carry_random_v4_request_ids(lambda_client: Any, dynamodb: Any) -> None:
    ids = [lambda_client.list_functions()["ResponseMetadata"]["RequestId"] for _ in range(40)]
    ids += [dynamodb.list_tables()["ResponseMetadata"]["RequestId"] for _ in range(40)]
    assert_random_v4(ids)


def test_an_invocation_runs_under_the_request_id_invoke_answers_with(lambda_client: Any) -> None:
    create_python_function(lambda_client, "ids-sync", REQUEST_ID)
    ids = []
    for _ in range(5):
        answer = lambda_client.invoke(FunctionName="ids-sync")
        seen = answer["Payload"].read().decode().strip('"')
        assert seen == answer["ResponseMetadata"]["RequestId"]
        ids.append(seen)
    assert_random_v4(ids)


def test_an_event_runs_under_the_request_id_of_its_202(lambda_client: Any, server: EmulatorProcess) -> None:
    create_python_function(lambda_client, "ids-event", REQUEST_ID)
    logs = server.client("logs")
    ids = [lambda_client.invoke(FunctionName="ids-event", InvocationType="Event")["ResponseMetadata"]["RequestId"] for _ in range(3)]

    def ran() -> list[str]:
        try:
            found = logs.filter_log_events(logGroupName="/aws/lambda/ids-event", filterPattern='"ran"')["events"]
        except logs.exceptions.ResourceNotFoundException:
            return []
        return [event["message"].split()[1] for event in found] if len(found) == 3 else []

    assert sorted(wait_until(ran, timeout=15)) == sorted(ids)
    assert_random_v4(ids)


def test_a_function_url_invocation_runs_under_a_random_v4_request_id(lambda_client: Any, server: EmulatorProcess) -> None:
    create_python_function(lambda_client, "ids-url", REQUEST_ID)
    url_id = lambda_client.create_function_url_config(FunctionName="ids-url", AuthType="NONE")["FunctionUrl"].split("//")[1].split(".")[0]
    lambda_client.add_permission(
        FunctionName="ids-url", StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE"
    )
    answers = [httpx.get(f"{server.url}/_aws/lambda-url/{url_id}/", timeout=30) for _ in range(3)]
    assert all(answer.status_code == 200 for answer in answers)
    ids = [answer.text for answer in answers]
    assert [answer.headers["x-amzn-RequestId"] for answer in answers] == ids
    assert_random_v4(ids)
