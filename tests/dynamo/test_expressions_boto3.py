"""Expressions as boto3's condition builder writes them (Attr / Key) parse and evaluate."""

from __future__ import annotations

from typing import Any

import pytest
from boto3.dynamodb.conditions import Attr, ConditionBase, ConditionExpressionBuilder, Key
from boto3.dynamodb.types import TypeSerializer

from emulator.dynamo.expressions import parse_condition, parse_key_condition

serialize = TypeSerializer().serialize
ITEM = {"a": serialize(1), "b": serialize("b"), "c": serialize("abc"), "d": serialize({"e": [1, 2]})}


def built(
    condition: ConditionBase, is_key_condition: bool = False
) -> tuple[str, dict[str, str], dict[str, Any]]:
    expression = ConditionExpressionBuilder().build_expression(condition, is_key_condition=is_key_condition)
    values = {k: serialize(v) for k, v in expression.attribute_value_placeholders.items()}
    return expression.condition_expression, expression.attribute_name_placeholders, values


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Attr("a").eq(1) & Attr("b").ne("x"), True),
        (~(Attr("a").lt(1) | Attr("b").between("a", "c")), False),
        ((Attr("a").gt(0) & Attr("b").gte("b")) & Attr("c").lte("abd"), True),
        (Attr("a").is_in([3, 2, 1]) | Attr("d.e[1]").exists(), True),
        (Attr("d.e[2]").exists() | Attr("zz").not_exists(), True),
        (Attr("c").begins_with("ab") & Attr("c").contains("bc") & Attr("c").size().eq(3), True),
        (Attr("d").attribute_type("M") & Attr("d.e").contains(2), True),
        (Attr("status").eq("x") | Attr("name").ne("n"), True),
    ],
)
def test_builder_conditions(condition: ConditionBase, expected: bool) -> None:
    text, names, values = built(condition)
    parsed = parse_condition(text, names, values)
    assert parsed.evaluate(ITEM) is expected
    assert parsed.names_used == set(names) and parsed.values_used == set(values)


def test_builder_key_conditions() -> None:
    text, names, values = built(Key("pk").eq("x") & Key("sk").begins_with("2024-"), is_key_condition=True)
    condition = parse_key_condition(text, names, values, hash_key="pk", range_key="sk")
    assert condition.hash_value == {"S": "x"}
    assert condition.range is not None
    assert (condition.range.op, condition.range.values) == ("begins_with", [{"S": "2024-"}])
