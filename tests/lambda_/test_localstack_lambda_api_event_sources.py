"""Event source mappings as AWS answered LocalStack's recorded requests (its AWS-validated snapshots).

SQS and Kinesis are not emulated: a mapping from one of their ARNs gets the answer AWS gives for a queue
or stream that does not exist, after the checks AWS makes before it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

QUEUE = "arn:aws:sqs:us-east-1:000000000000:somequeue"
STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/somestream"
MISSING_QUEUE = (
    "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. "
    "SQS Error Message: The specified queue does not exist or you do not have access to it."
)


def _refusal(call: Callable[..., Any], **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as refused:
        call(**params)
    response = refused.value.response
    return {"Status": response["ResponseMetadata"]["HTTPStatusCode"], **response["Error"]}


def test_listing_by_a_function_that_does_not_exist_lists_nothing(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test
    # test_lambda_api.py::TestLambdaEventSourceMappings::test_event_source_mapping_exceptions
    # ("list doesn't care about the resource filters existing")
    assert lambda_client.list_event_source_mappings(FunctionName="doesnotexist")["EventSourceMappings"] == []
    assert lambda_client.list_event_source_mappings(EventSourceArn=QUEUE)["EventSourceMappings"] == []
    named_by_arn = "arn:aws:lambda:us-east-1:000000000000:function:doesnotexist:live"
    assert lambda_client.list_event_source_mappings(FunctionName=named_by_arn)["EventSourceMappings"] == []


def test_listing_by_function_still_filters(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any, dynamodb: Any
) -> None:
    create_function("target")
    table = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    stream = table["TableDescription"]["LatestStreamArn"]
    created = lambda_client.create_event_source_mapping(FunctionName="target", EventSourceArn=stream, StartingPosition="LATEST")
    listed = lambda_client.list_event_source_mappings(FunctionName="target")["EventSourceMappings"]
    assert [mapping["UUID"] for mapping in listed] == [created["UUID"]]
    assert lambda_client.list_event_source_mappings(FunctionName="other")["EventSourceMappings"] == []


def test_an_sqs_queue_is_read_when_the_mapping_is_created(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test
    # test_lambda_api.py::TestLambdaEventSourceMappings::test_function_name_variations names the function every
    # way for an SQS queue; with no queue to read, AWS answers that the queue does not exist, whatever the name.
    create_function("consumer", Publish=True)
    lambda_client.create_alias(FunctionName="consumer", Name="myalias", FunctionVersion="1")
    arn = "arn:aws:lambda:us-east-1:000000000000:function:consumer"
    for name in ("consumer", "consumer:$LATEST", "consumer:1", "consumer:myalias", arn, f"{arn}:1", f"{arn}:myalias"):
        refusal = _refusal(lambda_client.create_event_source_mapping, FunctionName=name, EventSourceArn=QUEUE)
        assert refusal == {"Status": 400, "Code": "InvalidParameterValueException", "Message": MISSING_QUEUE}
    # ... but a missing function is named first, as in test_event_source_mapping_exceptions.
    refusal = _refusal(lambda_client.create_event_source_mapping, FunctionName="doesnotexist", EventSourceArn=QUEUE)
    assert refusal["Message"] == "Function does not exist"
    assert lambda_client.list_event_source_mappings()["EventSourceMappings"] == []


def test_sqs_mappings_take_no_starting_position(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # LocalStack's snapshot event_source_mapping/test_api.snapshot.json::
    # TestLambdaEventSourceMappings::test_create_starting_position_validation_exceptions[sqs]
    create_function("consumer")
    create = lambda_client.create_event_source_mapping
    invalid = _refusal(create, FunctionName="consumer", EventSourceArn=QUEUE, StartingPosition="0")
    assert invalid == {
        "Status": 400,
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value '0' at 'startingPosition' failed to satisfy constraint: "
        "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]",
    }
    now = int(time.time())
    for position, timestamp in (("LATEST", now), ("AT_TIMESTAMP", -now)):
        refusal = _refusal(
            create, FunctionName="consumer", EventSourceArn=QUEUE, StartingPosition=position, StartingPositionTimestamp=timestamp
        )
        assert refusal == {
            "Status": 400,
            "Code": "InvalidParameterValueException",
            "Message": "StartingPosition is not valid for SQS event sources.",
        }


def test_kinesis_mappings_check_their_starting_position_then_the_stream(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's snapshot event_source_mapping/test_api.snapshot.json::
    # TestLambdaEventSourceMappings::test_create_starting_position_validation_exceptions[kinesis]
    create_function("consumer")
    create = lambda_client.create_event_source_mapping
    timestamped = _refusal(
        create, FunctionName="consumer", EventSourceArn=STREAM, StartingPosition="LATEST", StartingPositionTimestamp=int(time.time())
    )
    assert timestamped == {
        "Status": 400,
        "Code": "InvalidParameterValueException",
        "Message": "Timestamp only valid with StartingPosition AT_TIMESTAMP",
    }
    unpositioned = _refusal(create, FunctionName="consumer", EventSourceArn=STREAM)
    assert unpositioned["Message"] == (
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null."
    )
    # No Kinesis stream exists here: AWS's answer for a missing one (AWS-validated snapshot
    # test_lambda_integration_kinesis.py::TestKinesisSource::test_esm_with_not_existing_kinesis_stream).
    missing = _refusal(create, FunctionName="consumer", EventSourceArn=STREAM, StartingPosition="TRIM_HORIZON")
    assert missing == {"Status": 400, "Code": "InvalidParameterValueException", "Message": f"Stream not found: {STREAM}"}
    assert _refusal(create, FunctionName="nofunction", EventSourceArn=STREAM, StartingPosition="LATEST")["Message"] == (
        "Function does not exist"
    )


@pytest.mark.parametrize("pattern", ["null", "simple string", '{"eventSource": "aws:sqs"}', '{"eventSource": []}'])
def test_a_malformed_filter_is_refused_before_the_queue_is_read(
    pattern: str, create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_integration_sqs.py::TestSQSEventSourceMapping::
    # test_sqs_invalid_event_filter (its four patterns)
    create_function("filtered")
    refusal = _refusal(
        lambda_client.create_event_source_mapping,
        FunctionName="filtered",
        EventSourceArn=QUEUE,
        MaximumBatchingWindowInSeconds=1,
        FilterCriteria={"Filters": [{"Pattern": pattern}]},
    )
    assert refusal == {"Status": 400, "Code": "InvalidParameterValueException", "Message": "Invalid filter pattern definition."}
    # A well-formed filter passes on to the queue, which does not exist here.
    assert _refusal(
        lambda_client.create_event_source_mapping,
        FunctionName="filtered",
        EventSourceArn=QUEUE,
        FilterCriteria={"Filters": [{"Pattern": '{"body": {"my-key": ["my-value"]}}'}]},
    )["Message"] == MISSING_QUEUE


def test_a_large_sqs_batch_needs_a_batching_window(create_function: Callable[..., dict[str, Any]], lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda_integration_sqs.py::TestSQSEventSourceMapping::
    # test_event_source_mapping_default_batch_size (invalid-create-event-source-mapping)
    create_function("batched")
    refusal = _refusal(lambda_client.create_event_source_mapping, FunctionName="batched", EventSourceArn=QUEUE, BatchSize=11)
    assert refusal == {
        "Status": 400,
        "Code": "InvalidParameterValueException",
        "Message": "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
    }
    for settings in ({"BatchSize": 10}, {"BatchSize": 11, "MaximumBatchingWindowInSeconds": 1}):
        refused = _refusal(lambda_client.create_event_source_mapping, FunctionName="batched", EventSourceArn=QUEUE, **settings)
        assert refused["Message"] == MISSING_QUEUE
