"""PartiQL behaviours AWS showed dynoxide's captures (eu-west-2, 2026-08-15).

Sources: nubo-db/dynoxide tests/batch_statement_member_fields.rs (cases B1-B11)
and tests/partiql_predicate_types.rs.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

TABLE = "batch_fields"


@pytest.fixture
def seeded(dynamodb: Any) -> str:
    create_table(
        dynamodb,
        TABLE,
        ExtraDefinitions=[{"AttributeName": "gsiPk", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "gsi-all",
            "KeySchema": [{"AttributeName": "gsiPk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )
    for pk, gsi, val in (("k1", "g1", "v1"), ("k2", "g2", "v2"), ("k3", "g3", "v3")):
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": pk}, "gsiPk": {"S": gsi}, "val": {"S": val}})
    return TABLE


def batch(client: Any, *statements: dict[str, Any]) -> dict[str, Any]:
    return client.batch_execute_statement(Statements=list(statements), ReturnConsumedCapacity="INDEXES")  # type: ignore[no-any-return]


def select(pk: str, **member: Any) -> dict[str, Any]:
    return {"Statement": f"SELECT * FROM \"{TABLE}\" WHERE pk='{pk}'", **member}


def test_consistent_read_is_charged_per_member(dynamodb: Any, seeded: str) -> None:
    # B1-B4: 0.5 eventual, 1.0 consistent, an explicit false is eventual, 1.5 for one of each.
    assert batch(dynamodb, select("k1"))["ConsumedCapacity"][0]["CapacityUnits"] == 0.5
    assert batch(dynamodb, select("k1", ConsistentRead=True))["ConsumedCapacity"][0]["CapacityUnits"] == 1.0
    assert batch(dynamodb, select("k1", ConsistentRead=False))["ConsumedCapacity"][0]["CapacityUnits"] == 0.5
    mixed = batch(dynamodb, select("k1", ConsistentRead=True), select("k2"))
    assert mixed["ConsumedCapacity"][0]["CapacityUnits"] == 1.5
    assert [response["Item"]["pk"] for response in mixed["Responses"]] == [{"S": "k1"}, {"S": "k2"}]


@pytest.mark.parametrize("option", ["ALL_OLD", "NONE", None])
def test_a_failed_condition_never_returns_the_item(dynamodb: Any, seeded: str, option: str | None) -> None:
    # B7-B9: the same answer whatever ReturnValuesOnConditionCheckFailure says.
    member: dict[str, Any] = {"Statement": f"UPDATE \"{TABLE}\" SET val='changed' WHERE pk='k1' AND val='nomatch'"}
    if option is not None:
        member["ReturnValuesOnConditionCheckFailure"] = option
    (response,) = dynamodb.batch_execute_statement(Statements=[member])["Responses"]
    assert response == {
        "TableName": TABLE,
        "Error": {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
    }


def test_a_duplicate_insert_returns_no_item_either(dynamodb: Any, seeded: str) -> None:
    # B11
    (response,) = dynamodb.batch_execute_statement(Statements=[{
        "Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk':'k3','val':'dupe'}}",
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }])["Responses"]
    assert response["Error"]["Code"] == "DuplicateItem"
    assert "Item" not in response["Error"] and "Item" not in response


def test_a_failing_member_is_charged_its_write_on_the_total_only(dynamodb: Any, seeded: str) -> None:
    # B10: the total sits above the table and index arms by the failed member's write.
    result = batch(
        dynamodb,
        {"Statement": f"UPDATE \"{TABLE}\" SET val='changed' WHERE pk='k1' AND val='nomatch'"},
        {"Statement": f"UPDATE \"{TABLE}\" SET val='ok' WHERE pk='k2'"},
    )
    (entry,) = result["ConsumedCapacity"]
    arms = entry["Table"]["CapacityUnits"] + sum(i["CapacityUnits"] for i in entry["GlobalSecondaryIndexes"].values())
    assert (entry["CapacityUnits"], arms) == (3.0, 2.0)


def test_a_missing_table_fails_only_its_own_member(dynamodb: Any, seeded: str) -> None:
    create_table(dynamodb, "shared_hash_only", hash_key=("id", "S"))
    responses = dynamodb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk':'p'}}"},
        {"Statement": "INSERT INTO \"no_such_table\" VALUE {'pk':'p'}"},
        {"Statement": "INSERT INTO \"shared_hash_only\" VALUE {'id':'p'}"},
    ])["Responses"]
    assert [("Error" in response) for response in responses] == [False, True, False]
    assert dynamodb.get_item(TableName="shared_hash_only", Key={"id": {"S": "p"}})["Item"] == {"id": {"S": "p"}}


# --- predicates: one semantics with ConditionExpression (sixty-six comparisons agreed) ---

STORED_AND_PROBES = [
    ({"SS": ["a", "b", "c"]}, {"SS": ["c", "a", "b"]}, {"SS": ["a", "b"]}),
    ({"NS": ["1", "2", "3"]}, {"NS": ["3", "1", "2"]}, {"NS": ["1", "2"]}),
    ({"BS": [b"p", b"q"]}, {"BS": [b"q", b"p"]}, {"BS": [b"p"]}),
    ({"L": [{"S": "a"}, {"N": "1"}]}, {"L": [{"S": "a"}, {"N": "1"}]}, {"L": [{"N": "1"}, {"S": "a"}]}),
    ({"M": {"x": {"N": "1"}, "y": {"S": "two"}}}, {"M": {"y": {"S": "two"}, "x": {"N": "1"}}}, {"M": {"x": {"N": "9"}}}),
    ({"B": b"hello"}, {"B": b"hello"}, {"B": b"world"}),
    ({"N": "1"}, {"N": "1.0"}, {"N": "2"}),
    ({"S": "plain"}, {"S": "plain"}, {"N": "1"}),
]


@pytest.mark.parametrize(("stored", "equal", "different"), STORED_AND_PROBES)
def test_equality_by_type(dynamodb: Any, hash_table: str, stored: Any, equal: Any, different: Any) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "k"}, "v": stored})

    def matches(op: str, value: Any) -> bool:
        statement = f'SELECT pk FROM "{hash_table}" WHERE pk = ? AND v {op} ?'
        return bool(dynamodb.execute_statement(Statement=statement, Parameters=[{"S": "k"}, value])["Items"])

    assert (matches("=", equal), matches("<>", equal)) == (True, False)
    assert (matches("=", different), matches("<>", different)) == (False, True)
    dynamodb.execute_statement(
        Statement=f'UPDATE "{hash_table}" SET marker = \'fired\' WHERE pk = ? AND v = ?',
        Parameters=[{"S": "k"}, equal],
    )
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "k"}})["Item"]["marker"] == {"S": "fired"}


# --- BatchExecuteStatement capacity and duplicates (dynoxide's partiql_index_consumed_capacity.rs) ---


def test_a_batch_where_nothing_succeeds_reports_no_capacity(dynamodb: Any, seeded: str) -> None:
    # M1: a lone failing statement reports no ConsumedCapacity at all.
    result = batch(dynamodb, {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk':'k1'}}"})
    assert result["Responses"][0]["Error"]["Code"] == "DuplicateItem"
    assert "ConsumedCapacity" not in result


def test_a_failed_insert_is_charged_on_the_item_already_stored(dynamodb: Any, seeded: str) -> None:
    # U2: failures cost the write of the stored item (1 + 3 here), beside one success (1 + gsi 1).
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "big"}, "pad": {"S": "x" * 3000}})
    result = batch(
        dynamodb,
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk':'k1'}}"},
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk':'big'}}"},
        {"Statement": f"INSERT INTO \"{TABLE}\" VALUE {{'pk':'new','gsiPk':'g9'}}"},
    )
    (entry,) = result["ConsumedCapacity"]
    assert entry["CapacityUnits"] == 6.0
    assert entry["Table"] == {"CapacityUnits": 1.0}
    assert entry["GlobalSecondaryIndexes"] == {"gsi-all": {"CapacityUnits": 1.0}}


def test_two_reads_of_one_item_are_refused(dynamodb: Any, seeded: str) -> None:
    # V2: as a write batch naming one item twice is.
    with pytest.raises(ClientError) as caught:
        batch(dynamodb, select("k1"), select("k1"))
    assert error_of(caught) == ("ValidationException", "Provided list of item keys contains duplicates")
    # V1: distinct items are two reads at 0.5.
    assert batch(dynamodb, select("k1"), select("k2"))["ConsumedCapacity"][0]["CapacityUnits"] == 1.0


@pytest.mark.parametrize(
    "statement",
    [
        f"UPDATE \"{TABLE}\".\"gsi-all\" SET val='z' WHERE pk='k1'",
        f"DELETE FROM \"{TABLE}\".\"gsi-all\" WHERE pk='k1'",
        "UPDATE \"nosuchtable\".\"gsi-all\" SET a='z' WHERE pk='p'",
    ],
)
def test_a_write_naming_an_index_is_refused_before_the_table_is_resolved(
    dynamodb: Any, seeded: str, statement: str
) -> None:
    # dynoxide's partiql_index_qualifier.rs, captures Q23/Q24.
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement=statement)
    assert error_of(caught) == ("ValidationException", "This operation is not supported on an index")


@pytest.mark.parametrize(
    ("statement", "place"),
    [
        ('SELECT COUNT(*) FROM "batch_fields"', "1:8:5"),
        ('select count(pk) from "no_such_table"', "1:8:5"),
        ('SELECT pk,\n  COUNT(*) FROM "batch_fields"', "2:3:5"),
    ],
)
def test_count_is_refused_where_it_stands(dynamodb: Any, seeded: str, statement: str, place: str) -> None:
    # dynoxide's capture (eu-west-2 2026-07-29): no aggregates, refused before the table is looked up.
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement=statement)
    assert error_of(caught) == ("ValidationException", f"Unexpected path component at {place}")


def test_an_attribute_named_count_is_still_selectable(dynamodb: Any, seeded: str) -> None:
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "c"}, "count": {"N": "3"}})
    items = dynamodb.execute_statement(Statement=f"SELECT \"count\" FROM \"{TABLE}\" WHERE pk='c'")["Items"]
    assert items == [{"count": {"N": "3"}}]


@pytest.mark.parametrize(
    "statement", ['SELECT * FROM "', 'SELECT * FROM "abc', "SELECT * FROM \"batch_fields\" WHERE pk = 'oops"]
)
def test_an_unterminated_quote_is_malformed_without_detail(dynamodb: Any, seeded: str, statement: str) -> None:
    # dynoxide's captures R16-R18: the envelope with nothing after it.
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement=statement)
    assert error_of(caught) == ("ValidationException", "Statement wasn't well formed, can't be processed: ")


def test_an_insert_naming_an_index_is_refused_bare(dynamodb: Any, seeded: str) -> None:
    # dynoxide's capture Q25 (eu-west-2 2026-08-15); the place is the table name's.
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement=f"INSERT INTO \"{TABLE}\".\"gsi-all\" VALUE {{'pk':'w'}}")
    assert error_of(caught) == (
        "ValidationException",
        "FROM clause may only contain a single table name in data manipulation statements at 1:13:14",
    )


def test_a_token_from_one_index_is_refused_on_another(dynamodb: Any, seeded: str) -> None:
    # dynoxide's capture Q21 (eu-west-2 2026-08-15).
    first = dynamodb.execute_statement(Statement=f'SELECT * FROM "{TABLE}"."gsi-all"', Limit=1)
    second = dynamodb.execute_statement(Statement=f'SELECT * FROM "{TABLE}"."gsi-all"', Limit=1, NextToken=first["NextToken"])
    assert second["Items"] and second["Items"] != first["Items"]
    with pytest.raises(ClientError) as caught:
        dynamodb.execute_statement(Statement=f'SELECT * FROM "{TABLE}"', Limit=1, NextToken=first["NextToken"])
    assert error_of(caught) == ("ValidationException", "NextToken does not match request")
