"""Route selection: which route key a message selects by its API's RouteSelectionExpression.

AWS evaluates ``$request.body.<path>`` (or ``${request.body.<path>}``) on a JSON
message; a message that is not JSON, or has nothing at the path, goes to
``$default``. The expression is compiled once into the path's names.
"""

from __future__ import annotations

from functools import lru_cache

import orjson

DEFAULT_ROUTE = "$default"


class RouteSelector:
    def __init__(self, expression: str) -> None:
        text = expression.strip()
        if text.startswith("${") and text.endswith("}"):
            text = "$" + text[2:-1]
        prefix = "$request.body."
        #: None for an expression that is not a body path: every message is $default.
        self.path: tuple[str, ...] | None = tuple(text[len(prefix) :].split(".")) if text.startswith(prefix) else None

    def select(self, body: str | None) -> str:
        """The selected route key, or ``$default`` (binary messages pass ``None``)."""
        if body is None or self.path is None:
            return DEFAULT_ROUTE
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError:
            return DEFAULT_ROUTE
        for name in self.path:
            if not isinstance(value, dict) or name not in value:
                return DEFAULT_ROUTE
            value = value[name]
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return DEFAULT_ROUTE


@lru_cache(maxsize=256)
def selector_for(expression: str) -> RouteSelector:
    return RouteSelector(expression)
