"""Function names as callers write them: a name, a full ARN or a partial ARN, maybe qualified."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import InvalidParameterValueException


@dataclass(slots=True, frozen=True)
class FunctionRef:
    name: str
    qualifier: str | None
    #: The region an ARN names; None for bare names (the request's region applies).
    region: str | None = None


@lru_cache(maxsize=4096)  # API Gateway names the same functions on every request
def parse_function_name(text: str, qualifier: str | None = None) -> FunctionRef:
    """``f``, ``f:1``, ``123456789012:function:f:alias``, ``arn:aws:lambda:us-east-1:123456789012:function:f``."""
    region = None
    if ":" not in text:
        name, derived = text, None
    else:
        parts = text.split(":")
        if parts[0] == "arn" and len(parts) < 7:
            # Cut short (``arn:aws:lambda:us-east-1:123456789012:function``): AWS's name pattern reads
            # the last segment as the name, as it would a partial ARN's.
            region = parts[3] if len(parts) > 4 else None
            parts = parts[-1:]
        elif parts[0] == "arn":
            region = parts[3]
            parts = parts[6:]
        elif len(parts) >= 3 and parts[1] == "function":
            parts = parts[2:]
        name = parts[0]
        derived = parts[1] if len(parts) > 1 else None
    if derived is not None and qualifier is not None and derived != qualifier:
        raise InvalidParameterValueException(
            "The derived qualifier from the function name does not match the specified qualifier."
        )
    return FunctionRef(name, qualifier if qualifier is not None else derived, region)
