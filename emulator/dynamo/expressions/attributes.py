"""Checks of ExpressionAttributeNames and ExpressionAttributeValues themselves."""

from __future__ import annotations

import re
from collections.abc import Set
from typing import Any

from ...aws.errors import ValidationException
from ..values import AttributeValue, Layered, ValueProblem, check_depth, normalize_value

_NAME_KEY = re.compile(r"#[A-Za-z0-9_]+")
_VALUE_KEY = re.compile(r":[A-Za-z0-9_]+")
MAX_KEY_BYTES = 255


def check_attribute_maps(
    names: dict[str, str] | None, values: dict[str, Any] | None, *, limit_depth: bool = True
) -> dict[str, AttributeValue] | None:
    """AWS's checks of the maps' keys and values; returns the values with canonical numbers.

    ``limit_depth``: values nested deeper than an item may be are refused (all but
    TransactWriteItems, which lets only the item written be checked)."""
    if names is not None:
        if not names:
            raise Layered("ExpressionAttributeNames must not be empty")
        for key, name in names.items():
            size = len(key.encode())
            if size > MAX_KEY_BYTES:
                raise Layered(
                    "ExpressionAttributeNames contains invalid key: "
                    f"The expression attribute map contains a key that is too long; size of key: {size}"
                )
            if not _NAME_KEY.fullmatch(key):
                raise Layered(
                    f'ExpressionAttributeNames contains invalid key: Syntax error; key: "{key}"'
                )
            if not name:
                raise Layered(
                    f"ExpressionAttributeNames contains invalid value: Empty attribute name for key {key}"
                )
    if values is None:
        return None
    if not values:
        raise Layered("ExpressionAttributeValues must not be empty")
    # Every key is checked before any value (dynalite's AWS-recorded tests).
    for key in values:
        if len(key.encode()) > MAX_KEY_BYTES:  # AWS tells the size for names only
            raise Layered(
                "ExpressionAttributeValues contains invalid key: "
                "The expression attribute map contains a key that is too long;"
            )
        if not _VALUE_KEY.fullmatch(key):
            raise Layered(
                f'ExpressionAttributeValues contains invalid key: Syntax error; key: "{key}"'
            )
    normalized = {}
    for key, value in values.items():
        try:
            normalized[key] = normalize_value(value)
        except ValidationException as error:
            wrapped = f"ExpressionAttributeValues contains invalid value: {error.message} for key {key}"
            if isinstance(error, ValueProblem):
                raise ValueProblem(wrapped, error.current) from None
            raise Layered(wrapped) from None
    if limit_depth:
        check_depth(normalized.values())
    return normalized


def check_unused(
    names: dict[str, str] | None, values: dict[str, Any] | None, used_names: Set[str], used_values: Set[str]
) -> None:
    """AWS rejects placeholders that no expression of the request uses."""
    unused = [key for key in names or () if key not in used_names]
    if unused:
        raise Layered(
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
            + ", ".join(unused)
            + "}"
        )
    unused = [key for key in values or () if key not in used_values]
    if unused:
        raise Layered(
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
            + ", ".join(unused)
            + "}"
        )
