"""Subscription destinations as AWS answers them (LocalStack's AWS-validated snapshot
tests/aws/services/logs/test_logs_destinations.snapshot.json, recorded 2026-02)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

TARGET = "arn:aws:kinesis:us-east-1:000000000000:stream/s"
ROLE = "arn:aws:iam::000000000000:role/r"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_put_describe_update_delete(logs_client: Any) -> None:
    assert logs_client.describe_destinations()["destinations"] == []
    put = logs_client.put_destination(destinationName="dest", targetArn=TARGET, roleArn=ROLE)["destination"]
    assert {k: v for k, v in put.items() if k != "creationTime"} == {
        "destinationName": "dest",
        "targetArn": TARGET,
        "roleArn": ROLE,
        "arn": "arn:aws:logs:us-east-1:000000000000:destination:dest",
    }
    assert logs_client.describe_destinations(DestinationNamePrefix="de")["destinations"] == [put]
    assert logs_client.describe_destinations(DestinationNamePrefix="other")["destinations"] == []
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "logs:PutSubscriptionFilter", "Resource": put["arn"]}]})
    logs_client.put_destination_policy(destinationName="dest", accessPolicy=policy)
    other_role = ROLE + "2"
    updated = logs_client.put_destination(destinationName="dest", targetArn=TARGET, roleArn=other_role)["destination"]
    assert updated["creationTime"] == put["creationTime"]
    (described,) = logs_client.describe_destinations()["destinations"]
    assert described["roleArn"] == other_role and described["accessPolicy"] == policy
    logs_client.delete_destination(destinationName="dest")
    assert logs_client.describe_destinations()["destinations"] == []
    assert error(logs_client.delete_destination, destinationName="dest")["Code"] == "ResourceNotFoundException"
    assert error(logs_client.put_destination_policy, destinationName="dest", accessPolicy=policy)["Code"] == (
        "ResourceNotFoundException"
    )


def test_paging(logs_client: Any) -> None:
    for index in range(5):
        logs_client.put_destination(destinationName=f"d{index}", targetArn=TARGET, roleArn=ROLE)
    first = logs_client.describe_destinations(limit=2)
    assert [d["destinationName"] for d in first["destinations"]] == ["d0", "d1"]
    names = [d["destinationName"] for p in logs_client.get_paginator("describe_destinations").paginate(PaginationConfig={"PageSize": 2}) for d in p["destinations"]]
    assert names == [f"d{index}" for index in range(5)]


def test_destination_tags(logs_client: Any) -> None:
    arn = logs_client.put_destination(destinationName="tagged", targetArn=TARGET, roleArn=ROLE, tags={"key1": "val1"})[
        "destination"
    ]["arn"]
    logs_client.tag_resource(resourceArn=arn, tags={"key2": "val2"})
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"key1": "val1", "key2": "val2"}
    logs_client.untag_resource(resourceArn=arn, tagKeys=["key2"])
    assert logs_client.list_tags_for_resource(resourceArn=arn)["tags"] == {"key1": "val1"}
    missing = arn.replace("tagged", "absent")
    assert error(logs_client.list_tags_for_resource, resourceArn=missing)["Code"] == "ResourceNotFoundException"
