"""Lambda answers as AWS recorded them in 2025 (LocalStack's AWS-validated snapshots, test_lambda_api)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip


def test_event_source_mapping_outlives_its_function(
    dynamodb: Any, lambda_client: Any, create_function: Callable[..., dict[str, Any]]
) -> None:
    """test_event_source_mapping_lifecycle_delete_function, recorded 2025-10-13."""
    dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    table = dynamodb.update_table(
        TableName="orders", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    )["TableDescription"]
    function_arn = create_function("orders-handler")["FunctionArn"]
    created = lambda_client.create_event_source_mapping(
        FunctionName="orders-handler",
        EventSourceArn=table["LatestStreamArn"],
        BatchSize=1,
        StartingPosition="TRIM_HORIZON",
        MaximumBatchingWindowInSeconds=1,
        MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:orders-dlq"}},
    )
    uuid = created["UUID"]

    lambda_client.delete_function(FunctionName="orders-handler")

    kept = lambda_client.get_event_source_mapping(UUID=uuid)
    assert kept["FunctionArn"] == function_arn
    assert kept["State"] == "Enabled"
    assert kept["DestinationConfig"] == {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:orders-dlq"}}
    listed = lambda_client.list_event_source_mappings(EventSourceArn=table["LatestStreamArn"])["EventSourceMappings"]
    assert [m["UUID"] for m in listed] == [uuid]

    deleted = lambda_client.delete_event_source_mapping(UUID=uuid)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert deleted["State"] == "Deleting"
    assert deleted["FunctionArn"] == function_arn
    with pytest.raises(ClientError) as gone:
        lambda_client.get_event_source_mapping(UUID=uuid)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize("runtime", ["nodejs14.x", "nodejs12.x", "python3.7", "go1.x"])
def test_retired_runtimes_are_refused(lambda_client: Any, runtime: str) -> None:
    """test_create_deprecated_function_runtime_with_validation_enabled, recorded 2025-11-24."""
    with pytest.raises(ClientError) as refused:
        lambda_client.create_function(
            FunctionName="retired",
            Runtime=runtime,
            Role="arn:aws:iam::000000000000:role/lambda-role",
            Handler="index.handler",
            Code={"ZipFile": make_zip({"index.py": "def handler(event, context):\n    return event\n"})},
        )
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert refused.value.response["Error"] == {
        "Code": "InvalidParameterValueException",
        "Message": f"The runtime parameter of {runtime} is no longer supported for creating or updating AWS Lambda "
        "functions. We recommend you use a supported runtime while creating or updating functions.",
    }


def test_layers_still_name_retired_runtimes(lambda_client: Any) -> None:
    """test_layer_compatibilities[runtimes0], recorded 2025-11-24: a layer may list runtimes functions no longer get."""
    runtimes = ["nodejs24.x", "nodejs14.x", "nodejs12.x", "python3.14", "python3.7"]
    published = lambda_client.publish_layer_version(
        LayerName="old-and-new",
        Content={"ZipFile": make_zip({"python/lib.py": "X = 1\n"})},
        CompatibleRuntimes=runtimes,
        CompatibleArchitectures=["arm64", "x86_64"],
    )
    assert published["CompatibleRuntimes"] == runtimes
    assert published["CompatibleArchitectures"] == ["arm64", "x86_64"]


#: The runtimes AWS listed for an unknown runtime on 2025-11-24 (test_create_lambda_exceptions).
RECORDED_ACCEPTED_RUNTIMES = frozenset(
    {
        "nodejs20.x", "python3.14", "provided.al2023", "python3.12", "python3.13", "nodejs24.x", "nodejs22.x",
        "java17", "nodejs16.x", "java25", "dotnet8", "python3.10", "java11", "python3.11", "dotnet6", "java21",
        "nodejs18.x", "provided.al2", "ruby3.3", "ruby3.4", "java8.al2", "ruby3.2", "python3.8", "python3.9",
    }
)  # fmt: skip


def test_unknown_runtime_lists_the_runtimes_aws_accepts(lambda_client: Any) -> None:
    """test_create_lambda_exceptions, recorded 2025-11-24: retired runtimes (nodejs14.x among them) are not listed."""
    with pytest.raises(ClientError) as refused:
        lambda_client.create_function(
            FunctionName="unknown-runtime",
            Runtime="PYTHON3.9",
            Role="arn:aws:iam::000000000000:role/lambda-role",
            Handler="index.handler",
            Code={"ZipFile": make_zip({"index.py": "def handler(event, context):\n    return event\n"})},
        )
    error = refused.value.response["Error"]
    prefix = "Value PYTHON3.9 at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: ["
    assert error["Code"] == "InvalidParameterValueException"
    assert error["Message"].startswith(prefix) and error["Message"].endswith("] or be a valid ARN")
    listed = error["Message"][len(prefix) : -len("] or be a valid ARN")].split(", ")
    assert set(listed) >= RECORDED_ACCEPTED_RUNTIMES
    assert "nodejs14.x" not in listed
