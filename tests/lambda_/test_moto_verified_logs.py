"""CloudWatch Logs answers as moto's tests record AWS's (tests/test_logs) and the API reference states."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


@pytest.fixture
def stream(logs_client: Any) -> dict[str, str]:
    logs_client.create_log_group(logGroupName="moto")
    logs_client.create_log_stream(logGroupName="moto", logStreamName="s")
    return {"logGroupName": "moto", "logStreamName": "s"}


def test_put_log_events_keeps_the_batch_up_to_the_first_event_dated_too_far_ahead(
    logs_client: Any, stream: dict[str, str]
) -> None:
    now = int(time.time() * 1000)
    batch = [{"message": f"Message {i}", "timestamp": ts} for i, ts in enumerate([now, now + 300_000, now + 86_400_000])]
    answer = logs_client.put_log_events(**stream, logEvents=batch)
    assert answer["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 2}
    messages = [e["message"] for e in logs_client.filter_log_events(logGroupName="moto")["events"]]
    assert messages == ["Message 0", "Message 1"]
    accepted = logs_client.put_log_events(**stream, logEvents=[{"message": "later", "timestamp": now + 1}])
    assert "rejectedLogEventsInfo" not in accepted


def test_put_log_events_rejects_events_too_old_or_older_than_the_retention(
    logs_client: Any, stream: dict[str, str]
) -> None:
    """Over 14 days old: too old; older than the group's retention: expired; both end indexes exclusive."""
    now = int(time.time() * 1000)
    day = 86_400_000
    batch = [{"message": f"m{i}", "timestamp": ts} for i, ts in enumerate([now - 20 * day, now - 3 * day, now - 1000, now])]
    answer = logs_client.put_log_events(**stream, logEvents=batch)
    assert answer["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 1}
    logs_client.put_retention_policy(logGroupName="moto", retentionInDays=1)
    answer = logs_client.put_log_events(**stream, logEvents=batch)
    assert answer["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 1, "expiredLogEventEndIndex": 2}
    messages = [e["message"] for e in logs_client.filter_log_events(logGroupName="moto")["events"]]
    assert messages == ["m1", "m2", "m2", "m3", "m3"]  # by timestamp


def test_put_log_events_refuses_a_batch_out_of_chronological_order(logs_client: Any, stream: dict[str, str]) -> None:
    now = int(time.time() * 1000)
    batch = [{"message": "b", "timestamp": now + 5}, {"message": "a", "timestamp": now}]
    err = error(logs_client.put_log_events, **stream, logEvents=batch)
    assert err == {
        "Code": "InvalidParameterException",
        "Message": "Log events in a single PutLogEvents request must be in chronological order.",
    }
    assert logs_client.get_log_events(**stream)["events"] == []


@pytest.mark.parametrize("token", ["n/00000000000000000000000000000000000000000000000000000000", "not-existing-token"])
def test_get_log_events_refuses_a_token_it_did_not_issue(logs_client: Any, stream: dict[str, str], token: str) -> None:
    with pytest.raises(ClientError) as info:
        logs_client.get_log_events(**stream, nextToken=token)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert info.value.response["Error"] == {"Code": "InvalidParameterException", "Message": "The specified nextToken is invalid."}


def test_get_log_events_pages_forward_and_back_with_its_tokens(logs_client: Any, stream: dict[str, str]) -> None:
    now = int(time.time() * 1000)
    logs_client.put_log_events(**stream, logEvents=[{"timestamp": now + i, "message": str(i)} for i in range(20)])
    tail = logs_client.get_log_events(**stream, limit=10)
    assert [e["message"] for e in tail["events"]] == [str(i) for i in range(10, 20)]
    older = logs_client.get_log_events(**stream, nextToken=tail["nextBackwardToken"], limit=20)
    assert [e["message"] for e in older["events"]] == [str(i) for i in range(10)]
    newer = logs_client.get_log_events(**stream, nextToken=older["nextForwardToken"], limit=1)
    assert [e["message"] for e in newer["events"]] == ["10"]


def test_put_retention_policy_accepts_only_the_listed_periods(logs_client: Any, stream: dict[str, str]) -> None:
    err = error(logs_client.put_retention_policy, logGroupName="moto", retentionInDays=2)
    assert err["Code"] == "InvalidParameterException"
    assert err["Message"] == (
        "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy "
        "enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"
    )
    assert "retentionInDays" not in logs_client.describe_log_groups(logGroupNamePrefix="moto")["logGroups"][0]
    logs_client.put_retention_policy(logGroupName="moto", retentionInDays=7)
    assert logs_client.describe_log_groups(logGroupNamePrefix="moto")["logGroups"][0]["retentionInDays"] == 7
    logs_client.delete_retention_policy(logGroupName="moto")
    assert "retentionInDays" not in logs_client.describe_log_groups(logGroupNamePrefix="moto")["logGroups"][0]


def test_log_group_tags_by_name_and_by_arn(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="tagged", tags={"tag_key_1": "tag_value_1"})
    assert logs_client.list_tags_log_group(logGroupName="tagged")["tags"] == {"tag_key_1": "tag_value_1"}
    logs_client.tag_log_group(logGroupName="tagged", tags={"tag_key_2": "tag_value_2"})
    logs_client.untag_log_group(logGroupName="tagged", tags=["tag_key_1", "unknown"])
    assert logs_client.list_tags_log_group(logGroupName="tagged")["tags"] == {"tag_key_2": "tag_value_2"}
    arn = logs_client.describe_log_groups(logGroupNamePrefix="tagged")["logGroups"][0]["logGroupArn"]
    logs_client.tag_resource(resourceArn=arn, tags={"team": "a"})
    logs_client.untag_resource(resourceArn=arn, tagKeys=["tag_key_2"])
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "a"}
    logs_client.delete_log_group(logGroupName="tagged")
    logs_client.create_log_group(logGroupName="tagged")
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {}


def test_tags_of_a_missing_log_group(logs_client: Any) -> None:
    missing = {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
    assert error(logs_client.list_tags_log_group, logGroupName="absent") == missing
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:absent"
    assert error(logs_client.tag_resource, resourceArn=arn, tags={"a": "b"}) == missing
    assert error(logs_client.list_tags_for_resource, resourceArn=arn) == missing


def test_describe_log_groups_by_pattern_matches_case_sensitively_and_leaves_out_sizes(logs_client: Any) -> None:
    """With logGroupNamePattern AWS leaves out storedBytes, retentionInDays and deletionProtectionEnabled
    (LocalStack's AWS-validated recording of 2026-02-03; the API reference lists only the first three kept)."""
    for name in ("team/Foo", "FooBar", "foo", "Froo"):
        logs_client.create_log_group(logGroupName=name)
    logs_client.put_retention_policy(logGroupName="FooBar", retentionInDays=7)
    found = logs_client.describe_log_groups(logGroupNamePattern="Foo")["logGroups"]
    kept = ["arn", "creationTime", "logGroupArn", "logGroupClass", "logGroupName", "metricFilterCount"]
    assert [sorted(g) for g in found] == [kept] * 2
    assert [(g["logGroupName"], g["arn"]) for g in found] == [
        ("FooBar", "arn:aws:logs:us-east-1:000000000000:log-group:FooBar:*"),
        ("team/Foo", "arn:aws:logs:us-east-1:000000000000:log-group:team/Foo:*"),
    ]
    assert logs_client.describe_log_groups(logGroupNamePrefix="Foo")["logGroups"][0]["retentionInDays"] == 7
    err = error(logs_client.describe_log_groups, logGroupNamePrefix="Foo", logGroupNamePattern="Foo")
    assert err["Code"] == "InvalidParameterException"


def test_log_group_names_under_aws_are_reserved(logs_client: Any) -> None:
    """As AWS answers the CloudWatch agent (aws-solutions/application-monitoring-with-amazon-cloudwatch#11)."""
    reserved = {"Code": "InvalidParameterException", "Message": "Log groups starting with AWS/ are reserved for AWS."}
    assert error(logs_client.create_log_group, logGroupName="aws/cwagent") == reserved
    assert error(logs_client.create_log_group, logGroupName="AWS/cwagent") == reserved
    logs_client.create_log_group(logGroupName="/aws/lambda/mine")
