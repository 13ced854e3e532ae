"""Function URL configs as AWS answered LocalStack's recorded requests (its AWS-validated snapshots,
test_lambda_api.snapshot.json::TestLambdaUrl)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"
QUALIFIER_PATTERN = "((?!^\\d+$)^[0-9a-zA-Z-_]+$)"
NO_FUNCTION = {"Code": "ResourceNotFoundException", "Message": "Function does not exist"}
NO_RESOURCE = {"Code": "ResourceNotFoundException", "Message": "The resource you requested does not exist."}
MISMATCH = {
    "Code": "InvalidParameterValueException",
    "Message": "The derived qualifier from the function name does not match the specified qualifier.",
}


def _error(call: Callable[..., Any], **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as refused:
        call(**params)
    return refused.value.response["Error"]


def _bad_qualifier(value: str) -> dict[str, str]:
    return {
        "Code": "ValidationException",
        "Message": f"1 validation error detected: Value '{value}' at 'qualifier' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {QUALIFIER_PATTERN}",
    }


def test_each_operation_words_a_missing_function_qualifier_or_config_as_aws_does(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda_api.py::TestLambdaUrl::test_url_config_exceptions
    create_function("urlfn", Publish=True)
    lambda_client.create_alias(FunctionName="urlfn", Name="urlalias", FunctionVersion="1")
    cases = [
        ("name_doesnotexist", {"FunctionName": "doesnotexist"}, "missing"),
        ("arn_doesnotexist", {"FunctionName": ARN + "doesnotexist"}, "missing"),
        ("name_doesnotexist_qualifier", {"FunctionName": "doesnotexist", "Qualifier": "1"}, _bad_qualifier("1")),
        ("qualifier_version", {"FunctionName": "urlfn", "Qualifier": "1"}, _bad_qualifier("1")),
        ("qualifier_version_doesnotexist", {"FunctionName": "urlfn", "Qualifier": "2"}, _bad_qualifier("2")),
        ("qualifier_alias_doesnotexist", {"FunctionName": "urlfn", "Qualifier": "v1"}, "missing"),
        ("alias_doesnotmatch_arn", {"FunctionName": "urlfn:urlalias-doesnotmatch", "Qualifier": "urlalias"}, MISMATCH),
        ("qualifier_latest", {"FunctionName": "urlfn", "Qualifier": "$LATEST"}, _bad_qualifier("$LATEST")),
    ]
    # Create and Update say the function does not exist; Get and Delete that the resource does not.
    operations = [
        (lambda_client.create_function_url_config, {"AuthType": "NONE"}, NO_FUNCTION),
        (lambda_client.update_function_url_config, {"AuthType": "AWS_IAM"}, NO_FUNCTION),
        (lambda_client.get_function_url_config, {}, NO_RESOURCE),
        (lambda_client.delete_function_url_config, {}, NO_RESOURCE),
    ]
    for operation, extra, missing in operations:
        for name, params, expected in cases:
            wanted = missing if expected == "missing" else expected
            assert _error(operation, **params, **extra) == wanted, (operation.__name__, name)
    # A function without a URL config: every operation but Create says the resource does not exist.
    for operation, extra, _ in operations[1:]:
        assert _error(operation, FunctionName="urlfn", **extra) == NO_RESOURCE


def test_url_config_lifecycle_answers(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # test_lambda_api.py::TestLambdaUrl::test_url_config_lifecycle
    create_function("urllife")
    created = lambda_client.create_function_url_config(FunctionName="urllife", AuthType="NONE")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert set(created) - {"ResponseMetadata"} == {"AuthType", "CreationTime", "FunctionArn", "FunctionUrl"}
    assert (created["AuthType"], created["FunctionArn"]) == ("NONE", ARN + "urllife")
    duplicate = _error(lambda_client.create_function_url_config, FunctionName="urllife", AuthType="NONE")
    assert duplicate == {
        "Code": "ResourceConflictException",
        "Message": f"Failed to create function url config for [functionArn = {ARN}urllife]. "
        "Error message:  FunctionUrlConfig exists for this Lambda function",
    }
    got = lambda_client.get_function_url_config(FunctionName="urllife")
    assert set(got) - {"ResponseMetadata"} == {
        "AuthType",
        "CreationTime",
        "FunctionArn",
        "FunctionUrl",
        "InvokeMode",
        "LastModifiedTime",
    }
    assert got["InvokeMode"] == "BUFFERED"
    updated = lambda_client.update_function_url_config(FunctionName="urllife", AuthType="AWS_IAM")
    assert set(updated) - {"ResponseMetadata"} == {"AuthType", "CreationTime", "FunctionArn", "FunctionUrl", "LastModifiedTime"}
    assert (updated["AuthType"], updated["FunctionUrl"]) == ("AWS_IAM", created["FunctionUrl"])
    deleted = lambda_client.delete_function_url_config(FunctionName="urllife")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _error(lambda_client.get_function_url_config, FunctionName="urllife") == NO_RESOURCE


def test_url_config_listing_and_paging(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # test_lambda_api.py::TestLambdaUrl::test_url_config_list_paging
    create_function("urlpage", Publish=True)
    lambda_client.create_alias(FunctionName="urlpage", Name="urlalias", FunctionVersion="1")
    assert _error(lambda_client.list_function_url_configs, FunctionName="doesnotexist") == NO_FUNCTION
    assert lambda_client.list_function_url_configs(FunctionName="urlpage")["FunctionUrlConfigs"] == []
    on_function = lambda_client.create_function_url_config(FunctionName="urlpage", AuthType="NONE")
    on_alias = lambda_client.create_function_url_config(FunctionName="urlpage:urlalias", Qualifier="urlalias", AuthType="NONE")
    assert on_alias["FunctionArn"] == ARN + "urlpage:urlalias"
    listed = lambda_client.list_function_url_configs(FunctionName="urlpage")["FunctionUrlConfigs"]
    assert sorted(config["FunctionArn"] for config in listed) == [ARN + "urlpage", ARN + "urlpage:urlalias"]
    assert {config["InvokeMode"] for config in listed} == {"BUFFERED"}
    assert all("LastModifiedTime" in config for config in listed)
    first = lambda_client.list_function_url_configs(FunctionName="urlpage", MaxItems=1)
    second = lambda_client.list_function_url_configs(FunctionName="urlpage", MaxItems=1, Marker=first["NextMarker"])
    urls = {first["FunctionUrlConfigs"][0]["FunctionUrl"], second["FunctionUrlConfigs"][0]["FunctionUrl"]}
    assert urls == {on_function["FunctionUrl"], on_alias["FunctionUrl"]}
