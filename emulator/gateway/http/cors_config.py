"""An HTTP API's CorsConfiguration as AWS stores it: header names lowercased, some settings refused."""

from __future__ import annotations

from typing import Any

from .errors import BadRequestException

_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "*"})
#: Header lists AWS keeps in lower case (header names are case-insensitive); the rest verbatim.
_HEADER_LISTS = ("AllowHeaders", "ExposeHeaders")


def stored_cors(config: dict[str, Any]) -> dict[str, Any]:
    """The configuration to store, or AWS's refusal (words as CDK users quote them)."""
    if config.get("AllowCredentials") and "*" in (config.get("AllowOrigins") or ()):
        raise BadRequestException("allow-credentials is not supported if 'allow-origin' is *")
    for method in config.get("AllowMethods") or ():
        if method.upper() not in _METHODS:
            raise BadRequestException(f"Method {method} is not supported")
    stored = dict(config)
    for member in _HEADER_LISTS:
        if member in stored:
            stored[member] = [name.lower() for name in stored[member]]
    return stored
