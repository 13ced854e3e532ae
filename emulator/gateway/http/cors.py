"""An HTTP API's CorsConfiguration: preflights answered by the gateway, headers on responses."""

from __future__ import annotations

from typing import Any

from .request import IncomingRequest
from .responses import GatewayResponse


def _allowed_origin(config: dict[str, Any], origin: str) -> str | None:
    origins = config.get("AllowOrigins") or ()
    if "*" in origins:
        return "*"
    lowered = origin.lower()
    return origin if any(allowed.lower() == lowered for allowed in origins) else None


def _joined(values: list[str] | None) -> bytes:
    return ",".join(values or ()).encode()


def is_preflight(request: IncomingRequest) -> bool:
    headers = request.headers
    return request.method == "OPTIONS" and "origin" in headers and "access-control-request-method" in headers


def preflight(request: IncomingRequest, config: dict[str, Any]) -> GatewayResponse:
    """204, with the allowed origin, methods and headers when the origin is allowed."""
    response = GatewayResponse(204)
    origin = _allowed_origin(config, request.headers["origin"])
    if origin is None:
        return response
    headers = response.headers
    headers.append((b"access-control-allow-origin", origin.encode()))
    if config.get("AllowMethods"):
        headers.append((b"access-control-allow-methods", _joined(config["AllowMethods"])))
    if config.get("AllowHeaders"):
        allowed = config["AllowHeaders"]
        if "*" in allowed:
            requested = request.headers.get("access-control-request-headers", "")
            headers.append((b"access-control-allow-headers", (requested or "*").encode()))
        else:
            headers.append((b"access-control-allow-headers", _joined([name.lower() for name in allowed])))
    if config.get("MaxAge") is not None:
        headers.append((b"access-control-max-age", str(config["MaxAge"]).encode()))
    if config.get("AllowCredentials"):
        headers.append((b"access-control-allow-credentials", b"true"))
    return response


def add_cors_headers(request: IncomingRequest, config: dict[str, Any], response: GatewayResponse) -> None:
    """The gateway's CORS headers replace any the integration set."""
    origin_header = request.headers.get("origin")
    if origin_header is None:
        return
    origin = _allowed_origin(config, origin_header)
    if origin is None:
        return
    managed = (
        b"access-control-allow-origin",
        b"access-control-expose-headers",
        b"access-control-allow-credentials",
    )
    response.headers = [(name, value) for name, value in response.headers if name not in managed]
    response.headers.append((b"access-control-allow-origin", origin.encode()))
    if config.get("ExposeHeaders"):
        response.headers.append((b"access-control-expose-headers", _joined(config["ExposeHeaders"])))
    if config.get("AllowCredentials"):
        response.headers.append((b"access-control-allow-credentials", b"true"))
