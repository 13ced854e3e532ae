"""What many operations share: table lookup with AWS's name checks, and small helpers."""

from __future__ import annotations

import re
from typing import Any

from ...aws.errors import ValidationException
from ...aws.wording import raise_for, violation
from .. import legacy
from ..errors import NOT_FOUND, ResourceNotFoundException
from ..store import Store
from ..table import Table
from ..values import Layered

NAME_PATTERN = "[a-zA-Z0-9_.-]+"
_NAME = re.compile(NAME_PATTERN)
INVALID = "One or more parameter values were invalid: "


#: Members that give ``legacy.translate`` something to do (rewrite or check).
LEGACY_TRIGGERS = frozenset(
    {
        "AttributesToGet",
        "KeyConditions",
        "QueryFilter",
        "ScanFilter",
        "ConditionalOperator",
        "Expected",
        "AttributeUpdates",
        "ExpressionAttributeNames",
        "ExpressionAttributeValues",
    }
)


def translated(operation: str, params: dict[str, Any], *, key_size: int = 2) -> dict[str, Any]:
    """``legacy.translate``, skipped for the plain requests it has nothing to do for."""
    if LEGACY_TRIGGERS.isdisjoint(params):
        return params
    try:
        return legacy.translate(operation, params, key_size=key_size)
    except ValidationException as error:
        if isinstance(error, Layered) or error.message is None:
            raise
        raise Layered(error.message) from None


def check_name(name: str, member: str = "tableName", *, arn_allowed: bool = True) -> None:
    """AWS's server-side name rule (3-255 of ``[a-zA-Z0-9_.-]``); ARNs pass where allowed."""
    if arn_allowed and name.startswith("arn:"):
        return
    errors = []
    # Length before pattern, as AWS lists them (moto's aws_verified test_update_item_with_invalid_table_name).
    if len(name) < 3:
        errors.append(violation(name, member, "Member must have length greater than or equal to 3"))
    elif len(name) > 255:
        errors.append(violation(name, member, "Member must have length less than or equal to 255"))
    if not _NAME.fullmatch(name):
        errors.append(violation(name, member, f"Member must satisfy regular expression pattern: {NAME_PATTERN}"))
    raise_for(errors)


def table_for(store: Store, ctx: Any, params: dict[str, Any], message: str = NOT_FOUND) -> Table:
    """The table an item operation names; a table still CREATING is not found yet."""
    name = params["TableName"]
    table = store.find(ctx.region, name)
    if table is None or not table.active:
        check_name(name)
        raise_not_found(message)
    return table  # type: ignore[return-value]


def described_table(store: Store, ctx: Any, name: str) -> Table:
    """The table a control-plane operation names (any status)."""
    table = store.find(ctx.region, name)
    if table is None:
        check_name(name)
        raise_not_found(f"Requested resource not found: Table: {name} not found")
    return table  # type: ignore[return-value]


def raise_not_found(message: str) -> None:
    raise ResourceNotFoundException(message)


def invalid(message: str) -> ValidationException:
    return ValidationException(INVALID + message)


NOT_SCALAR = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "


def check_scalar_keys(table: Table, *parsed: Any) -> None:
    """AWS refuses expressions that go inside a key attribute of the table (``Key``) or of an
    index (``IndexKey``): keys are scalars. ``parsed``: expressions with ``nested`` names, or None."""
    nested = [p.nested for p in parsed if p is not None and p.nested]
    if not nested:
        return
    for name in table.keys.names:
        if any(name in names for names in nested):
            raise ValidationException(f"{NOT_SCALAR}Key: {name}")
    for name, _, _, _ in table.index_key_attrs:
        if any(name in names for names in nested):
            raise ValidationException(f"{NOT_SCALAR}IndexKey: {name}")
