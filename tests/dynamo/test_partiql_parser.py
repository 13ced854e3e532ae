"""Unit tests: PartiQL text to statements, and statements to DynamoDB operations."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.partiql.nodes import Compare, Delete, Insert, Path, Select, Update, Value
from emulator.dynamo.partiql.parser import parse
from emulator.dynamo.partiql.planner import (
    KeyNames,
    plan_delete,
    plan_get,
    plan_insert,
    plan_select,
    plan_update,
)

KEYS = KeyNames("pk", "sk", {"pk": "S", "sk": "N"})
HASH_ONLY = KeyNames("pk", None, {"pk": "S"})


def error_of(statement: str, parameters: list[Any] | None = None) -> str:
    with pytest.raises(ValidationException) as caught:
        parse(statement, parameters)
    return str(caught.value.message)


def test_literals_become_attribute_values() -> None:
    statement = parse(
        "INSERT INTO \"t\" VALUE {'pk': 'it''s', 'n': -1.50, 'b': TRUE, 'z': null, "
        "'l': [1, 'a'], 'm': {'x': 2}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>, 'p': ?}",
        [{"BOOL": False}],
    )
    assert isinstance(statement, Insert)
    assert statement.table == "t"
    assert statement.item == {
        "pk": {"S": "it's"},
        "n": {"N": "-1.5"},
        "b": {"BOOL": True},
        "z": {"NULL": True},
        "l": {"L": [{"N": "1"}, {"S": "a"}]},
        "m": {"M": {"x": {"N": "2"}}},
        "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "2"]},
        "p": {"BOOL": False},
    }


def test_select_parses_projection_index_and_where() -> None:
    statement = parse(
        'select a, "b c".d[2] from "t"."idx" where pk = ? and sk >= 3 order by sk desc', [{"S": "x"}]
    )
    assert isinstance(statement, Select)
    assert statement.index == "idx"
    assert statement.projection == (Path(("a",)), Path(("b c", "d", 2)))
    assert statement.ascending is False


@pytest.mark.parametrize(
    ("statement", "detail"),
    [
        ("DROP TABLE t", "Expected data manipulation"),
        ("SLECT * FROM t", "Expected data manipulation"),
        ("SELECT * t", "Expected FROM after SELECT list"),
        ("SELECT * FROM", "Unexpected term"),
        ("SELECT * FROM t WHERE a = FROM", "Unexpected keyword"),
        ("SELECT * FROM t WHERE a = 'x' b", "Unexpected token after expression"),
        (
            "SELECT * FROM t; SELECT * FROM t",
            "Unexpected token after semicolon. (Only one query is allowed.)",
        ),
        ("DELETE t WHERE a = 1", "Expected FROM after DELETE"),
        ("SELECT * FROM t WHERE a IN ['x'", "Expected RIGHT_BRACKET"),
    ],
)
def test_malformed_statements_are_rejected_as_partiql_does(statement: str, detail: str) -> None:
    assert error_of(statement) == "Statement wasn't well formed, can't be processed: " + detail


def test_parameter_count_must_match() -> None:
    assert (
        error_of("SELECT * FROM t WHERE pk = ?")
        == "Number of parameters in request and statement don't match."
    )
    assert (
        error_of("SELECT * FROM t", [{"S": "x"}])
        == "Number of parameters in request and statement don't match."
    )


def test_select_on_the_partition_key_is_a_query_with_key_condition_and_filter() -> None:
    statement = parse("SELECT * FROM t WHERE 'a' = pk AND 5 > sk AND NOT x = 1")
    assert isinstance(statement, Select)
    plan = plan_select(statement, KEYS)
    assert plan.operation == "query"
    assert plan.params["KeyConditionExpression"] == "#p0 = :p0 AND #p1 < :p1"
    assert plan.params["FilterExpression"] == "NOT #p2 = :p2"
    assert plan.params["ExpressionAttributeNames"] == {"#p0": "pk", "#p1": "sk", "#p2": "x"}


def test_select_without_partition_key_equality_is_a_scan() -> None:
    statement = parse("SELECT a FROM t WHERE pk = 'a' OR (b > 1 AND c IS MISSING)")
    assert isinstance(statement, Select)
    plan = plan_select(statement, KEYS)
    assert plan.operation == "scan"
    assert plan.params["FilterExpression"] == "#p1 = :p0 OR (#p2 > :p1 AND attribute_not_exists(#p3))"
    assert plan.params["ProjectionExpression"] == "#p0"


def test_select_with_two_sort_key_conditions_scans_rather_than_filter_on_a_key() -> None:
    statement = parse("SELECT * FROM t WHERE pk = 'a' AND sk > 1 AND sk < 9")
    assert isinstance(statement, Select)
    assert plan_select(statement, KEYS).operation == "scan"


def test_order_by_needs_the_partition_key() -> None:
    statement = parse("SELECT * FROM t WHERE a = 1 ORDER BY sk")
    assert isinstance(statement, Select)
    with pytest.raises(ValidationException) as caught:
        plan_select(statement, KEYS)
    assert caught.value.message == (
        "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."
    )


def test_update_builds_update_and_existence_condition() -> None:
    statement = parse(
        "UPDATE t SET a = a + 1, s = set_add(s, <<'x'>>) REMOVE old SET b.c = 'v' "
        "WHERE pk = 'k' AND sk = 1 AND a < 10 RETURNING ALL NEW *"
    )
    assert isinstance(statement, Update)
    plan = plan_update(statement, KEYS)
    assert plan.operation == "update_item"
    assert plan.params["Key"] == {"pk": {"S": "k"}, "sk": {"N": "1"}}
    assert plan.params["UpdateExpression"] == "SET #p0 = #p0 + :p0, #p2.#p3 = :p2 REMOVE #p4 ADD #p1 :p1"
    assert plan.params["ConditionExpression"] == "attribute_exists(#p5) AND #p0 < :p3"
    assert plan.params["ReturnValues"] == "ALL_NEW"


def test_writes_must_pin_every_key_attribute_with_matching_types() -> None:
    delete = parse("DELETE FROM t WHERE pk = 'k'")
    assert isinstance(delete, Delete)
    with pytest.raises(ValidationException) as caught:
        plan_delete(delete, KEYS)
    assert caught.value.message == "Where clause does not contain a mandatory equality on all key attributes"
    mismatched = parse("DELETE FROM t WHERE pk = 1")
    assert isinstance(mismatched, Delete)
    with pytest.raises(ValidationException) as caught:
        plan_delete(mismatched, HASH_ONLY)
    assert (
        caught.value.message
        == "Key attribute's data type should match its data type in table's schema: Key pk"
    )


def test_delete_returning_only_all_old() -> None:
    statement = parse("DELETE FROM t WHERE pk = 'k' RETURNING ALL NEW *")
    assert isinstance(statement, Delete)
    with pytest.raises(ValidationException) as caught:
        plan_delete(statement, HASH_ONLY)
    assert caught.value.message == (
        "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements."
    )


def test_insert_is_a_put_conditioned_on_absence() -> None:
    statement = parse("INSERT INTO t VALUE {'pk': 'k'}")
    assert isinstance(statement, Insert)
    plan = plan_insert(statement, HASH_ONLY)
    assert plan.params["ConditionExpression"] == "attribute_not_exists(#p0)"
    assert plan.is_insert


def test_batch_selects_must_name_one_item() -> None:
    statement = parse("SELECT * FROM t WHERE pk = 'a'")
    assert isinstance(statement, Select)
    with pytest.raises(ValidationException) as caught:
        plan_get(statement, KEYS, in_transaction=False)
    assert caught.value.message == "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
    with pytest.raises(ValidationException) as caught:
        plan_get(statement, KEYS, in_transaction=True)
    assert caught.value.message == (
        "Select statements within ExecuteTransaction must specify the primary key in the where clause."
    )
    full = parse("SELECT * FROM t WHERE pk = 'a' AND sk = 2")
    assert isinstance(full, Select)
    assert plan_get(full, KEYS, in_transaction=True).params["Key"] == {"pk": {"S": "a"}, "sk": {"N": "2"}}


def test_in_accepts_brackets_parentheses_and_list_parameter() -> None:
    for text, params in (
        ("a IN ['x', 'y']", None),
        ("a IN ('x', 'y')", None),
        ("a IN ?", [{"L": [{"S": "x"}, {"S": "y"}]}]),
    ):
        statement = parse(f"SELECT * FROM t WHERE {text}", params)
        assert isinstance(statement, Select)
        assert plan_select(statement, KEYS).params["FilterExpression"] == "#p0 IN (:p0, :p1)"


def test_comparison_nodes_keep_operands() -> None:
    statement = parse("SELECT * FROM t WHERE a != 'x'")
    assert isinstance(statement, Select)
    assert statement.where == Compare("<>", Path(("a",)), Value({"S": "x"}))


def test_query_key_values_must_match_the_schema_types() -> None:
    statement = parse("SELECT * FROM t WHERE pk = 'a' AND sk > 'x'")
    assert isinstance(statement, Select)
    with pytest.raises(ValidationException) as caught:
        plan_select(statement, KEYS)
    assert (
        caught.value.message
        == "Key attribute's data type should match its data type in table's schema: Key sk"
    )


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM t WHERE " + "(" * 3000 + "a = 1" + ")" * 3000,
        "SELECT * FROM t WHERE " + "NOT " * 3000 + "a = 1",
        "INSERT INTO t VALUE {'pk': " + "[" * 3000 + "]" * 3000 + "}",
        "UPDATE t SET a = a" + " + 1" * 2000 + " WHERE pk = 'x'",
    ],
)
def test_deeply_nested_statements_are_rejected_not_crashed(statement: str) -> None:
    assert (
        error_of(statement)
        == "Statement wasn't well formed, can't be processed: Statement is nested too deeply"
    )


def test_inclusive_sort_key_bounds_become_one_between_key_condition() -> None:
    statement = parse("SELECT * FROM t WHERE pk = 'a' AND sk <= 9 AND x = 1 AND 2 <= sk")
    assert isinstance(statement, Select)
    plan = plan_select(statement, KEYS)
    assert plan.operation == "query"
    assert plan.params["KeyConditionExpression"] == "#p0 = :p0 AND #p1 BETWEEN :p1 AND :p2"
    assert plan.params["ExpressionAttributeValues"][":p1"] == {"N": "2"}
    assert plan.params["FilterExpression"] == "#p2 = :p3"


def test_empty_sort_key_range_is_not_a_between() -> None:
    statement = parse("SELECT * FROM t WHERE pk = 'a' AND sk >= 9 AND sk <= 2")
    assert isinstance(statement, Select)
    assert plan_select(statement, KEYS).operation == "scan"
