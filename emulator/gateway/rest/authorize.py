"""Lambda authorizers (TOKEN and REQUEST): invoke, evaluate the returned policy, cache by TTL."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import orjson

from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from ..common.policy import Decision, InvalidPolicy, Policy
from .deployment import DeployedApi, DeployedMethod, lambda_arn_of
from .gateway_errors import AUTHORIZER_FAILURE, EXPLICIT_DENY, IMPLICIT_DENY, UNAUTHORIZED
from .proxy_event import ACCOUNT_ID, request_context, request_fields
from .request import GatewayRequest


@dataclass(slots=True)
class AuthorizerResult:
    principal_id: Any
    policy: Policy
    context: dict[str, Any]
    usage_identifier_key: str | None


class AuthorizerCache:
    """Results by authorizer and identity, until their TTL passes (one cache per stage)."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, tuple[str, ...]], tuple[float, AuthorizerResult]] = {}

    def get(self, key: tuple[str, tuple[str, ...]]) -> AuthorizerResult | None:
        found = self.entries.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del self.entries[key]
            return None
        return found[1]

    def put(self, key: tuple[str, tuple[str, ...]], ttl: int, result: AuthorizerResult) -> None:
        self.entries[key] = (time.monotonic() + ttl, result)


_VALIDATION: dict[str, re.Pattern[str]] = {}


def method_arn(deployed: DeployedApi, request: GatewayRequest) -> str:
    return f"arn:aws:execute-api:{deployed.region}:{ACCOUNT_ID}:{deployed.api_id}/{request.stage}/{request.method}{request.path}"


def _identity_value(source: str, request: GatewayRequest, stage_variables: dict[str, str]) -> str | None:
    source = source.strip()
    for prefix, lookup in (
        ("method.request.header.", lambda n: request.headers.get(n.lower())),
        (
            "method.request.multivalueheader.",
            lambda n: ",".join(request.multi_headers.get(n.lower(), ())) or None,
        ),
        ("method.request.querystring.", request.query.get),
        ("method.request.multivaluequerystring.", lambda n: ",".join(request.multi_query.get(n, ())) or None),
        ("method.request.path.", request.path_params.get),
        ("stageVariables.", stage_variables.get),
    ):
        if source.startswith(prefix):
            return lookup(source[len(prefix) :])
    if source.startswith("context."):
        context = {"requestId": request.request_id, "httpMethod": request.method, "stage": request.stage}
        return context.get(source[len("context.") :])
    return None


class Authorizers:
    def __init__(self, lambda_: Any, timeout_ms: int) -> None:
        self.lambda_ = lambda_
        self.timeout_ms = timeout_ms

    async def authorize(
        self,
        request: GatewayRequest,
        deployed: DeployedApi,
        method: DeployedMethod,
        stage_variables: dict[str, str],
        cache: AuthorizerCache,
    ) -> tuple[dict[str, Any], AuthorizerResult]:
        """``requestContext.authorizer`` for an allowed request; raises GatewayError otherwise."""
        authorizer = deployed.authorizers.get(method.authorizer_id or "")
        if authorizer is None:
            raise AUTHORIZER_FAILURE
        ttl = int(authorizer.get("authorizerResultTtlInSeconds", 300))
        arn = method_arn(deployed, request)
        if authorizer["type"] == "TOKEN":
            source = authorizer.get("identitySource", "method.request.header.Authorization")
            token = _identity_value(source, request, stage_variables)
            if not token:
                raise UNAUTHORIZED
            expression = authorizer.get("identityValidationExpression")
            if expression:
                pattern = _VALIDATION.get(expression)
                if pattern is None:
                    try:
                        pattern = _VALIDATION[expression] = re.compile(expression)
                    except (re.error, RecursionError, OverflowError):
                        # Not a regex: the authorizer is misconfigured, as for any it cannot run.
                        raise AUTHORIZER_FAILURE from None
                if pattern.fullmatch(token) is None:
                    raise UNAUTHORIZED
            identity: tuple[str, ...] = (token,)
            event: dict[str, Any] = {"type": "TOKEN", "methodArn": arn, "authorizationToken": token}
        else:
            sources = [s for s in (authorizer.get("identitySource") or "").split(",") if s.strip()]
            values = [_identity_value(s, request, stage_variables) for s in sources]
            if ttl > 0 and any(not v for v in values):
                raise UNAUTHORIZED
            identity = tuple(v or "" for v in values)
            event = {
                "type": "REQUEST",
                "methodArn": arn,
                **request_fields(request, method, stage_variables or None),
            }
            event["requestContext"] = request_context(request, deployed, method, None, None)
        cache_key = (authorizer["id"], identity)
        result = cache.get(cache_key) if ttl > 0 and identity else None
        latency = 0
        if result is None:
            started = time.perf_counter()
            result = await self._invoke(authorizer, deployed, event)
            latency = int((time.perf_counter() - started) * 1000)
            if ttl > 0 and identity:
                cache.put(cache_key, ttl, result)
        decision = result.policy.evaluate(arn)
        if decision is Decision.DENY:
            raise EXPLICIT_DENY
        if decision is Decision.NONE:
            raise IMPLICIT_DENY
        context: dict[str, Any] = {
            **result.context,
            "principalId": result.principal_id,
            "integrationLatency": latency,
        }
        return context, result

    async def _invoke(
        self, authorizer: dict[str, Any], deployed: DeployedApi, event: dict[str, Any]
    ) -> AuthorizerResult:
        function_arn = lambda_arn_of(authorizer.get("authorizerUri"))
        if function_arn is None:
            raise AUTHORIZER_FAILURE
        try:
            reply = await invoke_function(
                self.lambda_,
                region_of_arn(function_arn, deployed.region),
                function_arn,
                orjson.dumps(event),
                self.timeout_ms,
            )
        except (IntegrationTimeout, IntegrationFailure):
            raise AUTHORIZER_FAILURE from None
        try:
            document = orjson.loads(reply.payload) if reply.payload else None
        except orjson.JSONDecodeError:
            raise AUTHORIZER_FAILURE from None
        if reply.function_error:
            message = document.get("errorMessage") if isinstance(document, dict) else None
            if message == "Unauthorized":
                raise UNAUTHORIZED
            raise AUTHORIZER_FAILURE
        if not isinstance(document, dict) or "policyDocument" not in document:
            raise AUTHORIZER_FAILURE
        try:
            policy = Policy(document["policyDocument"])
        except InvalidPolicy:
            raise AUTHORIZER_FAILURE from None
        raw_context = document.get("context") or {}
        if not isinstance(raw_context, dict) or any(isinstance(v, dict | list) for v in raw_context.values()):
            raise AUTHORIZER_FAILURE
        context = {k: _context_text(v) for k, v in raw_context.items()}
        return AuthorizerResult(
            document.get("principalId"), policy, context, document.get("usageIdentifierKey")
        )


def _context_text(value: Any) -> Any:
    # REST APIs hand the authorizer's context to the integration as strings.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if value is None else str(value)
