"""JSON Web Key Sets for JWT authorizers: from a local file or an http URL (OIDC discovery)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson

_CACHE_S = 300.0


class KeyNotFound(Exception):
    pass


class JwksCache:
    """Keys by issuer; fetched on first use, refetched when a token names an unknown key."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[float, list[dict[str, Any]]]] = {}

    async def key(self, issuer: str, kid: str | None) -> dict[str, Any]:
        cached = self._keys.get(issuer)
        fresh = cached is not None and cached[0] > time.monotonic()
        keys = cached[1] if fresh and cached else await self._load(issuer)
        found = _pick(keys, kid)
        if found is None and fresh:
            found = _pick(await self._load(issuer), kid)
        if found is None:
            raise KeyNotFound(f"no key {kid!r} in the JWKS of {issuer}")
        return found

    async def _load(self, issuer: str) -> list[dict[str, Any]]:
        document = await _fetch_keys(issuer)
        keys = [key for key in document.get("keys", ()) if isinstance(key, dict)]
        self._keys[issuer] = (time.monotonic() + _CACHE_S, keys)
        return keys

    def clear(self) -> None:
        self._keys.clear()


def _pick(keys: list[dict[str, Any]], kid: str | None) -> dict[str, Any] | None:
    for key in keys:
        if kid is None or key.get("kid") == kid:
            return key
    return None


async def _fetch_keys(issuer: str) -> dict[str, Any]:
    """A JWKS for an issuer.

    A local path (``/path/jwks.json`` or ``file:///path``) is read directly; it may
    hold the key set or an OpenID configuration naming ``jwks_uri``. An http(s)
    issuer is discovered as AWS does: ``{issuer}/.well-known/openid-configuration``
    then its ``jwks_uri``, falling back to ``{issuer}/.well-known/jwks.json``.
    """
    if issuer.startswith(("/", "file://")):
        document = orjson.loads(Path(issuer.removeprefix("file://")).read_bytes())
        if "keys" not in document and "jwks_uri" in document:
            return await _fetch_keys(document["jwks_uri"])
        return document
    import httpx  # imported when a JWKS is first fetched, not at start-up

    async with httpx.AsyncClient(timeout=5.0) as client:
        base = issuer.rstrip("/")
        if not base.endswith(".json"):
            discovery = await client.get(f"{base}/.well-known/openid-configuration")
            if discovery.status_code == 200 and "jwks_uri" in discovery.json():
                response = await client.get(discovery.json()["jwks_uri"])
            else:
                response = await client.get(f"{base}/.well-known/jwks.json")
        else:
            response = await client.get(base)
        response.raise_for_status()
        return response.json()
