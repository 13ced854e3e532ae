"""Lambda's own wording for bad enum values, as AWS answers them (see LambdaProvider.validation_style)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip

from emulator.aws.wording import java_hash_set_order

ROLE = "arn:aws:iam::000000000000:role/r"
CODE = {"ZipFile": make_zip({"h.py": "def h(e, c):\n    return e\n"})}


def error_of(call: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call()
    return info.value.response


def test_unknown_runtime_is_an_invalid_parameter_naming_the_accepted_runtimes(lambda_client: Any) -> None:
    response = error_of(
        lambda: lambda_client.create_function(FunctionName="f", Runtime="python9.9", Role=ROLE, Handler="h.h", Code=CODE)
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["Error"]["Code"] == "InvalidParameterValueException"
    message = response["Error"]["Message"]
    prefix = "Value python9.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["
    assert message.startswith(prefix) and message.endswith("] or be a valid ARN")
    listed = message[len(prefix) : -len("] or be a valid ARN")].split(", ")
    assert "python3.12" in listed and "nodejs20.x" in listed
    assert "python2.7" not in listed and "go1.x" not in listed  # no longer accepted
    assert listed == java_hash_set_order(listed)  # a Java HashSet's order, as AWS prints it
    # UpdateFunctionConfiguration says the same.
    lambda_client.create_function(FunctionName="f", Runtime="python3.12", Role=ROLE, Handler="h.h", Code=CODE)
    again = error_of(lambda: lambda_client.update_function_configuration(FunctionName="f", Runtime="python9.9"))
    assert (again["Error"]["Code"], again["Error"]["Message"]) == ("InvalidParameterValueException", message)


def test_bad_architecture_is_judged_as_a_whole_list(lambda_client: Any) -> None:
    response = error_of(
        lambda: lambda_client.create_function(
            FunctionName="f", Runtime="python3.12", Architectures=["X86_64"], Role=ROLE, Handler="h.h", Code=CODE
        )
    )
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Error"]["Message"] == (
        "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"
    )


def test_bad_layer_runtime_is_a_validation_exception(lambda_client: Any) -> None:
    response = error_of(
        lambda: lambda_client.publish_layer_version(LayerName="l", Content=CODE, CompatibleRuntimes=["python9.9"])
    )
    assert response["Error"]["Code"] == "ValidationException"
    # Without Coral's list wrapper (see test_layer_validation.py).
    assert response["Error"]["Message"].startswith(
        "1 validation error detected: Value '[python9.9]' at 'compatibleRuntimes' failed to satisfy constraint: "
        "Member must satisfy enum value set: ["
    )


def test_bad_starting_position_lists_aws_order(lambda_client: Any, server: Any) -> None:
    dynamodb = server.client("dynamodb")
    table = dynamodb.create_table(
        TableName="positions-order",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]
    lambda_client.create_function(FunctionName="f", Runtime="python3.12", Role=ROLE, Handler="h.h", Code=CODE)
    response = error_of(
        lambda: lambda_client.create_event_source_mapping(
            EventSourceArn=table["LatestStreamArn"], FunctionName="f", StartingPosition="OLDEST"
        )
    )
    assert response["Error"]["Code"] == "ValidationException"
    assert response["Error"]["Message"] == (
        "1 validation error detected: Value 'OLDEST' at 'startingPosition' failed to satisfy constraint: "
        "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"
    )
