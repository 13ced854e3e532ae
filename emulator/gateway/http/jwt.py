"""JWT signature and claim checks for JWT authorizers, in pure Python.

RS256 is PKCS#1 v1.5 over SHA-256 (one modular exponentiation); ES256 is ECDSA
over P-256. Both verify only (no private keys here), which keeps them short.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from typing import Any

import orjson

#: DER prefix of a SHA-256 DigestInfo (RFC 8017, section 9.2, note 1).
_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")

# NIST P-256 (FIPS 186-4, D.1.2.3)
_P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
_A = _P - 3
ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
GENERATOR = (
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
)


class InvalidToken(Exception):
    """Why a token was refused; the text becomes ``error_description``."""


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("the token is malformed") from None


def _b64url_int(text: str) -> int:
    return int.from_bytes(b64url_decode(text), "big")


def split_token(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """(header, claims, signed input, signature) of a compact JWS."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("the token is malformed")
    try:
        header = orjson.loads(b64url_decode(parts[0]))
        claims = orjson.loads(b64url_decode(parts[1]))
    except orjson.JSONDecodeError:
        raise InvalidToken("the token is malformed") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise InvalidToken("the token is malformed")
    return header, claims, f"{parts[0]}.{parts[1]}".encode(), b64url_decode(parts[2])


def verify_rs256(key: dict[str, Any], signed: bytes, signature: bytes) -> bool:
    modulus = _b64url_int(key["n"])
    exponent = _b64url_int(key["e"])
    size = (modulus.bit_length() + 7) // 8
    if len(signature) != size:
        return False
    decoded = pow(int.from_bytes(signature, "big"), exponent, modulus).to_bytes(size, "big")
    suffix = _SHA256_DIGEST_INFO + hashlib.sha256(signed).digest()
    expected = b"\x00\x01" + b"\xff" * (size - len(suffix) - 3) + b"\x00" + suffix
    return decoded == expected


Point = tuple[int, int] | None


def _add(p: Point, q: Point) -> Point:
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0]:
        if (p[1] + q[1]) % _P == 0:
            return None
        slope = (3 * p[0] * p[0] + _A) * pow(2 * p[1], -1, _P) % _P
    else:
        slope = (q[1] - p[1]) * pow(q[0] - p[0], -1, _P) % _P
    x = (slope * slope - p[0] - q[0]) % _P
    return x, (slope * (p[0] - x) - p[1]) % _P


def multiply(k: int, point: Point) -> Point:
    result: Point = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def verify_es256(key: dict[str, Any], signed: bytes, signature: bytes) -> bool:
    if len(signature) != 64 or key.get("crv") != "P-256":
        return False
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    if not (0 < r < ORDER and 0 < s < ORDER):
        return False
    public = (_b64url_int(key["x"]), _b64url_int(key["y"]))
    z = int.from_bytes(hashlib.sha256(signed).digest(), "big")
    w = pow(s, -1, ORDER)
    point = _add(multiply(z * w % ORDER, GENERATOR), multiply(r * w % ORDER, public))
    return point is not None and point[0] % ORDER == r


_VERIFIERS = {("RS256", "RSA"): verify_rs256, ("ES256", "EC"): verify_es256}


def verify_signature(header: dict[str, Any], key: dict[str, Any], signed: bytes, signature: bytes) -> None:
    verifier = _VERIFIERS.get((header.get("alg"), key.get("kty")))
    if verifier is None:
        raise InvalidToken(f"the token's algorithm {header.get('alg')} is not supported")
    try:
        valid = verifier(key, signed, signature)
    except (KeyError, ValueError):
        valid = False
    if not valid:
        raise InvalidToken("the token signature is invalid")


def check_claims(claims: dict[str, Any], issuer: str, audiences: list[str]) -> None:
    """Issuer, audience (``aud`` or ``client_id``), expiry and not-before, as AWS checks them."""
    if claims.get("iss") != issuer:
        raise InvalidToken("the token has an invalid issuer")
    now = time.time()
    expiry = claims.get("exp")
    if not isinstance(expiry, int | float) or isinstance(expiry, bool):
        raise InvalidToken("the token does not have an expiry")
    if expiry <= now:
        raise InvalidToken("the token has expired")
    not_before = claims.get("nbf")
    if isinstance(not_before, int | float) and not_before > now:
        raise InvalidToken("the token is not valid yet")
    if audiences:
        token_audiences = claims.get("aud", claims.get("client_id"))
        if isinstance(token_audiences, str):
            token_audiences = [token_audiences]
        if not isinstance(token_audiences, list) or not set(token_audiences) & set(audiences):
            raise InvalidToken("the token does not have a valid audience")


def token_scopes(claims: dict[str, Any]) -> list[str]:
    scope = claims.get("scope", claims.get("scp"))
    if isinstance(scope, str):
        return scope.split()
    if isinstance(scope, list):
        return [str(item) for item in scope]
    return []


def claim_text(value: Any) -> str:
    """Claims reach the event as strings, lists as ``[a b]``, as AWS writes them."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(claim_text(item) for item in value) + "]"
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return str(value)
