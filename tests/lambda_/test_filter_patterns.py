"""Event filter patterns (FilterCriteria) as Lambda applies them to DynamoDB stream records."""

from __future__ import annotations

import json

import pytest

from emulator.lambda_runtime.errors import InvalidParameterValueException
from emulator.lambda_runtime.filter_patterns import compile_criteria, compile_pattern

RECORD = {
    "eventName": "INSERT",
    "dynamodb": {
        "ApproximateCreationDateTime": 1728729367.0,
        "Keys": {"id": {"S": "order-1"}},
        "NewImage": {"id": {"S": "order-1"}, "total": {"N": "42.5"}, "tags": {"L": [{"S": "a"}, {"S": "b"}]}},
    },
}


@pytest.mark.parametrize(
    ("pattern", "matches"),
    [
        ({"eventName": ["INSERT"]}, True),
        ({"eventName": ["MODIFY", "REMOVE"]}, False),
        ({"dynamodb": {"NewImage": {"id": {"S": [{"prefix": "order-"}]}}}}, True),
        ({"dynamodb": {"NewImage": {"id": {"S": [{"suffix": "-2"}]}}}}, False),
        # DynamoDB numbers are strings: numeric rules and number literals never match them (as on AWS).
        ({"dynamodb": {"NewImage": {"total": {"N": [{"numeric": [">", 40, "<=", 50]}]}}}}, False),
        ({"dynamodb": {"NewImage": {"total": {"N": [42.5]}}}}, False),
        ({"dynamodb": {"NewImage": {"total": {"N": ["42.5"]}}}}, True),
        ({"dynamodb": {"ApproximateCreationDateTime": [{"numeric": [">", 0]}]}}, True),
        ({"dynamodb": {"ApproximateCreationDateTime": [{"numeric": ["<", 0]}]}}, False),
        ({"$or": [{"eventName": ["REMOVE"]}, {"dynamodb": {"Keys": {"id": {"S": ["order-1"]}}}}]}, True),
        ({"$or": [{"eventName": ["REMOVE"]}, {"eventName": ["MODIFY"]}]}, False),
        ({"eventName": ["INSERT"], "$or": [{"eventName": ["REMOVE"]}, {"eventName": ["MODIFY"]}]}, False),
        ({"eventName": [{"anything-but": ["REMOVE"]}]}, True),
        ({"eventName": [{"anything-but": {"prefix": "INS"}}]}, False),
        ({"eventName": [{"equals-ignore-case": "insert"}]}, True),
        ({"dynamodb": {"OldImage": [{"exists": False}]}}, True),
        ({"dynamodb": {"OldImage": [{"exists": True}]}}, False),
        # exists and anything-but judge leaves: an attribute's {"S": ...} object is no leaf.
        ({"dynamodb": {"NewImage": {"id": {"S": [{"exists": True}]}}}}, True),
        ({"dynamodb": {"NewImage": {"id": [{"exists": True}]}}}, False),
        ({"dynamodb": {"NewImage": {"id": [{"exists": False}]}}}, True),
        ({"dynamodb": {"NewImage": {"id": [{"anything-but": "x"}]}}}, False),
        ({"dynamodb": {"NewImage": {"id": ["order-1"]}}}, False),
        ({"dynamodb": {"NewImage": {"missing": {"S": ["x"]}}}}, False),
        ({"dynamodb": {"NewImage": {"tags": {"L": {"S": ["b"]}}}}}, True),
    ],
)
def test_pattern_matching(pattern: dict, matches: bool) -> None:
    assert compile_pattern(json.dumps(pattern))(RECORD) is matches


def test_criteria_pass_a_record_matching_any_filter() -> None:
    criteria = {"Filters": [{"Pattern": '{"eventName": ["REMOVE"]}'}, {"Pattern": '{"eventName": ["INSERT"]}'}]}
    assert compile_criteria(criteria)(RECORD)
    assert compile_criteria(None)(RECORD)
    assert not compile_criteria({"Filters": [{"Pattern": '{"eventName": ["REMOVE"]}'}]})(RECORD)


INVALID_PATTERNS = [
    "not json",
    "single-string",
    "[1]",
    '[{"eventName": ["INSERT"=123}]',
    '{"eventName": "INSERT"}',
    '{"a": [{"bogus": 1}]}',
    '{"$or": [{"a": ["b"]}]}',
    '{"$or": ["a", "b"]}',
    '{"a": [{"prefix": 5}]}',
    '{"a": [{"numeric": [">"]}]}',
    '{"a": [{"numeric": [">", "5"]}]}',
    '{"a": [{"numeric": ["~", 5]}]}',
    '{"a": [{"exists": "yes"}]}',
    '{"a": [{"anything-but": {"exists": true}}]}',
    '{"a": [["x"]]}',
]


@pytest.mark.parametrize("text", INVALID_PATTERNS)
def test_invalid_patterns_are_rejected(text: str) -> None:
    with pytest.raises(InvalidParameterValueException) as info:
        compile_pattern(text)
    assert info.value.message == "Invalid filter pattern definition."
