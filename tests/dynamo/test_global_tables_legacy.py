"""Global tables version 2017.11.29 (legacy).

Through boto3: what AWS answers in 2026 (ack-api-quirks DDB-GLOBALTABLE-001/002): no legacy global
table can be created, so none is found or listed. In-process: the same operations with the
``legacy_global_tables`` setting on, over same-named tables in several regions.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.aws.context import RequestContext
from emulator.aws.errors import AwsError
from emulator.config import Settings
from emulator.dynamo.provider import DynamoDBProvider
from emulator.testing import EmulatorProcess

TABLE = "legacy"
EAST, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"
NOT_SUPPORTED = (
    "One or more parameter values were invalid: DynamoDB global tables version 2017.11.29 is not supported. "
    "We recommend using DynamoDB global tables version 2019.11.21, instead of version 2017.11.29 (Legacy)."
)
TABLE_PARAMS: dict[str, Any] = {
    "TableName": TABLE,
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


# -- as AWS answers ---------------------------------------------------------------


def test_aws_no_longer_creates_legacy_global_tables(server: EmulatorProcess) -> None:
    east = server.client("dynamodb", region_name=EAST)
    east.create_table(**TABLE_PARAMS)
    group = [{"RegionName": EAST}]
    assert error_of(east.create_global_table, GlobalTableName=TABLE, ReplicationGroup=group) == (
        "ValidationException", NOT_SUPPORTED,
    )
    assert error_of(east.update_global_table, GlobalTableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": WEST}}]) == (
        "ValidationException", NOT_SUPPORTED,
    )
    assert error_of(east.update_global_table, GlobalTableName=TABLE, ReplicaUpdates=[]) == (
        "ValidationException", "One or more parameter values were invalid",
    )
    assert east.list_global_tables()["GlobalTables"] == []


def test_a_2019_global_table_is_not_a_legacy_one(server: EmulatorProcess) -> None:
    east = server.client("dynamodb", region_name=EAST)
    on_demand = {k: v for k, v in TABLE_PARAMS.items() if k != "ProvisionedThroughput"}
    east.create_table(**on_demand, BillingMode="PAY_PER_REQUEST")
    east.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": WEST}}])
    missing = ("GlobalTableNotFoundException", f"Global table with name: '{TABLE}' does not exist.")
    assert error_of(east.describe_global_table, GlobalTableName=TABLE) == missing
    assert error_of(east.describe_global_table_settings, GlobalTableName=TABLE) == missing
    assert error_of(east.update_global_table_settings, GlobalTableName=TABLE, GlobalTableBillingMode="PROVISIONED") == missing
    assert error_of(east.update_global_table, GlobalTableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}]) == missing
    assert east.list_global_tables(RegionName=EAST)["GlobalTables"] == []


# -- with legacy_global_tables on (in-process) ------------------------------------------


class Regions:
    """The provider seen from several regions, raising ``AwsError`` as the operations do."""

    def __init__(self) -> None:
        self.provider = DynamoDBProvider(Settings(in_memory=True, legacy_global_tables=True))

    def __call__(self, region: str, operation: str, **params: Any) -> Any:
        return getattr(self.provider, operation)(RequestContext(region=region), params)


@pytest.fixture
def regions() -> Regions:
    return Regions()


def refusal(call: Any, *args: Any, **params: Any) -> tuple[str, str | None]:
    with pytest.raises(AwsError) as raised:
        call(*args, **params)
    return raised.value.code, raised.value.message


def test_create_describe_list_and_replicate(regions: Regions) -> None:
    for region in (EAST, WEST):
        regions(region, "create_table", **TABLE_PARAMS)
    created = regions(EAST, "create_global_table", GlobalTableName=TABLE,
                      ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}])["GlobalTableDescription"]
    assert created["GlobalTableStatus"] == "CREATING"
    assert created["GlobalTableArn"] == f"arn:aws:dynamodb::000000000000:global-table/{TABLE}"
    assert created["ReplicationGroup"] == [{"RegionName": EAST}, {"RegionName": WEST}]
    described = regions(WEST, "describe_global_table", GlobalTableName=TABLE)["GlobalTableDescription"]
    assert (described["GlobalTableStatus"], described["CreationDateTime"]) == ("ACTIVE", created["CreationDateTime"])
    assert "GlobalTableVersion" not in regions(EAST, "describe_table", TableName=TABLE)["Table"]

    regions(EAST, "put_item", TableName=TABLE, Item={"id": {"S": "a"}})
    assert regions(WEST, "get_item", TableName=TABLE, Key={"id": {"S": "a"}})["Item"] == {"id": {"S": "a"}}
    listed = regions(EAST, "list_global_tables")["GlobalTables"]
    assert listed == [{"GlobalTableName": TABLE, "ReplicationGroup": [{"RegionName": EAST}, {"RegionName": WEST}]}]
    assert regions(EAST, "list_global_tables", RegionName=EU)["GlobalTables"] == []


def test_create_checks_every_region(regions: Regions) -> None:
    regions(EAST, "create_table", **TABLE_PARAMS)
    group = [{"RegionName": EAST}, {"RegionName": WEST}]
    create = regions.provider.create_global_table
    ctx = RequestContext(region=EAST)
    assert refusal(create, ctx, {"GlobalTableName": TABLE, "ReplicationGroup": group}) == (
        "TableNotFoundException", f"Table not found: Table: '{TABLE}' not found in region: '{WEST}'.",
    )
    keys_only = {**TABLE_PARAMS, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}}
    regions(WEST, "create_table", **keys_only)
    assert refusal(create, ctx, {"GlobalTableName": TABLE, "ReplicationGroup": group})[0] == "ValidationException"
    regions(EAST, "put_item", TableName=TABLE, Item={"id": {"S": "a"}})
    assert refusal(create, ctx, {"GlobalTableName": TABLE, "ReplicationGroup": group[:1]})[0] == "ValidationException"
    regions(EAST, "delete_item", TableName=TABLE, Key={"id": {"S": "a"}})
    create(ctx, {"GlobalTableName": TABLE, "ReplicationGroup": group[:1]})
    assert refusal(create, ctx, {"GlobalTableName": TABLE, "ReplicationGroup": group[:1]})[0] == (
        "GlobalTableAlreadyExistsException"
    )


def test_update_adds_and_removes_replicas(regions: Regions) -> None:
    for region in (EAST, WEST, EU):
        regions(region, "create_table", **TABLE_PARAMS)
    regions(EAST, "create_global_table", GlobalTableName=TABLE, ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}])
    added = regions(EAST, "update_global_table", GlobalTableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": EU}}])
    assert [r["RegionName"] for r in added["GlobalTableDescription"]["ReplicationGroup"]] == [EAST, WEST, EU]
    update = regions.provider.update_global_table
    ctx = RequestContext(region=EAST)
    assert refusal(update, ctx, {"GlobalTableName": TABLE, "ReplicaUpdates": [{"Create": {"RegionName": EU}}]})[0] == (
        "ReplicaAlreadyExistsException"
    )
    regions(EU, "put_item", TableName=TABLE, Item={"id": {"S": "from-eu"}})
    assert "Item" in regions(WEST, "get_item", TableName=TABLE, Key={"id": {"S": "from-eu"}})

    regions(EAST, "update_global_table", GlobalTableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])
    assert refusal(update, ctx, {"GlobalTableName": TABLE, "ReplicaUpdates": [{"Delete": {"RegionName": WEST}}]})[0] == (
        "ReplicaNotFoundException"
    )
    regions(EAST, "put_item", TableName=TABLE, Item={"id": {"S": "after"}})
    assert "Item" in regions(EU, "get_item", TableName=TABLE, Key={"id": {"S": "after"}})
    assert "Item" not in regions(WEST, "get_item", TableName=TABLE, Key={"id": {"S": "after"}})  # kept, unreplicated


def test_settings_are_described_and_updated_per_replica(regions: Regions) -> None:
    for region in (EAST, WEST):
        regions(region, "create_table", **TABLE_PARAMS)
    regions(EAST, "create_global_table", GlobalTableName=TABLE, ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}])
    settings = regions(EAST, "describe_global_table_settings", GlobalTableName=TABLE)
    assert [(s["RegionName"], s["ReplicaProvisionedWriteCapacityUnits"]) for s in settings["ReplicaSettings"]] == [
        (EAST, 5), (WEST, 5),
    ]
    updated = regions(
        EAST, "update_global_table_settings", GlobalTableName=TABLE, GlobalTableProvisionedWriteCapacityUnits=8,
        ReplicaSettingsUpdate=[{"RegionName": WEST, "ReplicaProvisionedReadCapacityUnits": 12}],
    )["ReplicaSettings"]
    assert [(s["ReplicaProvisionedReadCapacityUnits"], s["ReplicaProvisionedWriteCapacityUnits"]) for s in updated] == [
        (5, 8), (12, 8),
    ]
    assert refusal(
        regions.provider.update_global_table_settings, RequestContext(region=EAST),
        {"GlobalTableName": TABLE, "ReplicaSettingsUpdate": [{"RegionName": EU, "ReplicaProvisionedReadCapacityUnits": 1}]},
    )[0] == "ReplicaNotFoundException"
    on_demand = regions(EAST, "update_global_table_settings", GlobalTableName=TABLE, GlobalTableBillingMode="PAY_PER_REQUEST")
    assert {s["ReplicaBillingModeSummary"]["BillingMode"] for s in on_demand["ReplicaSettings"]} == {"PAY_PER_REQUEST"}


def test_the_flag_serves_legacy_global_tables_through_a_running_server() -> None:
    with EmulatorProcess("--legacy-global-tables") as emulator:
        clients = {region: emulator.client("dynamodb", region_name=region) for region in (EAST, WEST)}
        for client in clients.values():
            client.create_table(**TABLE_PARAMS)
        created = clients[EAST].create_global_table(
            GlobalTableName=TABLE, ReplicationGroup=[{"RegionName": EAST}, {"RegionName": WEST}]
        )["GlobalTableDescription"]
        assert sorted(replica["RegionName"] for replica in created["ReplicationGroup"]) == [EAST, WEST]
        assert [table["GlobalTableName"] for table in clients[WEST].list_global_tables()["GlobalTables"]] == [TABLE]
