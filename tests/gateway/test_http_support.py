"""Helpers for the HTTP API tests: Lambda functions from inline code, data-plane calls.

Named test_http_* so that it sits with the HTTP API tests; it holds no tests.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from loopback_http import QuietHandler, serving

from emulator.gateway.http.jwt import GENERATOR, ORDER, multiply
from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, create_python_function, make_zip  # noqa: F401 - re-exported to the tests

#: Returns the event it received as the JSON body (payload format 2.0 or 1.0 alike).
ECHO = """
import json

def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""


def create_function(server: EmulatorProcess, name: str, code: str = ECHO, timeout: int = 3) -> str:
    """A Python function ``app.handler``; returns its ARN."""
    return create_python_function(server.client("lambda"), name, code, Timeout=timeout)["FunctionArn"]


def lambda_uri(function_arn: str, region: str = "us-east-1") -> str:
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def call(server: EmulatorProcess, api_id: str, method: str, path: str, **options: Any) -> httpx.Response:
    """A request to an API's host-based URL (connecting to 127.0.0.1, with the Host header)."""
    extra = options.pop("headers", {})
    headers = [
        ("Host", f"{api_id}.execute-api.localhost:{server.port}"),
        *(extra.items() if isinstance(extra, dict) else extra),
    ]
    return httpx.request(
        method, f"http://127.0.0.1:{server.port}{path}", headers=headers, timeout=30, **options
    )


def quick_api(server: EmulatorProcess, function_arn: str, **options: Any) -> str:
    """A quick-created HTTP API in front of a function; returns its id."""
    return server.client("apigatewayv2").create_api(
        Name="quick", ProtocolType="HTTP", Target=function_arn, **options
    )["ApiId"]


def route_api(
    server: EmulatorProcess, routes: dict[str, str], payload_version: str = "2.0", **stage: Any
) -> str:
    """An API whose routes (route key -> function ARN) are each integrated with their function,
    deployed to a ``$default`` stage with AutoDeploy unless ``StageName`` says otherwise."""
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="routes", ProtocolType="HTTP")["ApiId"]
    integrations: dict[str, str] = {}
    for route_key, function_arn in routes.items():
        if function_arn not in integrations:
            integrations[function_arn] = client.create_integration(
                ApiId=api_id,
                IntegrationType="AWS_PROXY",
                IntegrationUri=function_arn,
                PayloadFormatVersion=payload_version,
            )["IntegrationId"]
        client.create_route(
            ApiId=api_id, RouteKey=route_key, Target=f"integrations/{integrations[function_arn]}"
        )
    client.create_stage(ApiId=api_id, StageName=stage.pop("StageName", "$default"), AutoDeploy=True, **stage)
    return api_id


@contextmanager
def echo_server() -> Iterator[str]:
    """An HTTP server on loopback answering 202 with what it received (method, path, headers, body)."""

    class Handler(QuietHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.dumps(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": self.rfile.read(length).decode(),
                }
            ).encode()
            self.send_response(202)
            self.send_header("content-type", "application/json")
            self.send_header("x-upstream", "yes")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer


    with serving(Handler) as url:
        yield url


# -- keys that sign JWTs for the JWT authorizer tests (no crypto library needed) --

SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _probable_prime(bits: int) -> int:
    while True:
        candidate = secrets.randbits(bits) | (1 << (bits - 1)) | 1
        if all(candidate % p for p in (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)) and _miller_rabin(candidate):
            return candidate


def _miller_rabin(n: int, rounds: int = 20) -> bool:
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


class RsaKey:
    """A test RSA key that signs RS256 tokens (1024 bits: quick to make, same arithmetic)."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.e = 65537
        while True:
            p, q = _probable_prime(512), _probable_prime(512)
            phi = (p - 1) * (q - 1)
            if p != q and phi % self.e:
                break
        self.n = p * q
        self.d = pow(self.e, -1, phi)

    def jwk(self) -> dict[str, str]:
        size = (self.n.bit_length() + 7) // 8
        return {
            "kty": "RSA",
            "kid": self.kid,
            "alg": "RS256",
            "n": b64url(self.n.to_bytes(size, "big")),
            "e": b64url(b"\x01\x00\x01"),
        }

    def sign(self, claims: dict[str, Any], header: dict[str, Any] | None = None) -> str:
        signed = _signing_input({"alg": "RS256", "typ": "JWT", "kid": self.kid, **(header or {})}, claims)
        size = (self.n.bit_length() + 7) // 8
        suffix = SHA256_PREFIX + hashlib.sha256(signed).digest()
        padded = b"\x00\x01" + b"\xff" * (size - len(suffix) - 3) + b"\x00" + suffix
        signature = pow(int.from_bytes(padded, "big"), self.d, self.n).to_bytes(size, "big")
        return f"{signed.decode()}.{b64url(signature)}"


class EcKey:
    """A test P-256 key that signs ES256 tokens."""

    def __init__(self, kid: str) -> None:
        self.kid = kid
        self.d = secrets.randbelow(ORDER - 1) + 1
        self.public = multiply(self.d, GENERATOR)

    def jwk(self) -> dict[str, str]:
        assert self.public is not None
        x, y = self.public
        return {
            "kty": "EC",
            "kid": self.kid,
            "crv": "P-256",
            "x": b64url(x.to_bytes(32, "big")),
            "y": b64url(y.to_bytes(32, "big")),
        }

    def sign(self, claims: dict[str, Any]) -> str:
        signed = _signing_input({"alg": "ES256", "typ": "JWT", "kid": self.kid}, claims)
        z = int.from_bytes(hashlib.sha256(signed).digest(), "big")
        while True:
            k = secrets.randbelow(ORDER - 1) + 1
            point = multiply(k, GENERATOR)
            assert point is not None
            r = point[0] % ORDER
            s = pow(k, -1, ORDER) * (z + r * self.d) % ORDER
            if r and s:
                break
        return f"{signed.decode()}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def _signing_input(header: dict[str, Any], claims: dict[str, Any]) -> bytes:
    return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}".encode()
