"""What HTTP APIs and function URLs share in reading a function's HTTP result (payload format 2.0
and its kin): the error for a result they cannot map, the status code, a header value's spelling."""

from __future__ import annotations

from typing import Any


class MalformedResult(Exception):
    """The function's result is not a response the front can map (HTTP APIs answer 500, URLs 502)."""


def status_code(value: Any) -> int:
    """A result's ``statusCode``: a number or its text, of a final response (200-599)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise MalformedResult("statusCode must be a number")
    try:
        status = int(value)
    except ValueError:
        raise MalformedResult("statusCode must be a number") from None
    if not 200 <= status <= 599:
        raise MalformedResult("statusCode out of range")
    return status


def header_value(value: Any) -> bytes:
    """A header value that is no string, as its JSON spelling reads (``true``, ``7``)."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    return str(value).encode("latin-1", "replace")
