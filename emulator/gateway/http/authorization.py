"""Route authorization for HTTP APIs: JWT, Lambda REQUEST authorizers and AWS_IAM.

``Authorization.authorize`` returns what reaches ``requestContext.authorizer``
(None for open routes) or raises ``Denied`` carrying AWS's answer: 401 when
the identity is missing or the token invalid, 403 when a policy, a simple
response or the token's scopes refuse, 500 when the authorizer itself fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID
from ..common.invoke import IntegrationFailure, IntegrationTimeout
from ..common.policy import Decision, InvalidPolicy, Policy
from .events import event_v1, event_v2
from .invoke import invoke_lambda
from .jwks import JwksCache, KeyNotFound
from .jwt import InvalidToken, check_claims, claim_text, split_token, token_scopes, verify_signature
from .request import IncomingRequest
from .responses import FORBIDDEN, INTERNAL_ERROR, UNAUTHORIZED, GatewayResponse, error
from .routing import CompiledRoute
from .store import ApiModel, Resource

#: How many verified tokens to remember before starting over.
_VERIFIED_TOKENS = 10_000


class Denied(Exception):
    def __init__(self, response: GatewayResponse) -> None:
        super().__init__(response.status)
        self.response = response


def _unauthorized(description: str | None = None) -> Denied:
    extra = []
    if description is not None:
        challenge = f'Bearer scope="" error="invalid_token" error_description="{description}"'
        extra.append((b"www-authenticate", challenge.encode()))
    return Denied(error(*UNAUTHORIZED, extra))


class Authorization:
    def __init__(self, lambda_: Any, timeout_s: Callable[[Resource | None], float]) -> None:
        self.lambda_ = lambda_
        self.timeout_s = timeout_s
        self.jwks = JwksCache()
        #: token -> claims of tokens whose signature was verified (ES256 is slow in pure Python)
        self._verified: dict[str, dict[str, Any]] = {}

    def reset(self) -> None:
        self.jwks.clear()
        self._verified.clear()

    async def authorize(
        self,
        model: ApiModel,
        stage: str,
        compiled: CompiledRoute,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
    ) -> dict[str, Any] | None:
        kind = compiled.route.get("AuthorizationType", "NONE")
        if kind == "NONE":
            return None
        if kind == "AWS_IAM":
            return _iam(request)
        authorizer = compiled.authorizer
        if authorizer is None:
            raise Denied(error(*INTERNAL_ERROR))
        if authorizer["AuthorizerType"] == "JWT":
            return await self._jwt(authorizer, compiled, request, stage_variables)
        return await self._lambda(model, stage, compiled, authorizer, request, path_params, stage_variables)

    async def _jwt(
        self,
        authorizer: Resource,
        compiled: CompiledRoute,
        request: IncomingRequest,
        stage_variables: dict[str, str] | None,
    ) -> dict[str, Any]:
        source = (authorizer.get("IdentitySource") or ["$request.header.Authorization"])[0]
        token = request.identity_value(source, stage_variables or {}, {})
        if not token:
            raise _unauthorized()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        config = authorizer["JwtConfiguration"]
        try:
            claims = self._verified.get(token)
            if claims is None:
                header, claims, signed, signature = split_token(token)
                try:
                    key = await self.jwks.key(config["Issuer"], header.get("kid"))
                except KeyNotFound:
                    raise InvalidToken("the token signing key was not found") from None
                except Exception as failure:
                    raise InvalidToken("the JWKS could not be retrieved") from failure
                verify_signature(header, key, signed, signature)
                if len(self._verified) >= _VERIFIED_TOKENS:
                    self._verified.clear()
                self._verified[token] = claims
            check_claims(claims, config["Issuer"], config.get("Audience") or [])
        except InvalidToken as invalid:
            raise _unauthorized(str(invalid)) from None
        scopes = token_scopes(claims)
        required = compiled.route.get("AuthorizationScopes") or []
        if required and not set(required) & set(scopes):
            raise Denied(error(*FORBIDDEN))
        found = {
            "claims": {name: claim_text(value) for name, value in claims.items()},
            "scopes": scopes or None,
        }
        return {"jwt": found} if _is_v2(compiled) else found

    async def _lambda(
        self,
        model: ApiModel,
        stage: str,
        compiled: CompiledRoute,
        authorizer: Resource,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
    ) -> dict[str, Any]:
        context = {"stage": stage, "apiId": model.api_id, "requestId": request.request_id}
        identity: list[str] = []
        for source in authorizer.get("IdentitySource") or ():
            value = request.identity_value(source, stage_variables or {}, context)
            if not value:
                raise _unauthorized()
            identity.append(value)
        route_arn = f"arn:aws:execute-api:{model.region}:{DEFAULT_ACCOUNT_ID}:{model.api_id}/{stage}/{request.method}{request.path}"
        ttl = authorizer.get("AuthorizerResultTtlInSeconds") or 0
        cache_key = (authorizer["AuthorizerId"], tuple(identity))
        cached = model.authorizer_cache.get(cache_key) if ttl and identity else None
        if cached is not None and cached[0] > time.monotonic():
            result = cached[1]
        else:
            payload = self._authorizer_event(
                model, stage, compiled, authorizer, request, path_params, stage_variables
            )
            if _v2(authorizer):
                payload.update(type="REQUEST", routeArn=route_arn, identitySource=identity)
            else:
                # Format 1.0 hands the joined identity over twice (AWS's documented 1.0 example).
                joined = ",".join(identity)
                payload.update(type="REQUEST", methodArn=route_arn, identitySource=joined, authorizationToken=joined)
            try:
                answer = await invoke_lambda(
                    self.lambda_,
                    model.region,
                    authorizer["AuthorizerUri"],
                    orjson.dumps(payload),
                    self.timeout_s(None),
                )
                result = orjson.loads(answer)
            except (IntegrationFailure, IntegrationTimeout, orjson.JSONDecodeError):
                raise Denied(error(*INTERNAL_ERROR)) from None
            if ttl and identity:
                model.authorizer_cache[cache_key] = (time.monotonic() + ttl, result)
        return _decision(authorizer, result, route_arn, _is_v2(compiled))

    @staticmethod
    def _authorizer_event(
        model: ApiModel,
        stage: str,
        compiled: CompiledRoute,
        authorizer: Resource,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
    ) -> dict[str, Any]:
        build = event_v2 if _v2(authorizer) else event_v1
        event = build(
            request,
            model.api_id,
            DEFAULT_ACCOUNT_ID,
            compiled.route_key,
            stage,
            path_params,
            stage_variables,
            None,
        )
        event.pop("body", None)
        event.pop("isBase64Encoded", None)
        return event


def _v2(authorizer: Resource) -> bool:
    return authorizer.get("AuthorizerPayloadFormatVersion") == "2.0"


def _is_v2(compiled: CompiledRoute) -> bool:
    return compiled.integration is not None and compiled.integration.get("PayloadFormatVersion") == "2.0"


def _decision(authorizer: Resource, result: Any, route_arn: str, for_v2_event: bool) -> dict[str, Any]:
    """Allow (returning the event's authorizer member) or raise Denied."""
    if not isinstance(result, dict):
        raise Denied(error(*INTERNAL_ERROR))
    context = result.get("context") or {}
    if authorizer.get("EnableSimpleResponses"):
        authorized = result.get("isAuthorized")
        if not isinstance(authorized, bool):
            raise Denied(error(*INTERNAL_ERROR))
        if not authorized:
            raise Denied(error(*FORBIDDEN))
    else:
        try:
            decision = Policy(result.get("policyDocument")).evaluate(route_arn)
        except InvalidPolicy:
            raise Denied(error(*INTERNAL_ERROR)) from None
        if decision is not Decision.ALLOW:
            raise Denied(error(*FORBIDDEN))
    if for_v2_event:
        return {"lambda": context}
    found = dict(context)
    if "principalId" in result:
        found["principalId"] = result["principalId"]
    return found


def _iam(request: IncomingRequest) -> dict[str, Any]:
    """AWS_IAM routes need a SigV4-signed request; the signature itself is not checked offline."""
    authorization = request.headers.get("authorization", "")
    if not authorization.startswith("AWS4-HMAC-SHA256 "):
        raise Denied(error(*FORBIDDEN))
    credential = authorization.partition("Credential=")[2].partition("/")[0]
    return {
        "iam": {
            "accessKey": credential,
            "accountId": DEFAULT_ACCOUNT_ID,
            "callerId": credential,
            "cognitoIdentity": None,
            "principalOrgId": None,
            "userArn": f"arn:aws:iam::{DEFAULT_ACCOUNT_ID}:root",
            "userId": credential,
        }
    }
