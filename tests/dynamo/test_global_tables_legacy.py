"""Global tables version 2017.11.29 (legacy) over same-named tables in several regions."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

TABLE = "legacy"
EAST, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"


def create(client: Any, *, stream: str | None = "NEW_AND_OLD_IMAGES", name: str = TABLE) -> None:
    params: dict[str, Any] = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    }
    if stream:
        params["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream}
    client.create_table(**params)


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@pytest.fixture
def clients(server: EmulatorProcess) -> dict[str, Any]:
    return {region: server.client("dynamodb", region_name=region) for region in (EAST, WEST, EU)}


def test_create_describe_and_replicate(clients: dict[str, Any]) -> None:
    east, west = clients[EAST], clients[WEST]
    create(east)
    create(west)
    created = east.create_global_table(
        GlobalTableName=TABLE, ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}]
    )["GlobalTableDescription"]
    assert created["GlobalTableStatus"] == "CREATING"
    assert created["GlobalTableArn"] == f"arn:aws:dynamodb::000000000000:global-table/{TABLE}"
    assert created["ReplicationGroup"] == [{"RegionName": EAST}, {"RegionName": WEST}]
    described = west.describe_global_table(GlobalTableName=TABLE)["GlobalTableDescription"]
    assert described["GlobalTableStatus"] == "ACTIVE"
    assert described["CreationDateTime"] == created["CreationDateTime"]
    assert "GlobalTableVersion" not in east.describe_table(TableName=TABLE)["Table"]  # DescribeGlobalTable tells

    east.put_item(TableName=TABLE, Item={"id": {"S": "a"}})
    assert west.get_item(TableName=TABLE, Key={"id": {"S": "a"}})["Item"] == {"id": {"S": "a"}}
    listed = east.list_global_tables()["GlobalTables"]
    assert listed == [{"GlobalTableName": TABLE, "ReplicationGroup": [{"RegionName": EAST}, {"RegionName": WEST}]}]
    assert east.list_global_tables(RegionName=EU)["GlobalTables"] == []


def test_create_checks_every_region(clients: dict[str, Any]) -> None:
    east, west = clients[EAST], clients[WEST]
    create(east)
    group = [{"RegionName": EAST}, {"RegionName": WEST}]
    assert error_of(east.create_global_table, GlobalTableName=TABLE, ReplicationGroup=group) == (
        "TableNotFoundException",
        f"Table not found: Table: '{TABLE}' not found in region: '{WEST}'.",
    )
    create(west, stream="KEYS_ONLY")
    code, _ = error_of(east.create_global_table, GlobalTableName=TABLE, ReplicationGroup=group)
    assert code == "ValidationException"
    east.put_item(TableName=TABLE, Item={"id": {"S": "a"}})
    assert error_of(east.create_global_table, GlobalTableName=TABLE, ReplicationGroup=group[:1])[0] == "ValidationException"
    east.delete_item(TableName=TABLE, Key={"id": {"S": "a"}})
    east.create_global_table(GlobalTableName=TABLE, ReplicationGroup=group[:1])
    assert error_of(east.create_global_table, GlobalTableName=TABLE, ReplicationGroup=group[:1]) == (
        "GlobalTableAlreadyExistsException", "Global table with this name already exists",
    )
    assert error_of(east.describe_global_table, GlobalTableName="other") == (
        "GlobalTableNotFoundException", "Global table not found",
    )


def test_update_adds_and_removes_replicas(clients: dict[str, Any]) -> None:
    east, west, eu = clients[EAST], clients[WEST], clients[EU]
    for client in (east, west, eu):
        create(client)
    east.create_global_table(GlobalTableName=TABLE, ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}])
    added = east.update_global_table(GlobalTableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": EU}}])
    assert [r["RegionName"] for r in added["GlobalTableDescription"]["ReplicationGroup"]] == [EAST, WEST, EU]
    assert error_of(east.update_global_table, GlobalTableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": EU}}])[0] == (
        "ReplicaAlreadyExistsException"
    )
    eu.put_item(TableName=TABLE, Item={"id": {"S": "from-eu"}})
    assert "Item" in west.get_item(TableName=TABLE, Key={"id": {"S": "from-eu"}})

    east.update_global_table(GlobalTableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])
    assert error_of(east.update_global_table, GlobalTableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])[0] == (
        "ReplicaNotFoundException"
    )
    east.put_item(TableName=TABLE, Item={"id": {"S": "after"}})
    assert "Item" in eu.get_item(TableName=TABLE, Key={"id": {"S": "after"}})
    assert "Item" not in west.get_item(TableName=TABLE, Key={"id": {"S": "after"}})  # the table stays, unreplicated


def test_settings_are_described_and_updated_per_replica(clients: dict[str, Any]) -> None:
    east, west = clients[EAST], clients[WEST]
    create(east)
    create(west)
    east.create_global_table(GlobalTableName=TABLE, ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}])
    settings = east.describe_global_table_settings(GlobalTableName=TABLE)
    assert settings["GlobalTableName"] == TABLE
    assert [(s["RegionName"], s["ReplicaProvisionedWriteCapacityUnits"]) for s in settings["ReplicaSettings"]] == [
        (EAST, 5), (WEST, 5),
    ]
    updated = east.update_global_table_settings(
        GlobalTableName=TABLE,
        GlobalTableProvisionedWriteCapacityUnits=8,
        ReplicaSettingsUpdate=[{"RegionName": WEST, "ReplicaProvisionedReadCapacityUnits": 12}],
    )["ReplicaSettings"]
    assert [(s["ReplicaProvisionedReadCapacityUnits"], s["ReplicaProvisionedWriteCapacityUnits"]) for s in updated] == [
        (5, 8), (12, 8),
    ]
    assert west.describe_table(TableName=TABLE)["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 12
    assert error_of(
        east.update_global_table_settings, GlobalTableName=TABLE,
        ReplicaSettingsUpdate=[{"RegionName": EU, "ReplicaProvisionedReadCapacityUnits": 1}],
    )[0] == "ReplicaNotFoundException"
    on_demand = east.update_global_table_settings(GlobalTableName=TABLE, GlobalTableBillingMode="PAY_PER_REQUEST")
    assert {s["ReplicaBillingModeSummary"]["BillingMode"] for s in on_demand["ReplicaSettings"]} == {"PAY_PER_REQUEST"}
