"""Log groups, streams and events as AWS answers them, replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/logs/test_logs_groups, test_logs_streams, test_logs_events and
test_logs_filter_events .snapshot.json, recorded 2026-02).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

ARN = "arn:aws:logs:us-east-1:000000000000:log-group:{}"
TOO_LONG = {
    "Code": "InvalidParameterException",
    "Message": "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
}


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return info.value.response["Error"]


@pytest.fixture
def stream(logs_client: Any) -> dict[str, str]:
    logs_client.create_log_group(logGroupName="recorded")
    logs_client.create_log_stream(logGroupName="recorded", logStreamName="s")
    return {"logGroupName": "recorded", "logStreamName": "s"}


def test_a_name_over_512_characters_is_refused_in_one_message_for_groups_and_streams(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_groups.snapshot.json::test_create_log_group_invalid_name_length
    assert error(logs_client.create_log_group, logGroupName="a" * 513) == TOO_LONG
    # ... and test_logs_metric_filters.snapshot.json::test_delete_metric_filter_invalid_log_group_name
    assert error(logs_client.delete_metric_filter, logGroupName="X" * 513, filterName="valid-filter") == TOO_LONG
    logs_client.create_log_group(logGroupName="g")
    assert error(logs_client.create_log_stream, logGroupName="g", logStreamName="s" * 513) == TOO_LONG
    logs_client.create_log_group(logGroupName="a" * 512)


def test_a_group_created_with_a_kms_key_shows_it(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_groups.snapshot.json::test_create_log_group_with_kms_key
    key = "arn:aws:kms:us-east-1:000000000000:key/0b5b6d4e-9b5a-4c43-8d8f-0c4c1f1f2a11"
    logs_client.create_log_group(logGroupName="encrypted", kmsKeyId=key)
    (group,) = logs_client.describe_log_groups(logGroupNamePrefix="encrypted")["logGroups"]
    assert {k: v for k, v in group.items() if k != "creationTime"} == {
        "arn": ARN.format("encrypted") + ":*",
        "deletionProtectionEnabled": False,
        "kmsKeyId": key,
        "logGroupArn": ARN.format("encrypted"),
        "logGroupClass": "STANDARD",
        "logGroupName": "encrypted",
        "metricFilterCount": 0,
        "storedBytes": 0,
    }


def test_list_log_groups_matching_nothing_answers_an_empty_list(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_groups.snapshot.json::test_list_log_groups_with_pattern
    logs_client.create_log_group(logGroupName="test-list-abc")
    answer = logs_client.list_log_groups(logGroupNamePattern="no-such-group")
    assert {k: v for k, v in answer.items() if k != "ResponseMetadata"} == {"logGroups": []}


def test_describe_log_streams_by_identifier_name_or_arn_but_not_with_a_name(logs_client: Any, stream: dict[str, str]) -> None:
    # LocalStack's AWS-validated snapshot test_logs_streams.snapshot.json::test_describe_log_streams_with_log_group_identifier
    for identifier in ("recorded", ARN.format("recorded")):
        (described,) = logs_client.describe_log_streams(logGroupIdentifier=identifier)["logStreams"]
        assert {k: v for k, v in described.items() if k != "creationTime"} == {
            "arn": ARN.format("recorded") + ":log-stream:s",
            "logStreamName": "s",
            "storedBytes": 0,
        }
    exclusive = {"Code": "ValidationException", "Message": "LogGroup name and LogGroup ARN are mutually exclusive parameters."}
    assert error(logs_client.describe_log_streams, logGroupName="recorded", logGroupIdentifier="recorded") == exclusive
    both = {"logGroupName": "recorded", "logGroupIdentifier": "recorded"}
    assert error(logs_client.get_log_events, logStreamName="s", **both) == exclusive
    assert error(logs_client.filter_log_events, **both) == exclusive


def test_get_log_events_by_identifier_name_or_arn(logs_client: Any, stream: dict[str, str]) -> None:
    # LocalStack's AWS-validated test_logs_events.py::test_get_log_events_using_log_group_identifier
    logs_client.put_log_events(**stream, logEvents=[{"timestamp": int(time.time() * 1000), "message": "test message"}])
    for identifier in ("recorded", ARN.format("recorded")):
        events = logs_client.get_log_events(logGroupIdentifier=identifier, logStreamName="s")["events"]
        assert [e["message"] for e in events] == ["test message"]


def test_an_event_older_than_14_days_alone_is_rejected_with_a_sequence_token(logs_client: Any, stream: dict[str, str]) -> None:
    # LocalStack's AWS-validated snapshot test_logs_events.snapshot.json::test_put_log_events_too_old / _too_new
    now = int(time.time() * 1000)
    old = logs_client.put_log_events(**stream, logEvents=[{"message": "Old message", "timestamp": now - 30 * 86_400_000}])
    assert set(old) - {"ResponseMetadata"} == {"nextSequenceToken", "rejectedLogEventsInfo"}
    assert old["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 1}
    new = logs_client.put_log_events(**stream, logEvents=[{"message": "Future message", "timestamp": now + 86_400_000}])
    assert set(new) - {"ResponseMetadata"} == {"nextSequenceToken", "rejectedLogEventsInfo"}
    assert new["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 0}
    assert logs_client.get_log_events(**stream)["events"] == []


def test_event_limits_over_10000_are_refused(logs_client: Any, stream: dict[str, str]) -> None:
    # LocalStack's AWS-validated snapshots test_logs_events.snapshot.json::test_get_log_events_limit_validation
    # and test_logs_filter_events.snapshot.json::test_filter_log_events_limit_validation
    too_many = {
        "Code": "InvalidParameterException",
        "Message": "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 10000",
    }
    assert error(logs_client.get_log_events, **stream, limit=10001) == too_many
    assert error(logs_client.filter_log_events, logGroupName="recorded", limit=10001) == too_many


def test_filter_log_events_refuses_a_token_it_did_not_issue(logs_client: Any, stream: dict[str, str]) -> None:
    # LocalStack's AWS-validated snapshot test_logs_filter_events.snapshot.json::test_filter_log_events_unknown_token
    err = error(logs_client.filter_log_events, logGroupName="recorded", logStreamNames=["s"], limit=20, nextToken="invalid-token")
    assert err == {"Code": "InvalidParameterException", "Message": "The specified nextToken is invalid."}


def test_filter_log_events_pages_25_events_by_20(logs_client: Any, stream: dict[str, str]) -> None:
    # LocalStack's AWS-validated test_logs_filter_events.py::test_filter_log_events_pagination
    now = int(time.time() * 1000)
    logs_client.put_log_events(**stream, logEvents=[{"timestamp": now + i * 100, "message": f"Message number {i}"} for i in range(25)])
    first = logs_client.filter_log_events(logGroupName="recorded", logStreamNames=["s"], limit=20)
    assert len(first["events"]) == 20 and "nextToken" in first
    rest = logs_client.filter_log_events(logGroupName="recorded", logStreamNames=["s"], limit=20, nextToken=first["nextToken"])
    assert [e["message"] for e in first["events"] + rest["events"]] == [f"Message number {i}" for i in range(25)]
    assert "nextToken" not in rest
