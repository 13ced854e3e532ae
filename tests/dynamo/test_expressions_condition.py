"""Condition and filter expressions: evaluation semantics and AWS's error messages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.expressions import check_unused, parse_condition, parse_projection, parse_update

ITEM: dict[str, Any] = {
    "id": {"S": "abc"},
    "n": {"N": "10"},
    "f": {"N": "2.5"},
    "s": {"S": "hello world"},
    "b": {"B": "AAEC"},  # bytes 00 01 02
    "yes": {"BOOL": True},
    "nothing": {"NULL": True},
    "tags": {"SS": ["red", "blue"]},
    "nums": {"NS": ["1", "2.50"]},
    "lst": {"L": [{"S": "x"}, {"N": "7"}, {"M": {"deep": {"S": "y"}}}]},
    "doc": {"M": {"part": {"M": {"k": {"N": "3"}}}, "name": {"S": "m"}}},
    "status": {"S": "active"},
}

VALUES: dict[str, Any] = {
    ":ten": {"N": "10.0"},
    ":nine": {"N": "9"},
    ":eleven": {"N": "11"},
    ":str": {"S": "10"},
    ":hello": {"S": "hello"},
    ":world": {"S": "world"},
    ":red": {"S": "red"},
    ":two": {"N": "2.5"},
    ":x": {"S": "x"},
    ":y": {"S": "y"},
    ":seven": {"N": "7"},
    ":b0": {"B": "AA=="},
    ":b1": {"B": "AQI="},
    ":S": {"S": "S"},
    ":SS": {"S": "SS"},
    ":true": {"BOOL": True},
    ":three": {"N": "3"},
    ":list": {"L": [{"S": "x"}, {"N": "7.0"}, {"M": {"deep": {"S": "y"}}}]},
    ":set": {"SS": ["blue", "red"]},
    ":status": {"S": "active"},
}


def holds(text: str) -> bool:
    """Evaluates ``text`` on ITEM with the placeholders it uses (#l is lst, #s is status)."""
    names = {k: v for k, v in {"#l": "lst", "#s": "status"}.items() if k in text}
    values = {k: VALUES[k] for k in re.findall(r":\w+", text)}
    return parse_condition(text, names or None, values).evaluate(ITEM)


@pytest.mark.parametrize(
    "text",
    [
        "n = :ten",
        "n <> :nine",
        "n > :nine AND n < :eleven",
        "n >= :ten AND n <= :ten",
        "n BETWEEN :nine AND :eleven",
        "n IN (:nine, :ten)",
        "s > :hello",
        "begins_with(s, :hello)",
        "contains(s, :world)",
        "contains(tags, :red)",
        "contains(nums, :two)",
        "contains(#l, :seven)",
        "begins_with(b, :b0)",
        "b > :b0",
        "attribute_exists(doc.part.k)",
        "attribute_not_exists(doc.part.zz)",
        "attribute_not_exists(absent)",
        "attribute_type(id, :S)",
        "attribute_type(tags, :SS)",
        "doc.part.k = :three",
        "#l[1] = :seven",
        "#l[2].deep = :y",
        "#l = :list",
        "tags = :set",
        "yes = :true",
        "size(s) = :eleven",
        "size(tags) < :three",
        "size(#l) = :three",
        "size(doc) < :three",
        "absent <> :ten",
        "NOT n = :nine",
        "n = :nine OR n = :ten",
        "(n = :nine OR n = :ten) AND s > :hello",
        "(n) = :ten",
        "(size(s)) > :ten",
        "#s = :status",
    ],
)
def test_true_conditions(text: str) -> None:
    assert holds(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "n = :str",  # different types are unequal, never an error
        "n < :str",
        "s < :ten",
        "absent = :ten",
        "absent < :ten",
        "absent BETWEEN :nine AND :eleven",
        "NOT n = :ten",
        "n = :nine AND n = :ten",
        "n IN (:nine, :eleven)",
        "begins_with(n, :x)",
        "contains(n, :x)",
        "contains(tags, :x)",
        "attribute_exists(doc.zz)",
        "attribute_exists(#l[5])",
        "attribute_not_exists(id)",
        "attribute_type(id, :SS)",
        "size(absent) > :nine",
        "size(n) > :nine",
        "#l[0].deep = :y",
    ],
)
def test_false_conditions(text: str) -> None:
    assert holds(text) is False


def test_not_binds_tighter_than_and_and_and_tighter_than_or() -> None:
    # NOT a AND b -> (NOT a) AND b; a OR b AND c -> a OR (b AND c)
    assert holds("NOT n = :nine AND n = :ten") is True
    assert holds("n = :ten OR n = :nine AND n = :eleven") is True
    assert holds("(n = :ten OR n = :nine) AND n = :eleven") is False


def test_numbers_compare_by_value() -> None:
    item = {"a": {"N": "100"}, "b": {"N": "-1E+2"}}
    values = {":v": {"N": "99.999"}, ":w": {"N": "1e2"}}
    assert parse_condition("a > :v AND a = :w", None, values).evaluate(item)
    assert parse_condition("b < :v", None, {":v": {"N": "-99.999"}}).evaluate(item)


def test_strings_compare_by_utf8_bytes() -> None:
    item = {"a": {"S": "\uffff"}}
    assert parse_condition("a < :v", None, {":v": {"S": "\U0001f600"}}).evaluate(item)


def test_names_and_values_used_are_reported() -> None:
    condition = parse_condition(
        "#a = :v OR #b.c > :w", {"#a": "x", "#b": "y"}, {":v": {"S": "1"}, ":w": {"S": "2"}}
    )
    assert condition.names_used == {"#a", "#b"}
    assert condition.values_used == {":v", ":w"}


def error_of(
    text: str, names: dict[str, str] | None = None, values: dict[str, Any] | None = None, **kw: Any
) -> str:
    with pytest.raises(ValidationException) as caught:
        parse_condition(text, names, values, **kw)
    return caught.value.message or ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The expression can not be empty;"),
        ("a", 'Syntax error; token: "<EOF>", near: "a"'),
        ("a = ", 'Syntax error; token: "<EOF>", near: "="'),
        ("a == :v", 'Syntax error; token: "=", near: "== :v"'),
        ("a = :v AND", 'Syntax error; token: "<EOF>", near: "AND"'),
        ("_a = :v", 'Syntax error; token: "_", near: "_a"'),
        ("a = :v b", 'Syntax error; token: "b", near: ":v b"'),
        ("a IN ()", 'Syntax error; token: ")", near: "()"'),
        ("a.1 = :v", 'Syntax error; token: "1", near: ".1 ="'),
        ("a[x] = :v", 'Syntax error; token: "x", near: "[x]"'),
        ("and = :v", 'Syntax error; token: "and", near: "and ="'),
        ("status = :v", "Attribute name is a reserved keyword; reserved keyword: status"),
        ("a.Size = :v", "Attribute name is a reserved keyword; reserved keyword: Size"),
        ("((a = :v))", "The expression has redundant parentheses;"),
        ("foo(a)", "Invalid function name; function: foo"),
        (
            "if_not_exists(a, :v) = :v",
            "The function is not allowed in a condition expression; function: if_not_exists",
        ),
        ("size(a)", "The function is not allowed to be used this way in an expression; function: size"),
        (
            "begins_with(a, :v) = :v",
            "The function is not allowed to be used this way in an expression; function: begins_with",
        ),
        (
            "#a = :v",
            "An expression attribute name used in the document path is not defined; attribute name: #a",
        ),
        ("a = :w", "An expression attribute value used in expression is not defined; attribute value: :w"),
        (
            "attribute_exists(a, a)",
            "Incorrect number of operands for operator or function; operator or function: attribute_exists, "
            "number of operands: 2",
        ),
        (
            "attribute_exists(:v)",
            "Operator or function requires a document path; operator or function: attribute_exists",
        ),
        (
            "begins_with(a, :n)",
            "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
        ),
        (
            "attribute_type(a, :n)",
            "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N",
        ),
        (
            "attribute_type(a, :v)",
            "Invalid attribute type name found; type: s, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
        ),
        (
            "size(:n) > :n",
            "Incorrect operand type for operator or function; operator or function: size, operand type: N",
        ),
        (
            "a = a",
            "The first operand must be distinct from the remaining operands for this operator or function; "
            "operator: =, first operand: [a]",
        ),
        (
            "a BETWEEN :v AND :n",
            "The BETWEEN operator requires same data type for lower and upper bounds; "
            "lower bound operand: AttributeValue: {S:s}, upper bound operand: AttributeValue: {N:5}",
        ),
        (
            "a BETWEEN :n AND :one",
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
            "lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}",
        ),
    ],
)
def test_condition_errors(text: str, message: str) -> None:
    values = {":v": {"S": "s"}, ":n": {"N": "5"}, ":one": {"N": "1"}}
    assert error_of(text, None, values) == f"Invalid ConditionExpression: {message}"


def test_errors_name_the_parameter() -> None:
    assert error_of("a =", parameter="FilterExpression").startswith("Invalid FilterExpression: Syntax error;")


def test_in_takes_at_most_100_operands() -> None:
    values = {f":v{i}": {"N": str(i)} for i in range(101)}
    assert parse_condition("a IN (" + ", ".join(list(values)[:100]) + ")", None, values)
    message = error_of("a IN (" + ", ".join(values) + ")", None, values)
    assert message == (
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101"
    )


def test_syntax_errors_win_over_other_errors() -> None:
    assert "Syntax error" in error_of("status = :undefined AND")


def test_unknown_function_wins_over_reserved_word() -> None:
    assert error_of("status = :v AND foo(a)", None, {":v": {"S": "x"}}).endswith("function: foo")


def test_check_unused_names_and_values() -> None:
    with pytest.raises(ValidationException) as caught:
        check_unused({"#a": "a", "#b": "b", "#c": "c"}, None, {"#b"}, set())
    assert (
        caught.value.message
        == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #c}"
    )
    with pytest.raises(ValidationException) as caught:
        check_unused(None, {":v": {"S": "x"}}, set(), set())
    assert (
        caught.value.message
        == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"
    )
    check_unused({"#a": "a"}, {":v": {"S": "x"}}, {"#a"}, {":v"})


def test_expressions_longer_than_4_kb_are_rejected() -> None:
    text = " OR ".join(f"a{i} = :v" for i in range(400))
    size = len(text)
    assert size > 4096
    too_long = "Expression size has exceeded the maximum allowed size;"
    assert error_of(text, None, {":v": {"S": "x"}}) == (
        f"Invalid ConditionExpression: {too_long} expression size: {size}"
    )
    assert error_of(text, None, {":v": {"S": "x"}}, parameter="FilterExpression").endswith(f"size: {size}")
    # Only conditions and filters tell the size.
    path = "a" + "z" * 4096
    with pytest.raises(ValidationException) as caught:
        parse_update(f"SET {path} = :v", None, None)
    assert caught.value.message == f"Invalid UpdateExpression: {too_long}"
    with pytest.raises(ValidationException) as caught:
        parse_projection(path, None)
    assert caught.value.message == f"Invalid ProjectionExpression: {too_long}"
    assert parse_projection(path[:4096], None).apply({}) == {}


def test_a_repeated_expression_binds_each_request_names_and_values() -> None:
    item = {"a": {"N": "1"}, "b": {"N": "2"}}
    text = "#x = :v"
    assert parse_condition(text, {"#x": "a"}, {":v": {"N": "1"}}).evaluate(item)
    assert not parse_condition(text, {"#x": "a"}, {":v": {"N": "2"}}).evaluate(item)
    assert parse_condition(text, {"#x": "b"}, {":v": {"N": "2"}}).evaluate(item)
    assert "attribute name: #x" in error_of(text, {"#y": "a"}, {":v": {"N": "1"}})
    assert "attribute value: :v" in error_of(text, {"#x": "a"}, {":w": {"N": "1"}})


def test_errors_are_reported_in_the_order_of_the_conditions() -> None:
    # An undefined value in the first condition is reported before an undefined name in the second,
    # and a type error is reported only once every placeholder before it is defined.
    assert error_of("a = :undefined AND #undefined = :v", None, {":v": {"S": "x"}}).endswith(
        "attribute value: :undefined"
    )
    assert error_of("#undefined = :v AND a = :undefined", None, {":v": {"S": "x"}}).endswith(
        "attribute name: #undefined"
    )
    assert error_of("begins_with(a, :n) AND b = :undefined", None, {":n": {"N": "1"}}).endswith(
        "operand type: N"
    )


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
@pytest.mark.parametrize(
    "value",
    [{"BOOL": True}, {"NULL": True}, {"SS": ["a"]}, {"NS": ["1"]}, {"L": []}, {"M": {}}],
)
def test_ordering_a_value_without_an_order_is_refused(op: str, value: dict[str, Any]) -> None:
    kind = next(iter(value))
    expected = (
        f"Invalid ConditionExpression: Incorrect operand type for operator or function; "
        f"operator or function: {op}, operand type: {kind}"
    )
    assert error_of(f"n {op} :v", None, {":v": value}) == expected
    assert error_of(f"attribute_exists(zz) OR :v {op} n", None, {":v": value}) == expected


def test_between_bounds_without_an_order_are_refused() -> None:
    values = {":a": {"BOOL": True}, ":b": {"BOOL": False}}
    assert error_of("n BETWEEN :a AND :b", None, values) == (
        "Invalid ConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: BETWEEN, operand type: BOOL"
    )


def test_paths_without_an_order_just_compare_false() -> None:
    item = {"flag": {"BOOL": True}, "n": {"N": "1"}, "tags": {"SS": ["a"]}}
    assert not parse_condition("flag > :zero", None, {":zero": {"N": "0"}}).evaluate(item)
    assert not parse_condition("tags > n", None, None).evaluate(item)
    assert parse_condition("n = :v OR n <> :v", None, {":v": {"BOOL": True}}).evaluate(item)
