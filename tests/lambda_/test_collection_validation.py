"""Lambda judges a bad list member, map key or map value on the whole collection, listing every
constraint of the member shape and "Member must not be null" (LocalStack's AWS-validated snapshots
test_lambda_api::test_alias_lifecycle / routing config errors, and CreateFunction's layer errors)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def message(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**params)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    return caught.value.response["Error"]["Message"]


def test_routing_weights_are_judged_on_the_whole_map(create_function: Any, lambda_client: Any) -> None:
    create_function("weighted")
    lambda_client.publish_version(FunctionName="weighted")
    assert message(
        lambda_client.create_alias,
        FunctionName="weighted", Name="live", FunctionVersion="1",
        RoutingConfig={"AdditionalVersionWeights": {"2": 2.0}},
    ) == (  # fmt: skip
        "1 validation error detected: Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy"
        " constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0,"
        " Member must have value greater than or equal to 0.0, Member must not be null]"
    )
    assert message(
        lambda_client.create_alias,
        FunctionName="weighted", Name="live", FunctionVersion="1",
        RoutingConfig={"AdditionalVersionWeights": {"$LATEST": 0.5}},
    ) == (  # fmt: skip
        "1 validation error detected: Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to"
        " satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024,"
        " Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+,"
        " Member must not be null]"
    )


def test_a_layer_without_its_version_is_judged_on_the_whole_list(create_function: Any, lambda_client: Any) -> None:
    create_function("layered")
    arn = "arn:aws:lambda:us-east-1:000000000000:layer:shared"
    text = message(lambda_client.update_function_configuration, FunctionName="layered", Layers=[arn])
    assert text.startswith(
        f"1 validation error detected: Value '[{arn}]' at 'layers' failed to satisfy constraint: Member must satisfy"
        " constraint: [Member must have length less than or equal to 2048, Member must have length greater than or"
        " equal to 1, Member must satisfy regular expression pattern: "
    )
    assert text.endswith(", Member must not be null]")


def test_an_environment_variable_name_error_shows_no_value(create_function: Any, lambda_client: Any) -> None:
    # Environment variables are sensitive: AWS names no value and lists no null rule for their
    # keys (its answers quoted in serverless-secrets#39, 2018, and amplify-backend#2290, 2024).
    create_function("configured")
    assert message(
        lambda_client.update_function_configuration,
        FunctionName="configured", Environment={"Variables": {"A": "1", "SECRET": "hunter2"}},
    ) == (  # fmt: skip
        "1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must"
        " satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"
    )
