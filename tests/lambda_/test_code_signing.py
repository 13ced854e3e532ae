"""Code signing configs through boto3, with the errors AWS recorded (test_code_signing_not_found_excs)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:lambda:us-east-1:000000000000:"
PROFILE = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/test"


def error_of(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int, str | None]:
    response = info.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response.get("Type"),
    )


def test_code_signing_config_lifecycle(create_function: Any, lambda_client: Any) -> None:
    created = lambda_client.create_code_signing_config(
        Description="Testing CodeSigning Config",
        AllowedPublishers={"SigningProfileVersionArns": [PROFILE]},
        CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Enforce"},
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    config = created["CodeSigningConfig"]
    arn = config["CodeSigningConfigArn"]
    assert arn == f"{ARN}code-signing-config:{config['CodeSigningConfigId']}"
    assert config["CodeSigningConfigId"].startswith("csc-") and len(config["CodeSigningConfigId"]) == 21
    assert (config["AllowedPublishers"], config["Description"]) == ({"SigningProfileVersionArns": [PROFILE]}, "Testing CodeSigning Config")
    updated = lambda_client.update_code_signing_config(
        CodeSigningConfigArn=arn, CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Warn"}
    )["CodeSigningConfig"]
    assert updated["CodeSigningPolicies"] == {"UntrustedArtifactOnDeployment": "Warn"}
    assert lambda_client.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"] == updated
    assert lambda_client.list_code_signing_configs()["CodeSigningConfigs"] == [updated]

    create_function("signed")
    assert "CodeSigningConfigArn" not in lambda_client.get_function_code_signing_config(FunctionName="signed")
    put = lambda_client.put_function_code_signing_config(CodeSigningConfigArn=arn, FunctionName="signed")
    assert (put["CodeSigningConfigArn"], put["FunctionName"]) == (arn, "signed")
    got = lambda_client.get_function_code_signing_config(FunctionName="signed")
    assert (got["CodeSigningConfigArn"], got["FunctionName"]) == (arn, "signed")
    listed = lambda_client.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"]
    assert listed == [f"{ARN}function:signed"]
    lambda_client.delete_function_code_signing_config(FunctionName="signed")
    assert lambda_client.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"] == []
    lambda_client.delete_code_signing_config(CodeSigningConfigArn=arn)
    assert lambda_client.list_code_signing_configs()["CodeSigningConfigs"] == []


def test_code_signing_errors_as_aws_words_them(create_function: Any, lambda_client: Any) -> None:
    missing = f"{ARN}code-signing-config:csc-0123456789abcdef0"
    not_found = ("ResourceNotFoundException", f"The Lambda code signing configuration {missing} can not be found.", 404, None)
    for call, params in (
        (lambda_client.get_code_signing_config, {}),
        (lambda_client.delete_code_signing_config, {}),
        (lambda_client.update_code_signing_config, {"Description": "x"}),
        (lambda_client.list_functions_by_code_signing_config, {}),
    ):
        with pytest.raises(ClientError) as info:
            call(CodeSigningConfigArn=missing, **params)
        assert error_of(info) == not_found
    with pytest.raises(ClientError) as info:
        lambda_client.put_function_code_signing_config(CodeSigningConfigArn=missing, FunctionName="csc-test-doesnotexist")
    assert error_of(info) == (
        "CodeSigningConfigNotFoundException",
        f"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {missing}.",
        404,
        "User",
    )
    function_missing = ("ResourceNotFoundException", f"Function not found: {ARN}function:csc-test-doesnotexist", 404, "User")
    with pytest.raises(ClientError) as info:
        lambda_client.delete_function_code_signing_config(FunctionName="csc-test-doesnotexist")
    assert error_of(info) == function_missing
    with pytest.raises(ClientError) as info:
        lambda_client.get_function_code_signing_config(FunctionName="csc-test-doesnotexist")
    assert error_of(info) == function_missing
    create_function("unsigned")
    lambda_client.delete_function_code_signing_config(FunctionName="unsigned")  # nothing to delete: 204
