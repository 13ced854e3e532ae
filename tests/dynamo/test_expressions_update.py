"""Update expressions: SET, REMOVE, ADD, DELETE applied to items, and AWS's error messages."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.expressions import parse_update

VALUES: dict[str, Any] = {
    ":one": {"N": "1"},
    ":half": {"N": "0.5"},
    ":s": {"S": "text"},
    ":l": {"L": [{"S": "z"}]},
    ":empty": {"L": []},
    ":ss": {"SS": ["a", "b"]},
    ":ns": {"NS": ["1", "2"]},
    ":bs": {"BS": ["AQ=="]},
    ":m": {"M": {"k": {"S": "v"}}},
    ":big": {"N": "9.9999999999999999999999999999999999999E+125"},
}


def apply(text: str, item: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    values = {k: VALUES[k] for k in re.findall(r":\w+", text)}
    return parse_update(text, names, values or None).apply(item)


def test_set_values_paths_and_arithmetic() -> None:
    item = {"id": {"S": "1"}, "n": {"N": "5"}, "orig": {"S": "o"}}
    new = apply("SET a = :s, n = n + :one, m = n - :half, c = orig", item)
    assert new == {
        "id": {"S": "1"},
        "n": {"N": "6"},
        "orig": {"S": "o"},
        "a": {"S": "text"},
        "m": {"N": "4.5"},
        "c": {"S": "o"},
    }


def test_set_reads_the_item_as_it_was_before_the_update() -> None:
    new = apply("SET a = b, b = a", {"a": {"S": "A"}, "b": {"S": "B"}})
    assert new == {"a": {"S": "B"}, "b": {"S": "A"}}


def test_update_never_modifies_its_input() -> None:
    item = {"l": {"L": [{"N": "1"}, {"M": {"x": {"N": "2"}}}]}, "s": {"SS": ["a"]}}
    before = copy.deepcopy(item)
    apply("SET l[1].x = :one, l[5] = :s REMOVE l[0] ADD s :ss", item)
    assert item == before


def test_if_not_exists_and_list_append() -> None:
    new = apply("SET a = if_not_exists(a, :one), l = list_append(if_not_exists(l, :empty), :l)", {})
    assert new == {"a": {"N": "1"}, "l": {"L": [{"S": "z"}]}}
    new = apply(
        "SET a = if_not_exists(a, :one), l = list_append(:l, l)", {"a": {"N": "7"}, "l": {"L": [{"N": "0"}]}}
    )
    assert new == {"a": {"N": "7"}, "l": {"L": [{"S": "z"}, {"N": "0"}]}}


def test_nested_set_and_index_past_the_end_appends() -> None:
    item = {"m": {"M": {"l": {"L": [{"N": "0"}]}}}}
    new = apply("SET m.l[0] = :s, m.l[9] = :one, m.k = :m", item)
    assert new == {"m": {"M": {"l": {"L": [{"S": "text"}, {"N": "1"}]}, "k": {"M": {"k": {"S": "v"}}}}}}


def test_remove_attributes_map_keys_and_list_elements_shifting_the_rest() -> None:
    item = {
        "a": {"S": "x"},
        "l": {"L": [{"N": "0"}, {"N": "1"}, {"N": "2"}, {"N": "3"}]},
        "m": {"M": {"k": {"S": "v"}, "j": {"S": "w"}}},
    }
    new = apply("REMOVE a, l[1], l[3], m.k, absent, m.nothing, l[10]", item)
    assert new == {"l": {"L": [{"N": "0"}, {"N": "2"}]}, "m": {"M": {"j": {"S": "w"}}}}


def test_add_numbers_and_sets() -> None:
    item = {"n": {"N": "1"}, "s": {"SS": ["b", "c"]}, "ns": {"NS": ["2.0"]}}
    new = apply("ADD n :one, s :ss, ns :ns, fresh :one, fset :bs", item)
    assert new["n"] == {"N": "2"}
    assert new["s"] == {"SS": ["b", "c", "a"]}
    assert new["ns"] == {"NS": ["2.0", "1"]}  # 2 and 2.0 are one member
    assert new["fresh"] == {"N": "1"} and new["fset"] == {"BS": ["AQ=="]}


def test_delete_from_sets_and_drop_emptied_sets() -> None:
    item = {"s": {"SS": ["a", "b", "c"]}, "t": {"SS": ["a"]}, "ns": {"NS": ["1.0", "3"]}}
    new = apply("DELETE s :ss, t :ss, ns :ns, absent :ss", item)
    assert new == {"s": {"SS": ["c"]}, "ns": {"NS": ["3"]}}


def test_updated_attribute_names_and_paths() -> None:
    update = parse_update("SET a.b = :one REMOVE c ADD d :one DELETE e :ss", None, VALUES)
    assert update.paths == {"a", "c", "d", "e"}
    assert update.updated_attribute_names == {"a", "c", "d", "e"}
    item = {"a": {"M": {"b": {"N": "1"}, "z": {"N": "2"}}}, "c": {"S": "x"}, "y": {"S": "keep out"}}
    assert update.updated(item) == {"a": {"M": {"b": {"N": "1"}}}, "c": {"S": "x"}}


def test_clause_keywords_are_case_insensitive() -> None:
    assert apply("set a = :one remove b", {"b": {"S": "x"}}) == {"a": {"N": "1"}}


def test_names_and_values_used() -> None:
    update = parse_update("SET #a = :one", {"#a": "x"}, {":one": {"N": "1"}})
    assert update.names_used == {"#a"} and update.values_used == {":one"}


@pytest.mark.parametrize(
    ("text", "item", "message"),
    [
        ("SET a = b", {}, "The provided expression refers to an attribute that does not exist in the item"),
        (
            "SET a = a + :one",
            {},
            "The provided expression refers to an attribute that does not exist in the item",
        ),
        (
            "SET a = a + :one",
            {"a": {"S": "1"}},
            "An operand in the update expression has an incorrect data type",
        ),
        (
            "SET a = list_append(a, :l)",
            {"a": {"S": "1"}},
            "An operand in the update expression has an incorrect data type",
        ),
        ("SET a.b = :one", {}, "The document path provided in the update expression is invalid for update"),
        (
            "SET a.b = :one",
            {"a": {"L": []}},
            "The document path provided in the update expression is invalid for update",
        ),
        (
            "SET a[0] = :one",
            {"a": {"M": {}}},
            "The document path provided in the update expression is invalid for update",
        ),
        # dynalite's AWS-recorded updateItem tests: every clause's path needs its parent, a map for a
        # name and a list for an index; only the last step may be missing.
        ("REMOVE b.a", {"b": {"S": "x"}}, "The document path provided in the update expression is invalid for update"),
        ("REMOVE y.a", {}, "The document path provided in the update expression is invalid for update"),
        ("REMOVE y[1]", {}, "The document path provided in the update expression is invalid for update"),
        ("REMOVE c[1]", {"c": {"M": {}}}, "The document path provided in the update expression is invalid for update"),
        ("REMOVE l[3].x", {"l": {"L": []}}, "The document path provided in the update expression is invalid for update"),
        ("DELETE b.a :ss", {"b": {"S": "x"}}, "The document path provided in the update expression is invalid for update"),
        ("DELETE y[1] :ss", {}, "The document path provided in the update expression is invalid for update"),
        ("DELETE c[1] :ss", {"c": {"M": {}}}, "The document path provided in the update expression is invalid for update"),
        ("ADD a :one", {"a": {"S": "x"}}, "An operand in the update expression has an incorrect data type"),
        ("ADD a :ss", {"a": {"NS": ["1"]}}, "An operand in the update expression has an incorrect data type"),
        ("DELETE a :ss", {"a": {"S": "x"}}, "An operand in the update expression has an incorrect data type"),
        (
            "SET a = a + :big",
            {"a": {"N": "9.9999999999999999999999999999999999999E+125"}},
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
        ),
        (
            "SET a = a + :one",
            {"a": {"N": "1E+38"}},
            "Attempting to store more than 38 significant digits in a Number",
        ),
    ],
)
def test_errors_found_while_applying(text: str, item: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationException) as caught:
        apply(text, item)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The expression can not be empty;"),
        ("a = :one", 'Syntax error; token: "a", near: "a ="'),
        ("SET a :one", 'Syntax error; token: ":one", near: "a :one"'),
        ("SET a = :one,", 'Syntax error; token: "<EOF>", near: ","'),
        ("SET a = :one + :one + :one", 'Syntax error; token: "+", near: ":one + :one"'),
        ("ADD a b", 'Syntax error; token: "b", near: "a b"'),
        ("SET _x = :one", 'Syntax error; token: "_", near: "SET _x"'),
        ("SET a = :one, remove b", 'Syntax error; token: "remove", near: ", remove b"'),
        ("SET a = :one SET b = :one", 'The "SET" section can only be used once in an update expression;'),
        ("REMOVE a REMOVE b", 'The "REMOVE" section can only be used once in an update expression;'),
        ("SET status = :one", "Attribute name is a reserved keyword; reserved keyword: status"),
        ("SET a = size(b)", "The function is not allowed in an update expression; function: size"),
        ("SET a = foo(b)", "Invalid function name; function: foo"),
        (
            "SET #a = :one",
            "An expression attribute name used in the document path is not defined; attribute name: #a",
        ),
        (
            "SET a = :zz",
            "An expression attribute value used in expression is not defined; attribute value: :zz",
        ),
        (
            "SET a = :zz, #b = :one",
            "An expression attribute name used in the document path is not defined; attribute name: #b",
        ),
        (
            "SET a = :one, a.b = :one",
            "Two document paths overlap with each other; must remove or rewrite one of these paths; "
            "path one: [a], path two: [a, b]",
        ),
        (
            "SET a.b[1] = :one REMOVE a.b[1]",
            "Two document paths overlap with each other; must remove or rewrite one of these paths; "
            "path one: [a, b, [1]], path two: [a, b, [1]]",
        ),
        (
            "SET a[1] = :one, a.b = :one",
            "Two document paths conflict with each other; must remove or rewrite one of these paths; "
            "path one: [a, [1]], path two: [a, b]",
        ),
        # Paths are named in the order their sections are written (dynalite's AWS-recorded tests).
        (
            "REMOVE a.c SET a[1] = :one",
            "Two document paths conflict with each other; must remove or rewrite one of these paths; "
            "path one: [a, c], path two: [a, [1]]",
        ),
        (
            "REMOVE c, a SET a.b = :one",
            "Two document paths overlap with each other; must remove or rewrite one of these paths; "
            "path one: [a], path two: [a, b]",
        ),
        (
            "SET a = :s + :one",
            "Incorrect operand type for operator or function; operator or function: +, operand type: S",
        ),
        (
            "SET a = b - :ss",
            "Incorrect operand type for operator or function; operator or function: -, operand type: SS",
        ),
        (
            "SET a = list_append(:one, b)",
            "Incorrect operand type for operator or function; operator or function: list_append, operand type: N",
        ),
        (
            "SET a = list_append(b)",
            "Incorrect number of operands for operator or function; operator or function: list_append, "
            "number of operands: 1",
        ),
        (
            "SET a = if_not_exists(:one, :one)",
            "Operator or function requires a document path; operator or function: if_not_exists",
        ),
        (
            "ADD a :s",
            "Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND",
        ),
        (
            "ADD a :l",
            "Incorrect operand type for operator or function; operator: ADD, operand type: LIST, typeSet: ALLOWED_FOR_ADD_OPERAND",
        ),
        (
            "DELETE a :one",
            "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, "
            "typeSet: ALLOWED_FOR_DELETE_OPERAND",
        ),
        (
            "DELETE a :m",
            "Incorrect operand type for operator or function; operator: DELETE, operand type: MAP, "
            "typeSet: ALLOWED_FOR_DELETE_OPERAND",
        ),
    ],
)
def test_expression_errors(text: str, message: str) -> None:
    values = {k: VALUES[k] for k in re.findall(r":\w+", text) if k in VALUES}
    with pytest.raises(ValidationException) as caught:
        parse_update(text, None, values or None)
    assert caught.value.message == f"Invalid UpdateExpression: {message}"


def test_document_paths_nest_at_most_32_levels() -> None:
    deep = "a" + ".b" * 31
    assert parse_update(f"REMOVE {deep}", None, None).paths == {"a"}
    with pytest.raises(ValidationException) as caught:
        parse_update(f"REMOVE {deep}.c", None, None)
    assert caught.value.message == (
        "Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33"
    )


def test_expressions_have_at_most_300_operators() -> None:
    values = {":o": {"N": "1"}}
    fine = ",".join(f"a{i}=b+:o" for i in range(300))
    assert len(parse_update(f"SET {fine}", None, values).paths) == 300
    with pytest.raises(ValidationException) as caught:
        parse_update(f"SET {fine},c=b+:o", None, values)
    assert caught.value.message == (
        "Invalid UpdateExpression: The expression contains too many operators; operator count: 301"
    )
