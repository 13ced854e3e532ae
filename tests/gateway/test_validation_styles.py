"""Model constraint violations worded each service's way (API Gateway, apigatewayv2, Lambda's hook)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.aws.errors import AwsError
from emulator.aws.service import Service
from emulator.aws.spec import service_model
from emulator.aws.validate import ShapeValidator
from emulator.aws.wording import EnumRule, ValidationStyle, java_hash_set_order
from emulator.testing import EmulatorProcess

#: boto3 checks enums and required members itself; these tests send what it would refuse.
UNCHECKED = Config(parameter_validation=False, retries={"max_attempts": 1})


def unchecked_client(server: EmulatorProcess, service: str) -> Any:
    return server.client(service, config=UNCHECKED)


def test_rest_api_names_body_members_under_the_operation_input(server: EmulatorProcess) -> None:
    client = unchecked_client(server, "apigateway")
    api = client.create_rest_api(name="styles")
    client.put_method(
        restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE"
    )
    with pytest.raises(ClientError) as info:
        client.put_integration(
            restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="HTTPS_PROXY"
        )
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy "
        "constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]",
        400,
    )
    with pytest.raises(ClientError) as info:
        client.create_rest_api(name="styles", apiKeySource="COOKIE")
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value 'COOKIE' at 'createRestApiInput.apiKeySource' failed to satisfy "
        "constraint: Member must satisfy enum value set: [AUTHORIZER, HEADER]",
        400,
    )


def test_rest_api_names_uri_members_bare(server: EmulatorProcess) -> None:
    client = unchecked_client(server, "apigateway")
    api = client.create_rest_api(name="styles")
    with pytest.raises(ClientError) as info:
        client.get_integration_response(
            restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", statusCode="99"
        )
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value '99' at 'statusCode' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [1-5]\\d\\d",
        400,
    )


def test_http_api_violations_are_bad_requests(server: EmulatorProcess) -> None:
    client = unchecked_client(server, "apigatewayv2")
    with pytest.raises(ClientError) as info:
        client.create_api(Name="styles", ProtocolType="GRPC")
    code, message, status = error_of(info)
    assert (code, status) == ("BadRequestException", 400)
    assert message.endswith(
        "at 'protocolType' failed to satisfy constraint: Member must satisfy enum value set: [WEBSOCKET, HTTP]"
    )


def test_java_hash_set_order_matches_lambda_messages_aws_sent() -> None:
    # Sets and orders copied from Lambda's answers to an unknown runtime (2021, 2023).
    model_order = service_model("lambda").shape_for("Runtime").enum
    for printed in (
        "nodejs12.x, python3.6, provided, nodejs14.x, ruby2.7, java11, go1.x, provided.al2, java8, java8.al2, "
        "dotnetcore3.1, python3.7, python3.8",
        "java17, provided, nodejs16.x, nodejs14.x, ruby2.7, python3.10, java11, python3.11, dotnet6, go1.x, "
        "nodejs18.x, provided.al2, java8, java8.al2, ruby3.2, python3.7, python3.8, python3.9",
    ):
        values = printed.split(", ")
        assert java_hash_set_order([v for v in model_order if v in values]) == values


def lambda_validator() -> ShapeValidator:
    rule = EnumRule(
        java_set_order=True,
        hidden=frozenset(
            v for v in service_model("lambda").shape_for("Runtime").enum if not v.startswith("python3.1")
        ),
        error_code="InvalidParameterValueException",
        suffix=" or be a valid ARN",
        fields={"Type": "User"},
    )
    return ShapeValidator(style=ValidationStyle(enum_rules={"Runtime": rule}))


def test_enum_rule_raises_the_service_error_after_the_model_checks() -> None:
    shape = service_model("lambda").operation_model("CreateFunction").input_shape
    params = {
        "FunctionName": "f",
        "Role": "arn:aws:iam::000000000000:role/r",
        "Code": {},
        "Runtime": "python9.9",
    }
    with pytest.raises(AwsError) as info:
        lambda_validator().validate(shape, params, "CreateFunction")
    assert info.value.error_code == "InvalidParameterValueException"
    assert info.value.message == (
        "Value python9.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: "
        f"[{', '.join(java_hash_set_order(['python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14', 'python3.15']))}]"
        " or be a valid ARN"
    )
    assert info.value.fields == {"Type": "User"}
    # A model violation in the same input wins, as Lambda checks the runtime itself afterwards.
    with pytest.raises(AwsError) as info:
        lambda_validator().validate(shape, {**params, "MemorySize": 99999}, "CreateFunction")
    assert info.value.error_code == "ValidationException"
    assert "'memorySize'" in (info.value.message or "")


def test_a_provider_declares_its_own_validation_style() -> None:
    class Provider:
        validation_style = ValidationStyle(
            enum_rules={
                "Runtime": EnumRule(
                    java_set_order=True,
                    error_code="InvalidParameterValueException",
                    suffix=" or be a valid ARN",
                )
            }
        )

    service = Service("lambda", Provider())
    params = {"FunctionName": "f", "Role": "arn:aws:iam::000000000000:role/r", "Code": {}, "Runtime": "cobol"}
    with pytest.raises(AwsError) as info:
        service.validate(service.operations["CreateFunction"], params)
    assert info.value.error_code == "InvalidParameterValueException"
    assert (info.value.message or "").startswith("Value cobol at 'runtime' failed to satisfy constraint:")


def test_list_of_enum_values_is_judged_as_a_whole() -> None:
    shape = service_model("lambda").operation_model("CreateFunction").input_shape
    params = {
        "FunctionName": "f",
        "Role": "arn:aws:iam::000000000000:role/r",
        "Code": {},
        "Architectures": ["foo"],
    }
    for style, inner in (
        (ValidationStyle(), "[Member must satisfy enum value set: [x86_64, arm64]]"),
        (
            ValidationStyle(list_members_required=True),
            "[Member must satisfy enum value set: [x86_64, arm64], Member must not be null]",
        ),
    ):
        with pytest.raises(AwsError) as info:
            ShapeValidator(style=style).validate(shape, params, "CreateFunction")
        assert info.value.message == (
            "1 validation error detected: Value '[foo]' at 'architectures' failed to satisfy constraint: "
            f"Member must satisfy constraint: {inner}"
        )
