"""Global tables version 2019.11.21: UpdateTable's ReplicaUpdates, replication between regions,
and DeleteTable of a replica, through boto3 clients of two (or three) regions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

TABLE = "orders"
EAST, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"


def create(client: Any, **extra: Any) -> None:
    params: dict[str, Any] = {
        "TableName": TABLE,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [
            {"AttributeName": "id", "AttributeType": "S"},
            {"AttributeName": "customer", "AttributeType": "S"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": "by-customer",
                "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }
    params.update(extra)
    client.create_table(**params)


def add_replica(client: Any, region: str) -> dict[str, Any]:
    return client.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": region}}])["TableDescription"]


def error_of(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


@pytest.fixture
def east(server: EmulatorProcess) -> Any:
    return server.client("dynamodb", region_name=EAST)


@pytest.fixture
def west(server: EmulatorProcess) -> Any:
    return server.client("dynamodb", region_name=WEST)


def test_adding_a_replica_creates_the_table_in_that_region_with_its_items(east: Any, west: Any) -> None:
    create(east)
    east.put_item(TableName=TABLE, Item={"id": {"S": "a"}, "customer": {"S": "c1"}})
    answer = add_replica(east, WEST)
    # As AWS answers (ack-api-quirks DDB-TABLE-221/226): the new replica is listed moments later.
    assert answer["TableStatus"] == "UPDATING"
    assert answer["GlobalTableVersion"] == "2019.11.21"
    assert answer["Replicas"] == []
    assert answer["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}

    replica = west.describe_table(TableName=TABLE)["Table"]
    assert replica["TableArn"] == f"arn:aws:dynamodb:{WEST}:000000000000:table/{TABLE}"
    assert replica["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert [i["IndexName"] for i in replica["GlobalSecondaryIndexes"]] == ["by-customer"]
    assert replica["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert replica["GlobalTableVersion"] == "2019.11.21"
    assert replica["GlobalTableSettingsReplicationMode"] == "ENABLED_WITH_OVERRIDES"
    assert replica["Replicas"] == [{"RegionName": EAST, "ReplicaStatus": "ACTIVE"}]
    assert replica["ItemCount"] == 1
    source = east.describe_table(TableName=TABLE)["Table"]
    assert source["Replicas"] == [{"RegionName": WEST, "ReplicaStatus": "ACTIVE"}]
    assert source["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"  # enabled for the replica
    got = west.query(TableName=TABLE, IndexName="by-customer", KeyConditionExpression="customer = :c",
                     ExpressionAttributeValues={":c": {"S": "c1"}})
    assert got["Items"] == [{"id": {"S": "a"}, "customer": {"S": "c1"}}]


def test_writes_in_any_region_reach_every_replica(east: Any, west: Any, server: EmulatorProcess) -> None:
    eu = server.client("dynamodb", region_name=EU)
    create(east)
    add_replica(east, WEST)
    add_replica(east, EU)
    assert sorted(r["RegionName"] for r in eu.describe_table(TableName=TABLE)["Table"]["Replicas"]) == [EAST, WEST]

    west.put_item(TableName=TABLE, Item={"id": {"S": "w"}, "n": {"N": "1"}})
    east.update_item(TableName=TABLE, Key={"id": {"S": "w"}}, UpdateExpression="SET n = n + :one",
                     ExpressionAttributeValues={":one": {"N": "1"}})
    east.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": {"id": {"S": "b"}}}}]})
    eu.transact_write_items(TransactItems=[{"Put": {"TableName": TABLE, "Item": {"id": {"S": "t"}}}}])
    for client in (east, west, eu):
        assert client.get_item(TableName=TABLE, Key={"id": {"S": "w"}}, ConsistentRead=True)["Item"]["n"] == {"N": "2"}
        assert client.scan(TableName=TABLE)["Count"] == 3

    west.delete_item(TableName=TABLE, Key={"id": {"S": "b"}})
    for client in (east, west, eu):
        assert "Item" not in client.get_item(TableName=TABLE, Key={"id": {"S": "b"}})


def test_replicated_writes_appear_in_each_replicas_stream(east: Any, west: Any, server: EmulatorProcess) -> None:
    create(east)
    add_replica(east, WEST)
    east.put_item(TableName=TABLE, Item={"id": {"S": "a"}})
    streams = server.client("dynamodbstreams", region_name=WEST)
    arn = west.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert [(r["eventName"], r["dynamodb"]["Keys"]) for r in records] == [("INSERT", {"id": {"S": "a"}})]


def test_replica_refusals_answer_as_aws(east: Any, west: Any) -> None:
    """AWS's recorded words (ack-api-quirks DDB-TABLE-203/224/265)."""
    create(east)
    update = east.update_table
    assert error_of(update, TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": EAST}}]) == (
        "ValidationException",
        "Cannot add or delete the local region through ReplicaUpdates. "
        "Use CreateTable, DeleteTable, or UpdateTable as required.",
    )
    assert error_of(update, TableName=TABLE, DeletionProtectionEnabled=True,
                    ReplicaUpdates=[{"Create": {"RegionName": WEST}}]) == (
        "ValidationException",
        "One or more parameter values were invalid: Replica modification must be the only operation in the request",
    )
    assert error_of(update, TableName=TABLE,
                    ReplicaUpdates=[{"Create": {"RegionName": WEST}}, {"Create": {"RegionName": EU}}]) == (
        "ValidationException", "Update table operation with more than one create or delete replica actions not allowed",
    )
    assert error_of(update, TableName=TABLE,
                    ReplicaUpdates=[{"Create": {"RegionName": WEST}, "Delete": {"RegionName": EU}}]) == (
        "ValidationException", "Update table operation with more than one type of replica actions not allowed",
    )
    assert error_of(update, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": EU}}]) == (
        "ValidationException",
        "Update global table operation failed because one or more replicas were not part of the global table. "
        f"Please retry the request without these replicas: [{EU}].",
    )
    code, message = error_of(update, TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": "US-WEST-2"}}])
    assert code == "ValidationException"
    assert message.startswith(
        "Region US-WEST-2 is not supported. The latest version of global tables are only supported in the "
        "following regions: [af-south-1, "
    )
    create(west)
    assert error_of(update, TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": WEST}}]) == (
        "ValidationException",
        f"Failed to create a the new replica of table with name: \u2018{TABLE}\u2019 because one or more replicas "
        "already existed as tables.",
    )
    west.delete_table(TableName=TABLE)
    add_replica(east, WEST)
    assert error_of(update, TableName=TABLE, ReplicaUpdates=[{"Update": {"RegionName": WEST}}]) == (
        "ValidationException", "There are no actions specified in the Replica Update Action of the request.",
    )


def test_a_provisioned_table_needs_write_auto_scaling(west: Any) -> None:
    west.create_table(
        TableName="provisioned",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    assert error_of(west.update_table, TableName="provisioned", ReplicaUpdates=[{"Create": {"RegionName": EU}}]) == (
        "ValidationException", "Table write capacity should either be Pay-Per-Request or AutoScaled.",
    )
    # Replica auto scaling belongs to global tables only (ack-api-quirks DDB-TABLE-231).
    assert error_of(west.describe_table_replica_auto_scaling, TableName="provisioned") == (
        "ResourceNotFoundException", "Global table with name: provisioned does not exist.",
    )


def test_replica_auto_scaling_of_an_on_demand_global_table(east: Any) -> None:
    create(east)
    add_replica(east, WEST)
    described = east.describe_table_replica_auto_scaling(TableName=TABLE)["TableAutoScalingDescription"]
    assert [(r["RegionName"], r["ReplicaStatus"]) for r in described["Replicas"]] == [(EAST, "ACTIVE"), (WEST, "ACTIVE")]
    assert described["Replicas"][0]["ReplicaProvisionedWriteCapacityAutoScalingSettings"] == {"AutoScalingDisabled": True}
    assert error_of(
        east.update_table_replica_auto_scaling, TableName=TABLE,
        ProvisionedWriteCapacityAutoScalingUpdate={"MinimumUnits": 5, "MaximumUnits": 20},
    ) == (
        "ValidationException",
        f"Failed to update global table with name \u2018{TABLE}\u2018. Replicas '{EAST}', '{WEST}' BillingMode is "
        "PayPerRequest. You must convert table's BillingMode to PROVISIONED to set parameters: "
        "'ProvisionedWriteCapacityAutoScalingUpdate'.",
    )


def test_a_table_with_another_stream_keeps_it(east: Any, west: Any) -> None:
    create(east, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    add_replica(east, WEST)
    assert east.describe_table(TableName=TABLE)["Table"]["StreamSpecification"]["StreamViewType"] == "KEYS_ONLY"
    assert west.describe_table(TableName=TABLE)["Table"]["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"


def test_a_source_replica_outlives_the_replicas_it_added(east: Any, west: Any) -> None:
    create(east)
    add_replica(east, WEST)
    source_rule = (
        "ValidationException",
        "Replica cannot be deleted because it has acted as a source region for new replica(s) being added to the "
        "table in the last 24 hours.",
    )
    assert error_of(east.delete_table, TableName=TABLE) == source_rule
    assert error_of(west.update_table, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": EAST}}]) == source_rule
    west.update_table(TableName=TABLE, DeletionProtectionEnabled=True)
    assert error_of(east.update_table, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}]) == (
        "ValidationException",
        f"Cannot delete table {TABLE} in region {WEST} because it has deletion protection enabled. "
        "Disable deletion protection first.",
    )
    west.update_table(TableName=TABLE, DeletionProtectionEnabled=False)
    west.delete_table(TableName=TABLE)
    east.delete_table(TableName=TABLE)  # the replica it added is gone


def test_a_replica_keeps_its_stream(east: Any, west: Any) -> None:
    create(east)
    add_replica(east, WEST)
    assert error_of(west.update_table, TableName=TABLE, StreamSpecification={"StreamEnabled": False}) == (
        "ValidationException",
        "One or more parameter values were invalid: Disabling Stream is not allowed for a Global Table replica.",
    )


def test_deleting_a_replica_leaves_the_others(east: Any, west: Any, server: EmulatorProcess) -> None:
    eu = server.client("dynamodb", region_name=EU)
    create(east)
    add_replica(east, WEST)
    add_replica(east, EU)
    answer = east.update_table(TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])["TableDescription"]
    assert [r["RegionName"] for r in answer["Replicas"]] == [WEST, EU]  # as they were, as AWS answers
    assert TABLE not in west.list_tables()["TableNames"]
    assert [r["RegionName"] for r in east.describe_table(TableName=TABLE)["Table"]["Replicas"]] == [EU]

    last = east.update_table(TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": EU}}])["TableDescription"]
    assert (last["GlobalTableVersion"], last["Replicas"]) == ("2019.11.21", [{"RegionName": EU, "ReplicaStatus": "ACTIVE"}])
    add_replica(east, EU)
    eu.delete_table(TableName=TABLE)  # DeleteTable deletes this replica alone
    alone = east.describe_table(TableName=TABLE)["Table"]
    assert not {"Replicas", "GlobalTableVersion", "GlobalTableSettingsReplicationMode"} & set(alone)
    assert alone["StreamSpecification"]["StreamEnabled"]  # the stream AWS enabled stays
    east.put_item(TableName=TABLE, Item={"id": {"S": "x"}})
    assert east.scan(TableName=TABLE)["Count"] == 1


def test_a_new_index_is_created_in_every_replica(east: Any, west: Any) -> None:
    create(east)
    add_replica(east, WEST)
    east.update_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "day", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "by-day",
            "KeySchema": [{"AttributeName": "day", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }}],
    )
    assert sorted(i["IndexName"] for i in west.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"]) == [
        "by-customer", "by-day",
    ]


def test_replicas_survive_a_restart(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "data")
    with EmulatorProcess("--data-dir", data_dir) as first:
        east, west = first.client("dynamodb", region_name=EAST), first.client("dynamodb", region_name=WEST)
        create(east)
        east.put_item(TableName=TABLE, Item={"id": {"S": "before"}})
        add_replica(east, WEST)
        east.put_item(TableName=TABLE, Item={"id": {"S": "after"}})
    with EmulatorProcess("--data-dir", data_dir) as second:
        east, west = second.client("dynamodb", region_name=EAST), second.client("dynamodb", region_name=WEST)
        assert west.describe_table(TableName=TABLE)["Table"]["Replicas"] == [{"RegionName": EAST, "ReplicaStatus": "ACTIVE"}]
        assert sorted(i["id"]["S"] for i in west.scan(TableName=TABLE)["Items"]) == ["after", "before"]
        west.put_item(TableName=TABLE, Item={"id": {"S": "restarted"}})
        assert "Item" in east.get_item(TableName=TABLE, Key={"id": {"S": "restarted"}})


def test_ttl_and_billing_changes_reach_every_replica(east: Any, west: Any) -> None:
    create(east)
    add_replica(east, WEST)
    west.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    assert east.describe_time_to_live(TableName=TABLE)["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expires",
    }


def test_a_restored_backup_of_a_replica_is_no_global_table(east: Any, west: Any) -> None:
    create(east)
    add_replica(east, WEST)
    arn = west.create_backup(TableName=TABLE, BackupName="replica-backup")["BackupDetails"]["BackupArn"]
    west.restore_table_from_backup(TargetTableName="restored", BackupArn=arn)
    restored = west.describe_table(TableName="restored")["Table"]
    assert "Replicas" not in restored and "GlobalTableVersion" not in restored
    west.put_item(TableName="restored", Item={"id": {"S": "only-here"}})
    assert "restored" not in east.list_tables()["TableNames"]


def test_a_replica_key_id_reads_back_as_its_arn(east: Any, west: Any) -> None:
    create(east, SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "east-key"})
    east.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": WEST, "KMSMasterKeyId": "west-key"}}])
    arn = f"arn:aws:kms:{WEST}:000000000000:key/west-key"
    assert east.describe_table(TableName=TABLE)["Table"]["Replicas"][0]["KMSMasterKeyId"] == arn
    assert west.describe_table(TableName=TABLE)["Table"]["SSEDescription"]["KMSMasterKeyArn"] == arn
