"""BatchGetItem and BatchWriteItem through boto3, including AWS's error messages."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of


def item(pk: str, sk: int, **attributes: Any) -> dict[str, Any]:
    return {
        "pk": {"S": pk},
        "sk": {"N": str(sk)},
        **{name: {"S": value} for name, value in attributes.items()},
    }


def key(pk: str, sk: int) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def put(entry: dict[str, Any]) -> dict[str, Any]:
    return {"PutRequest": {"Item": entry}}


def scan_all(dynamodb: Any, table: str) -> list[dict[str, Any]]:
    return sorted(
        dynamodb.scan(TableName=table)["Items"], key=lambda found: (found["pk"]["S"], int(found["sk"]["N"]))
    )


# -- BatchWriteItem ------------------------------------------------------------


def test_batch_write_puts_and_deletes_across_tables(dynamodb: Any, table: str, hash_table: str) -> None:
    dynamodb.put_item(TableName=table, Item=item("old", 1))
    result = dynamodb.batch_write_item(
        RequestItems={
            table: [put(item("a", 1, v="x")), put(item("a", 2)), {"DeleteRequest": {"Key": key("old", 1)}}],
            hash_table: [put({"pk": {"S": "h"}, "n": {"N": "1.50"}})],
        }
    )
    assert result["UnprocessedItems"] == {}
    assert "ConsumedCapacity" not in result
    assert scan_all(dynamodb, table) == [item("a", 1, v="x"), item("a", 2)]
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "h"}})["Item"]["n"] == {"N": "1.5"}


def test_batch_write_reports_consumed_capacity_per_table(dynamodb: Any, table: str, hash_table: str) -> None:
    result = dynamodb.batch_write_item(
        RequestItems={table: [put(item("a", 1)), put(item("a", 2))], hash_table: [put({"pk": {"S": "h"}})]},
        ReturnConsumedCapacity="TOTAL",
    )
    assert sorted(result["ConsumedCapacity"], key=lambda entry: entry["TableName"]) == [
        {"TableName": table, "CapacityUnits": 2.0},
        {"TableName": hash_table, "CapacityUnits": 1.0},
    ]


def test_batch_write_item_collection_metrics_come_back_for_lsi_tables(dynamodb: Any) -> None:
    create_table(
        dynamodb,
        "with-lsi",
        range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "alt", "AttributeType": "S"}],
        LocalSecondaryIndexes=[
            {
                "IndexName": "by-alt",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "alt", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    )
    result = dynamodb.batch_write_item(
        RequestItems={"with-lsi": [put(item("a", 1, alt="x"))]}, ReturnItemCollectionMetrics="SIZE"
    )
    metrics = result["ItemCollectionMetrics"]["with-lsi"]
    assert metrics[0]["ItemCollectionKey"] == {"pk": {"S": "a"}}
    assert len(metrics[0]["SizeEstimateRangeGB"]) == 2


def test_batch_write_of_more_than_25_requests_is_rejected(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(RequestItems={table: [put(item("a", n)) for n in range(26)]})
    code, message = error_of(caught)
    assert code == "ValidationException"
    assert message.endswith(
        "Map value must satisfy constraint: "
        "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
    )
    assert scan_all(dynamodb, table) == []


def test_batch_write_of_more_than_25_requests_over_two_tables_is_rejected(
    dynamodb: Any, table: str, hash_table: str
) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(
            RequestItems={
                table: [put(item("a", n)) for n in range(13)],
                hash_table: [put({"pk": {"S": str(n)}}) for n in range(13)],
            }
        )
    assert error_of(caught) == ("ValidationException", "Too many items requested for the BatchWriteItem call")


def test_batch_write_duplicate_keys_reject_the_whole_batch(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(
            RequestItems={
                table: [put(item("a", 1)), put(item("b", 1)), {"DeleteRequest": {"Key": key("a", 1)}}]
            }
        )
    assert error_of(caught) == ("ValidationException", "Provided list of item keys contains duplicates")
    assert scan_all(dynamodb, table) == []


def test_batch_write_numbers_that_normalise_equal_are_duplicates(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(
            RequestItems={
                table: [
                    put({"pk": {"S": "a"}, "sk": {"N": "1"}}),
                    put({"pk": {"S": "a"}, "sk": {"N": "1.0"}}),
                ]
            }
        )
    assert error_of(caught) == ("ValidationException", "Provided list of item keys contains duplicates")


@pytest.mark.parametrize(
    ("bad_request", "message"),
    [
        # Unlike PutItem, BatchWriteItem words a missing or mistyped key as a schema mismatch.
        (put({"pk": {"S": "z"}, "sk": {"S": "1"}}), "The provided key element does not match the schema"),
        (put({"pk": {"L": [{"S": "z"}]}, "sk": {"N": "1"}}), "The provided key element does not match the schema"),
        (put({"pk": {"S": "z"}}), "The provided key element does not match the schema"),
        (
            {"DeleteRequest": {"Key": {"pk": {"S": "z"}}}},
            "The provided key element does not match the schema",
        ),
        (
            put({"pk": {"S": "z"}, "sk": {"N": "1"}, "big": {"S": "x" * 410_000}}),
            "Item size has exceeded the maximum allowed size",
        ),
        (
            put({"pk": {"S": "z"}, "sk": {"N": "1"}, "n": {"N": "abc"}}),
            "The parameter cannot be converted to a numeric value: abc",
        ),
    ],
)
def test_an_invalid_request_rejects_the_batch_before_any_write(
    dynamodb: Any, table: str, bad_request: dict[str, Any], message: str
) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(RequestItems={table: [put(item("first", 1)), bad_request]})
    assert error_of(caught) == ("ValidationException", message)
    assert scan_all(dynamodb, table) == []


def test_batch_write_to_a_missing_table_writes_nothing(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(
            RequestItems={table: [put(item("a", 1))], "missing": [put({"pk": {"S": "x"}})]}
        )
    assert error_of(caught) == ("ResourceNotFoundException", "Requested resource not found")
    assert scan_all(dynamodb, table) == []


def test_a_write_request_needs_exactly_one_action(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(RequestItems={table: [{}]})
    assert error_of(caught) == (
        "ValidationException",
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    )


# -- BatchGetItem --------------------------------------------------------------


def test_batch_get_returns_found_items_per_table(dynamodb: Any, table: str, hash_table: str) -> None:
    dynamodb.batch_write_item(
        RequestItems={
            table: [put(item("a", 1, v="one")), put(item("a", 2, v="two"))],
            hash_table: [put({"pk": {"S": "h"}})],
        }
    )
    result = dynamodb.batch_get_item(
        RequestItems={
            table: {"Keys": [key("a", 1), key("a", 2), key("a", 3)], "ConsistentRead": True},
            hash_table: {"Keys": [{"pk": {"S": "h"}}]},
        }
    )
    assert result["UnprocessedKeys"] == {}
    found = sorted(result["Responses"][table], key=lambda entry: entry["sk"]["N"])
    assert found == [item("a", 1, v="one"), item("a", 2, v="two")]
    assert result["Responses"][hash_table] == [{"pk": {"S": "h"}}]


def test_batch_get_projects_with_expressions_or_attributes_to_get(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item=item("a", 1, v="one", w="other"))
    projected = dynamodb.batch_get_item(
        RequestItems={
            table: {
                "Keys": [key("a", 1)],
                "ProjectionExpression": "#v",
                "ExpressionAttributeNames": {"#v": "v"},
            }
        }
    )
    assert projected["Responses"][table] == [{"v": {"S": "one"}}]
    legacy = dynamodb.batch_get_item(
        RequestItems={table: {"Keys": [key("a", 1)], "AttributesToGet": ["w", "sk"]}}
    )
    assert legacy["Responses"][table] == [{"w": {"S": "other"}, "sk": {"N": "1"}}]


def test_batch_get_consumed_capacity_per_table(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item=item("a", 1))
    result = dynamodb.batch_get_item(
        RequestItems={table: {"Keys": [key("a", 1), key("a", 2)], "ConsistentRead": True}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert result["ConsumedCapacity"] == [
        {"TableName": table, "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}}
    ]


def test_batch_get_of_more_than_100_keys_is_rejected(dynamodb: Any, table: str, hash_table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(
            RequestItems={
                table: {"Keys": [key("a", n) for n in range(60)]},
                hash_table: {"Keys": [{"pk": {"S": str(n)}} for n in range(41)]},
            }
        )
    assert error_of(caught) == ("ValidationException", "Too many items requested for the BatchGetItem call")


def test_batch_get_duplicate_keys_are_rejected(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(RequestItems={table: {"Keys": [key("a", 1), key("a", 1)]}})
    assert error_of(caught) == ("ValidationException", "Provided list of item keys contains duplicates")


def test_batch_get_from_a_missing_table(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(RequestItems={"missing": {"Keys": [{"pk": {"S": "a"}}]}})
    assert error_of(caught) == ("ResourceNotFoundException", "Requested resource not found")


def test_batch_get_mixing_projection_and_attributes_to_get(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(
            RequestItems={
                table: {"Keys": [key("a", 1)], "AttributesToGet": ["v"], "ProjectionExpression": "v"}
            }
        )
    assert error_of(caught) == (
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    )


def test_batch_get_cannot_mix_projection_styles_across_tables(dynamodb: Any, table: str, hash_table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(
            RequestItems={
                table: {"Keys": [key("a", 1)], "ProjectionExpression": "pk"},
                hash_table: {"Keys": [{"pk": {"S": "a"}}], "AttributesToGet": ["pk"]},
            }
        )
    assert error_of(caught)[0] == "ValidationException"
    assert "Can not use both expression and non-expression parameters" in error_of(caught)[1]


def test_batch_get_leaves_keys_unprocessed_past_16_megabytes(dynamodb: Any, table: str) -> None:
    big = "x" * 390_000
    for first in range(0, 44, 11):
        dynamodb.batch_write_item(
            RequestItems={table: [put(item("a", n, v=big)) for n in range(first, first + 11)]}
        )
    keys = [key("a", n) for n in range(44)]
    result = dynamodb.batch_get_item(
        RequestItems={table: {"Keys": keys, "ProjectionExpression": "pk, sk, v"}}
    )
    returned = result["Responses"][table]
    unprocessed = result["UnprocessedKeys"][table]
    assert 40 <= len(returned) < 44
    assert len(returned) + len(unprocessed["Keys"]) == 44
    assert unprocessed["ProjectionExpression"] == "pk, sk, v"
    again = dynamodb.batch_get_item(RequestItems=result["UnprocessedKeys"])
    fetched = {entry["sk"]["N"] for entry in returned + again["Responses"][table]}
    assert fetched == {str(n) for n in range(44)}


def test_batch_write_checks_index_keys_like_put_item_before_writing(dynamodb: Any) -> None:
    create_table(
        dynamodb,
        "indexed",
        ExtraDefinitions=[{"AttributeName": "status", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-status",
                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
    )
    bad = {"pk": {"S": "b"}, "status": {"N": "1"}}
    with pytest.raises(ClientError) as single:
        dynamodb.put_item(TableName="indexed", Item=bad)
    with pytest.raises(ClientError) as batch:
        dynamodb.batch_write_item(RequestItems={"indexed": [put({"pk": {"S": "a"}}), put(bad)]})
    assert error_of(batch) == error_of(single)
    assert error_of(batch)[0] == "ValidationException"
    assert dynamodb.scan(TableName="indexed")["Count"] == 0


def test_batch_get_keys_are_checked_like_get_item(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(RequestItems={table: {"Keys": [key("a", 1), {"pk": {"S": "a"}}]}})
    assert error_of(caught) == ("ValidationException", "The provided key element does not match the schema")
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(
            RequestItems={table: {"Keys": [key("a", 1)], "ExpressionAttributeNames": {"#v": "v"}}}
        )
    assert error_of(caught) == (
        "ValidationException",
        "ExpressionAttributeNames can only be specified when using expressions",
    )


def test_batch_delete_of_a_missing_item_still_consumes_a_write(dynamodb: Any, table: str) -> None:
    result = dynamodb.batch_write_item(
        RequestItems={table: [{"DeleteRequest": {"Key": key("nothing", 1)}}]}, ReturnConsumedCapacity="TOTAL"
    )
    assert result["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 1.0}]


def test_batch_write_checks_values_and_sizes_before_looking_for_tables(dynamodb: Any) -> None:
    """dynalite's AWS-recorded batchWriteItem tests: a missing table is reported only for a valid batch."""
    big = {"pk": {"S": "a"}, "b": {"S": "x" * (400 * 1024 + 1 - 4)}}
    cases = [
        ({"PutRequest": {"Item": big}}, "Item size has exceeded the maximum allowed size"),
        ({"PutRequest": {"Item": {"pk": {"N": "b"}}}}, "The parameter cannot be converted to a numeric value: b"),
        ({"DeleteRequest": {"Key": {"pk": {"NS": ["1", "1"]}}}}, "Input collection contains duplicates"),
    ]
    for request, message in cases:
        with pytest.raises(ClientError) as caught:
            dynamodb.batch_write_item(RequestItems={"missing": [request]})
        assert error_of(caught) == ("ValidationException", message)
    big["b"]["S"] = big["b"]["S"][:-1]
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.batch_write_item(RequestItems={"missing": [{"PutRequest": {"Item": big}}]})


def test_batch_get_checks_key_values_before_looking_for_tables(dynamodb: Any) -> None:
    """dynalite's AWS-recorded batchGetItem tests."""
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(RequestItems={"missing": {"Keys": [{"pk": {"N": "b"}}]}})
    assert error_of(caught) == ("ValidationException", "The parameter cannot be converted to a numeric value: b")
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.batch_get_item(RequestItems={"missing": {"Keys": [{"pk": {"N": "1"}}]}})


MAP_KEYS = (
    "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
    "Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
)


def test_a_malformed_table_name_is_a_constraint_on_the_request_items_keys(dynamodb: Any) -> None:
    """dynamodb-conformance tier3 batchGetItem/batchWriteItem (us-east-1, eu-west-2, 2026-10-09)."""
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_get_item(RequestItems={"bad!name": {"Keys": [{"pk": {"S": "a"}}]}})
    assert error_of(caught) == (
        "ValidationException",
        "1 validation error detected: Value '{\"bad!name\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}}]}}' at 'requestItems' " + MAP_KEYS,
    )
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(RequestItems={"bad!name": [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}]})
    text = error_of(caught)[1]
    assert text.startswith("1 validation error detected: Value '{bad!name=[WriteRequest(putRequest=PutRequest(item={pk=")
    assert text.endswith("' at 'requestItems' " + MAP_KEYS)
