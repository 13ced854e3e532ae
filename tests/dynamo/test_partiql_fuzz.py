"""Property tests: any statement text or legacy condition is either accepted or answered
with an AWS error, never an internal crash."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emulator.aws.errors import AwsError
from emulator.dynamo.legacy import translate
from emulator.dynamo.partiql.nodes import Select
from emulator.dynamo.partiql.parser import parse
from emulator.dynamo.partiql.planner import KeyNames, plan_delete, plan_get, plan_select, plan_update

KEYS = KeyNames("pk", "sk", {"pk": "S", "sk": "N"})
FRAGMENTS = [
    "SELECT", "INSERT", "INTO", "UPDATE", "DELETE", "FROM", "WHERE", "SET", "REMOVE", "VALUE", "AND", "OR",
    "NOT", "IN", "IS", "MISSING", "NULL", "BETWEEN", "ORDER", "BY", "DESC", "RETURNING", "ALL", "OLD", "NEW",
    "EXISTS", "t", '"t"', "pk", "sk", "a", "b.c", "x[0]", "'s'", "''", "'it''s'", "1", "-2.5", "1e3", "TRUE",
    "?", "*", "=", "<>", "<", ">=", "+", "-", ",", ".", "(", ")", "[", "]", "{", "}", ":", "<<", ">>", ";",
    "begins_with", "contains", "size", "set_add", "list_append",
]  # fmt: skip

statements = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map(" ".join)
parameters = st.lists(
    st.sampled_from([{"S": "v"}, {"N": "1"}, {"L": [{"S": "x"}]}, {"BOOL": True}]), max_size=3
)


@settings(max_examples=150, deadline=None)
@given(statements, parameters)
def test_any_statement_parses_and_plans_or_is_rejected_with_an_aws_error(
    text: str, values: list[Any]
) -> None:
    try:
        statement = parse(text, values)
        if isinstance(statement, Select):
            plan_select(statement, KEYS)
            plan_get(statement, KEYS, in_transaction=True)
        elif hasattr(statement, "sets"):
            plan_update(statement, KEYS)  # type: ignore[arg-type]
        elif hasattr(statement, "returning"):
            plan_delete(statement, KEYS)  # type: ignore[arg-type]
    except AwsError:
        pass


values = st.one_of(
    st.fixed_dictionaries({"S": st.text(max_size=3)}),
    st.fixed_dictionaries({"N": st.sampled_from(["1", "-2", "x", "1e999", ""])}),
    st.fixed_dictionaries({"SS": st.lists(st.text(max_size=2), max_size=2)}),
    st.just({}),
    st.just({"S": "a", "N": "1"}),
)
conditions = st.fixed_dictionaries(
    {},
    optional={
        "ComparisonOperator": st.sampled_from(
            ["EQ", "NE", "LT", "GE", "IN", "BETWEEN", "NULL", "NOT_NULL", "CONTAINS", "BEGINS_WITH"]
        ),
        "AttributeValueList": st.lists(values, max_size=3),
        "Value": values,
        "Exists": st.booleans(),
    },
)
updates = st.fixed_dictionaries(
    {}, optional={"Action": st.sampled_from(["PUT", "ADD", "DELETE"]), "Value": values}
)
names = st.sampled_from(["a", "b", "status", "a.b", "#x"])


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["PutItem", "UpdateItem", "Scan", "Query"]),
    st.dictionaries(names, conditions, max_size=3),
    st.dictionaries(names, updates, max_size=3),
    st.sampled_from([None, "AND", "OR"]),
)
def test_any_legacy_request_translates_or_is_rejected_with_an_aws_error(
    operation: str, condition_map: dict[str, Any], update_map: dict[str, Any], joiner: str | None
) -> None:
    params: dict[str, Any] = {
        "Expected": condition_map,
        "ScanFilter": condition_map,
        "QueryFilter": condition_map,
        "KeyConditions": {name: c for name, c in condition_map.items() if "ComparisonOperator" in c},
        "AttributeUpdates": update_map,
        "ConditionalOperator": joiner,
    }
    try:
        translate(operation, params)
    except AwsError:
        pass
