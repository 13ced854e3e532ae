"""DynamoDB stream event source mappings against what AWS was recorded answering and delivering."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from test_event_sources import copies, make_table

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

#: Stores every event it receives in "copies", keyed by call number.
CAPTURE = """
import json
import boto3

table = boto3.resource("dynamodb").Table("copies")
calls = 0

def handler(event, context):
    global calls
    calls += 1
    table.put_item(Item={"id": f"call-{calls}", "event": json.dumps(event)})
"""

#: Answers every call with RESPONSE (a JSON document) after recording the batch's keys.
ANSWERING = """
import json
import boto3

table = boto3.resource("dynamodb").Table("copies")
calls = 0

def handler(event, context):
    global calls
    calls += 1
    ids = [r["dynamodb"]["Keys"]["id"]["S"] for r in event["Records"]]
    table.put_item(Item={"id": f"call-{calls}", "ids": ",".join(ids)})
    return json.loads(RESPONSE)
"""


@pytest.fixture
def raw_lambda(server: EmulatorProcess) -> Any:
    """A Lambda client that sends what it is given, so that the server's own validation answers."""
    return server.client("lambda", config=Config(parameter_validation=False, retries={"max_attempts": 1}))


def error_of(call: Any, **params: Any) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call(**params)
    response = info.value.response
    return response["ResponseMetadata"]["HTTPStatusCode"], response["Error"]["Code"], response["Error"]["Message"]


def events(dynamodb: Any, count: int) -> list[dict[str, Any]]:
    found = wait_until(lambda: len(c := copies(dynamodb)) >= count and c, timeout=20)
    return [json.loads(found[f"call-{n}"]["event"]["S"]) for n in range(1, len(found) + 1)]


def test_delivered_records_have_aws_shape(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "shaped", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("capture", CAPTURE, Timeout=30)
    lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="capture", StartingPosition="TRIM_HORIZON", BatchSize=1
    )
    dynamodb.put_item(TableName="shaped", Item={"id": {"S": "k"}, "blob": {"B": b"foobar"}})
    dynamodb.update_item(
        TableName="shaped",
        Key={"id": {"S": "k"}},
        UpdateExpression="SET n = :n",
        ExpressionAttributeValues={":n": {"N": "1.50"}},
    )
    dynamodb.delete_item(TableName="shaped", Key={"id": {"S": "k"}})
    received = events(dynamodb, 3)
    records = [event["Records"] for event in received]
    assert [len(batch) for batch in records] == [1, 1, 1]
    insert, modify, remove = (batch[0] for batch in records)
    assert list(insert) == ["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"]
    assert [r["eventName"] for r in (insert, modify, remove)] == ["INSERT", "MODIFY", "REMOVE"]
    for record in (insert, modify, remove):
        assert (record["eventVersion"], record["eventSource"], record["awsRegion"]) == ("1.1", "aws:dynamodb", "us-east-1")
        assert record["eventSourceARN"] == stream_arn
        change = record["dynamodb"]
        # Epoch seconds as a JSON float with ten digits before the point, as AWS delivers it.
        assert isinstance(change["ApproximateCreationDateTime"], float)
        assert len(str(int(change["ApproximateCreationDateTime"]))) == 10
        assert change["Keys"] == {"id": {"S": "k"}}
        assert change["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert isinstance(change["SizeBytes"], int) and isinstance(change["SequenceNumber"], str)
    assert insert["dynamodb"]["NewImage"] == {"id": {"S": "k"}, "blob": {"B": "Zm9vYmFy"}}
    assert "OldImage" not in insert["dynamodb"]
    assert modify["dynamodb"]["OldImage"] == {"id": {"S": "k"}, "blob": {"B": "Zm9vYmFy"}}
    assert modify["dynamodb"]["NewImage"]["n"] == {"N": "1.5"}
    assert "NewImage" not in remove["dynamodb"]
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in (insert, modify, remove)]
    assert sequence == sorted(sequence)


def test_starting_position_and_record_age_are_validated(create_function: Any, raw_lambda: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "positions", stream=True)
    create_function("target")
    create = raw_lambda.create_event_source_mapping
    base = {"EventSourceArn": stream_arn, "FunctionName": "target"}
    assert error_of(create, **base, StartingPosition="LATEST", StartingPositionTimestamp=int(time.time())) == (
        400,
        "InvalidParameterValueException",
        "Timestamp only valid with StartingPosition AT_TIMESTAMP",
    )
    assert error_of(create, **base, StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=-int(time.time())) == (
        400,
        "InvalidParameterValueException",
        f"Unsupported starting position for arn type: {stream_arn}",
    )
    age_error = (
        400,
        "InvalidParameterValueException",
        "MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)",
    )
    assert error_of(create, **base, StartingPosition="LATEST", MaximumRecordAgeInSeconds=59) == age_error
    assert raw_lambda.list_event_source_mappings()["EventSourceMappings"] == []
    created = create(**base, StartingPosition="LATEST", MaximumRecordAgeInSeconds=60)
    assert created["MaximumRecordAgeInSeconds"] == 60
    assert error_of(raw_lambda.update_event_source_mapping, UUID=created["UUID"], MaximumRecordAgeInSeconds=0) == age_error
    assert raw_lambda.get_event_source_mapping(UUID=created["UUID"])["MaximumRecordAgeInSeconds"] == 60
    updated = raw_lambda.update_event_source_mapping(UUID=created["UUID"], MaximumRecordAgeInSeconds=-1)
    assert updated["MaximumRecordAgeInSeconds"] == -1


def test_update_answers_disabling_enabling_or_updating(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "states", stream=True)
    create_function("target")
    created = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="target", StartingPosition="TRIM_HORIZON", MaximumBatchingWindowInSeconds=1
    )
    assert (created["State"], created["StateTransitionReason"], created["LastProcessingResult"]) == (
        "Creating",
        "User action",
        "No records processed",
    )
    uuid = created["UUID"]
    disabling = lambda_client.update_event_source_mapping(UUID=uuid, Enabled=False)
    assert (disabling["ResponseMetadata"]["HTTPStatusCode"], disabling["State"]) == (202, "Disabling")
    assert disabling["StateTransitionReason"] == "User action"
    assert lambda_client.get_event_source_mapping(UUID=uuid)["State"] == "Disabled"
    assert lambda_client.update_event_source_mapping(UUID=uuid, Enabled=True)["State"] == "Enabling"
    assert lambda_client.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"
    updated = lambda_client.update_event_source_mapping(UUID=uuid, BatchSize=7)
    assert updated["State"] == "Updating"
    assert updated["LastModified"] > created["LastModified"]
    assert error_of(lambda_client.update_event_source_mapping, UUID=uuid, FunctionName="absent") == (
        400,
        "InvalidParameterValueException",
        "Function does not exist",
    )
    listed = lambda_client.list_event_source_mappings(EventSourceArn=stream_arn)["EventSourceMappings"]
    assert [(m["UUID"], m["State"], m["BatchSize"]) for m in listed] == [(uuid, "Enabled", 7)]


def test_numeric_filters_never_match_dynamodb_numbers(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    """AWS compares DynamoDB's ``N`` strings as strings; ApproximateCreationDateTime is a number."""
    stream_arn = make_table(dynamodb, "numbers", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("capture", CAPTURE, Timeout=30)
    patterns = [
        {"dynamodb": {"NewImage": {"n": {"N": [{"numeric": [">", 100]}, {"anything-but": "101"}]}}}},
        {"dynamodb": {"ApproximateCreationDateTime": [{"numeric": ["<", 0]}]}},
    ]
    lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="capture",
        StartingPosition="TRIM_HORIZON",
        BatchSize=10,
        FilterCriteria={"Filters": [{"Pattern": json.dumps(p)} for p in patterns]},
    )
    for key, number in (("k42", "42"), ("k101", "101")):
        dynamodb.put_item(TableName="numbers", Item={"id": {"S": key}, "n": {"N": number}})
    received = events(dynamodb, 1)
    time.sleep(0.5)  # a wrongly passed record would have been delivered by now
    assert len(copies(dynamodb)) == 1
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in received[0]["Records"]] == ["k42"]


@pytest.mark.parametrize(
    "response",
    [
        {"batchItemFailures": [{"itemIdentifier": "123"}]},
        {"batchItemFailures": [{"itemIdentifier": ""}]},
        {"batchItemFailures": [{"itemIdentifier": None}]},
        {"batchItemFailures": [{"foo": 123}]},
    ],
    ids=["unknown", "empty", "null", "bad-key"],
)
def test_unusable_batch_item_failures_fail_the_whole_batch(
    response: dict[str, Any], create_function: Any, lambda_client: Any, dynamodb: Any
) -> None:
    stream_arn = make_table(dynamodb, "reporting", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("answering", ANSWERING.replace("RESPONSE", repr(json.dumps(response))), Timeout=30)
    for key in ("r1", "r2"):
        dynamodb.put_item(TableName="reporting", Item={"id": {"S": key}})
    uuid = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="answering",
        StartingPosition="TRIM_HORIZON",
        FunctionResponseTypes=["ReportBatchItemFailures"],
        MaximumRetryAttempts=1,
    )["UUID"]
    calls = wait_until(lambda: len(c := copies(dynamodb)) >= 2 and c, timeout=20)
    # The whole batch again: the first try and its one retry.
    assert [calls[f"call-{n}"]["ids"]["S"] for n in (1, 2)] == ["r1,r2", "r1,r2"]
    result = lambda_client.get_event_source_mapping(UUID=uuid)["LastProcessingResult"]
    assert result == "PROBLEM: Function call failed"


@pytest.mark.parametrize("response", [[], None, {}, {"batchItemFailures": []}, {"batchItemFailures": None}])
def test_empty_batch_item_failures_are_a_success(
    response: Any, create_function: Any, lambda_client: Any, dynamodb: Any
) -> None:
    stream_arn = make_table(dynamodb, "reported", stream=True)
    make_table(dynamodb, "copies", stream=False)
    create_function("answering", ANSWERING.replace("RESPONSE", repr(json.dumps(response))), Timeout=30)
    dynamodb.put_item(TableName="reported", Item={"id": {"S": "r1"}})
    uuid = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn,
        FunctionName="answering",
        StartingPosition="TRIM_HORIZON",
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )["UUID"]
    wait_until(lambda: lambda_client.get_event_source_mapping(UUID=uuid)["LastProcessingResult"] == "OK", timeout=20)
    assert set(copies(dynamodb)) == {"call-1"}


#: Records which keys reached which function.
KEYS_SEEN = """
import boto3

table = boto3.resource("dynamodb").Table("copies")

def handler(event, context):
    for record in event["Records"]:
        table.put_item(Item={"id": context.function_name + ":" + record["dynamodb"]["Keys"]["id"]["S"]})
"""


def test_exists_filters_see_attribute_values_not_their_type_objects(
    create_function: Any, lambda_client: Any, dynamodb: Any
) -> None:
    """AWS: ``exists`` judges leaves, so it needs the ``S`` level; the attribute's object alone does not exist."""
    stream_arn = make_table(dynamodb, "present", stream=True)
    make_table(dynamodb, "copies", stream=False)
    patterns = {
        "typed": {"dynamodb": {"NewImage": {"presentKey": {"S": [{"exists": True}]}}}},
        "untyped": {"dynamodb": {"NewImage": {"presentKey": [{"exists": True}]}}},
        "absent": {"dynamodb": {"NewImage": {"presentKey": [{"exists": False}]}}},
    }
    for name, pattern in patterns.items():
        create_function(name, KEYS_SEEN, Timeout=30)
        lambda_client.create_event_source_mapping(
            EventSourceArn=stream_arn,
            FunctionName=name,
            StartingPosition="TRIM_HORIZON",
            FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]},
        )
    dynamodb.put_item(TableName="present", Item={"id": {"S": "with"}, "presentKey": {"S": "presentValue"}})
    dynamodb.put_item(TableName="present", Item={"id": {"S": "without"}})
    expected = {"typed:with", "absent:with", "absent:without"}
    wait_until(lambda: set(copies(dynamodb)) >= expected, timeout=20)
    time.sleep(0.5)  # a wrongly passed record would have been delivered by now
    assert set(copies(dynamodb)) == expected


@pytest.mark.parametrize(
    "pattern",
    ["single-string", '[{"eventName": ["INSERT"=123}]', '{"eventName": [{"prefix": 5}]}', '{"x": [{"numeric": [">"]}]}'],
)
def test_malformed_filter_patterns_are_refused(pattern: str, create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "patterns", stream=True)
    create_function("target")
    assert error_of(
        lambda_client.create_event_source_mapping,
        EventSourceArn=stream_arn,
        FunctionName="target",
        StartingPosition="TRIM_HORIZON",
        FilterCriteria={"Filters": [{"Pattern": pattern}]},
    ) == (400, "InvalidParameterValueException", "Invalid filter pattern definition.")
    assert lambda_client.list_event_source_mappings()["EventSourceMappings"] == []


def test_request_members_are_checked_before_the_function_and_the_stream(
    create_function: Any, raw_lambda: Any, dynamodb: Any
) -> None:
    stream_arn = make_table(dynamodb, "ordered", stream=True)
    create_function("target")
    create = raw_lambda.create_event_source_mapping
    on_success = {"OnSuccess": {"Destination": "arn:aws:sqs:us-east-1:000000000000:q"}}
    unsupported = (
        400,
        "InvalidParameterValueException",
        "Unsupported DestinationConfig parameter for given event source mapping type.",
    )
    assert error_of(create, EventSourceArn=stream_arn, FunctionName="absent", DestinationConfig=on_success) == unsupported
    missing_position = error_of(create, EventSourceArn=stream_arn, FunctionName="absent")
    assert missing_position[2].endswith("Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.")
    bad_filter = {"Filters": [{"Pattern": "single-string"}]}
    assert error_of(
        create, EventSourceArn=stream_arn, FunctionName="absent", StartingPosition="LATEST", FilterCriteria=bad_filter
    )[2] == "Invalid filter pattern definition."
    absent_stream = stream_arn.replace("/table/ordered/", "/table/absent/")
    assert error_of(create, EventSourceArn=absent_stream, FunctionName="absent", StartingPosition="LATEST")[2] == (
        "Function does not exist"
    )
    created = create(EventSourceArn=stream_arn, FunctionName="target", StartingPosition="LATEST")
    update = raw_lambda.update_event_source_mapping
    assert error_of(update, UUID=created["UUID"], DestinationConfig=on_success) == unsupported
    # A refused update changes nothing, not even the members named before the refused one.
    create_function("other")
    with pytest.raises(ClientError):
        update(UUID=created["UUID"], FunctionName="other", BatchSize=5, MaximumRecordAgeInSeconds=1)
    kept = raw_lambda.get_event_source_mapping(UUID=created["UUID"])
    assert (kept["FunctionArn"].rsplit(":", 1)[1], kept["BatchSize"]) == ("target", 100)


def test_a_mapping_belongs_to_its_region(server: EmulatorProcess, create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "regional", stream=True)
    create_function("target")
    uuid = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="target", StartingPosition="LATEST"
    )["UUID"]
    elsewhere = server.client("lambda", region_name="eu-west-1")
    for call in (elsewhere.get_event_source_mapping, elsewhere.delete_event_source_mapping):
        assert error_of(call, UUID=uuid) == (404, "ResourceNotFoundException", "The resource you requested does not exist.")
    assert elsewhere.list_event_source_mappings()["EventSourceMappings"] == []
    assert lambda_client.get_event_source_mapping(UUID=uuid)["State"] == "Enabled"


def test_a_mapping_outlives_its_table(create_function: Any, lambda_client: Any, dynamodb: Any) -> None:
    stream_arn = make_table(dynamodb, "doomed", stream=True)
    create_function("target")
    uuid = lambda_client.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName="target", StartingPosition="TRIM_HORIZON"
    )["UUID"]
    dynamodb.delete_table(TableName="doomed")
    time.sleep(0.6)  # the poller has tried to read the stream since
    listed = lambda_client.list_event_source_mappings(EventSourceArn=stream_arn)["EventSourceMappings"]
    assert [(m["UUID"], m["State"], m["LastProcessingResult"]) for m in listed] == [(uuid, "Enabled", "No records processed")]
    assert lambda_client.delete_event_source_mapping(UUID=uuid)["State"] == "Deleting"
