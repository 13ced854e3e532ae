"""Route selection: which route key a message selects by its API's RouteSelectionExpression.

AWS evaluates ``$request.body.<path>`` (or ``${request.body.<path>}``, several
of them with literal text between, as in ``${request.body.version}-beta``) on a
JSON message; a message that is not JSON, or has no scalar at a path, goes to
``$default``. The expression is parsed once.
"""

from __future__ import annotations

from functools import lru_cache

import orjson

from .expressions import as_key, parse

DEFAULT_ROUTE = "$default"
_BODY = ("request", "body")


class RouteSelector:
    def __init__(self, expression: str) -> None:
        parts = parse(expression.strip())
        #: Literal text, or the body path of a variable; None when a variable is not a body path.
        self.parts: tuple[str | tuple[str, ...], ...] | None = tuple(
            part if isinstance(part, str) else part[2:] for part in parts
        )
        if any(not isinstance(part, str) and part[:2] != _BODY for part in parts):
            self.parts = None

    def select(self, body: str | None) -> str:
        """The selected route key, or ``$default`` (binary messages pass ``None``)."""
        if body is None or not self.parts:
            return DEFAULT_ROUTE
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError:
            return DEFAULT_ROUTE
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = document
            for name in part:
                if not isinstance(value, dict) or name not in value:
                    return DEFAULT_ROUTE
                value = value[name]
            if value is None or isinstance(value, dict | list):
                return DEFAULT_ROUTE
            out.append(as_key(value))
        return "".join(out)


@lru_cache(maxsize=256)
def selector_for(expression: str) -> RouteSelector:
    return RouteSelector(expression)
