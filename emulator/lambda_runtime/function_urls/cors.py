"""A URL config's ``Cors``: preflights answered without invoking, headers set on responses.

The URL's settings replace any CORS headers the function returns.
"""

from __future__ import annotations

from typing import Any

from .request import UrlRequest
from .response import UrlResponse

_MANAGED = (b"access-control-allow-origin", b"access-control-expose-headers", b"access-control-allow-credentials")


def is_preflight(request: UrlRequest) -> bool:
    headers = request.headers
    return request.method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def preflight(request: UrlRequest, cors: dict[str, Any]) -> UrlResponse:
    """200 with the allowed origin, methods, headers and max age; bare when the origin is not allowed."""
    response = UrlResponse(200)
    origin = _allowed_origin(cors, request.headers["origin"])
    if origin is None:
        return response
    headers = response.headers
    headers.append((b"access-control-allow-origin", origin.encode()))
    if cors.get("AllowMethods"):
        headers.append((b"access-control-allow-methods", _joined(cors["AllowMethods"])))
    if cors.get("AllowHeaders"):
        allowed = cors["AllowHeaders"]
        if "*" in allowed:
            requested = request.headers.get("access-control-request-headers", "")
            headers.append((b"access-control-allow-headers", (requested or "*").encode()))
        else:
            headers.append((b"access-control-allow-headers", _joined([name.lower() for name in allowed])))
    if cors.get("MaxAge"):
        headers.append((b"access-control-max-age", str(cors["MaxAge"]).encode()))
    if cors.get("AllowCredentials"):
        headers.append((b"access-control-allow-credentials", b"true"))
    return response


def add_cors_headers(request: UrlRequest, cors: dict[str, Any], response: UrlResponse) -> None:
    origin_header = request.headers.get("origin")
    origin = _allowed_origin(cors, origin_header) if origin_header is not None else None
    if origin is None:
        return
    headers = [(name, value) for name, value in response.headers if name not in _MANAGED]
    headers.append((b"access-control-allow-origin", origin.encode()))
    if cors.get("ExposeHeaders"):
        headers.append((b"access-control-expose-headers", _joined(cors["ExposeHeaders"])))
    if cors.get("AllowCredentials"):
        headers.append((b"access-control-allow-credentials", b"true"))
    response.headers = headers


def _allowed_origin(cors: dict[str, Any], origin: str) -> str | None:
    origins = cors.get("AllowOrigins") or ()
    if "*" in origins:
        return "*"
    lowered = origin.lower()
    return origin if any(allowed.lower() == lowered for allowed in origins) else None


def _joined(values: list[str]) -> bytes:
    return ",".join(values).encode()
