"""COGNITO_USER_POOLS authorization: the ID or access token's claims, checked for shape, expiry and scopes.

The emulator cannot fetch a user pool's signing keys, so it does not verify
signatures; it reads the JWT's claims, refuses expired or malformed tokens
and, when the method lists authorizationScopes, tokens without one of them.
"""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

import orjson

from .deployment import DeployedApi, DeployedMethod
from .gateway_errors import UNAUTHORIZED
from .request import GatewayRequest

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: REST APIs render these claims as Java dates (``Tue Aug 04 17:18:08 UTC 2020``).
_DATE_CLAIMS = frozenset({"exp", "iat"})


def jwt_claims(token: str) -> dict[str, Any] | None:
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = orjson.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    return claims if isinstance(claims, dict) else None


def _java_date(epoch: float) -> str:
    moment = time.gmtime(epoch)
    return (
        f"{_DAYS[moment.tm_wday]} {_MONTHS[moment.tm_mon - 1]} {moment.tm_mday:02d} "
        f"{time.strftime('%H:%M:%S', moment)} UTC {moment.tm_year}"
    )


def _claim_text(name: str, value: Any) -> str:
    if name in _DATE_CLAIMS and isinstance(value, int | float):
        return _java_date(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return str(value)


def cognito_authorizer(
    request: GatewayRequest, deployed: DeployedApi, method: DeployedMethod
) -> dict[str, Any]:
    """``requestContext.authorizer`` (``{"claims": {...}}``) for a valid token; raises 401 otherwise."""
    authorizer = deployed.authorizers.get(method.authorizer_id or "") or {}
    source = authorizer.get("identitySource") or "method.request.header.Authorization"
    token = request.headers.get(source.rsplit(".", 1)[-1].lower(), "")
    claims = jwt_claims(token.removeprefix("Bearer ").strip()) if token else None
    if claims is None:
        raise UNAUTHORIZED
    expires = claims.get("exp")
    if isinstance(expires, int | float) and expires < time.time():
        raise UNAUTHORIZED
    if method.authorization_scopes:
        granted = set(str(claims.get("scope", "")).split())
        if not granted.intersection(method.authorization_scopes):
            raise UNAUTHORIZED
    return {"claims": {name: _claim_text(name, value) for name, value in claims.items()}}
