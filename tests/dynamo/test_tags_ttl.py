"""TagResource / UntagResource / ListTagsOfResource and DescribeTimeToLive / UpdateTimeToLive."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of


def test_tags_round_trip(dynamodb: Any, hash_table: str) -> None:
    arn = dynamodb.describe_table(TableName=hash_table)["Table"]["TableArn"]
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "3"}])
    assert sorted((t["Key"], t["Value"]) for t in dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"]) == [("a", "3"), ("b", "2")]
    dynamodb.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_tags_on_missing_table(dynamodb: Any) -> None:
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/missing"
    with pytest.raises(ClientError) as excinfo:
        dynamodb.list_tags_of_resource(ResourceArn=arn)
    assert error_of(excinfo) == ("ResourceNotFoundException", f"Requested resource not found: ResourcArn: {arn} not found")


def test_tag_requests_are_checked_before_the_table_is_looked_up(dynamodb: Any, hash_table: str) -> None:
    """AWS's words, from a catalogue of texts mined from real AWS answers and dynalite's tests."""
    missing = "arn:aws:dynamodb:us-east-1:000000000000:table/missing"
    cases = [
        (dynamodb.tag_resource, {"ResourceArn": missing, "Tags": []}, "Atleast one Tag needs to be provided as Input."),
        (dynamodb.untag_resource, {"ResourceArn": missing, "TagKeys": []}, "Atleast one Tag Key needs to be provided as Input."),
        (
            dynamodb.tag_resource,
            {"ResourceArn": missing, "Tags": [{"Key": "aws:x", "Value": "1"}]},
            "Tag Key cannot be prefixed with aws:, Key: aws:x",
        ),
    ]
    for call, params, message in cases:
        with pytest.raises(ClientError) as excinfo:
            call(**params)
        assert error_of(excinfo) == ("ValidationException", message)
    arn = dynamodb.describe_table(TableName=hash_table)["Table"]["TableArn"]
    dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with pytest.raises(ClientError) as excinfo:
        dynamodb.tag_resource(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
    assert error_of(excinfo) == ("ValidationException", "Number of Tags exceed the current limit for the provided ResourceArn")


def test_time_to_live_setting(dynamodb: Any, hash_table: str) -> None:
    assert dynamodb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    spec = {"Enabled": True, "AttributeName": "expires"}
    assert dynamodb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=spec)["TimeToLiveSpecification"] == spec
    assert dynamodb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expires",
    }
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=spec)
    assert error_of(excinfo) == ("ValidationException", "TimeToLive is already enabled")
    for other in ({"Enabled": True, "AttributeName": "other"}, {"Enabled": False, "AttributeName": "other"}):
        with pytest.raises(ClientError) as excinfo:
            dynamodb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification=other)
        assert error_of(excinfo) == ("ValidationException", "TimeToLive is active on a different AttributeName: current AttributeName is expires")
    # One change in about 31 minutes (ack-api-quirks DDB-TABLE-143): disabling right after enabling is refused (terraform-provider-aws
    # internal/service/dynamodb/table_test.go::TestAccDynamoDBTable_TTL_updateDisable waits an hour for it).
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_time_to_live(TableName=hash_table, TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"})
    assert error_of(excinfo) == ("ValidationException", "Time to live has been modified multiple times within a fixed interval")
    assert dynamodb.describe_time_to_live(TableName=hash_table)["TimeToLiveDescription"]["TimeToLiveStatus"] == "ENABLED"
