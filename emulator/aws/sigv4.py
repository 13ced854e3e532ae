"""Reading the SigV4 ``Authorization`` header.

The emulator accepts any credentials; it reads the credential scope only to
learn the caller's region and the service the request was signed for.
"""

from __future__ import annotations


def credential_scope(authorization: str | None) -> tuple[str, str] | None:
    """``(region, service)`` from ``AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...``."""
    if not authorization:
        return None
    start = authorization.find("Credential=")
    if start < 0:
        return None
    end = authorization.find(",", start)
    scope = authorization[start + 11 : end if end > 0 else None].strip().split("/")
    if len(scope) < 5:
        return None
    return scope[2], scope[3]


def region_of(authorization: str | None, default: str) -> str:
    scope = credential_scope(authorization)
    return scope[0] if scope else default
