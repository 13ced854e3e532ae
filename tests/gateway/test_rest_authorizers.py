"""Lambda authorizers (TOKEN and REQUEST): policy evaluation, context, caching, 401/403 answers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

#: Allows "allow-*" tokens for every method, denies "deny", allows only GET /open for "narrow",
#: answers Unauthorized for "unauthorized"; counts its calls in the context.
TOKEN_AUTHORIZER = """
calls = 0

def handler(event, context):
    global calls
    calls += 1
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    token = event.get("authorizationToken") or headers.get("x-auth", "")
    if token == "unauthorized":
        raise Exception("Unauthorized")
    arn = event["methodArn"]
    base = arn.split("/")[0]
    if token == "deny":
        effect, resource = "Deny", arn
    elif token == "narrow":
        effect, resource = "Allow", base + "/*/GET/open"
    else:
        effect, resource = "Allow", base + "/*/*"
    return {
        "principalId": "user-" + token,
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]},
        "context": {"calls": calls, "flag": True, "name": "ann", "type": event["type"], "arn": arn},
    }
"""


@pytest.fixture
def secured(server: EmulatorProcess) -> tuple[RestApiBuilder, dict[str, str]]:
    authorizer_arn = create_function(server, "authorizer", TOKEN_AUTHORIZER)
    echo_arn = create_function(server, "echo")
    builder = RestApiBuilder(server)
    client = builder.client
    token = client.create_authorizer(
        restApiId=builder.api_id,
        name="token",
        type="TOKEN",
        authorizerUri=lambda_uri(authorizer_arn),
        identitySource="method.request.header.Authorization",
        identityValidationExpression="^[a-z-]+$",
        authorizerResultTtlInSeconds=300,
    )["id"]
    request = client.create_authorizer(
        restApiId=builder.api_id,
        name="request",
        type="REQUEST",
        authorizerUri=lambda_uri(authorizer_arn),
        identitySource="method.request.header.x-auth, method.request.querystring.user",
        authorizerResultTtlInSeconds=0,
    )["id"]
    builder.lambda_method("/open", "GET", echo_arn, authorizationType="CUSTOM", authorizerId=token)
    builder.lambda_method("/closed", "GET", echo_arn, authorizationType="CUSTOM", authorizerId=token)
    builder.lambda_method("/req", "GET", echo_arn, authorizationType="CUSTOM", authorizerId=request)
    builder.deploy("dev")
    return builder, {"token": token, "request": request}


def test_token_authorizer_allows_and_passes_context(
    server: EmulatorProcess, secured: tuple[RestApiBuilder, Any]
) -> None:
    builder, _ = secured
    response = call(server, builder.api_id, "GET", "/dev/open", headers={"Authorization": "allow-ann"})
    assert response.status_code == 200
    authorizer = response.json()["requestContext"]["authorizer"]
    assert authorizer["principalId"] == "user-allow-ann"
    assert authorizer["name"] == "ann"
    assert authorizer["flag"] == "true"
    assert authorizer["type"] == "TOKEN"
    assert authorizer["arn"] == f"arn:aws:execute-api:us-east-1:000000000000:{builder.api_id}/dev/GET/open"
    assert isinstance(authorizer["integrationLatency"], int)


def test_token_authorizer_results_are_cached_by_ttl(
    server: EmulatorProcess, secured: tuple[RestApiBuilder, Any]
) -> None:
    builder, _ = secured
    first = call(server, builder.api_id, "GET", "/dev/open", headers={"Authorization": "allow-cache"}).json()
    second = call(
        server, builder.api_id, "GET", "/dev/closed", headers={"Authorization": "allow-cache"}
    ).json()
    assert first["requestContext"]["authorizer"]["calls"] == second["requestContext"]["authorizer"]["calls"]
    other = call(server, builder.api_id, "GET", "/dev/open", headers={"Authorization": "allow-other"}).json()
    assert other["requestContext"]["authorizer"]["calls"] != first["requestContext"]["authorizer"]["calls"]
    builder.client.flush_stage_authorizers_cache(restApiId=builder.api_id, stageName="dev")
    flushed = call(
        server, builder.api_id, "GET", "/dev/open", headers={"Authorization": "allow-cache"}
    ).json()
    assert flushed["requestContext"]["authorizer"]["calls"] != first["requestContext"]["authorizer"]["calls"]


def test_cached_policy_is_evaluated_against_each_method_arn(
    server: EmulatorProcess, secured: tuple[RestApiBuilder, Any]
) -> None:
    builder, _ = secured
    assert (
        call(server, builder.api_id, "GET", "/dev/open", headers={"Authorization": "narrow"}).status_code
        == 200
    )
    denied = call(server, builder.api_id, "GET", "/dev/closed", headers={"Authorization": "narrow"})
    assert denied.status_code == 403
    assert denied.json() == {"Message": "User is not authorized to access this resource"}
    assert denied.headers["x-amzn-errortype"] == "AccessDeniedException"


def test_explicit_deny_is_403(server: EmulatorProcess, secured: tuple[RestApiBuilder, Any]) -> None:
    builder, _ = secured
    response = call(server, builder.api_id, "GET", "/dev/open", headers={"Authorization": "deny"})
    assert response.status_code == 403
    assert response.json() == {
        "Message": "User is not authorized to access this resource with an explicit deny"
    }
    assert response.headers["x-amzn-errortype"] == "AccessDeniedException"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Not Valid!"}, {"Authorization": "unauthorized"}])
def test_missing_invalid_or_refused_token_is_401(
    server: EmulatorProcess, secured: tuple[RestApiBuilder, Any], headers: dict[str, str]
) -> None:
    builder, _ = secured
    response = call(server, builder.api_id, "GET", "/dev/open", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}
    assert response.headers["x-amzn-errortype"] == "UnauthorizedException"


def test_request_authorizer_receives_request_and_is_not_cached_with_ttl_0(
    server: EmulatorProcess, secured: tuple[RestApiBuilder, Any]
) -> None:
    builder, _ = secured
    first = call(server, builder.api_id, "GET", "/dev/req?user=u1", headers={"x-auth": "allow-req"})
    assert first.status_code == 200
    authorizer = first.json()["requestContext"]["authorizer"]
    assert authorizer["type"] == "REQUEST"
    assert authorizer["principalId"] == "user-allow-req"
    second = call(server, builder.api_id, "GET", "/dev/req?user=u1", headers={"x-auth": "allow-req"})
    assert second.json()["requestContext"]["authorizer"]["calls"] != authorizer["calls"]
    denied = call(server, builder.api_id, "GET", "/dev/req?user=u1", headers={"x-auth": "deny"})
    assert denied.status_code == 403


def test_request_authorizer_with_cache_requires_identity_sources(
    server: EmulatorProcess, secured: tuple[RestApiBuilder, Any]
) -> None:
    builder, ids = secured
    builder.client.update_authorizer(
        restApiId=builder.api_id,
        authorizerId=ids["request"],
        patchOperations=[{"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "60"}],
    )
    builder.deploy("dev")
    response = call(server, builder.api_id, "GET", "/dev/req", headers={"x-auth": "allow-x"})
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def _jwt(claims: dict[str, Any]) -> str:
    import base64
    import json

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2lnbmF0dXJl"


def test_cognito_user_pool_authorizer_passes_claims_and_checks_expiry_and_scopes(
    server: EmulatorProcess,
) -> None:
    import time

    echo_arn = create_function(server, "echo")
    builder = RestApiBuilder(server)
    pool = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_pool"
    authorizer = builder.client.create_authorizer(
        restApiId=builder.api_id,
        name="pool",
        type="COGNITO_USER_POOLS",
        providerARNs=[pool],
        identitySource="method.request.header.Authorization",
    )["id"]
    builder.lambda_method(
        "/me", "GET", echo_arn, authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer
    )
    builder.lambda_method(
        "/orders",
        "GET",
        echo_arn,
        authorizationType="COGNITO_USER_POOLS",
        authorizerId=authorizer,
        authorizationScopes=["orders/read"],
    )
    builder.deploy("dev")
    now = int(time.time())
    token = _jwt(
        {"sub": "u-1", "email": "a@example.com", "email_verified": True, "exp": now + 600, "iat": now}
    )
    response = call(server, builder.api_id, "GET", "/dev/me", headers={"Authorization": token})
    assert response.status_code == 200
    claims = response.json()["requestContext"]["authorizer"]["claims"]
    assert (
        claims["sub"] == "u-1" and claims["email"] == "a@example.com" and claims["email_verified"] == "true"
    )
    assert re.fullmatch(r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}", claims["exp"])
    for headers in (
        {},
        {"Authorization": "not-a-jwt"},
        {"Authorization": _jwt({"sub": "u", "exp": now - 5})},
    ):
        refused = call(server, builder.api_id, "GET", "/dev/me", headers=headers)
        assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
    scoped = _jwt({"sub": "u", "exp": now + 600, "scope": "openid orders/read"})
    assert (
        call(server, builder.api_id, "GET", "/dev/orders", headers={"Authorization": scoped}).status_code
        == 200
    )
    assert (
        call(server, builder.api_id, "GET", "/dev/orders", headers={"Authorization": token}).status_code
        == 401
    )
