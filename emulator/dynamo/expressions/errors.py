"""Errors in expressions.

Parsers and binders raise ``ExpressionError`` with AWS's message body; the public
functions prefix it with the parameter's name (``Invalid UpdateExpression: ...``)
and raise it as the ValidationException AWS answers.
"""

from __future__ import annotations

from ...aws.errors import ValidationException


class ExpressionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invalid(parameter: str, error: ExpressionError) -> ValidationException:
    return ValidationException(f"Invalid {parameter}: {error.message}")


def path_text(parts: tuple[str | int, ...]) -> str:
    """A document path as AWS's messages print it: ``[a, b, [2], c]``."""
    return "[" + ", ".join(f"[{p}]" if isinstance(p, int) else p for p in parts) + "]"
