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
