"""Errors in expressions.

Parsers and binders raise ``ExpressionError`` with AWS's message body; the public
functions prefix it with the parameter's name (``Invalid UpdateExpression: ...``)
and raise it as the ValidationException AWS answers.
"""

from __future__ import annotations

from ..values import Layered


class ExpressionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ExpressionTooLong(ExpressionError):
    """Over 4 KB; only conditions and filters tell the size (as AWS words it)."""

    def __init__(self, size: int) -> None:
        super().__init__("Expression size has exceeded the maximum allowed size;")
        self.size = size


#: The parameters whose size error ends with the expression's size.
SIZE_TOLD = frozenset({"ConditionExpression", "FilterExpression"})


class InvalidExpression(Layered):
    """A ValidationException about one expression parameter; PartiQL words it without the name."""

    code = "ValidationException"

    def __init__(self, parameter: str, detail: str) -> None:
        super().__init__(f"Invalid {parameter}: {detail}")
        self.parameter = parameter
        self.detail = detail


def invalid(parameter: str, error: ExpressionError) -> InvalidExpression:
    message = error.message
    if isinstance(error, ExpressionTooLong) and parameter in SIZE_TOLD:
        message += f" expression size: {error.size}"
    return InvalidExpression(parameter, message)


def path_text(parts: tuple[str | int, ...]) -> str:
    """A document path as AWS's messages print it: ``[a, b, [2], c]``."""
    return "[" + ", ".join(f"[{p}]" if isinstance(p, int) else p for p in parts) + "]"
