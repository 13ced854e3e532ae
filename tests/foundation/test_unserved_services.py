"""Calls for services the emulator does not serve (as ``AWS_ENDPOINT_URL`` sends them) fail in a form boto3
parses, saying what is not emulated (see aws/unserved.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess


def test_a_json_protocol_service_answers_unknown_operation_naming_the_target(server: EmulatorProcess) -> None:
    with pytest.raises(ClientError) as info:
        server.client("events").put_rule(Name="tick", ScheduleExpression="rate(5 minutes)")
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "UnknownOperationException"
    assert error["Error"]["Message"].startswith("AWSEvents.PutRule is not emulated: this emulator serves API Gateway,")


@pytest.mark.parametrize(
    ("service", "call", "named"),
    [
        ("iam", lambda client: client.get_role(RoleName="app"), "iam GetRole"),
        ("sts", lambda client: client.get_caller_identity(), "sts GetCallerIdentity"),
        ("sns", lambda client: client.list_topics(), "sns ListTopics"),
    ],
)
def test_a_query_protocol_service_answers_invalid_action_in_xml(
    server: EmulatorProcess, service: str, call: Callable[[Any], Any], named: str
) -> None:
    with pytest.raises(ClientError) as info:
        call(server.client(service))
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error["Error"]["Code"] == "InvalidAction"
    assert error["Error"]["Message"].startswith(f"{named} is not emulated: this emulator serves API Gateway,")
    assert error["ResponseMetadata"]["RequestId"]


def test_a_rest_xml_service_answers_not_implemented_in_xml(server: EmulatorProcess) -> None:
    with pytest.raises(ClientError) as info:
        server.client("s3").get_bucket_notification_configuration(Bucket="uploads")
    error = info.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert error["Error"]["Code"] == "NotImplemented"
    assert error["Error"]["Message"].startswith("s3 GET /uploads is not emulated: this emulator serves API Gateway,")


def test_other_unmatched_requests_keep_the_json_404(server: EmulatorProcess) -> None:
    answer = httpx.post(server.url + "/nowhere", content=b"Action=Nothing", headers={"content-type": "text/plain"})
    assert answer.status_code == 404
    assert answer.json()["__type"] == "NotFoundException"
