"""terraform-provider-aws's DynamoDB acceptance tests replayed through boto3.

Each test names the acceptance test (internal/service/dynamodb/*_test.go) whose requests it
replays; the values asserted are the ones those tests check AWS returned.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import EmulatorProcess

NAME = "tf-acc-test-table"
HASH = [{"AttributeName": NAME, "KeyType": "HASH"}]
ATTRS = [{"AttributeName": NAME, "AttributeType": "S"}, {"AttributeName": "att1", "AttributeType": "S"}]
ONE = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}


@pytest.fixture
def dynamodb(server: EmulatorProcess) -> Any:
    return server.client("dynamodb")


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as excinfo:
        call(**params)
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def gsi(**extra: Any) -> dict[str, Any]:
    return {
        "IndexName": "att1-index",
        "KeySchema": [{"AttributeName": "att1", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"},
        **extra,
    }


def test_basic_table_defaults(dynamodb: Any) -> None:
    # terraform-provider-aws table_test.go::TestAccDynamoDBTable_basic (read_capacity 1, write_capacity 1)
    dynamodb.create_table(
        TableName=NAME, AttributeDefinitions=ATTRS[:1], KeySchema=HASH, ProvisionedThroughput=ONE
    )
    table = dynamodb.describe_table(TableName=NAME)["Table"]
    assert table["TableArn"] == f"arn:aws:dynamodb:us-east-1:000000000000:table/{NAME}"
    assert table["DeletionProtectionEnabled"] is False
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 1
    # An older provider (4.57.0, TestAccDynamoDBTable_tableClass_migrate) read table_class "": no summary
    # for a STANDARD table.
    for absent in ("TableClassSummary", "SSEDescription", "StreamSpecification", "LatestStreamArn"):
        assert absent not in table
    assert dynamodb.describe_time_to_live(TableName=NAME)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"
    }
    pitr = dynamodb.describe_continuous_backups(TableName=NAME)["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"


def test_point_in_time_recovery_period(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_enablePITR (35 days by default) and
    # ::TestAccDynamoDBTable_enablePITRWithCustomRecoveryPeriod (10, then 30)
    dynamodb.create_table(
        TableName=NAME, AttributeDefinitions=ATTRS[:1], KeySchema=HASH, ProvisionedThroughput=ONE
    )
    for spec, days in (({}, 35), ({"RecoveryPeriodInDays": 10}, 10), ({"RecoveryPeriodInDays": 30}, 30)):
        answer = dynamodb.update_continuous_backups(
            TableName=NAME, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, **spec}
        )["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert (answer["PointInTimeRecoveryStatus"], answer["RecoveryPeriodInDays"]) == ("ENABLED", days)


def test_time_to_live_changes_once_an_hour(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_TTL_updateDisable sleeps 60 minutes before disabling, as AWS
    # otherwise answers 'Time to live has been modified multiple times within a fixed interval'; the
    # disabled description names no attribute (TestAccDynamoDBTable_TTL_disabled: attribute_name "").
    dynamodb.create_table(
        TableName=NAME, AttributeDefinitions=ATTRS[:1], KeySchema=HASH, ProvisionedThroughput=ONE
    )
    spec = {"Enabled": True, "AttributeName": NAME}
    assert (
        dynamodb.update_time_to_live(TableName=NAME, TimeToLiveSpecification=spec)["TimeToLiveSpecification"]
        == spec
    )
    assert error_of(
        dynamodb.update_time_to_live,
        TableName=NAME,
        TimeToLiveSpecification={"Enabled": False, "AttributeName": NAME},
    ) == ("ValidationException", "Time to live has been modified multiple times within a fixed interval")
    # The content checks come first: the same setting again is still 'already enabled'.
    assert error_of(dynamodb.update_time_to_live, TableName=NAME, TimeToLiveSpecification=spec) == (
        "ValidationException",
        "TimeToLive is already enabled",
    )
    assert dynamodb.describe_time_to_live(TableName=NAME)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": NAME,
    }


def test_gsi_on_demand_throughput_is_described(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_gsiOnDemandThroughput (5/5, then 10/10 on the index)
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS,
        KeySchema=HASH,
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[
            gsi(OnDemandThroughput={"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 5})
        ],
    )
    index = dynamodb.describe_table(TableName=NAME)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["OnDemandThroughput"] == {"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 5}
    dynamodb.update_table(
        TableName=NAME,
        GlobalSecondaryIndexUpdates=[
            {
                "Update": {
                    "IndexName": "att1-index",
                    "OnDemandThroughput": {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 10},
                }
            }
        ],
    )
    index = dynamodb.describe_table(TableName=NAME)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["OnDemandThroughput"] == {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 10}


def test_table_warm_throughput_rises_and_never_falls(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_warmThroughput: 12100/4100, then 12200/4200 in place; going back
    # to 12100/4100 makes terraform replace the table, since AWS takes no decrease.
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS[:1],
        KeySchema=HASH,
        BillingMode="PAY_PER_REQUEST",
        WarmThroughput={"ReadUnitsPerSecond": 12100, "WriteUnitsPerSecond": 4100},
    )
    warm = dynamodb.describe_table(TableName=NAME)["Table"]["WarmThroughput"]
    assert (warm["ReadUnitsPerSecond"], warm["WriteUnitsPerSecond"]) == (12100, 4100)
    dynamodb.update_table(
        TableName=NAME, WarmThroughput={"ReadUnitsPerSecond": 12200, "WriteUnitsPerSecond": 4200}
    )
    warm = dynamodb.describe_table(TableName=NAME)["Table"]["WarmThroughput"]
    assert (warm["ReadUnitsPerSecond"], warm["WriteUnitsPerSecond"]) == (12200, 4200)
    code, message = error_of(
        dynamodb.update_table,
        TableName=NAME,
        WarmThroughput={"ReadUnitsPerSecond": 12100, "WriteUnitsPerSecond": 4200},
    )
    assert code == "ValidationException"
    assert "decreasing WarmThroughput is not supported" in message


def test_gsi_warm_throughput_with_provisioned_capacity(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_gsiWarmThroughput_billingProvisioned (1/1 capacity,
    # 12100/4100 warm; then 12200/4200; then capacity 2/2 with 12300/4300)
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS,
        KeySchema=HASH,
        ProvisionedThroughput=ONE,
        GlobalSecondaryIndexes=[
            gsi(
                ProvisionedThroughput=ONE,
                WarmThroughput={"ReadUnitsPerSecond": 12100, "WriteUnitsPerSecond": 4100},
            )
        ],
    )

    def index_warm() -> tuple[int, int]:
        warm = dynamodb.describe_table(TableName=NAME)["Table"]["GlobalSecondaryIndexes"][0]["WarmThroughput"]
        return warm["ReadUnitsPerSecond"], warm["WriteUnitsPerSecond"]

    assert index_warm() == (12100, 4100)
    update = {
        "IndexName": "att1-index",
        "WarmThroughput": {"ReadUnitsPerSecond": 12200, "WriteUnitsPerSecond": 4200},
    }
    dynamodb.update_table(TableName=NAME, GlobalSecondaryIndexUpdates=[{"Update": update}])
    assert index_warm() == (12200, 4200)
    update = {
        "IndexName": "att1-index",
        "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        "WarmThroughput": {"ReadUnitsPerSecond": 12300, "WriteUnitsPerSecond": 4300},
    }
    dynamodb.update_table(TableName=NAME, GlobalSecondaryIndexUpdates=[{"Update": update}])
    assert index_warm() == (12300, 4300)
    index = dynamodb.describe_table(TableName=NAME)["Table"]["GlobalSecondaryIndexes"][0]
    assert (
        index["ProvisionedThroughput"]["ReadCapacityUnits"],
        index["ProvisionedThroughput"]["WriteCapacityUnits"],
    ) == (2, 2)


def test_a_disabled_stream_keeps_its_latest_arn(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_streamSpecificationDiffs: with stream_enabled false the table
    # still has its stream_arn and stream_label (table/<name>/stream/<yyyy-mm-ddThh:mm:ss.mmm>)
    created = dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS[:1],
        KeySchema=HASH,
        ProvisionedThroughput=ONE,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )["TableDescription"]
    label = created["LatestStreamLabel"]
    assert created["LatestStreamArn"] == f"{created['TableArn']}/stream/{label}"
    assert len(label) == len("2024-01-01T00:00:00.000") and label[10] == "T"
    dynamodb.update_table(TableName=NAME, StreamSpecification={"StreamEnabled": False})
    table = dynamodb.describe_table(TableName=NAME)["Table"]
    assert "StreamSpecification" not in table
    assert (table["LatestStreamArn"], table["LatestStreamLabel"]) == (created["LatestStreamArn"], label)


def test_deletion_protection(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_deletion_protection (true, then false for the sweeper)
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS[:1],
        KeySchema=HASH,
        ProvisionedThroughput=ONE,
        DeletionProtectionEnabled=True,
    )
    assert dynamodb.describe_table(TableName=NAME)["Table"]["DeletionProtectionEnabled"] is True
    assert error_of(dynamodb.delete_table, TableName=NAME) == (
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    )
    dynamodb.update_table(TableName=NAME, DeletionProtectionEnabled=False)
    assert dynamodb.describe_table(TableName=NAME)["Table"]["DeletionProtectionEnabled"] is False
    dynamodb.delete_table(TableName=NAME)


def test_table_class_round_trip(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_tableClassInfrequentAccess
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS[:1],
        KeySchema=HASH,
        ProvisionedThroughput=ONE,
        TableClass="STANDARD_INFREQUENT_ACCESS",
    )
    table = dynamodb.describe_table(TableName=NAME)["Table"]
    assert table["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    dynamodb.update_table(TableName=NAME, TableClass="STANDARD")
    assert dynamodb.describe_table(TableName=NAME)["Table"]["TableClassSummary"]["TableClass"] == "STANDARD"


def test_contributor_insights_modes(dynamodb: Any) -> None:
    # contributor_insights_test.go::TestAccDynamoDBContributorInsights_basic and _ModeThrottledOnly
    # (the import check reads the mode back: the default is ACCESSED_AND_THROTTLED_KEYS)
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS[:1],
        KeySchema=HASH,
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        GlobalSecondaryIndexes=[
            {
                "IndexName": f"{NAME}-index",
                "KeySchema": HASH,
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": ONE,
            }
        ],
    )
    dynamodb.update_contributor_insights(TableName=NAME, ContributorInsightsAction="ENABLE")
    dynamodb.update_contributor_insights(
        TableName=NAME,
        IndexName=f"{NAME}-index",
        ContributorInsightsAction="ENABLE",
        ContributorInsightsMode="THROTTLED_KEYS",
    )
    table = dynamodb.describe_contributor_insights(TableName=NAME)
    index = dynamodb.describe_contributor_insights(TableName=NAME, IndexName=f"{NAME}-index")
    assert (table["ContributorInsightsStatus"], table["ContributorInsightsMode"]) == (
        "ENABLED",
        "ACCESSED_AND_THROTTLED_KEYS",
    )
    assert (index["ContributorInsightsStatus"], index["ContributorInsightsMode"]) == (
        "ENABLED",
        "THROTTLED_KEYS",
    )


def test_resource_policy_revision_is_numeric(dynamodb: Any) -> None:
    # resource_policy_test.go::TestAccDynamoDBResourcePolicy_basic (revision_id matches \d+) and _update
    arn = dynamodb.create_table(
        TableName=NAME, AttributeDefinitions=ATTRS[:1], KeySchema=HASH, ProvisionedThroughput=ONE
    )["TableDescription"]["TableArn"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "dynamodb:*",
                "Principal": {"AWS": "000000000000"},
                "Resource": [arn, f"{arn}/*"],
            }
        ],
    }
    first = dynamodb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy))["RevisionId"]
    assert first.isdigit()
    assert dynamodb.get_resource_policy(ResourceArn=arn)["RevisionId"] == first
    policy["Statement"][0]["Action"] = "dynamodb:GetItem"
    second = dynamodb.put_resource_policy(ResourceArn=arn, Policy=json.dumps(policy))["RevisionId"]
    assert second.isdigit() and second != first
    assert "GetItem" in dynamodb.get_resource_policy(ResourceArn=arn)["Policy"]


def test_on_demand_throughput_merges_and_clears(dynamodb: Any) -> None:
    # table_test.go::TestAccDynamoDBTable_onDemandThroughput (5/5, 10/10, 1/10, then -1/5 reads back as
    # max_read_request_units 0: a cleared ceiling is left out); the merge of a single member and the -1
    # echoed by UpdateTable's answer as ack-api-quirks DDB-TABLE-178 records them
    dynamodb.create_table(
        TableName=NAME,
        AttributeDefinitions=ATTRS[:1],
        KeySchema=HASH,
        BillingMode="PAY_PER_REQUEST",
        OnDemandThroughput={"MaxReadRequestUnits": 5, "MaxWriteRequestUnits": 5},
    )

    def update(**ceilings: int) -> Any:
        answer = dynamodb.update_table(TableName=NAME, OnDemandThroughput=ceilings)["TableDescription"]
        return answer["OnDemandThroughput"], dynamodb.describe_table(TableName=NAME)["Table"].get(
            "OnDemandThroughput"
        )

    assert update(MaxReadRequestUnits=10, MaxWriteRequestUnits=10)[1] == {
        "MaxReadRequestUnits": 10,
        "MaxWriteRequestUnits": 10,
    }
    assert update(MaxReadRequestUnits=1)[1] == {"MaxReadRequestUnits": 1, "MaxWriteRequestUnits": 10}
    answer, described = update(MaxReadRequestUnits=-1, MaxWriteRequestUnits=5)
    assert answer == {"MaxReadRequestUnits": -1, "MaxWriteRequestUnits": 5}
    assert described == {"MaxWriteRequestUnits": 5}
    answer, described = update(MaxWriteRequestUnits=-1)
    assert (answer, described) == ({"MaxWriteRequestUnits": -1}, None)


def test_point_in_time_recovery_period_is_refused_with_a_disable(dynamodb: Any) -> None:
    # TestAccDynamoDBTable_enablePITRWithCustomRecoveryPeriod's provider sends the period only when
    # enabling: AWS refuses one with a disable, and forgets it (ack-api-quirks DDB-TABLE-084)
    dynamodb.create_table(
        TableName=NAME, AttributeDefinitions=ATTRS[:1], KeySchema=HASH, ProvisionedThroughput=ONE
    )
    spec = {"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 7}
    dynamodb.update_continuous_backups(TableName=NAME, PointInTimeRecoverySpecification=spec)
    assert error_of(
        dynamodb.update_continuous_backups,
        TableName=NAME,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False, "RecoveryPeriodInDays": 7},
    ) == (
        "ValidationException",
        "Invalid Request: Cannot specify RecoveryPeriodInDays when disabling point-in-time recovery.",
    )
    dynamodb.update_continuous_backups(
        TableName=NAME, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False}
    )
    enabled = dynamodb.update_continuous_backups(
        TableName=NAME, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert enabled["RecoveryPeriodInDays"] == 35
