"""Kinesis streaming destinations: there is no Kinesis in the emulator, so a table has none and a
stream to enable, update or disable is one DynamoDB cannot use, answered as AWS answers it."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/orders"
UNUSABLE = ("ValidationException", "User does not have a permission to use kinesis stream")


def test_a_table_has_no_destinations(dynamodb: Any) -> None:
    table = create_table(dynamodb, "plain")
    for name in ("plain", table["TableArn"]):
        described = dynamodb.describe_kinesis_streaming_destination(TableName=name)
        assert (described["TableName"], described["KinesisDataStreamDestinations"]) == ("plain", [])


@pytest.mark.parametrize("operation", ["enable", "update", "disable"])
def test_a_stream_that_does_not_exist_cannot_be_used(dynamodb: Any, operation: str) -> None:
    create_table(dynamodb, "plain")
    call = getattr(dynamodb, f"{operation}_kinesis_streaming_destination")
    with pytest.raises(ClientError) as caught:
        call(TableName="plain", StreamArn=STREAM)
    assert error_of(caught) == UNUSABLE
    assert dynamodb.describe_kinesis_streaming_destination(TableName="plain")["KinesisDataStreamDestinations"] == []


def test_enabling_with_a_configuration_is_refused_the_same_way(dynamodb: Any) -> None:
    create_table(dynamodb, "plain")
    with pytest.raises(ClientError) as caught:
        dynamodb.enable_kinesis_streaming_destination(
            TableName="plain", StreamArn=STREAM,
            EnableKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MICROSECOND"},
        )
    assert error_of(caught) == UNUSABLE


@pytest.mark.parametrize("operation", ["describe", "enable", "update", "disable"])
def test_a_missing_table_is_not_found(dynamodb: Any, operation: str) -> None:
    call = getattr(dynamodb, f"{operation}_kinesis_streaming_destination")
    params = {"TableName": "absent"} if operation == "describe" else {"TableName": "absent", "StreamArn": STREAM}
    with pytest.raises(ClientError) as caught:
        call(**params)
    assert error_of(caught) == ("ResourceNotFoundException", "Requested resource not found: Table: absent not found")
