"""Lambda answers as AWS recorded them in 2025 (LocalStack's AWS-validated snapshots, test_lambda_api)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError


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
