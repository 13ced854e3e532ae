"""AttributeValue helpers: validation messages, number normalisation, comparison, size."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

from emulator.aws.errors import SerializationException, ValidationException
from emulator.dynamo.values import (
    compare,
    equal,
    item_size,
    normalize_item,
    normalize_number,
    normalize_value,
    number_size,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("1", "1"),
        ("01.50", "1.5"),
        ("-0", "0"),
        ("0.000", "0"),
        ("+7", "7"),
        ("1e2", "100"),
        ("1.23E-3", "0.00123"),
        (".5", "0.5"),
        ("5.", "5"),
        ("-12.3400", "-12.34"),
        ("9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + "0" * 88),
        ("1E-130", "0." + "0" * 129 + "1"),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
        ("1234567890123456789012345678901234567800000", "1234567890123456789012345678901234567800000"),
    ],
)
def test_numbers_are_normalised_as_aws_returns_them(raw: str, canonical: str) -> None:
    assert normalize_number(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "The parameter cannot be converted to a numeric value: abc"),
        ("", "The parameter cannot be converted to a numeric value"),
        ("NaN", "The parameter cannot be converted to a numeric value: NaN"),
        ("Infinity", "The parameter cannot be converted to a numeric value: Infinity"),
        ("1_000", "The parameter cannot be converted to a numeric value: 1_000"),
        (" 1", "The parameter cannot be converted to a numeric value:  1"),
        (
            "1E+126",
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            "-1E+126",
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            "1E-131",
            "Number underflow. Attempting to store a number with magnitude smaller than supported range",
        ),
        (
            "1234567890123456789012345678901234567891",
            "Attempting to store more than 38 significant digits in a Number",
        ),
    ],
)
def test_invalid_numbers(raw: str, message: str) -> None:
    with pytest.raises(ValidationException) as caught:
        normalize_number(raw)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        (
            {"S": None},
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        ),
        (
            {"S": "a", "N": "1"},
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
        ),
        ({"NS": []}, "One or more parameter values were invalid: An number set  may not be empty"),
        ({"SS": []}, "One or more parameter values were invalid: An string set  may not be empty"),
        ({"BS": []}, "One or more parameter values were invalid: Binary sets should not be empty"),
        (
            {"SS": ["a", "a"]},
            "One or more parameter values were invalid: Input collection [a, a] contains duplicates.",
        ),
        (
            {"BS": ["Yg==", "Yg=="]},
            "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates.",
        ),
        # Number sets are worded apart (dynalite's AWS-recorded tests), equal numbers being duplicates.
        ({"NS": ["1", "1"]}, "Input collection contains duplicates"),
        ({"NS": ["1", "1.0"]}, "Input collection contains duplicates"),
        (
            {"NULL": False},
            "One or more parameter values were invalid: Null attribute value types must have the value of true",
        ),
        ({"N": "x"}, "The parameter cannot be converted to a numeric value: x"),
        (
            {"L": [{"SS": ["a", None]}]},
            "One or more parameter values were invalid: An string set may not have a null string as a member",
        ),
        (
            {"M": {"k": {"L": [{}]}}},
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
        ),
        (
            {"L": [{"M": {"k": {"NS": ["1", "z"]}}}]},
            "The parameter cannot be converted to a numeric value: z",
        ),
    ],
)
def test_invalid_attribute_values(value: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationException) as caught:
        normalize_value(value)
    assert caught.value.message == message


@pytest.mark.parametrize(
    "value", [{"S": 1}, {"BOOL": "true"}, {"L": {}}, {"M": []}, {"B": "not base64!"}, {"SS": [1]}]
)
def test_wrongly_typed_json_is_a_serialization_error(value: dict[str, Any]) -> None:
    with pytest.raises(SerializationException):
        normalize_value(value)


def test_valid_values_are_returned_unchanged_and_numbers_canonical() -> None:
    value = {"M": {"s": {"S": ""}, "b": {"B": ""}, "l": {"L": [{"BOOL": False}, {"NULL": True}]}}}
    assert normalize_value(value) is value
    item = {"a": {"N": "1.0"}, "b": {"NS": ["01", "2"]}, "c": {"S": "x"}}
    normalized = normalize_item(item)
    assert normalized == {"a": {"N": "1"}, "b": {"NS": ["1", "2"]}, "c": {"S": "x"}}
    assert normalized["c"] is item["c"] and item["a"] == {"N": "1.0"}


def test_compare_orders_scalars_of_one_type_only() -> None:
    assert compare({"N": "10"}, {"N": "9"}) == 1
    assert compare({"N": "-1e2"}, {"N": "-99"}) == -1
    assert compare({"S": "a"}, {"S": "B"}) == 1
    assert compare({"B": "AP8="}, {"B": "AQ=="}) == -1  # 00 ff < 01
    assert compare({"S": "1"}, {"N": "1"}) is None
    assert compare({"BOOL": True}, {"BOOL": True}) is None


def test_equal_compares_values_not_spelling() -> None:
    assert equal({"N": "1.0"}, {"N": "1"})
    assert equal({"SS": ["a", "b"]}, {"SS": ["b", "a"]})
    assert equal({"NS": ["1", "2.0"]}, {"NS": ["2", "1.00"]})
    assert equal({"M": {"a": {"L": [{"N": "1"}]}}}, {"M": {"a": {"L": [{"N": "1.0"}]}}})
    assert not equal({"L": [{"N": "1"}]}, {"L": [{"N": "1"}, {"N": "2"}]})
    assert not equal({"S": "1"}, {"N": "1"})


@pytest.mark.parametrize(
    ("number", "size"),
    [
        ("0", 1),
        ("1", 2),
        ("12", 2),
        ("123", 3),
        ("100", 2),
        ("0.1", 2),
        ("1.5", 3),
        ("-1", 3),
        ("1" * 38, 20),
    ],
)
def test_number_sizes(number: str, size: int) -> None:
    assert number_size(number) == size


def test_item_size_counts_names_and_values_as_aws_does() -> None:
    assert item_size({"id": {"S": "abc"}}) == 2 + 3
    assert item_size({"é": {"S": "é"}}) == 2 + 2  # UTF-8 bytes
    assert item_size({"b": {"B": "AAEC"}, "t": {"BOOL": True}, "n": {"NULL": True}}) == 1 + 3 + 1 + 1 + 1 + 1
    assert item_size({"s": {"SS": ["ab", "c"]}}) == 1 + 3
    assert item_size({"l": {"L": [{"S": "ab"}, {"N": "1"}]}}) == 1 + 3 + (1 + 2) + (1 + 2)
    assert item_size({"m": {"M": {"k": {"S": "v"}}}}) == 1 + 3 + (1 + 1 + 1)
    assert item_size({"m": {"M": {}}}) == 1 + 3


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1e9223372036854775808", "The parameter cannot be converted to a numeric value: 1e9223372036854775808"),
        ("0e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ("0e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
        ("1e-99999999999", "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ],
)
def test_exponents_far_out_and_zero_with_an_exponent(dynamodb: Any, hash_table: str, number: str, message: str) -> None:
    """dynamodb-conformance tier3 numberExponent (eu-west-2, 2026-10): zero is range-checked by the
    exponent it is written with; an exponent past 64 bits cannot be read."""
    with pytest.raises(ClientError) as caught:
        dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "n": {"N": number}})
    assert error_of(caught) == ("ValidationException", "1 validation error detected: " + message)
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "n": {"N": "0e125"}})
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "0"}
