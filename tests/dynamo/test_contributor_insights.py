"""Contributor Insights settings of tables and GSIs, through boto3 (the emulator gathers no metrics)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

TABLE = "music"


def create(client: Any, name: str = TABLE) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "artist", "AttributeType": "S"},
            {"AttributeName": "song", "AttributeType": "S"},
            {"AttributeName": "album", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[{
            "IndexName": "by-album",
            "KeySchema": [{"AttributeName": "album", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
        BillingMode="PAY_PER_REQUEST",
    )


def test_a_table_starts_disabled(dynamodb: Any) -> None:
    create(dynamodb)
    answer = dynamodb.describe_contributor_insights(TableName=TABLE)
    answer.pop("ResponseMetadata")
    assert answer == {"TableName": TABLE, "ContributorInsightsStatus": "DISABLED"}


def test_enabling_a_table_shows_its_rules_and_the_waiter_passes(dynamodb: Any) -> None:
    create(dynamodb)
    answer = dynamodb.update_contributor_insights(TableName=TABLE, ContributorInsightsAction="ENABLE")
    answer.pop("ResponseMetadata")
    assert answer == {
        "TableName": TABLE, "ContributorInsightsStatus": "ENABLING",
        "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS",
    }
    dynamodb.get_waiter("contributor_insights_enabled").wait(TableName=TABLE, WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    described = dynamodb.describe_contributor_insights(TableName=TABLE)
    assert described["ContributorInsightsStatus"] == "ENABLED"
    stamp = int(described["LastUpdateDateTime"].timestamp() * 1000)
    assert [rule.rsplit("-", 1)[0] for rule in described["ContributorInsightsRuleList"]] == [
        f"DynamoDBContributorInsights-{kind}-{TABLE}" for kind in ("PKC", "SKC", "PKT", "SKT")
    ]
    assert all(abs(int(rule.rsplit("-", 1)[1]) - stamp) <= 1 for rule in described["ContributorInsightsRuleList"])

    again = dynamodb.update_contributor_insights(TableName=TABLE, ContributorInsightsAction="ENABLE")
    assert again["ContributorInsightsStatus"] == "ENABLED"  # already so: nothing changes
    off = dynamodb.update_contributor_insights(TableName=TABLE, ContributorInsightsAction="DISABLE")
    assert off["ContributorInsightsStatus"] == "DISABLING"
    described = dynamodb.describe_contributor_insights(TableName=TABLE)
    described.pop("ResponseMetadata")
    assert set(described) == {"TableName", "ContributorInsightsStatus", "LastUpdateDateTime", "ContributorInsightsMode"}
    assert described["ContributorInsightsStatus"] == "DISABLED"
    assert dynamodb.update_contributor_insights(TableName=TABLE, ContributorInsightsAction="DISABLE")[
        "ContributorInsightsStatus"
    ] == "DISABLED"


def test_narrowing_the_mode_keeps_the_throttled_rules(dynamodb: Any) -> None:
    create(dynamodb)
    dynamodb.update_contributor_insights(TableName=TABLE, ContributorInsightsAction="ENABLE")
    before = dynamodb.describe_contributor_insights(TableName=TABLE)["ContributorInsightsRuleList"]
    narrowed = dynamodb.update_contributor_insights(
        TableName=TABLE, ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS"
    )
    assert narrowed["ContributorInsightsStatus"] == "ENABLING"
    after = dynamodb.describe_contributor_insights(TableName=TABLE)["ContributorInsightsRuleList"]
    assert after == [rule for rule in before if "-PKT-" in rule or "-SKT-" in rule]


def test_an_index_has_its_own_setting_and_mode(dynamodb: Any) -> None:
    create(dynamodb)
    dynamodb.update_contributor_insights(
        TableName=TABLE, IndexName="by-album", ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS"
    )
    index = dynamodb.describe_contributor_insights(TableName=TABLE, IndexName="by-album")
    assert index["IndexName"] == "by-album"
    assert index["ContributorInsightsMode"] == "THROTTLED_KEYS"
    assert [rule.rsplit("-", 1)[0] for rule in index["ContributorInsightsRuleList"]] == [
        f"DynamoDBContributorInsights-PKT-{TABLE}"
    ]
    assert dynamodb.describe_contributor_insights(TableName=TABLE)["ContributorInsightsStatus"] == "DISABLED"


def test_unknown_table_or_index_is_not_found(dynamodb: Any) -> None:
    create(dynamodb)
    for params, message in (
        ({"TableName": "nope"}, "Requested resource not found: Table: nope not found"),
        ({"TableName": TABLE, "IndexName": "nope"}, f"Requested resource not found: Index: nope not found for table: {TABLE}"),
    ):
        with pytest.raises(ClientError) as raised:
            dynamodb.describe_contributor_insights(**params)
        assert raised.value.response["Error"] == {"Code": "ResourceNotFoundException", "Message": message}
    with pytest.raises(ClientError) as raised:
        dynamodb.update_contributor_insights(TableName="nope", ContributorInsightsAction="ENABLE")
    assert raised.value.response["Error"]["Message"] == "Requested resource not found: Table: nope not found"


def test_list_pages_through_tables_and_indexes(dynamodb: Any) -> None:
    for name in ("aaa", "bbb", TABLE):
        create(dynamodb, name)
        dynamodb.update_contributor_insights(TableName=name, ContributorInsightsAction="ENABLE")
    dynamodb.update_contributor_insights(TableName=TABLE, IndexName="by-album", ContributorInsightsAction="ENABLE")
    create(dynamodb, "disabled")
    dynamodb.update_contributor_insights(TableName="disabled", ContributorInsightsAction="ENABLE")
    dynamodb.update_contributor_insights(TableName="disabled", ContributorInsightsAction="DISABLE")  # not listed
    first = dynamodb.list_contributor_insights(MaxResults=3)
    rest = dynamodb.list_contributor_insights(MaxResults=3, NextToken=first["NextToken"])
    assert "NextToken" not in rest
    listed = [(s["TableName"], s.get("IndexName")) for s in first["ContributorInsightsSummaries"] + rest["ContributorInsightsSummaries"]]
    assert listed == [("aaa", None), ("bbb", None), (TABLE, None), (TABLE, "by-album")]
    only = dynamodb.list_contributor_insights(TableName=TABLE)["ContributorInsightsSummaries"]
    assert only == [
        {"TableName": TABLE, "ContributorInsightsStatus": "ENABLED", "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS"},
        {"TableName": TABLE, "IndexName": "by-album", "ContributorInsightsStatus": "ENABLED",
         "ContributorInsightsMode": "ACCESSED_AND_THROTTLED_KEYS"},
    ]


def test_settings_survive_a_restart(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "data")
    with EmulatorProcess("--data-dir", data_dir) as first:
        client = first.client("dynamodb")
        create(client)
        client.update_contributor_insights(TableName=TABLE, IndexName="by-album", ContributorInsightsAction="ENABLE")
    with EmulatorProcess("--data-dir", data_dir) as second:
        described = second.client("dynamodb").describe_contributor_insights(TableName=TABLE, IndexName="by-album")
        assert described["ContributorInsightsStatus"] == "ENABLED"
