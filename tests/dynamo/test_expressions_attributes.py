"""ExpressionAttributeNames / ExpressionAttributeValues checks and AWS's messages."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.aws.errors import ValidationException
from emulator.dynamo.expressions import check_attribute_maps


@pytest.mark.parametrize(
    ("names", "values", "message"),
    [
        ({}, None, "ExpressionAttributeNames must not be empty"),
        ({"a": "a"}, None, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
        ({"#": "a"}, None, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "#"'),
        (
            {"#a": ""},
            None,
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a",
        ),
        (
            {"#" + "a" * 255: "a"},
            None,
            "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is "
            "too long; size of key: 256",
        ),
        (
            None,
            {":" + "a" * 255: {"S": "x"}},
            "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is "
            "too long;",
        ),
        (None, {}, "ExpressionAttributeValues must not be empty"),
        (None, {"v": {"S": "x"}}, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"'),
        # Keys before values (dynalite's AWS-recorded tests).
        (None, {":b": {}, "b": {"S": "a"}}, 'ExpressionAttributeValues contains invalid key: Syntax error; key: "b"'),
        (
            None,
            {":v": {"NS": []}},
            "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: "
            "An number set  may not be empty for key :v",
        ),
        (
            None,
            {":v": {"N": "x1"}},
            "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric "
            "value: x1 for key :v",
        ),
    ],
)
def test_invalid_maps(names: dict[str, str] | None, values: dict[str, Any] | None, message: str) -> None:
    with pytest.raises(ValidationException) as caught:
        check_attribute_maps(names, values)
    assert caught.value.message == message


def test_values_come_back_with_canonical_numbers() -> None:
    values = {":a": {"N": "01.50"}, ":b": {"S": "x"}}
    assert check_attribute_maps({"#a": "a"}, values) == {":a": {"N": "1.5"}, ":b": {"S": "x"}}
    assert check_attribute_maps({"#a": "a"}, None) is None
