"""HTTP API authorizers on the data plane: JWT (RS256 / ES256 against a JWKS file or a loopback
URL), Lambda REQUEST authorizers (simple and IAM-policy responses, caching), and AWS_IAM."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback_http import QuietHandler, serving
from test_http_support import ECHO, EcKey, RsaKey, b64url, call, create_function

from emulator.testing import EmulatorProcess


@pytest.fixture(scope="module")
def rsa_key() -> RsaKey:
    return RsaKey("rsa-1")


@pytest.fixture(scope="module")
def ec_key() -> EcKey:
    return EcKey("ec-1")


@pytest.fixture
def jwks_file(tmp_path: Path, rsa_key: RsaKey, ec_key: EcKey) -> str:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps({"keys": [rsa_key.jwk(), ec_key.jwk()]}))
    return str(path)


@pytest.fixture
def oidc_issuer(rsa_key: RsaKey) -> Iterator[str]:
    """An OpenID issuer on loopback: discovery document and JWKS."""

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            documents = {
                "/.well-known/openid-configuration": {"issuer": base, "jwks_uri": f"{base}/keys"},
                "/keys": {"keys": [rsa_key.jwk()]},
            }
            body = json.dumps(documents.get(self.path, {})).encode()
            self.send_response(200 if self.path in documents else 404)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


    with serving(Handler) as url:
        yield url


def claims(issuer: str, **extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": issuer, "aud": "my-app", "sub": "user-1", "iat": now, "exp": now + 300, **extra}


def jwt_api(server: EmulatorProcess, issuer: str, scopes: list[str] | None = None) -> str:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo", ECHO)
    api_id = client.create_api(Name="jwt", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion="2.0"
    )["IntegrationId"]
    authorizer = client.create_authorizer(
        ApiId=api_id,
        Name="jwt",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": issuer, "Audience": ["my-app"]},
    )["AuthorizerId"]
    options: dict[str, Any] = {"AuthorizationScopes": scopes} if scopes else {}
    client.create_route(
        ApiId=api_id,
        RouteKey="GET /private",
        Target=f"integrations/{integration}",
        AuthorizationType="JWT",
        AuthorizerId=authorizer,
        **options,
    )
    client.create_route(ApiId=api_id, RouteKey="GET /public", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_jwt_rs256_from_a_jwks_file_reaches_the_event(
    server: EmulatorProcess, jwks_file: str, rsa_key: RsaKey
) -> None:
    api_id = jwt_api(server, jwks_file)
    token = rsa_key.sign(claims(jwks_file, scope="read write", groups=["a", "b"]))
    response = call(server, api_id, "GET", "/private", headers=bearer(token))
    assert response.status_code == 200
    authorizer = response.json()["requestContext"]["authorizer"]
    assert authorizer["jwt"]["scopes"] == ["read", "write"]
    found = authorizer["jwt"]["claims"]
    assert found["sub"] == "user-1" and found["iss"] == jwks_file and found["aud"] == "my-app"
    assert found["groups"] == "[a b]"
    assert found["exp"] == str(claims(jwks_file)["exp"]) or found["exp"].isdigit()
    assert call(server, api_id, "GET", "/public").status_code == 200


def test_jwt_es256(server: EmulatorProcess, jwks_file: str, ec_key: EcKey) -> None:
    api_id = jwt_api(server, jwks_file)
    response = call(server, api_id, "GET", "/private", headers=bearer(ec_key.sign(claims(jwks_file))))
    assert response.status_code == 200
    assert response.json()["requestContext"]["authorizer"]["jwt"]["claims"]["sub"] == "user-1"


def test_jwt_from_an_oidc_issuer_on_loopback(
    server: EmulatorProcess, oidc_issuer: str, rsa_key: RsaKey
) -> None:
    api_id = jwt_api(server, oidc_issuer)
    response = call(server, api_id, "GET", "/private", headers=bearer(rsa_key.sign(claims(oidc_issuer))))
    assert response.status_code == 200


def test_jwt_rejections(server: EmulatorProcess, jwks_file: str, rsa_key: RsaKey) -> None:
    api_id = jwt_api(server, jwks_file)
    unauthorized = {"message": "Unauthorized"}
    missing = call(server, api_id, "GET", "/private")
    assert (missing.status_code, missing.json()) == (401, unauthorized)
    good = rsa_key.sign(claims(jwks_file))
    header, payload, signature = good.split(".")
    forged_claims = b64url(json.dumps(claims(jwks_file, sub="admin")).encode())
    cases = {
        "expired": rsa_key.sign(claims(jwks_file, exp=int(time.time()) - 10)),
        "wrong issuer": rsa_key.sign(claims("https://other.example")),
        "wrong audience": rsa_key.sign(claims(jwks_file, aud="someone-else")),
        "bad signature": f"{header}.{forged_claims}.{signature}",
        "unknown key": rsa_key.sign(claims(jwks_file), header={"kid": "nope"}),
        "garbage": "not-a-token",
    }
    for case, token in cases.items():
        response = call(server, api_id, "GET", "/private", headers=bearer(token))
        assert (response.status_code, response.json()) == (401, unauthorized), case
        assert 'error="invalid_token"' in response.headers["www-authenticate"], case


def test_jwt_scopes_are_required_by_the_route(
    server: EmulatorProcess, jwks_file: str, rsa_key: RsaKey
) -> None:
    api_id = jwt_api(server, jwks_file, scopes=["admin"])
    denied = call(
        server, api_id, "GET", "/private", headers=bearer(rsa_key.sign(claims(jwks_file, scope="read")))
    )
    assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})
    allowed = call(
        server, api_id, "GET", "/private", headers=bearer(rsa_key.sign(claims(jwks_file, scope="read admin")))
    )
    assert allowed.status_code == 200


AUTHORIZER = """
import json, uuid

def handler(event, context):
    token = (event.get("headers") or {}).get("x-token", "")
    if event.get("version") == "2.0" and token.startswith("simple-"):
        return {"isAuthorized": token == "simple-yes", "context": {"user": "alice", "call": str(uuid.uuid4()),
                "event": json.dumps(event)}}
    effect = "Allow" if token.endswith("allow") else "Deny"
    arn = event.get("routeArn") or event.get("methodArn")
    return {"principalId": "bob", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn.rsplit("/", 2)[0] + "/*"}]},
        "context": {"user": "bob", "call": str(uuid.uuid4()), "event": json.dumps(event)}}
"""


def lambda_authorizer_api(
    server: EmulatorProcess,
    simple: bool,
    ttl: int = 0,
    version: str = "2.0",
    payload: str = "2.0",
    suffix: str = "",
) -> str:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, f"echo{suffix}", ECHO)
    authorizer_arn = create_function(server, f"authorizer{suffix}", AUTHORIZER)
    api_id = client.create_api(Name="custom", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion=payload
    )["IntegrationId"]
    authorizer = client.create_authorizer(
        ApiId=api_id,
        Name="custom",
        AuthorizerType="REQUEST",
        AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{authorizer_arn}/invocations",
        AuthorizerPayloadFormatVersion=version,
        EnableSimpleResponses=simple,
        IdentitySource=["$request.header.x-token"],
        AuthorizerResultTtlInSeconds=ttl,
    )["AuthorizerId"]
    client.create_route(
        ApiId=api_id,
        RouteKey="GET /things/{id}",
        Target=f"integrations/{integration}",
        AuthorizationType="CUSTOM",
        AuthorizerId=authorizer,
    )
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def test_lambda_authorizer_simple_responses(server: EmulatorProcess) -> None:
    api_id = lambda_authorizer_api(server, simple=True)
    allowed = call(server, api_id, "GET", "/things/1?q=2", headers={"x-token": "simple-yes"})
    assert allowed.status_code == 200
    context = allowed.json()["requestContext"]["authorizer"]["lambda"]
    assert context["user"] == "alice"
    event = json.loads(context["event"])
    assert event["version"] == "2.0" and event["type"] == "REQUEST"
    assert event["identitySource"] == ["simple-yes"]
    assert event["routeArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/$default/GET/things/1"
    assert event["routeKey"] == "GET /things/{id}"
    assert event["pathParameters"] == {"id": "1"} and event["queryStringParameters"] == {"q": "2"}
    assert "body" not in event
    denied = call(server, api_id, "GET", "/things/1", headers={"x-token": "simple-no"})
    assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})
    missing = call(server, api_id, "GET", "/things/1")
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})


def test_lambda_authorizer_iam_policy_responses(server: EmulatorProcess) -> None:
    api_id = lambda_authorizer_api(server, simple=False)
    allowed = call(server, api_id, "GET", "/things/1", headers={"x-token": "please-allow"})
    assert allowed.status_code == 200
    assert allowed.json()["requestContext"]["authorizer"]["lambda"]["user"] == "bob"
    denied = call(server, api_id, "GET", "/things/1", headers={"x-token": "please-deny"})
    assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})


def test_lambda_authorizer_payload_1_0(server: EmulatorProcess) -> None:
    api_id = lambda_authorizer_api(server, simple=False, version="1.0", payload="1.0")
    allowed = call(server, api_id, "GET", "/things/1", headers={"x-token": "v1-allow"})
    assert allowed.status_code == 200
    authorizer = allowed.json()["requestContext"]["authorizer"]
    assert authorizer["user"] == "bob" and authorizer["principalId"] == "bob"
    event = json.loads(authorizer["event"])
    assert event["type"] == "REQUEST" and event["identitySource"] == "v1-allow"
    assert event["methodArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/$default/GET/things/1"


def test_lambda_authorizer_results_are_cached_for_the_ttl(server: EmulatorProcess) -> None:
    api_id = lambda_authorizer_api(server, simple=True, ttl=300)

    def call_id(token: str) -> str:
        return call(server, api_id, "GET", "/things/1", headers={"x-token": token}).json()["requestContext"][
            "authorizer"
        ]["lambda"]["call"]

    assert call_id("simple-yes") == call_id("simple-yes")
    uncached = lambda_authorizer_api(server, simple=True, ttl=0, suffix="2")
    first = call(server, uncached, "GET", "/things/1", headers={"x-token": "simple-yes"}).json()
    second = call(server, uncached, "GET", "/things/1", headers={"x-token": "simple-yes"}).json()
    assert (
        first["requestContext"]["authorizer"]["lambda"]["call"]
        != second["requestContext"]["authorizer"]["lambda"]["call"]
    )


def test_aws_iam_routes_need_a_signed_request(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    function_arn = create_function(server, "echo", ECHO)
    api_id = client.create_api(Name="iam", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion="2.0"
    )["IntegrationId"]
    client.create_route(
        ApiId=api_id, RouteKey="GET /iam", Target=f"integrations/{integration}", AuthorizationType="AWS_IAM"
    )
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    unsigned = call(server, api_id, "GET", "/iam")
    assert (unsigned.status_code, unsigned.json()) == (403, {"message": "Forbidden"})
    signature = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc"
    signed = call(server, api_id, "GET", "/iam", headers={"Authorization": signature})
    assert signed.status_code == 200
    assert signed.json()["requestContext"]["authorizer"]["iam"]["accessKey"] == "AKIDEXAMPLE"
