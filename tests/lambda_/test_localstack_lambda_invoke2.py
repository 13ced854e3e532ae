"""Concurrency at invoke time as AWS answered LocalStack's recorded requests (test_lambda snapshots)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

RETURNS_ONE = "def handler(event, context):\n    return 1\n"


def error_body(call: Callable[..., Any], **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    response = dict(info.value.response)
    status = response.pop("ResponseMetadata")["HTTPStatusCode"]
    return {"status": status, **response}


def test_provisioned_concurrency_of_a_version_takes_reserved_concurrency_from_latest(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaConcurrency::test_reserved_provisioned_overlap
    create_function("overlap", RETURNS_ONE, Publish=True)
    lambda_client.put_provisioned_concurrency_config(FunctionName="overlap", Qualifier="1", ProvisionedConcurrentExecutions=2)
    assert error_body(lambda_client.put_function_concurrency, FunctionName="overlap", ReservedConcurrentExecutions=1) == {
        "status": 400,
        "Error": {
            "Code": "InvalidParameterValueException",
            "Message": " ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2].",
        },
        "message": " ReservedConcurrentExecutions  1 should not be lower than function's total provisioned concurrency [2].",
    }
    lambda_client.put_function_concurrency(FunctionName="overlap", ReservedConcurrentExecutions=2)
    assert error_body(lambda_client.invoke, FunctionName="overlap", Payload=b"{}") == {
        "status": 429,
        "Error": {"Code": "TooManyRequestsException", "Message": "Rate Exceeded."},
        "Reason": "ReservedFunctionConcurrentInvocationLimitExceeded",
        "Type": "User",
        "message": "Rate Exceeded.",
    }
    # The provisioned version itself still runs.
    answer = lambda_client.invoke(FunctionName="overlap", Qualifier="1", Payload=b"{}")
    assert (answer["StatusCode"], answer["ExecutedVersion"], answer["Payload"].read()) == (200, "1", b"1")


def test_reserved_concurrency_left_over_by_provisioned_serves_latest(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaConcurrency::test_lambda_concurrency_block
    # (reserved 1 and provisioned 1 on version 1 block $LATEST; one more reserved slot unblocks it)
    create_function("block", RETURNS_ONE, Publish=True)
    lambda_client.put_function_concurrency(FunctionName="block", ReservedConcurrentExecutions=1)
    assert lambda_client.invoke(FunctionName="block", Payload=b"{}")["ExecutedVersion"] == "$LATEST"
    lambda_client.put_provisioned_concurrency_config(FunctionName="block", Qualifier="1", ProvisionedConcurrentExecutions=1)
    assert error_body(lambda_client.invoke, FunctionName="block", Payload=b"{}")["Reason"] == (
        "ReservedFunctionConcurrentInvocationLimitExceeded"
    )
    assert lambda_client.invoke(FunctionName="block", Qualifier="1", Payload=b"{}")["ExecutedVersion"] == "1"
    lambda_client.put_function_concurrency(FunctionName="block", ReservedConcurrentExecutions=2)
    assert lambda_client.invoke(FunctionName="block", Payload=b"{}")["Payload"].read() == b"1"
