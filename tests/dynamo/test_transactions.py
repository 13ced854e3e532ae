"""TransactWriteItems and TransactGetItems: all or nothing, reasons in order, idempotency."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of


def key(pk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}}


def test_transaction_applies_every_action(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={**key("upd"), "n": {"N": "1"}})
    dynamodb.put_item(TableName=hash_table, Item=key("del"))
    dynamodb.put_item(TableName=hash_table, Item={**key("chk"), "ok": {"BOOL": True}})
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": hash_table, "Item": {**key("new"), "v": {"S": "x"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Update": {"TableName": hash_table, "Key": key("upd"), "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Delete": {"TableName": hash_table, "Key": key("del")}},
            {"ConditionCheck": {"TableName": hash_table, "Key": key("chk"), "ConditionExpression": "ok = :t", "ExpressionAttributeValues": {":t": {"BOOL": True}}}},
        ]
    )
    assert dynamodb.get_item(TableName=hash_table, Key=key("new"))["Item"]["v"] == {"S": "x"}
    assert dynamodb.get_item(TableName=hash_table, Key=key("upd"))["Item"]["n"] == {"N": "2"}
    assert "Item" not in dynamodb.get_item(TableName=hash_table, Key=key("del"))


def test_failed_condition_cancels_everything_with_reasons_in_order(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={**key("exists"), "v": {"N": "1"}})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": hash_table, "Item": key("first")}},
                {"Put": {"TableName": hash_table, "Item": key("exists"), "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
                {"Delete": {"TableName": hash_table, "Key": key("missing"), "ConditionExpression": "attribute_exists(pk)"}},
            ]
        )
    code, message = error_of(excinfo)
    assert code == "TransactionCanceledException"
    assert message == "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed]"
    reasons = excinfo.value.response["CancellationReasons"]
    assert reasons[0] == {"Code": "None"}
    assert reasons[1]["Code"] == "ConditionalCheckFailed" and reasons[1]["Item"] == {**key("exists"), "v": {"N": "1"}}
    assert reasons[2] == {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
    assert "Item" not in dynamodb.get_item(TableName=hash_table, Key=key("first"))


def test_same_item_twice_is_rejected(dynamodb: Any, hash_table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": hash_table, "Item": key("a")}},
                {"Delete": {"TableName": hash_table, "Key": key("a")}},
            ]
        )
    assert error_of(excinfo) == ("ValidationException", "Transaction request cannot include multiple operations on one item")
    assert dynamodb.scan(TableName=hash_table)["Count"] == 0


def test_transact_get_of_one_item_twice_is_rejected(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item=key("a"))
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_get_items(
            TransactItems=[{"Get": {"TableName": hash_table, "Key": key("a")}}, {"Get": {"TableName": hash_table, "Key": key("a")}}]
        )
    assert error_of(excinfo) == ("ValidationException", "Transaction request cannot include multiple operations on one item")


def test_missing_table_rejects_the_transaction(dynamodb: Any, hash_table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": hash_table, "Item": key("a")}},
                {"Put": {"TableName": "missing", "Item": key("a")}},
            ]
        )
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")
    assert dynamodb.scan(TableName=hash_table)["Count"] == 0


def test_client_request_token_makes_the_write_idempotent(dynamodb: Any, hash_table: str) -> None:
    request = {
        "TransactItems": [{"Update": {"TableName": hash_table, "Key": key("c"), "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}],
        "ClientRequestToken": "token-1",
    }
    dynamodb.transact_write_items(**request)
    dynamodb.transact_write_items(**request)
    assert dynamodb.get_item(TableName=hash_table, Key=key("c"))["Item"]["n"] == {"N": "1"}
    changed = {**request, "TransactItems": [{"Put": {"TableName": hash_table, "Item": key("other")}}]}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(**changed)
    assert error_of(excinfo)[0] == "IdempotentParameterMismatchException"


def test_a_replay_reports_transactional_reads_not_writes(dynamodb: Any, hash_table: str) -> None:
    request = {
        "TransactItems": [{"Put": {"TableName": hash_table, "Item": key("r")}}],
        "ClientRequestToken": "token-r",
        "ReturnConsumedCapacity": "INDEXES",
    }
    first = dynamodb.transact_write_items(**request)["ConsumedCapacity"]
    replay = dynamodb.transact_write_items(**request)["ConsumedCapacity"]
    units = {"CapacityUnits": 2.0}
    assert first == [{"TableName": hash_table, **units, "WriteCapacityUnits": 2.0, "Table": {**units, "WriteCapacityUnits": 2.0}}]
    assert replay == [{"TableName": hash_table, **units, "ReadCapacityUnits": 2.0, "Table": {**units, "ReadCapacityUnits": 2.0}}]


def test_hundred_actions_allowed(dynamodb: Any, hash_table: str) -> None:
    dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": key(f"k{i}")}} for i in range(100)])
    assert dynamodb.scan(TableName=hash_table, Select="COUNT")["Count"] == 100
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": key(f"x{i}")}} for i in range(101)])
    assert error_of(excinfo)[0] == "ValidationException"


def test_transact_get_items_in_order(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={**key("a"), "v": {"S": "1"}, "w": {"S": "2"}})
    response = dynamodb.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": hash_table, "Key": key("missing")}},
            {"Get": {"TableName": hash_table, "Key": key("a"), "ProjectionExpression": "v"}},
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    assert response["Responses"] == [{}, {"Item": {"v": {"S": "1"}}}]
    assert response["ConsumedCapacity"][0]["CapacityUnits"] == 4.0


def test_update_producing_invalid_item_is_a_validation_reason(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={**key("big"), "v": {"S": "x" * 300_000}})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[{"Update": {"TableName": hash_table, "Key": key("big"), "UpdateExpression": "SET w = :w", "ExpressionAttributeValues": {":w": {"S": "y" * 200_000}}}}]
        )
    assert excinfo.value.response["CancellationReasons"] == [
        {"Code": "ValidationError", "Message": "Item size to update has exceeded the maximum allowed size"}
    ]


def test_item_collection_metrics_name_the_lsi_tables_collections(dynamodb: Any, hash_table: str) -> None:
    create_table(
        dynamodb, "with-lsi", range_key=("sk", "N"), ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        LocalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "g", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    result = dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "with-lsi", "Item": {**key("a"), "sk": {"N": "1"}, "g": {"S": "x"}}}},
            {"Put": {"TableName": hash_table, "Item": key("a")}},
        ],
        ReturnItemCollectionMetrics="SIZE",
    )
    assert result["ItemCollectionMetrics"] == {"with-lsi": [{"ItemCollectionKey": key("a"), "SizeEstimateRangeGB": [0.0, 1.0]}]}
    plain = dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": key("b")}}])
    assert "ItemCollectionMetrics" not in plain


SCHEMA_MISMATCH = "The provided key element does not match the schema"
EMPTY_KEY = "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"


def _cancelled_with(dynamodb: Any, action: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(TransactItems=[action])
    assert error_of(excinfo)[0] == "TransactionCanceledException"
    return excinfo.value.response["CancellationReasons"]


@pytest.mark.parametrize("bad", [{"N": "5"}, {"L": [{"S": "x"}]}])
def test_mistyped_keys_cancel_the_action_and_empty_ones_refuse_the_request(dynamodb: Any, hash_table: str, bad: Any) -> None:
    """Captured against AWS (a conformance suite, four regions): a mistyped key is a ValidationError
    reason, worded as PutItem words it for a Put and as a schema mismatch for a lookup Key."""
    kind = next(iter(bad))
    assert _cancelled_with(dynamodb, {"Put": {"TableName": hash_table, "Item": {"pk": bad}}}) == [
        {"Code": "ValidationError", "Message": f"One or more parameter values were invalid: Type mismatch for key pk expected: S actual: {kind}"}
    ]
    lookups = [
        {"Update": {"TableName": hash_table, "Key": {"pk": bad}, "UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}}},
        {"Delete": {"TableName": hash_table, "Key": {"pk": bad}}},
        {"ConditionCheck": {"TableName": hash_table, "Key": {"pk": bad}, "ConditionExpression": "attribute_not_exists(pk)"}},
    ]
    for action in lookups:
        assert _cancelled_with(dynamodb, action) == [{"Code": "ValidationError", "Message": SCHEMA_MISMATCH}]
        empty = {kind: {**body, "Key": {"pk": {"S": ""}}} for kind, body in action.items()}
        with pytest.raises(ClientError) as excinfo:
            dynamodb.transact_write_items(TransactItems=[empty])
        assert error_of(excinfo) == ("ValidationException", EMPTY_KEY)


def test_index_key_values_in_transactions(dynamodb: Any) -> None:
    create_table(
        dynamodb, "indexed", range_key=("sk", "S"),
        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "gsi1", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    mismatch = "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi1"
    put = {"Put": {"TableName": "indexed", "Item": {"pk": {"S": "a"}, "sk": {"S": "a"}, "g": {"N": "5"}}}}
    assert _cancelled_with(dynamodb, put) == [{"Code": "ValidationError", "Message": mismatch}]
    update = {"Update": {"TableName": "indexed", "Key": {"pk": {"S": "a"}, "sk": {"S": "a"}}, "UpdateExpression": "SET g = :v"}}
    assert _cancelled_with(dynamodb, {"Update": {**update["Update"], "ExpressionAttributeValues": {":v": {"N": "5"}}}}) == [
        {"Code": "ValidationError", "Message": mismatch}
    ]
    empty_update = (
        "One or more parameter values are not valid. The update expression attempted to update a secondary index key "
        "to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value."
    )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(TransactItems=[{"Update": {**update["Update"], "ExpressionAttributeValues": {":v": {"S": ""}}}}])
    assert error_of(excinfo) == ("ValidationException", empty_update)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_item(TableName="indexed", Key={"pk": {"S": "a"}, "sk": {"S": "a"}}, UpdateExpression="SET g = :v", ExpressionAttributeValues={":v": {"S": ""}})
    assert error_of(excinfo) == ("ValidationException", empty_update)


def test_puts_over_four_megabytes_are_refused(dynamodb: Any, hash_table: str) -> None:
    """AWS's documented 4 MB limit on a transaction's items (a conformance suite checks the code)."""
    def puts(prefix: str, count: int) -> list[dict[str, Any]]:
        return [{"Put": {"TableName": hash_table, "Item": {**key(f"{prefix}{i}"), "p": {"S": "x" * 350_000}}}} for i in range(count)]

    dynamodb.transact_write_items(TransactItems=puts("ok", 10))
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(TransactItems=puts("big", 12))
    assert error_of(excinfo)[0] == "ValidationException"
    assert "Item" not in dynamodb.get_item(TableName=hash_table, Key=key("big0"))


def test_transact_get_with_a_key_off_the_schema_is_cancelled(dynamodb: Any, hash_table: str) -> None:
    """dynamodb-conformance tier3 transactGetItems: per-Get key errors cancel with ValidationError."""
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_get_items(TransactItems=[
            {"Get": {"TableName": hash_table, "Key": key("a")}},
            {"Get": {"TableName": hash_table, "Key": {}}},
        ])
    assert error_of(caught) == (
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]",
    )
    reasons = caught.value.response["CancellationReasons"]
    assert reasons == [{"Code": "None"}, {"Code": "ValidationError", "Message": "The provided key element does not match the schema"}]
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_get_items(TransactItems=[{"Get": {"TableName": hash_table, "Key": {"pk": {"S": ""}}}}])
    assert error_of(caught)[0] == "ValidationException"
