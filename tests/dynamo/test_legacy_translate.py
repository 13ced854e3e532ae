"""Unit tests: legacy parameters become expressions, or AWS's validation errors."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.legacy import translate

S = {"S": "x"}


def error_of(operation: str, params: dict[str, Any]) -> str:
    with pytest.raises(ValidationException) as caught:
        translate(operation, params)
    return str(caught.value.message)


def test_requests_without_legacy_parameters_pass_through_unchanged() -> None:
    params = {"TableName": "t", "Key": {"pk": S}, "ProjectionExpression": "a"}
    assert translate("GetItem", params) is params


def test_attributes_to_get_becomes_a_projection_of_placeholders() -> None:
    out = translate("GetItem", {"TableName": "t", "AttributesToGet": ["a.b", "status"]})
    assert out["ProjectionExpression"] == "#n0, #n1"
    assert out["ExpressionAttributeNames"] == {"#n0": "a.b", "#n1": "status"}
    assert "AttributesToGet" not in out


def test_duplicate_attributes_to_get_are_rejected() -> None:
    message = error_of("GetItem", {"AttributesToGet": ["a", "a"]})
    assert message == "One or more parameter values were invalid: Duplicate value in attribute name: a"


def test_mixing_lists_every_present_parameter_in_aws_order() -> None:
    message = error_of(
        "UpdateItem",
        {
            "AttributeUpdates": {"a": {"Value": S}},
            "Expected": {"a": {"Value": S}},
            "ConditionalOperator": "AND",
            "UpdateExpression": "SET a = :v",
            "ConditionExpression": "attribute_exists(a)",
        },
    )
    assert message == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates, Expected, ConditionalOperator} "
        "Expression parameters: {UpdateExpression, ConditionExpression}"
    )


def test_key_conditions_may_accompany_a_filter_expression() -> None:
    out = translate(
        "Query",
        {
            "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [S]}},
            "FilterExpression": "#n0 = :v0",
            "ExpressionAttributeNames": {"#n0": "x"},
            "ExpressionAttributeValues": {":v0": S},
        },
    )
    assert out["KeyConditionExpression"] == "#n1 = :v1"
    assert out["ExpressionAttributeNames"] == {"#n0": "x", "#n1": "pk"}
    assert out["ExpressionAttributeValues"] == {":v0": S, ":v1": S}


def test_key_conditions_with_key_condition_expression_is_mixing() -> None:
    message = error_of("Query", {"KeyConditions": {}, "KeyConditionExpression": "pk = :p"})
    assert message.endswith(
        "Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"
    )


def test_expression_maps_need_an_expression() -> None:
    assert error_of("PutItem", {"Expected": {}, "ExpressionAttributeNames": {"#a": "a"}}) == (
        "ExpressionAttributeNames can only be specified when using expressions"
    )
    assert error_of("UpdateItem", {"ExpressionAttributeValues": {":a": S}}) == (
        "ExpressionAttributeValues can only be specified when using expressions: "
        "UpdateExpression and ConditionExpression are null"
    )
    assert error_of("Scan", {"ExpressionAttributeValues": {":a": S}}) == (
        "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"
    )


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        (None, "ConditionalOperator cannot be used without Filter or Expected"),
        ({}, "ConditionalOperator cannot be used without Filter or Expected"),
        (
            {"a": {"ComparisonOperator": "NOT_NULL"}},
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        ),
    ],
)
def test_conditional_operator_needs_two_conditions(conditions: Any, message: str) -> None:
    params: dict[str, Any] = {"ConditionalOperator": "OR"}
    if conditions is not None:
        params["ScanFilter"] = conditions
    assert error_of("Scan", params) == message


def test_expected_forms_translate_to_conditions() -> None:
    out = translate(
        "PutItem",
        {
            "Expected": {
                "a": {"Value": S},
                "b": {"Exists": False},
                "c": {"ComparisonOperator": "NE", "Value": S},
                "d": {"ComparisonOperator": "IN", "AttributeValueList": [S, {"S": "y"}]},
            },
            "ConditionalOperator": "OR",
        },
    )
    assert out["ConditionExpression"] == (
        "#n0 = :v0 OR attribute_not_exists(#n1) OR #n2 <> :v1 OR #n3 IN (:v2, :v3)"
    )
    assert "Expected" not in out and "ConditionalOperator" not in out


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"Exists": True}, "Value must be provided when Exists is true for Attribute: a"),
        ({}, "Value must be provided when Exists is null for Attribute: a"),
        ({"Exists": False, "Value": S}, "Value cannot be used when Exists is false for Attribute: a"),
        (
            {"Exists": True, "ComparisonOperator": "NULL"},
            "Exists and ComparisonOperator cannot be used together for Attribute: a",
        ),
        (
            {"Value": S, "AttributeValueList": [S], "ComparisonOperator": "EQ"},
            "Value and AttributeValueList cannot be used together for Attribute: a",
        ),
        (
            {"AttributeValueList": [S]},
            "AttributeValueList can only be used with a ComparisonOperator for Attribute: a",
        ),
        (
            {"ComparisonOperator": "GT"},
            "Value or AttributeValueList must be used with ComparisonOperator: GT for Attribute: a",
        ),
        (
            {"ComparisonOperator": "NULL", "Value": S},
            "Invalid number of argument(s) for the NULL ComparisonOperator",
        ),
        (
            {"ComparisonOperator": "BETWEEN", "AttributeValueList": [S]},
            "Invalid number of argument(s) for the BETWEEN ComparisonOperator",
        ),
        (
            {"ComparisonOperator": "IN", "AttributeValueList": [S, {"N": "1"}]},
            "AttributeValues inside AttributeValueList must be of same type",
        ),
        (
            {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "1"}]},
            "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type",
        ),
    ],
)
def test_malformed_expected_conditions_are_rejected(condition: dict[str, Any], message: str) -> None:
    assert error_of("DeleteItem", {"Expected": {"a": condition}}) == (
        "One or more parameter values were invalid: " + message
    )


def test_between_bounds_out_of_order_are_rejected() -> None:
    message = error_of(
        "Scan",
        {
            "ScanFilter": {
                "n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "10"}, {"N": "9"}]}
            }
        },
    )
    assert (
        message
        == "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
    )


def test_filter_operators_translate_to_functions() -> None:
    out = translate(
        "Scan",
        {
            "ScanFilter": {
                "a": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [S]},
                "b": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [S]},
                "c": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [S]},
                "d": {"ComparisonOperator": "NULL"},
                "e": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]},
            }
        },
    )
    assert out["FilterExpression"] == (
        "contains(#n0, :v0) AND NOT contains(#n1, :v1) AND begins_with(#n2, :v2) "
        "AND attribute_not_exists(#n3) AND #n4 BETWEEN :v3 AND :v4"
    )


def test_key_conditions_accept_only_indexable_operators() -> None:
    params = {"KeyConditions": {"pk": {"ComparisonOperator": "NE", "AttributeValueList": [S]}}}
    assert error_of("Query", params) == "Attempted conditional constraint is not an indexable operation"
    three = {name: {"ComparisonOperator": "EQ", "AttributeValueList": [S]} for name in "abc"}
    assert error_of("Query", {"KeyConditions": three}) == "Conditions can be of length 1 or 2 only"


def test_attribute_updates_become_one_clause_per_action() -> None:
    out = translate(
        "UpdateItem",
        {
            "AttributeUpdates": {
                "a": {"Value": S},
                "b": {"Action": "ADD", "Value": {"N": "1"}},
                "c": {"Action": "ADD", "Value": {"L": [S]}},
                "d": {"Action": "DELETE"},
                "e": {"Action": "DELETE", "Value": {"SS": ["x"]}},
            }
        },
    )
    assert out["UpdateExpression"] == (
        "SET #n0 = :v0, #n2 = list_append(if_not_exists(#n2, :v2), :v3) REMOVE #n3 ADD #n1 :v1 DELETE #n4 :v4"
    )
    assert out["ExpressionAttributeValues"][":v2"] == {"L": []}


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ({"Action": "PUT"}, "Only DELETE action is allowed when no attribute value is specified"),
        ({"Action": "DELETE", "Value": S}, "DELETE action with value is not supported for the type S"),
        ({"Action": "ADD", "Value": S}, "ADD action is not supported for the type S"),
    ],
)
def test_malformed_attribute_updates_are_rejected(update: dict[str, Any], message: str) -> None:
    assert error_of("UpdateItem", {"AttributeUpdates": {"a": update}}) == (
        "One or more parameter values were invalid: " + message
    )


def test_invalid_legacy_values_are_reported_without_placeholders() -> None:
    message = error_of(
        "Scan", {"ScanFilter": {"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "x1"}]}}}
    )
    assert message == "The parameter cannot be converted to a numeric value: x1"
    message = error_of("PutItem", {"Expected": {"n": {"Value": {}}}})
    assert message == "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"


def test_legacy_numbers_are_normalised() -> None:
    out = translate("DeleteItem", {"Expected": {"n": {"Value": {"N": "01.50"}}}})
    assert out["ExpressionAttributeValues"] == {":v0": {"N": "1.5"}}
