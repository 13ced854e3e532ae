"""Key condition expressions: what Query accepts, and AWS's messages for what it does not."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.expressions import parse_key_condition

VALUES: dict[str, Any] = {":h": {"S": "h"}, ":a": {"N": "1"}, ":b": {"N": "2"}, ":p": {"S": "pre"}}


def key(text: str, names: dict[str, str] | None = None, range_key: str | None = "sk") -> Any:
    values = {k: v for k, v in VALUES.items() if k in text}
    return parse_key_condition(text, names, values, hash_key="pk", range_key=range_key)


def test_hash_only() -> None:
    condition = key("pk = :h")
    assert (condition.hash_name, condition.hash_value, condition.range) == ("pk", {"S": "h"}, None)
    assert condition.range_name == "sk"


@pytest.mark.parametrize(
    ("text", "op", "values"),
    [
        ("pk = :h AND sk = :a", "=", [{"N": "1"}]),
        ("pk = :h AND sk < :a", "<", [{"N": "1"}]),
        ("sk <= :a AND pk = :h", "<=", [{"N": "1"}]),
        ("pk = :h AND sk > :a", ">", [{"N": "1"}]),
        ("pk = :h AND :a > sk", "<", [{"N": "1"}]),  # value first: the operator reads the other way
        ("pk = :h AND sk >= :a", ">=", [{"N": "1"}]),
        ("pk = :h AND sk BETWEEN :a AND :b", "BETWEEN", [{"N": "1"}, {"N": "2"}]),
        ("pk = :h AND begins_with(sk, :p)", "begins_with", [{"S": "pre"}]),
        ("(pk = :h) AND (sk > :a)", ">", [{"N": "1"}]),
    ],
)
def test_sort_key_conditions(text: str, op: str, values: list[dict[str, Any]]) -> None:
    condition = key(text)
    assert condition.hash_value == {"S": "h"}
    assert condition.range is not None
    assert (condition.range.op, condition.range.values) == (op, values)


def test_names_resolve_to_key_attributes() -> None:
    condition = key("#p = :h AND #s > :a", {"#p": "pk", "#s": "sk"})
    assert condition.range is not None and condition.range.op == ">"
    assert condition.names_used == {"#p", "#s"} and condition.values_used == {":h", ":a"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pk = :h OR sk = :a", "Invalid operator used in KeyConditionExpression: OR"),
        ("NOT pk = :h", "Invalid operator used in KeyConditionExpression: NOT"),
        ("pk IN (:h)", "Invalid operator used in KeyConditionExpression: IN"),
        ("pk <> :h", "Invalid operator used in KeyConditionExpression: <>"),
        ("attribute_exists(pk)", "Invalid operator used in KeyConditionExpression: attribute_exists"),
        ("pk = :h AND contains(sk, :p)", "Invalid operator used in KeyConditionExpression: contains"),
        (
            "pk = :h AND begins_with(:p, sk)",
            "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its "
            "first operand",
        ),
        (
            "pk = :h AND size(sk) > :a",
            "Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested operations",
        ),
        (
            "pk = sk",
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
        ),
        (
            "pk.x = :h",
            "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested attributes",
        ),
        (":h = :h", "Invalid condition in KeyConditionExpression: No key attribute specified"),
        (
            "pk = :h AND sk > :a AND sk < :b",
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
        ),
        (
            "pk = :h AND pk = :h",
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
        ),
        ("sk = :a", "Query condition missed key schema element: pk"),
        ("pk > :h", "Query key condition not supported"),
        ("pk = :h AND extra = :a", "Query condition missed key schema element: sk"),
        # Distinct attributes, more than the key has (dynamodb-conformance, pinned on eu-west-2).
        (
            "pk = :h AND sk > :a AND extra = :a",
            "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)",
        ),
    ],
)
def test_key_condition_errors(text: str, message: str) -> None:
    with pytest.raises(ValidationException) as caught:
        key(text)
    assert caught.value.message == message


def test_condition_errors_come_first_and_name_the_parameter() -> None:
    with pytest.raises(ValidationException) as caught:
        key("pk = :h AND sk BETWEEN :b AND :a")
    assert caught.value.message == (
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
        "lower bound; lower bound operand: AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}"
    )
    with pytest.raises(ValidationException) as caught:
        key("pk = ")
    assert caught.value.message == 'Invalid KeyConditionExpression: Syntax error; token: "<EOF>", near: "="'


def test_non_key_attribute_on_a_hash_only_table() -> None:
    # AWS as users report it ("The number of query conditions (2) exceeds the number of key attributes").
    with pytest.raises(ValidationException) as caught:
        key("pk = :h AND extra = :a", range_key=None)
    assert caught.value.message == (
        "The number of query conditions (2) exceeds the number of key attributes defined in the schema (1)"
    )
