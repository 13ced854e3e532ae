"""Scan: paging, filters, Select, indexes and parallel scan segments stable across pages."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of


def fill(dynamodb: Any, table: str, partitions: int = 20, per_partition: int = 3) -> set[tuple[str, int]]:
    keys = set()
    for p in range(partitions):
        for s in range(per_partition):
            dynamodb.put_item(TableName=table, Item={"pk": {"S": f"p{p}"}, "sk": {"N": str(s)}, "n": {"N": str(p * 10 + s)}})
            keys.add((f"p{p}", s))
    return keys


def keys_of(items: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(i["pk"]["S"], int(i["sk"]["N"])) for i in items]


def scan_all(dynamodb: Any, **params: Any) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    start = None
    while True:
        page = dynamodb.scan(**params, **({"ExclusiveStartKey": start} if start else {}))
        found += keys_of(page["Items"])
        start = page.get("LastEvaluatedKey")
        if not start:
            return found


def test_scan_pages_visit_every_item_once(dynamodb: Any, table: str) -> None:
    keys = fill(dynamodb, table)
    found = scan_all(dynamodb, TableName=table, Limit=7)
    assert len(found) == len(keys) and set(found) == keys
    whole = keys_of(dynamodb.scan(TableName=table)["Items"])
    assert found == whole  # pages follow one stable order


def test_scan_keeps_partition_items_in_sort_order(dynamodb: Any, table: str) -> None:
    fill(dynamodb, table, partitions=3, per_partition=5)
    found = keys_of(dynamodb.scan(TableName=table)["Items"])
    for p in ("p0", "p1", "p2"):
        assert [s for pk, s in found if pk == p] == [0, 1, 2, 3, 4]


def test_parallel_scan_segments_partition_the_table(dynamodb: Any, table: str) -> None:
    keys = fill(dynamodb, table, partitions=40, per_partition=2)
    segments = [scan_all(dynamodb, TableName=table, Segment=s, TotalSegments=4, Limit=3) for s in range(4)]
    everything = [k for segment in segments for k in segment]
    assert sorted(everything) == sorted(keys)
    assert sum(1 for segment in segments if segment) >= 2
    # a partition never spans segments
    owners = {pk: i for i, segment in enumerate(segments) for pk, _ in segment}
    assert all(owners[pk] == i for i, segment in enumerate(segments) for pk, _ in segment)


def test_parallel_scan_refuses_a_start_key_of_another_segment(dynamodb: Any, table: str) -> None:
    """dynalite's scan tests, recorded against AWS: a segment resumes only from its own keys."""
    fill(dynamodb, table, partitions=12, per_partition=1)
    first = dynamodb.scan(TableName=table, Segment=0, TotalSegments=2, Limit=1)
    start = first["LastEvaluatedKey"]
    resumed = dynamodb.scan(TableName=table, Segment=0, TotalSegments=2, ExclusiveStartKey=start)
    assert start not in [{"pk": i["pk"], "sk": i["sk"]} for i in resumed["Items"]]
    with pytest.raises(ClientError) as excinfo:
        dynamodb.scan(TableName=table, Segment=1, TotalSegments=2, ExclusiveStartKey=start)
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct "
        "Segment. TotalSegments: 2 Segment: 1",
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"Segment": 1}, "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"),
        ({"TotalSegments": 2}, "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"),
        ({"Segment": 2, "TotalSegments": 2}, "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2"),
        ({"Select": "SPECIFIC_ATTRIBUTES"}, "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES"}, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ],
)
def test_scan_parameter_checks(dynamodb: Any, table: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.scan(TableName=table, **options)
    assert error_of(excinfo) == ("ValidationException", message)


def test_scan_filter_count_and_limit(dynamodb: Any, table: str) -> None:
    fill(dynamodb, table, partitions=5, per_partition=2)
    page = dynamodb.scan(TableName=table, FilterExpression="n > :n", ExpressionAttributeValues={":n": {"N": "20"}}, Select="COUNT")
    assert page["Count"] == 5 and page["ScannedCount"] == 10 and "Items" not in page
    limited = dynamodb.scan(TableName=table, Limit=1, Select="COUNT")
    assert limited["Count"] == 1 and "LastEvaluatedKey" in limited


def test_scan_paginator_and_projection(dynamodb: Any, table: str) -> None:
    fill(dynamodb, table, partitions=4, per_partition=3)
    pages = dynamodb.get_paginator("scan").paginate(TableName=table, ProjectionExpression="n", PaginationConfig={"PageSize": 5})
    items = [item for page in pages for item in page["Items"]]
    assert len(items) == 12 and all(set(item) == {"n"} for item in items)


def test_scan_of_a_sparse_gsi(dynamodb: Any) -> None:
    from ddb_helpers import create_table

    create_table(
        dynamodb, "sparse", ExtraDefinitions=[{"AttributeName": "flag", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "flagged", "KeySchema": [{"AttributeName": "flag", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    for i in range(6):
        item = {"pk": {"S": f"k{i}"}, "body": {"S": "b"}}
        if i < 2:
            item["flag"] = {"S": "yes"}
        dynamodb.put_item(TableName="sparse", Item=item)
    found = dynamodb.scan(TableName="sparse", IndexName="flagged")
    assert sorted(i["pk"]["S"] for i in found["Items"]) == ["k0", "k1"]
    assert all(set(i) == {"pk", "flag"} for i in found["Items"])


def test_resource_scan(server: Any, hash_table: str) -> None:
    from boto3.dynamodb.conditions import Attr

    resource_table = server.resource("dynamodb").Table(hash_table)
    for i in range(4):
        resource_table.put_item(Item={"pk": f"k{i}", "n": i})
    found = resource_table.scan(FilterExpression=Attr("n").between(1, 2))
    assert sorted(i["pk"] for i in found["Items"]) == ["k1", "k2"]


def test_scan_of_hash_only_table_resumes(dynamodb: Any, hash_table: str) -> None:
    for i in range(7):
        dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": f"k{i}"}})
    pages = list(dynamodb.get_paginator("scan").paginate(TableName=hash_table, PaginationConfig={"PageSize": 2}))
    found = [i["pk"]["S"] for page in pages for i in page["Items"]]
    assert sorted(found) == [f"k{i}" for i in range(7)] and len(found) == 7


def test_consistent_scan_of_a_gsi_is_rejected(dynamodb: Any) -> None:
    from ddb_helpers import create_table

    create_table(
        dynamodb, "gsi-scan", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.scan(TableName="gsi-scan", IndexName="by-g", ConsistentRead=True)
    assert error_of(excinfo) == ("ValidationException", "Consistent reads are not supported on global secondary indexes")
