"""WarmThroughput and the CreateTable answer's shape, as real AWS reports them.

Evidence: DescribeTable outputs recorded against AWS (on-demand tables and GSIs:
12000/4000 ACTIVE; a provisioned 5/5 table: 5/5), and a probe lab's findings: the
value tracks the highest capacity ever provisioned, never decreases, and
CreateTable's answer carries neither WarmThroughput nor
LastUpdateToPayPerRequestDateTime.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

ON_DEMAND = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
GSI = {
    "IndexName": "by_g",
    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "ALL"},
}
G_DEFINITION = [{"AttributeName": "g", "AttributeType": "S"}]


def test_on_demand_table_and_gsi_describe_default_warm_throughput(dynamodb: Any) -> None:
    created = create_table(dynamodb, "orders", ExtraDefinitions=G_DEFINITION, GlobalSecondaryIndexes=[GSI])
    assert "WarmThroughput" not in created
    assert "WarmThroughput" not in created["GlobalSecondaryIndexes"][0]
    assert created["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}

    table = dynamodb.describe_table(TableName="orders")["Table"]
    assert table["WarmThroughput"] == ON_DEMAND
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == ON_DEMAND
    assert table["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] == table["CreationDateTime"]


def test_provisioned_warm_throughput_keeps_the_highest_capacity(dynamodb: Any) -> None:
    create_table(
        dynamodb, "orders", BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    )
    table = dynamodb.describe_table(TableName="orders")["Table"]
    assert table["WarmThroughput"] == {"ReadUnitsPerSecond": 5, "WriteUnitsPerSecond": 5, "Status": "ACTIVE"}
    assert "BillingModeSummary" not in table

    dynamodb.update_table(TableName="orders", ProvisionedThroughput={"ReadCapacityUnits": 9, "WriteCapacityUnits": 5})
    dynamodb.update_table(TableName="orders", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    warm = dynamodb.describe_table(TableName="orders")["Table"]["WarmThroughput"]
    assert warm == {"ReadUnitsPerSecond": 9, "WriteUnitsPerSecond": 5, "Status": "ACTIVE"}


def test_switching_to_on_demand_and_back_keeps_on_demand_warm_throughput(dynamodb: Any) -> None:
    create_table(
        dynamodb,
        "orders",
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        ExtraDefinitions=G_DEFINITION,
        GlobalSecondaryIndexes=[{**GSI, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}],
    )
    dynamodb.update_table(TableName="orders", BillingMode="PAY_PER_REQUEST")
    dynamodb.update_table(
        TableName="orders",
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 3},
        GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": "by_g", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}
        ],
    )
    table = dynamodb.describe_table(TableName="orders")["Table"]
    assert table["WarmThroughput"] == ON_DEMAND
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == ON_DEMAND


def test_warm_throughput_can_be_raised_but_not_lowered(dynamodb: Any) -> None:
    create_table(dynamodb, "orders")
    dynamodb.update_table(TableName="orders", WarmThroughput={"ReadUnitsPerSecond": 13000})
    warm = dynamodb.describe_table(TableName="orders")["Table"]["WarmThroughput"]
    assert warm == {"ReadUnitsPerSecond": 13000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}

    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName="orders", WarmThroughput={"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000})
    assert error_of(excinfo) == (
        "ValidationException",
        "One or more parameter values were invalid: Requested ReadUnitsPerSecond for WarmThroughput for table is "
        "lower than current WarmThroughput, decreasing WarmThroughput is not supported",
    )


def test_warm_throughput_asked_for_at_creation_is_answered(dynamodb: Any) -> None:
    created = create_table(dynamodb, "orders", WarmThroughput={"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000})
    assert created["WarmThroughput"] == {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000, "Status": "ACTIVE"}
