"""Pure checks of the JWT verifier: signatures (RS256, ES256) and claims, without a server."""

from __future__ import annotations

import time

import pytest
from test_http_support import EcKey, RsaKey

from emulator.gateway.http.jwt import (
    InvalidToken,
    check_claims,
    claim_text,
    split_token,
    token_scopes,
    verify_signature,
)


@pytest.fixture(scope="module")
def rsa_key() -> RsaKey:
    return RsaKey("r")


@pytest.fixture(scope="module")
def ec_key() -> EcKey:
    return EcKey("e")


def _verify(token: str, jwk: dict[str, str]) -> dict[str, object]:
    header, claims, signed, signature = split_token(token)
    verify_signature(header, jwk, signed, signature)
    return claims


def test_valid_signatures_verify(rsa_key: RsaKey, ec_key: EcKey) -> None:
    assert _verify(rsa_key.sign({"sub": "a"}), rsa_key.jwk()) == {"sub": "a"}
    assert _verify(ec_key.sign({"sub": "b"}), ec_key.jwk()) == {"sub": "b"}


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_tampered_tokens_and_wrong_keys_fail(rsa_key: RsaKey, ec_key: EcKey, kind: str) -> None:
    key = rsa_key if kind == "rsa" else ec_key
    header, payload, signature = key.sign({"sub": "a"}).split(".")
    other_payload = key.sign({"sub": "admin"}).split(".")[1]
    with pytest.raises(InvalidToken, match="signature"):
        _verify(f"{header}.{other_payload}.{signature}", key.jwk())
    other = RsaKey("x") if kind == "rsa" else EcKey("x")
    with pytest.raises(InvalidToken, match="signature"):
        _verify(f"{header}.{payload}.{signature}", other.jwk())


def test_algorithm_must_match_the_key(rsa_key: RsaKey, ec_key: EcKey) -> None:
    with pytest.raises(InvalidToken, match="algorithm"):
        _verify(rsa_key.sign({"sub": "a"}), ec_key.jwk())


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d", "!!!.###.$$$"])
def test_malformed_tokens(token: str) -> None:
    with pytest.raises(InvalidToken):
        split_token(token)


def test_claim_checks() -> None:
    now = int(time.time())
    good = {"iss": "https://i", "aud": ["x", "app"], "exp": now + 60}
    check_claims(good, "https://i", ["app"])
    check_claims({"iss": "https://i", "client_id": "app", "exp": now + 60}, "https://i", ["app"])
    failures = {
        "issuer": {**good, "iss": "https://other"},
        "expired": {**good, "exp": now - 1},
        "expiry": {k: v for k, v in good.items() if k != "exp"},
        "not valid yet": {**good, "nbf": now + 60},
        "audience": {**good, "aud": "someone"},
    }
    for reason, claims in failures.items():
        with pytest.raises(InvalidToken, match=reason):
            check_claims(claims, "https://i", ["app"])


def test_scopes_and_claim_text() -> None:
    assert token_scopes({"scope": "a b"}) == ["a", "b"]
    assert token_scopes({"scp": ["a", "b"]}) == ["a", "b"]
    assert token_scopes({}) == []
    assert claim_text(["a", "b"]) == "[a b]"
    assert claim_text(12) == "12"
    assert claim_text(True) == "true"
