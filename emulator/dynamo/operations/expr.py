"""A request's expressions: parsed against one checked set of names and values.

ExpressionAttributeNames / ExpressionAttributeValues are shared by every
expression of a request: they are checked once, each must be used by one of
the expressions, and they may only be given when some expression is.
"""

from __future__ import annotations

from typing import Any

from ..expressions import (
    check_attribute_maps,
    check_unused,
    parse_condition,
    parse_key_condition,
    parse_projection,
    parse_update,
)
from ..values import Layered

Params = dict[str, Any]


class Expressions:
    __slots__ = ("params", "names", "values")

    def __init__(self, params: Params, *, limit_depth: bool = True) -> None:
        self.params = params
        self.names = params.get("ExpressionAttributeNames")
        raw_values = params.get("ExpressionAttributeValues")
        self.values = (
            check_attribute_maps(self.names, raw_values, limit_depth=limit_depth)
            if self.names is not None or raw_values is not None
            else None
        )

    def condition(self, member: str = "ConditionExpression") -> Any:
        text = self.params.get(member)
        return None if text is None else parse_condition(text, self.names, self.values, parameter=member)

    def projection(self) -> Any:
        text = self.params.get("ProjectionExpression")
        return None if text is None else parse_projection(text, self.names)

    def update(self) -> Any:
        text = self.params.get("UpdateExpression")
        return None if text is None else parse_update(text, self.names, self.values)

    def key_condition(self, hash_keys: tuple[str, ...], range_keys: tuple[str, ...]) -> Any:
        return parse_key_condition(
            self.params["KeyConditionExpression"], self.names, self.values, hash_key=hash_keys, range_key=range_keys
        )

    def check_all_used(self, *parsed: Any) -> None:
        """AWS's unused/unexpected ExpressionAttributeNames/Values checks over the request."""
        names, values = self.names, self.params.get("ExpressionAttributeValues")
        present = [p for p in parsed if p is not None]
        if not present:
            if names is not None:
                raise Layered("ExpressionAttributeNames can only be specified when using expressions")
            if values is not None:
                raise Layered("ExpressionAttributeValues can only be specified when using expressions")
            return
        if names is None and values is None:
            return
        used_names: set[str] = set()
        used_values: set[str] = set()
        for p in present:
            used_names.update(p.names_used)
            used_values.update(p.values_used)
        check_unused(names, values, used_names, used_values)
