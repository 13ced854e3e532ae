"""Function names as callers write them."""

from __future__ import annotations

import pytest

from emulator.lambda_runtime.errors import InvalidParameterValueException
from emulator.lambda_runtime.names import FunctionRef, parse_function_name


@pytest.mark.parametrize(
    ("text", "qualifier", "expected"),
    [
        ("f", None, FunctionRef("f", None)),
        ("f:live", None, FunctionRef("f", "live")),
        ("f", "3", FunctionRef("f", "3")),
        ("f:$LATEST", "$LATEST", FunctionRef("f", "$LATEST")),
        ("123456789012:function:f", None, FunctionRef("f", None)),
        ("123456789012:function:f:2", None, FunctionRef("f", "2")),
        ("arn:aws:lambda:eu-west-1:123456789012:function:f", None, FunctionRef("f", None, "eu-west-1")),
        ("arn:aws:lambda:eu-west-1:123456789012:function:f:live", None, FunctionRef("f", "live", "eu-west-1")),
    ],
)
def test_parse_function_name(text: str, qualifier: str | None, expected: FunctionRef) -> None:
    assert parse_function_name(text, qualifier) == expected


def test_conflicting_qualifiers_are_rejected() -> None:
    with pytest.raises(InvalidParameterValueException) as info:
        parse_function_name("f:1", "2")
    assert info.value.message == "The derived qualifier from the function name does not match the specified qualifier."
