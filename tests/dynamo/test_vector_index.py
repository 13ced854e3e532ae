"""Vector indexes through boto3: CreateTable and UpdateTable, DescribeTable, the vector checks on
every write path, Query/Scan refusals and persistence across a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

TABLE = "docs"
INVALID = "One or more parameter values were invalid: "


def vec(*values: float) -> list[dict[str, str]]:
    return [{"N": repr(v)} for v in values]


def index_spec(name: str = "emb", **extra: Any) -> dict[str, Any]:
    return {
        "IndexName": name,
        "VectorAttribute": {"AttributeName": "v"},
        "Projection": {"ProjectionType": "ALL"},
        "Dimensions": 3,
        "DistanceFunction": "COSINE",
        **extra,
    }


def table_params(*indexes: dict[str, Any], extra_attrs: tuple[str, ...] = (), **overrides: Any) -> dict[str, Any]:
    return {
        "TableName": TABLE,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", *extra_attrs)],
        "BillingMode": "PAY_PER_REQUEST",
        "VectorIndexes": list(indexes) or [index_spec()],
        **overrides,
    }


def error(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


TENANT = [{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}]


def test_describe_table_shows_the_index(dynamodb: Any) -> None:
    created = dynamodb.create_table(**table_params(index_spec(SearchSchema=TENANT), extra_attrs=("tenant",)))
    assert created["TableDescription"]["VectorIndexes"][0]["IndexStatus"] == "CREATING"
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "tenant": {"S": "t"}, "v": {"L": vec(1, 2, 3)}})
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "b"}, "v": {"L": vec(1, 2, 3)}})  # no HASH: not indexed
    table = dynamodb.describe_table(TableName=TABLE)["Table"]
    [index] = table["VectorIndexes"]
    # The vector at 4 bytes a dimension plus its name (12 + 1), and the rest as items count: pk 3, tenant 7.
    assert index.pop("IndexSizeBytes") == 23
    assert index == {
        "IndexName": "emb",
        "SearchSchema": TENANT,
        "Projection": {"ProjectionType": "ALL"},
        "VectorAttribute": {"AttributeName": "v"},
        "Dimensions": 3,
        "DistanceFunction": "COSINE",
        "IndexStatus": "ACTIVE",
        "ItemCount": 1,
        "IndexArn": f"{table['TableArn']}/index/emb",
    }
    assert table["AttributeDefinitions"] == [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "tenant", "AttributeType": "S"},
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            table_params(index_spec(SearchSchema=TENANT)),
            INVALID + "One element in SearchSchema is not defined in attribute definitions",
        ),
        (
            table_params(BillingMode="PROVISIONED", ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}),
            INVALID + "Vector indexes are only supported for PAY_PER_REQUEST tables",
        ),
        (table_params(index_spec(), index_spec()), INVALID + "Duplicate index name: emb"),
        (table_params(index_spec(Dimensions=4097)), INVALID + "Number of dimensions must be between 1 and 4096 inclusive."),
        (
            table_params(*(index_spec(f"emb{n}") for n in range(6))),
            INVALID + "VectorIndex count exceeds the per-table limit of 5",
        ),
        (
            table_params(index_spec(), index_spec("other", Dimensions=4)),
            INVALID + "Conflicting attribute definition for 'v'. All VectorIndexes on the same vector attribute must "
            "use the same dimensions.",
        ),
        (
            table_params(extra_attrs=("v",)),
            INVALID + "Conflicting attribute definition for 'v'. An attribute cannot be defined in AttributeDefinitions "
            "when used as a VectorAttribute.",
        ),
        (
            table_params(index_spec(SearchSchema=[*TENANT, {"AttributeName": "kind", "SearchSchemaElementType": "HASH"}]),
                         extra_attrs=("tenant", "kind")),
            INVALID + "Value '2' at 'SearchSchema' failed to satisfy constraint: Member must have HASH count less than "
            "or equal to 1",
        ),
        (
            table_params(index_spec(SearchSchema=[*TENANT, {"AttributeName": "tenant", "SearchSchemaElementType": "INLINE_FILTER"}]),
                         extra_attrs=("tenant",)),
            INVALID + "SearchSchema contains a duplicate AttributeName",
        ),
        (
            table_params(index_spec(Projection={"ProjectionType": "INCLUDE"})),
            INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
        ),
    ],
)
def test_create_table_refusals(dynamodb: Any, params: dict[str, Any], message: str) -> None:
    assert error(dynamodb.create_table, **params) == ("ValidationException", message)
    assert dynamodb.list_tables()["TableNames"] == []


def test_duplicate_name_with_a_gsi_is_refused(dynamodb: Any) -> None:
    gsi = {
        "IndexName": "emb",
        "KeySchema": [{"AttributeName": "tenant", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"},
    }
    params = table_params(index_spec(SearchSchema=TENANT), extra_attrs=("tenant",), GlobalSecondaryIndexes=[gsi])
    assert error(dynamodb.create_table, **params) == ("ValidationException", INVALID + "Duplicate index name: emb")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"L": vec(1, 2)}, "Invalid size for parameter v, Expected: 3, Actual: 2 IndexName: emb"),
        ({"S": "1,2,3"}, "Invalid type for parameter v, Expected: 32-bit floating point number list IndexName: emb"),
        (
            {"L": [{"N": "1"}, {"S": "2"}, {"N": "3"}]},
            "Invalid type for parameter v[1], Expected: 32-bit floating point number, Actual: S. IndexName: emb",
        ),
        (
            {"L": [{"N": "1"}, {"N": "-4" + "0" * 38}, {"N": "3"}]},
            "Invalid value for parameter v[1], Value: -4" + "0" * 38 + " is outside valid range [-3.4028235E38, 3.4028235E38]. "
            "IndexName: emb",
        ),
    ],
)
def test_every_write_path_refuses_a_bad_vector(dynamodb: Any, value: dict[str, Any], message: str) -> None:
    dynamodb.create_table(**table_params())
    good = {"pk": {"S": "a"}, "v": {"L": vec(1, 0, 0)}}
    dynamodb.put_item(TableName=TABLE, Item=good)
    bad = {"pk": {"S": "a"}, "v": value}
    expected = ("ValidationException", "One or more parameter values were invalid. " + message)
    assert error(dynamodb.put_item, TableName=TABLE, Item=bad) == expected
    assert error(
        dynamodb.update_item, TableName=TABLE, Key={"pk": {"S": "a"}}, UpdateExpression="SET v = :v",
        ExpressionAttributeValues={":v": value},
    ) == expected
    assert error(dynamodb.batch_write_item, RequestItems={TABLE: [{"PutRequest": {"Item": bad}}]}) == expected
    code, _ = error(dynamodb.transact_write_items, TransactItems=[{"Put": {"TableName": TABLE, "Item": bad}}])
    assert code == "TransactionCanceledException"
    code, _ = error(dynamodb.execute_statement, Statement=f"UPDATE {TABLE} SET v = ? WHERE pk = 'a'", Parameters=[value])
    assert code == "ValidationException"
    # Nothing was written: the item and its place in the index are as they were.
    assert dynamodb.get_item(TableName=TABLE, Key={"pk": {"S": "a"}})["Item"] == good
    results = dynamodb.search_vectors(TableName=TABLE, IndexName="emb", SearchVector=vec(1, 0, 0), TopK=5)["SearchResults"]
    assert [r["Item"]["pk"]["S"] for r in results] == ["a"]


def test_items_without_the_vector_are_written_and_not_indexed(dynamodb: Any) -> None:
    dynamodb.create_table(**table_params())
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "plain"}, "title": {"S": "no vector"}})
    assert dynamodb.describe_table(TableName=TABLE)["Table"]["VectorIndexes"][0]["ItemCount"] == 0


def test_search_schema_values_of_the_wrong_type_or_empty_are_refused(dynamodb: Any) -> None:
    schema = [*TENANT, {"AttributeName": "genre", "SearchSchemaElementType": "INLINE_FILTER"}]
    dynamodb.create_table(**table_params(index_spec(SearchSchema=schema), extra_attrs=("tenant", "genre")))
    for name in ("tenant", "genre"):
        item = {"pk": {"S": "a"}, name: {"N": "1"}, "v": {"L": vec(1, 0, 0)}}
        assert error(dynamodb.put_item, TableName=TABLE, Item=item) == (
            "ValidationException",
            f"One or more parameter values were invalid. Attribute '{name}' type mismatch. Expected: S, Actual: N. "
            "IndexName: emb",
        )
    assert error(dynamodb.put_item, TableName=TABLE, Item={"pk": {"S": "a"}, "tenant": {"S": ""}}) == (
        "ValidationException",
        "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
        "The AttributeValue for a key attribute cannot contain an empty string value. IndexName: emb, IndexKey: tenant",
    )
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "genre": {"S": ""}})  # an empty filter value is fine


@pytest.mark.parametrize("operation", ["query", "scan"])
def test_query_and_scan_refuse_a_vector_index(dynamodb: Any, operation: str) -> None:
    dynamodb.create_table(**table_params())
    kwargs: dict[str, Any] = {"TableName": TABLE, "IndexName": "emb"}
    if operation == "query":
        kwargs.update(KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}})
    name = operation.capitalize()
    assert error(getattr(dynamodb, operation), **kwargs) == (
        "ValidationException",
        f"{name} operation not supported on this index type.",
    )


def test_update_table_creates_backfills_and_deletes_an_index(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "tenant": {"S": "t"}, "v": {"L": vec(1, 0, 0)}})
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "bad"}, "tenant": {"S": "t"}, "v": {"L": vec(1, 0)}})
    answer = dynamodb.update_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "tenant", "AttributeType": "S"}],
        VectorIndexUpdates=[{"Create": index_spec(SearchSchema=TENANT)}],
    )["TableDescription"]
    assert answer["TableStatus"] == "UPDATING"
    assert (answer["VectorIndexes"][0]["IndexStatus"], answer["VectorIndexes"][0]["Backfilling"]) == ("CREATING", False)
    [index] = dynamodb.describe_table(TableName=TABLE)["Table"]["VectorIndexes"]
    assert (index["IndexStatus"], index["ItemCount"], "Backfilling" in index) == ("ACTIVE", 1, False)
    results = dynamodb.search_vectors(
        TableName=TABLE, IndexName="emb", SearchVector=vec(1, 0, 0), TopK=5,
        SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": {"S": "t"}},
    )["SearchResults"]
    assert [r["Item"]["pk"]["S"] for r in results] == ["a"]  # the existing bad vector was skipped

    assert error(
        dynamodb.update_table, TableName=TABLE, VectorIndexUpdates=[{"Create": index_spec()}]
    ) == ("ValidationException", INVALID + "Index with name: emb already exists")
    dynamodb.update_table(TableName=TABLE, VectorIndexUpdates=[{"Delete": {"IndexName": "emb"}}])
    table = dynamodb.describe_table(TableName=TABLE)["Table"]
    assert "VectorIndexes" not in table
    assert table["AttributeDefinitions"] == [{"AttributeName": "pk", "AttributeType": "S"}]
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "c"}, "v": {"L": vec(1, 0)}})  # no index checks it now
    assert error(
        dynamodb.update_table, TableName=TABLE, VectorIndexUpdates=[{"Delete": {"IndexName": "emb"}}]
    ) == ("ResourceNotFoundException", "Requested resource not found: Index: emb not found")


def test_update_table_refusals(dynamodb: Any) -> None:
    dynamodb.create_table(**table_params())
    assert error(
        dynamodb.update_table, TableName=TABLE,
        VectorIndexUpdates=[{"Create": index_spec("one")}, {"Create": index_spec("two")}],
    ) == (
        "LimitExceededException",
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    )
    assert error(
        dynamodb.update_table, TableName=TABLE, VectorIndexUpdates=[{"Create": index_spec("two", SearchSchema=TENANT)}]
    ) == ("ValidationException", INVALID + "One element in SearchSchema is not defined in attribute definitions")
    assert error(
        dynamodb.update_table, TableName=TABLE, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
    ) == ("ValidationException", INVALID + "Vector indexes are only supported for PAY_PER_REQUEST tables")


def test_vector_indexes_survive_a_restart(tmp_path: Path) -> None:
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        client = emulator.client("dynamodb")
        client.create_table(**table_params(index_spec(SearchSchema=TENANT), extra_attrs=("tenant",)))
        for n, point in enumerate([(1, 0, 0), (0, 1, 0), (0.6, 0.8, 0)]):
            client.put_item(TableName=TABLE, Item={"pk": {"S": f"i{n}"}, "tenant": {"S": "t"}, "v": {"L": vec(*point)}})
        client.update_table(TableName=TABLE, VectorIndexUpdates=[{"Create": index_spec("euclid", DistanceFunction="EUCLIDEAN")}])
        before = client.describe_table(TableName=TABLE)["Table"]["VectorIndexes"]
    with EmulatorProcess("--data-dir", str(tmp_path)) as emulator:
        client = emulator.client("dynamodb")
        assert client.describe_table(TableName=TABLE)["Table"]["VectorIndexes"] == before
        results = client.search_vectors(
            TableName=TABLE, IndexName="emb", SearchVector=vec(1, 0, 0), TopK=2,
            SearchConditionExpression="tenant = :t", ExpressionAttributeValues={":t": {"S": "t"}},
        )["SearchResults"]
        assert [r["Item"]["pk"]["S"] for r in results] == ["i0", "i2"]
        results = client.search_vectors(TableName=TABLE, IndexName="euclid", SearchVector=vec(0, 1, 0), TopK=1)
        assert [r["Item"]["pk"]["S"] for r in results["SearchResults"]] == ["i1"]


def test_writes_report_vector_write_bytes(dynamodb: Any) -> None:
    dynamodb.create_table(**table_params())
    out = dynamodb.put_item(
        TableName=TABLE, Item={"pk": {"S": "a"}, "v": {"L": vec(1, 0, 0)}}, ReturnConsumedCapacity="INDEXES"
    )
    assert out["ConsumedCapacity"]["VectorIndexes"] == {"emb": {"VectorWriteRequestBytes": 1024.0}}
    out = dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "b"}}, ReturnConsumedCapacity="INDEXES")
    assert "VectorIndexes" not in out["ConsumedCapacity"]
    # Rewriting the same entry costs the index nothing; changing what it projects does.
    out = dynamodb.put_item(
        TableName=TABLE, Item={"pk": {"S": "a"}, "v": {"L": vec(1, 0, 0)}}, ReturnConsumedCapacity="INDEXES"
    )
    assert "VectorIndexes" not in out["ConsumedCapacity"]
    out = dynamodb.update_item(
        TableName=TABLE, Key={"pk": {"S": "a"}}, UpdateExpression="SET title = :t",
        ExpressionAttributeValues={":t": {"S": "x"}}, ReturnConsumedCapacity="INDEXES",
    )
    assert out["ConsumedCapacity"]["VectorIndexes"] == {"emb": {"VectorWriteRequestBytes": 1024.0}}


def test_a_restored_backup_keeps_its_vector_indexes(dynamodb: Any) -> None:
    dynamodb.create_table(**table_params())
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "v": {"L": vec(1, 0, 0)}})
    arn = dynamodb.create_backup(TableName=TABLE, BackupName="snap")["BackupDetails"]["BackupArn"]
    features = dynamodb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableFeatureDetails"]
    assert features["VectorIndexes"] == [index_spec()]
    dynamodb.restore_table_from_backup(TargetTableName="copy", BackupArn=arn)
    [index] = dynamodb.describe_table(TableName="copy")["Table"]["VectorIndexes"]
    assert index["IndexArn"].endswith("table/copy/index/emb")
    results = dynamodb.search_vectors(TableName="copy", IndexName="emb", SearchVector=vec(1, 0, 0), TopK=1)
    assert [r["Item"]["pk"]["S"] for r in results["SearchResults"]] == ["a"]


def test_with_a_table_delay_indexes_are_created_and_backfilled_over_time() -> None:
    with EmulatorProcess("--table-delay-ms", "600") as emulator:
        client = emulator.client("dynamodb")
        client.create_table(**table_params())
        table = client.describe_table(TableName=TABLE)["Table"]
        assert (table["TableStatus"], table["VectorIndexes"][0]["IndexStatus"]) == ("CREATING", "CREATING")
        assert "Backfilling" not in table["VectorIndexes"][0]
        wait_until(lambda: client.describe_table(TableName=TABLE)["Table"]["TableStatus"] == "ACTIVE")
        assert client.describe_table(TableName=TABLE)["Table"]["VectorIndexes"][0]["IndexStatus"] == "ACTIVE"

        client.update_table(TableName=TABLE, VectorIndexUpdates=[{"Create": index_spec("late")}])
        [_, late] = client.describe_table(TableName=TABLE)["Table"]["VectorIndexes"]
        assert (late["IndexStatus"], late["Backfilling"]) == ("CREATING", True)
        assert error(client.search_vectors, TableName=TABLE, IndexName="late", SearchVector=vec(1, 0, 0), TopK=1) == (
            "ValidationException",
            "Cannot search backfilling vector index: late",
        )
        wait_until(lambda: client.describe_table(TableName=TABLE)["Table"]["VectorIndexes"][1]["IndexStatus"] == "ACTIVE")
        assert "Backfilling" not in client.describe_table(TableName=TABLE)["Table"]["VectorIndexes"][1]
        client.search_vectors(TableName=TABLE, IndexName="late", SearchVector=vec(1, 0, 0), TopK=1)


def test_replicas_of_a_global_table_carry_the_vector_indexes(server: EmulatorProcess) -> None:
    east, west = (server.client("dynamodb", region_name=region) for region in ("us-east-1", "us-west-2"))
    east.create_table(**table_params())
    east.update_table(TableName=TABLE, ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    east.update_table(TableName=TABLE, VectorIndexUpdates=[{"Create": index_spec("late", DistanceFunction="EUCLIDEAN")}])
    names = [i["IndexName"] for i in west.describe_table(TableName=TABLE)["Table"]["VectorIndexes"]]
    assert names == ["emb", "late"]
    east.put_item(TableName=TABLE, Item={"pk": {"S": "a"}, "v": {"L": vec(1, 0, 0)}})
    results = west.search_vectors(TableName=TABLE, IndexName="late", SearchVector=vec(1, 0, 0), TopK=1)["SearchResults"]
    assert [(r["Item"]["pk"]["S"], r["Score"]) for r in results] == [("a", 0.0)]
