"""Function URL configs and provisioned concurrency configs through boto3."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
URL = re.compile(r"https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/")


def error_of(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    error = info.value.response
    return error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]


def test_function_url_config_lifecycle(create_function: Any, lambda_client: Any) -> None:
    create_function("web")
    created = lambda_client.create_function_url_config(FunctionName="web", AuthType="NONE", Cors={"AllowOrigins": ["*"]})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert URL.fullmatch(created["FunctionUrl"])
    assert (created["FunctionArn"], created["AuthType"]) == (ARN + "web", "NONE")
    assert created["Cors"] == {"AllowOrigins": ["*"]}
    assert "InvokeMode" not in created and "LastModifiedTime" not in created  # as AWS answers when not set
    got = lambda_client.get_function_url_config(FunctionName="web")
    assert (got["FunctionUrl"], got["CreationTime"]) == (created["FunctionUrl"], created["CreationTime"])
    assert (got["InvokeMode"], "LastModifiedTime" in got) == ("BUFFERED", True)
    with pytest.raises(ClientError) as info:
        lambda_client.create_function_url_config(FunctionName="web", AuthType="NONE")
    assert error_of(info) == (
        "ResourceConflictException",
        f"Failed to create function url config for [functionArn = {ARN}web]. "
        "Error message:  FunctionUrlConfig exists for this Lambda function",
        409,
    )
    updated = lambda_client.update_function_url_config(FunctionName="web", AuthType="AWS_IAM")
    assert (updated["AuthType"], updated["FunctionUrl"]) == ("AWS_IAM", created["FunctionUrl"])
    assert "InvokeMode" not in updated
    streamed = lambda_client.update_function_url_config(FunctionName="web", InvokeMode="RESPONSE_STREAM")
    assert streamed["InvokeMode"] == "RESPONSE_STREAM"
    listed = lambda_client.list_function_url_configs(FunctionName="web")["FunctionUrlConfigs"]
    assert [(c["FunctionUrl"], c["AuthType"]) for c in listed] == [(created["FunctionUrl"], "AWS_IAM")]
    lambda_client.delete_function_url_config(FunctionName="web")
    with pytest.raises(ClientError) as info:
        lambda_client.get_function_url_config(FunctionName="web")
    assert error_of(info) == ("ResourceNotFoundException", "The resource you requested does not exist.", 404)


def test_function_url_config_of_an_alias(create_function: Any, lambda_client: Any) -> None:
    create_function("aliased", Publish=True)
    with pytest.raises(ClientError) as info:
        lambda_client.create_function_url_config(FunctionName="aliased", Qualifier="live", AuthType="NONE")
    assert error_of(info) == ("ResourceNotFoundException", "Function does not exist", 404)
    lambda_client.create_alias(FunctionName="aliased", Name="live", FunctionVersion="1")
    created = lambda_client.create_function_url_config(FunctionName="aliased", Qualifier="live", AuthType="NONE")
    assert created["FunctionArn"] == ARN + "aliased:live"
    with pytest.raises(ClientError) as info:
        lambda_client.get_function_url_config(FunctionName="aliased")
    assert error_of(info)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as info:
        lambda_client.create_function_url_config(FunctionName="missing", AuthType="NONE")
    assert error_of(info) == ("ResourceNotFoundException", "Function does not exist", 404)


def test_provisioned_concurrency_config_lifecycle(create_function: Any, lambda_client: Any) -> None:
    create_function("warm", Publish=True)
    put = lambda_client.put_provisioned_concurrency_config(FunctionName="warm", Qualifier="1", ProvisionedConcurrentExecutions=2)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (put["RequestedProvisionedConcurrentExecutions"], put["Status"]) == (2, "IN_PROGRESS")
    got = lambda_client.get_provisioned_concurrency_config(FunctionName="warm", Qualifier="1")
    assert (got["Status"], got["AllocatedProvisionedConcurrentExecutions"]) == ("READY", 2)
    listed = lambda_client.list_provisioned_concurrency_configs(FunctionName="warm")["ProvisionedConcurrencyConfigs"]
    assert [(c["FunctionArn"], c["RequestedProvisionedConcurrentExecutions"]) for c in listed] == [(ARN + "warm:1", 2)]
    lambda_client.delete_provisioned_concurrency_config(FunctionName="warm", Qualifier="1")
    with pytest.raises(ClientError) as info:
        lambda_client.get_provisioned_concurrency_config(FunctionName="warm", Qualifier="1")
    assert error_of(info) == (
        "ProvisionedConcurrencyConfigNotFoundException",
        "No Provisioned Concurrency Config found for this function",
        404,
    )


def test_provisioned_concurrency_errors(create_function: Any, lambda_client: Any) -> None:
    create_function("cold", Publish=True)
    with pytest.raises(ClientError) as info:
        lambda_client.put_provisioned_concurrency_config(FunctionName="cold", Qualifier="$LATEST", ProvisionedConcurrentExecutions=1)
    assert error_of(info) == (
        "InvalidParameterValueException",
        "Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
        400,
    )
    with pytest.raises(ClientError) as info:
        lambda_client.get_provisioned_concurrency_config(FunctionName="cold", Qualifier="$LATEST")
    assert error_of(info)[1] == "The function resource provided must be an alias or a published version."
    with pytest.raises(ClientError) as info:
        lambda_client.put_provisioned_concurrency_config(FunctionName="cold", Qualifier="7", ProvisionedConcurrentExecutions=1)
    assert error_of(info) == ("ResourceNotFoundException", f"Function not found: {ARN}cold:7", 404)
    with pytest.raises(ClientError) as info:
        lambda_client.get_provisioned_concurrency_config(FunctionName="cold", Qualifier="live")
    assert error_of(info) == ("ResourceNotFoundException", f"Cannot find alias arn: {ARN}cold:live", 404)
    with pytest.raises(ClientError) as info:
        lambda_client.put_provisioned_concurrency_config(FunctionName="nothing", Qualifier="live", ProvisionedConcurrentExecutions=1)
    assert error_of(info) == ("ResourceNotFoundException", f"Cannot find alias arn: {ARN}nothing:live", 404)
    with pytest.raises(ClientError) as info:
        lambda_client.delete_provisioned_concurrency_config(FunctionName="nothing", Qualifier="1")
    assert error_of(info) == ("ResourceNotFoundException", f"Function not found: {ARN}nothing:1", 404)
    lambda_client.delete_provisioned_concurrency_config(FunctionName="cold", Qualifier="1")  # none there: fine
    lambda_client.put_function_concurrency(FunctionName="cold", ReservedConcurrentExecutions=1)
    with pytest.raises(ClientError) as info:
        lambda_client.put_provisioned_concurrency_config(FunctionName="cold", Qualifier="1", ProvisionedConcurrentExecutions=2)
    assert error_of(info)[1] == (
        "Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function"
    )


def test_update_function_url_config_shows_a_stored_response_stream_mode(create_function: Any, lambda_client: Any) -> None:
    """As AWS recorded it: an update that leaves InvokeMode out still answers the mode set before."""
    create_function("streamed")
    created = lambda_client.create_function_url_config(FunctionName="streamed", AuthType="NONE", InvokeMode="BUFFERED")
    assert created["InvokeMode"] == "BUFFERED"
    modified = lambda_client.update_function_url_config(FunctionName="streamed", InvokeMode="RESPONSE_STREAM")
    assert modified["InvokeMode"] == "RESPONSE_STREAM"
    untouched = lambda_client.update_function_url_config(FunctionName="streamed")
    assert (untouched["InvokeMode"], untouched["AuthType"]) == ("RESPONSE_STREAM", "NONE")
    assert lambda_client.get_function_url_config(FunctionName="streamed")["InvokeMode"] == "RESPONSE_STREAM"
