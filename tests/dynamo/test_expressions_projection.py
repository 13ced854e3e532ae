"""Projection expressions: nested paths, list indexes and AWS's error messages."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.expressions import parse_projection

ITEM: dict[str, Any] = {
    "id": {"S": "1"},
    "a": {
        "M": {
            "b": {"L": [{"N": "0"}, {"N": "1"}, {"M": {"c": {"S": "x"}, "d": {"S": "y"}}}]},
            "e": {"S": "e"},
        }
    },
    "f": {"N": "5"},
    "g": {"L": [{"S": "g0"}, {"S": "g1"}, {"S": "g2"}, {"S": "g3"}]},
    "h": {
        "L": [
            {"M": {"v": {"S": "v0"}, "w": {"S": "w0"}}},
            {"M": {"v": {"S": "v1"}}},
            {"M": {"v": {"S": "v2"}, "w": {"S": "w2"}}},
        ]
    },
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id, f", {"id": {"S": "1"}, "f": {"N": "5"}}),
        ("id, absent", {"id": {"S": "1"}}),
        ("a.e", {"a": {"M": {"e": {"S": "e"}}}}),
        ("a.b[2].c, f", {"a": {"M": {"b": {"L": [{"M": {"c": {"S": "x"}}}]}}}, "f": {"N": "5"}}),
        ("g[3], g[1]", {"g": {"L": [{"S": "g1"}, {"S": "g3"}]}}),  # kept in the item's order
        ("g[9], a.zz, a.e.x", {}),
        ("a.b[1], a.e", {"a": {"M": {"b": {"L": [{"N": "1"}]}, "e": {"S": "e"}}}}),
        ("h[2].v, h[0].v", {"h": {"L": [{"M": {"v": {"S": "v0"}}}, {"M": {"v": {"S": "v2"}}}]}}),
        (
            "h[2].w, h[0].v, h[0].w",
            {"h": {"L": [{"M": {"v": {"S": "v0"}, "w": {"S": "w0"}}}, {"M": {"w": {"S": "w2"}}}]}},
        ),
    ],
)
def test_projection_keeps_only_its_paths(text: str, expected: dict[str, Any]) -> None:
    assert parse_projection(text, None).apply(ITEM) == expected


def test_projection_with_names() -> None:
    projection = parse_projection("#s, #a.#b", {"#s": "status", "#a": "a", "#b": "e"})
    item = {"status": {"S": "on"}, "a": {"M": {"e": {"S": "e"}, "z": {"S": "z"}}}}
    assert projection.apply(item) == {"status": {"S": "on"}, "a": {"M": {"e": {"S": "e"}}}}
    assert projection.names_used == {"#s", "#a", "#b"}
    assert projection.attributes == {"status", "a"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The expression can not be empty;"),
        ("a,", 'Syntax error; token: "<EOF>", near: ","'),
        ("a b", 'Syntax error; token: "b", near: "a b"'),
        ("my-attr", 'Syntax error; token: "-", near: "my-attr"'),
        ("a[-1]", 'Syntax error; token: "-", near: "[-1"'),
        ("name", "Attribute name is a reserved keyword; reserved keyword: name"),
        ("#n", "An expression attribute name used in the document path is not defined; attribute name: #n"),
        (
            "a, a.b",
            "Two document paths overlap with each other; must remove or rewrite one of these paths; "
            "path one: [a], path two: [a, b]",
        ),
        (
            "a[0], a.b",
            "Two document paths conflict with each other; must remove or rewrite one of these paths; "
            "path one: [a, [0]], path two: [a, b]",
        ),
    ],
)
def test_projection_errors(text: str, message: str) -> None:
    with pytest.raises(ValidationException) as caught:
        parse_projection(text, None)
    assert caught.value.message == f"Invalid ProjectionExpression: {message}"
