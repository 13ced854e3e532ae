"""CORS as AWS configures it for HTTP APIs (``CorsConfiguration``) and function URLs (``Cors``).

Both take the same members (AllowOrigins, AllowMethods, AllowHeaders,
ExposeHeaders, MaxAge, AllowCredentials); the endpoint answers preflights
itself, and its headers replace any CORS headers the function returns. Each
endpoint wraps these header lists in its own response type and status.
"""

from __future__ import annotations

from typing import Any

from ..response_headers import carried

Headers = list[tuple[bytes, bytes]]

#: Response headers the configuration owns: the function's own are dropped.
_MANAGED = (b"access-control-allow-origin", b"access-control-expose-headers", b"access-control-allow-credentials")


def is_preflight(method: str, headers: dict[str, str]) -> bool:
    return method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def preflight_headers(config: dict[str, Any], headers: dict[str, str]) -> Headers:
    """A preflight's answer headers: none when the origin is not allowed."""
    origin = allowed_origin(config, headers["origin"])
    if origin is None:
        return []
    answer = [(b"access-control-allow-origin", origin.encode())]
    if config.get("AllowMethods"):
        answer.append((b"access-control-allow-methods", _joined(config["AllowMethods"])))
    allowed = config.get("AllowHeaders")
    if allowed:
        if "*" in allowed:
            requested = headers.get("access-control-request-headers", "")
            answer.append((b"access-control-allow-headers", (requested or "*").encode()))
        else:
            answer.append((b"access-control-allow-headers", _joined([name.lower() for name in allowed])))
    if config.get("MaxAge") is not None:
        answer.append((b"access-control-max-age", str(config["MaxAge"]).encode()))
    if config.get("AllowCredentials"):
        answer.append((b"access-control-allow-credentials", b"true"))
    return carried(answer)  # a setting HTTP cannot carry (CreateApi takes a line break) is left out


def with_cors_headers(config: dict[str, Any], headers: dict[str, str], response_headers: Headers) -> Headers:
    """``response_headers`` with the configuration's CORS headers, for a request from an allowed origin."""
    origin_header = headers.get("origin")
    origin = allowed_origin(config, origin_header) if origin_header is not None else None
    if origin is None:
        return response_headers
    added = [(b"access-control-allow-origin", origin.encode())]
    if config.get("ExposeHeaders"):
        added.append((b"access-control-expose-headers", _joined(config["ExposeHeaders"])))
    if config.get("AllowCredentials"):
        added.append((b"access-control-allow-credentials", b"true"))
    # Only the configuration's headers are checked: the response's own were, where they were made.
    return [(name, value) for name, value in response_headers if name not in _MANAGED] + carried(added)


def allowed_origin(config: dict[str, Any], origin: str) -> str | None:
    """``*`` or the request's origin when the configuration allows it (case-insensitively)."""
    origins = config.get("AllowOrigins") or ()
    if "*" in origins:
        return "*"
    lowered = origin.lower()
    return origin if any(allowed.lower() == lowered for allowed in origins) else None


def _joined(values: list[str]) -> bytes:
    return ",".join(values).encode()
