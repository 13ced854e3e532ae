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
    assert answer["TableStatus"] == "UPDATING"
    assert answer["GlobalTableVersion"] == "2019.11.21"
    assert answer["Replicas"] == [{"RegionName": WEST, "ReplicaStatus": "CREATING"}]

    replica = west.describe_table(TableName=TABLE)["Table"]
    assert replica["TableArn"] == f"arn:aws:dynamodb:{WEST}:000000000000:table/{TABLE}"
    assert replica["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert [i["IndexName"] for i in replica["GlobalSecondaryIndexes"]] == ["by-customer"]
    assert replica["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert replica["GlobalTableVersion"] == "2019.11.21"
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


def test_replica_prerequisites_answer_as_aws(east: Any, west: Any) -> None:
    create(east)
    update = east.update_table
    assert error_of(update, TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": EAST}}]) == (
        "ValidationException",
        "Cannot add, delete, or update the local region through ReplicaUpdates. "
        "Use CreateTable, DeleteTable, or UpdateTable as required.",
    )
    create(west)
    assert error_of(update, TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": WEST}}]) == (
        "ValidationException",
        f"Failed to create a the new replica of table with name: '{TABLE}' because one or more replicas "
        "already existed as tables.",
    )
    west.create_table(
        TableName="provisioned",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    assert error_of(west.update_table, TableName="provisioned", ReplicaUpdates=[{"Create": {"RegionName": EU}}]) == (
        "ValidationException",
        "Table write capacity should either be Pay-Per-Request or AutoScaled.",
    )


def test_provisioned_table_with_write_autoscaling_can_be_replicated(west: Any, server: EmulatorProcess) -> None:
    west.create_table(
        TableName="provisioned",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    scaling = west.update_table_replica_auto_scaling(
        TableName="provisioned",
        ProvisionedWriteCapacityAutoScalingUpdate={
            "MinimumUnits": 5, "MaximumUnits": 20,
            "ScalingPolicyUpdate": {"TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70.0}},
        },
    )["TableAutoScalingDescription"]
    assert scaling["Replicas"][0]["ReplicaProvisionedWriteCapacityAutoScalingSettings"]["MaximumUnits"] == 20
    west.update_table(
        TableName="provisioned",
        ReplicaUpdates=[{"Create": {"RegionName": EU, "ProvisionedThroughputOverride": {"ReadCapacityUnits": 9}}}],
    )
    eu = server.client("dynamodb", region_name=EU).describe_table(TableName="provisioned")["Table"]
    assert eu["ProvisionedThroughput"]["ReadCapacityUnits"] == 9
    assert eu["ProvisionedThroughput"]["WriteCapacityUnits"] == 5
    shown = west.describe_table(TableName="provisioned")["Table"]["Replicas"]
    assert shown == [{"RegionName": EU, "ReplicaStatus": "ACTIVE", "ProvisionedThroughputOverride": {"ReadCapacityUnits": 9}}]
    regions = west.describe_table_replica_auto_scaling(TableName="provisioned")["TableAutoScalingDescription"]["Replicas"]
    assert [r["RegionName"] for r in regions] == [EU, WEST]


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
    assert {r["RegionName"]: r["ReplicaStatus"] for r in answer["Replicas"]} == {EU: "ACTIVE", WEST: "DELETING"}
    assert TABLE not in west.list_tables()["TableNames"]
    assert [r["RegionName"] for r in east.describe_table(TableName=TABLE)["Table"]["Replicas"]] == [EU]

    eu.delete_table(TableName=TABLE)  # DeleteTable deletes this replica alone
    alone = east.describe_table(TableName=TABLE)["Table"]
    assert "Replicas" not in alone and "GlobalTableVersion" not in alone
    east.put_item(TableName=TABLE, Item={"id": {"S": "x"}})
    assert east.scan(TableName=TABLE)["Count"] == 1
    assert error_of(east.update_table, TableName=TABLE, ReplicaUpdates=[{"Delete": {"RegionName": WEST}}])[0] == (
        "ValidationException"
    )


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
