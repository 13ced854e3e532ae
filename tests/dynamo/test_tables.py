"""CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable through boto3."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

from emulator.testing import EmulatorProcess

KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFS = [{"AttributeName": "pk", "AttributeType": "S"}]


def test_create_table_is_active_at_once_with_aws_description(dynamodb: Any) -> None:
    description = create_table(dynamodb, "orders", range_key=("sk", "N"))
    assert description["TableStatus"] == "CREATING"  # AWS's answer; the table is ACTIVE at once
    assert description["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/orders"
    assert description["ItemCount"] == 0 and description["TableSizeBytes"] == 0
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert description["KeySchema"] == [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ]
    table = dynamodb.describe_table(TableName="orders")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["DeletionProtectionEnabled"] is False
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 0


def test_describe_table_counts_items_and_bytes(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "name": {"S": "abc"}})
    described = dynamodb.describe_table(TableName=table)["Table"]
    assert described["ItemCount"] == 1
    assert described["TableSizeBytes"] == len("pk") + 1 + len("sk") + 2 + len("name") + 3


def test_create_table_with_all_options(dynamodb: Any) -> None:
    description = create_table(
        dynamodb,
        "full",
        range_key=("sk", "S"),
        ExtraDefinitions=[{"AttributeName": "lsk", "AttributeType": "N"}, {"AttributeName": "gpk", "AttributeType": "S"}],
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 6},
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-lsk",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]},
            }
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-gpk",
                "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            }
        ],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True},
        Tags=[{"Key": "team", "Value": "core"}],
        TableClass="STANDARD_INFREQUENT_ACCESS",
        DeletionProtectionEnabled=True,
    )
    assert description["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert description["LocalSecondaryIndexes"][0]["IndexArn"].endswith(":table/full/index/by-lsk")
    assert description["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    assert dynamodb.describe_table(TableName="full")["Table"]["GlobalSecondaryIndexes"][0]["IndexStatus"] == "ACTIVE"
    assert description["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert description["LatestStreamArn"].startswith("arn:aws:dynamodb:us-east-1:000000000000:table/full/stream/")
    assert description["SSEDescription"]["Status"] == "ENABLED"
    assert description["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS"
    assert description["DeletionProtectionEnabled"] is True
    arn = description["TableArn"]
    assert dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "core"}]


def test_create_existing_table_is_resource_in_use(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        create_table(dynamodb, table)
    assert error_of(excinfo) == ("ResourceInUseException", f"Table already exists: {table}")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ab", "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
        ("bad name!", "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        ("a" * 256, f"1 validation error detected: Value '{'a' * 256}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255"),
    ],
)
def test_table_names_are_checked_with_aws_messages(dynamodb: Any, name: str, message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(TableName=name, KeySchema=KEYS, AttributeDefinitions=DEFS, BillingMode="PAY_PER_REQUEST")
    assert error_of(excinfo) == ("ValidationException", message)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.get_item(TableName=name, Key={"pk": {"S": "a"}})
    assert error_of(excinfo) == ("ValidationException", message)


INVALID = "One or more parameter values were invalid: "


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"AttributeDefinitions": DEFS + [{"AttributeName": "extra", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"},
         INVALID + "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"),
        ({"AttributeDefinitions": [{"AttributeName": "other", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"},
         INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]"),
        ({"AttributeDefinitions": DEFS},
         INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"),
        ({"AttributeDefinitions": DEFS, "BillingMode": "PAY_PER_REQUEST", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}},
         INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"),
        ({"AttributeDefinitions": DEFS, "KeySchema": [{"AttributeName": "pk", "KeyType": "RANGE"}], "BillingMode": "PAY_PER_REQUEST"},
         "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        ({"AttributeDefinitions": DEFS, "BillingMode": "PAY_PER_REQUEST", "LocalSecondaryIndexes": [
            {"IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "pk", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}]},
         INVALID + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex"),
        ({"AttributeDefinitions": DEFS + [{"AttributeName": "g", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST", "GlobalSecondaryIndexes": [
            {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY", "NonKeyAttributes": ["x"]}}]},
         INVALID + "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified"),
        ({"AttributeDefinitions": DEFS + [{"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "unused", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST", "GlobalSecondaryIndexes": [
            {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}]},
         INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, g, unused], keys used: [pk, g]"),
        ({"AttributeDefinitions": DEFS + [{"AttributeName": "g", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST", "GlobalSecondaryIndexes": [
            {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}]},
         INVALID + "Duplicate index name: gsi"),
        ({"AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "x")], "BillingMode": "PAY_PER_REQUEST",
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}, {"AttributeName": "x", "KeyType": "RANGE"}]},
         "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), "
         "KeySchemaElement(attributeName=x, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"),
    ],
)
def test_create_table_consistency_checks(dynamodb: Any, options: dict[str, Any], message: str) -> None:
    params = {"TableName": "bad", "KeySchema": KEYS, **options}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(**params)
    assert error_of(excinfo) == ("ValidationException", message)
    assert dynamodb.list_tables()["TableNames"] == []


def test_list_tables_paginates(dynamodb: Any) -> None:
    for name in ("t-c", "t-a", "t-b", "t-d"):
        create_table(dynamodb, name)
    first = dynamodb.list_tables(Limit=3)
    assert first["TableNames"] == ["t-a", "t-b", "t-c"]
    assert first["LastEvaluatedTableName"] == "t-c"
    second = dynamodb.list_tables(Limit=3, ExclusiveStartTableName="t-c")
    assert second == {**second, "TableNames": ["t-d"]} and "LastEvaluatedTableName" not in second
    full = dynamodb.list_tables(Limit=1, ExclusiveStartTableName="t-c")
    assert full["TableNames"] == ["t-d"] and full["LastEvaluatedTableName"] == "t-d"
    after = dynamodb.list_tables(Limit=1, ExclusiveStartTableName="t-d")
    assert after["TableNames"] == [] and "LastEvaluatedTableName" not in after
    pages = dynamodb.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 1})
    assert [name for page in pages for name in page["TableNames"]] == ["t-a", "t-b", "t-c", "t-d"]


def test_tables_are_per_region(server: EmulatorProcess, dynamodb: Any) -> None:
    create_table(dynamodb, "regional")
    west = server.client("dynamodb", region_name="eu-west-1")
    assert west.list_tables()["TableNames"] == []
    create_table(west, "regional")
    assert west.describe_table(TableName="regional")["Table"]["TableArn"].startswith("arn:aws:dynamodb:eu-west-1:")


def test_describe_and_delete_missing_table(dynamodb: Any) -> None:
    for call in (dynamodb.describe_table, dynamodb.delete_table):
        with pytest.raises(ClientError) as excinfo:
            call(TableName="missing")
        assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found: Table: missing not found")


def test_table_arn_is_accepted_as_table_name(dynamodb: Any, hash_table: str) -> None:
    arn = dynamodb.describe_table(TableName=hash_table)["Table"]["TableArn"]
    dynamodb.put_item(TableName=arn, Item={"pk": {"S": "a"}})
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}})["Item"] == {"pk": {"S": "a"}}
    assert dynamodb.describe_table(TableName=arn)["Table"]["TableName"] == hash_table


def test_delete_table_and_waiters(dynamodb: Any, hash_table: str) -> None:
    dynamodb.get_waiter("table_exists").wait(TableName=hash_table, WaiterConfig={"Delay": 1})
    deleted = dynamodb.delete_table(TableName=hash_table)["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    dynamodb.get_waiter("table_not_exists").wait(TableName=hash_table, WaiterConfig={"Delay": 1})
    assert dynamodb.list_tables()["TableNames"] == []
    with pytest.raises(ClientError) as excinfo:
        dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}})
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")


def test_deletion_protection_blocks_delete_until_disabled(dynamodb: Any) -> None:
    create_table(dynamodb, "kept", DeletionProtectionEnabled=True)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.delete_table(TableName="kept")
    assert error_of(excinfo) == (
        "ValidationException",
        "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    )
    dynamodb.update_table(TableName="kept", DeletionProtectionEnabled=False)
    dynamodb.delete_table(TableName="kept")


def test_resource_api_and_waiter(server: EmulatorProcess) -> None:
    resource = server.resource("dynamodb")
    table = resource.create_table(
        TableName="people",
        KeySchema=KEYS,
        AttributeDefinitions=DEFS,
        BillingMode="PAY_PER_REQUEST",
    )
    table.wait_until_exists()
    table.put_item(Item={"pk": "p1", "age": 42, "tags": {"a", "b"}})
    assert table.get_item(Key={"pk": "p1"})["Item"] == {"pk": "p1", "age": 42, "tags": {"a", "b"}}
    assert table.item_count == 1
    table.delete()
    table.wait_until_not_exists()


def test_update_table_billing_throughput_and_stream(dynamodb: Any, hash_table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName=hash_table)
    assert error_of(excinfo)[0] == "ValidationException"
    updated = dynamodb.update_table(
        TableName=hash_table, BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}
    )["TableDescription"]
    assert updated["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert updated["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert updated["TableStatus"] == "UPDATING"  # AWS's answer; DescribeTable shows it done at once
    assert dynamodb.describe_table(TableName=hash_table)["Table"]["TableStatus"] == "ACTIVE"
    protected = dynamodb.update_table(TableName=hash_table, DeletionProtectionEnabled=False)["TableDescription"]
    assert protected["TableStatus"] == "ACTIVE"
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName=hash_table, ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4})
    assert error_of(excinfo)[1].startswith("The provisioned throughput for the table will not change.")
    streamed = dynamodb.update_table(
        TableName=hash_table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    )["TableDescription"]
    assert streamed["LatestStreamArn"].startswith(streamed["TableArn"] + "/stream/")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName=hash_table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    assert error_of(excinfo) == ("ValidationException", f"Table already has an enabled stream: TableName: {hash_table}")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName=hash_table, StreamSpecification={"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"})
    assert error_of(excinfo) == (
        "ValidationException", INVALID + "If stream is being disabled, then UpdateViewType must not be specified"
    )
    dynamodb.update_table(TableName=hash_table, StreamSpecification={"StreamEnabled": False})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName=hash_table, StreamSpecification={"StreamEnabled": False})
    assert error_of(excinfo) == ("ValidationException", f"Table has no stream to disable: TableName: {hash_table}")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName=hash_table, StreamSpecification={"StreamEnabled": True})
    assert error_of(excinfo) == ("ValidationException", INVALID + "If stream is being enabled then UpdateViewType is required")


def test_update_table_creates_gsi_with_backfill_and_deletes_it(dynamodb: Any, table: str) -> None:
    for i in range(5):
        item = {"pk": {"S": f"p{i}"}, "sk": {"N": str(i)}}
        if i % 2 == 0:
            item["color"] = {"S": "red"}
        dynamodb.put_item(TableName=table, Item=item)
    answer = dynamodb.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "by-color", "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}
        ],
    )["TableDescription"]
    assert answer["TableStatus"] == "UPDATING"
    assert answer["GlobalSecondaryIndexes"][0]["IndexStatus"] == "CREATING"
    assert answer["GlobalSecondaryIndexes"][0]["Backfilling"] is False
    found = dynamodb.query(
        TableName=table, IndexName="by-color", KeyConditionExpression="color = :c", ExpressionAttributeValues={":c": {"S": "red"}}
    )
    assert sorted(i["sk"]["N"] for i in found["Items"]) == ["0", "2", "4"]
    described = dynamodb.describe_table(TableName=table)["Table"]
    assert described["GlobalSecondaryIndexes"][0]["ItemCount"] == 3
    dynamodb.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-color"}}])
    assert "GlobalSecondaryIndexes" not in dynamodb.describe_table(TableName=table)["Table"]
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=table, IndexName="by-color", KeyConditionExpression="color = :c", ExpressionAttributeValues={":c": {"S": "red"}})
    assert error_of(excinfo) == ("ValidationException", "The table does not have the specified index: by-color")


def test_gsi_added_to_a_described_table_is_described(dynamodb: Any, hash_table: str) -> None:
    dynamodb.describe_table(TableName=hash_table)
    dynamodb.update_table(
        TableName=hash_table,
        AttributeDefinitions=[{"AttributeName": "color", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {"Create": {"IndexName": "by-color", "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}
        ],
    )
    indexes = dynamodb.describe_table(TableName=hash_table)["Table"]["GlobalSecondaryIndexes"]
    assert [(i["IndexName"], i["IndexSizeBytes"], i["ItemCount"]) for i in indexes] == [("by-color", 0, 0)]


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        # AWS's words (a catalogue of texts mined from real AWS answers), "UpdateViewType" as AWS writes it.
        ({"StreamEnabled": True}, INVALID + "Table is being created with a stream enabled, UpdateViewType is required"),
        (
            {"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
            INVALID + "Table is being created with a stream disabled, UpdateViewType should not be specified",
        ),
    ],
)
def test_create_table_checks_the_stream_specification(dynamodb: Any, stream: dict[str, Any], message: str | None) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(TableName="streamy", KeySchema=KEYS, AttributeDefinitions=DEFS, BillingMode="PAY_PER_REQUEST", StreamSpecification=stream)
    assert error_of(excinfo)[0] == "ValidationException"
    if message is not None:
        assert error_of(excinfo)[1] == message
    assert dynamodb.list_tables()["TableNames"] == []


def test_table_delay_imitates_creating_and_deleting() -> None:
    # Long enough that a loaded machine still sends the PutItem while the table is CREATING.
    with EmulatorProcess("--table-delay-ms", "1500") as server:
        client = server.client("dynamodb")
        started = time.monotonic()
        assert create_table(client, "slow")["TableStatus"] == "CREATING"
        with pytest.raises(ClientError) as excinfo:
            client.put_item(TableName="slow", Item={"pk": {"S": "a"}})
        assert error_of(excinfo)[0] == "ResourceNotFoundException"
        client.get_waiter("table_exists").wait(TableName="slow", WaiterConfig={"Delay": 1})
        assert time.monotonic() - started >= 1.5
        client.delete_table(TableName="slow")
        assert client.describe_table(TableName="slow")["Table"]["TableStatus"] == "DELETING"
        client.get_waiter("table_not_exists").wait(TableName="slow", WaiterConfig={"Delay": 1})


def test_describe_limits_and_endpoints(dynamodb: Any) -> None:
    limits = dynamodb.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert dynamodb.describe_endpoints()["Endpoints"][0]["Address"] == "dynamodb.us-east-1.amazonaws.com"


def test_update_table_request_checks(dynamodb: Any) -> None:
    create_table(
        dynamodb, "checked", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    cases = [
        ({}, "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"),
        ({"GlobalSecondaryIndexUpdates": [], "DeletionProtectionEnabled": True}, INVALID + "List of GlobalSecondaryIndexUpdates is empty"),
        ({"BillingMode": "PROVISIONED"}, INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED"),
        ({"BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}, INVALID + "ProvisionedThroughput must be specified for index: by-g"),
        ({"GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "by-g", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}]},
         INVALID + "The only Updates for index: by-g when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput"),
        ({"GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "by-h", "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}}]},
         INVALID + "AttributeDefinitions is not specified for index: by-h"),
    ]
    for options, message in cases:
        with pytest.raises(ClientError) as excinfo:
            dynamodb.update_table(TableName="checked", **options)
        assert error_of(excinfo) == ("ValidationException", message)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(
            TableName="checked",
            AttributeDefinitions=[{"AttributeName": "h", "AttributeType": "S"}],
            GlobalSecondaryIndexUpdates=[
                {"Create": {"IndexName": "by-h", "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}},
                {"Delete": {"IndexName": "by-g"}},
            ],
        )
    assert error_of(excinfo) == (
        "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    )
    table = dynamodb.describe_table(TableName="checked")["Table"]
    assert table["DeletionProtectionEnabled"] is False and len(table["GlobalSecondaryIndexes"]) == 1
    dynamodb.update_table(TableName="checked", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-g"}}])
    assert dynamodb.describe_table(TableName="checked")["Table"]["AttributeDefinitions"] == DEFS


def test_provisioned_throughput_reports_its_increases_and_decreases(dynamodb: Any) -> None:
    """As AWS's DescribeTable reports them (a real-AWS probe lab): the times of the last increase
    and decrease, and the decreases made today."""
    create_table(dynamodb, "prov", BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    assert set(dynamodb.describe_table(TableName="prov")["Table"]["ProvisionedThroughput"]) == {
        "NumberOfDecreasesToday", "ReadCapacityUnits", "WriteCapacityUnits"
    }
    dynamodb.update_table(TableName="prov", ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 3})
    raised = dynamodb.describe_table(TableName="prov")["Table"]["ProvisionedThroughput"]
    assert "LastIncreaseDateTime" in raised and "LastDecreaseDateTime" not in raised
    assert raised["NumberOfDecreasesToday"] == 0
    dynamodb.update_table(TableName="prov", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    lowered = dynamodb.describe_table(TableName="prov")["Table"]["ProvisionedThroughput"]
    assert lowered["LastIncreaseDateTime"] == raised["LastIncreaseDateTime"]
    assert lowered["LastDecreaseDateTime"] >= lowered["LastIncreaseDateTime"]
    assert (lowered["NumberOfDecreasesToday"], lowered["ReadCapacityUnits"]) == (1, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DeletionProtectionEnabled": True, "TableClass": "STANDARD"}, "TableClass modification must be the only operation in the request"),
        ({"DeletionProtectionEnabled": True, "BillingMode": "PAY_PER_REQUEST"}, "DeletionProtection modification must be the only operation in the request"),
        ({"SSESpecification": {"Enabled": True}, "BillingMode": "PAY_PER_REQUEST"}, "Server-Side Encryption modification must be the only operation in the request"),
        (
            {"ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2}, "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}},
            "You cannot modify stream status while updating table IOPS",
        ),
        (
            {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}, "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "by-x"}}]},
            "You cannot create or delete index while changing stream status",
        ),
    ],
)
def test_update_table_makes_some_changes_only_alone(dynamodb: Any, change: dict[str, Any], message: str) -> None:
    """AWS's words, from a catalogue of texts mined from real AWS answers."""
    create_table(dynamodb, "prov", BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(TableName="prov", **change)
    assert error_of(excinfo) == ("ValidationException", INVALID + message)
