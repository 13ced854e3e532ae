"""The REST API data plane: one request from URL to integration and back.

Order as on AWS: stage, route (403 Missing Authentication Token), authorization
(Lambda authorizer / IAM / Cognito), API key and usage plan (throttle, quota),
stage throttling, request validation, then the integration.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from ...aws.http import Receive, Scope, Send, read_body
from ..common import MAX_PAYLOAD_BYTES
from ..common.access_log_lines import AccessLogWriter, render_access_log
from ..common.asgi import send_response, send_streamed
from . import resource_policy
from .authorize import AuthorizerCache, Authorizers
from .backends import BackendResponse, Backends, Call
from .cognito import cognito_authorizer
from .compression import compress
from .deployment import DeployedApi, DeployedMethod
from .execution_log import ExecutionLogWriter, ExecutionTrace, StageLogging, log_group_name
from .gateway_errors import (
    FORBIDDEN,
    INTERNAL_ERROR,
    MISSING_TOKEN,
    REQUEST_TOO_LARGE,
    THROTTLED,
    GatewayError,
)
from .gateway_responses import customized
from .limits import StageLimits, UsageLimits, find_api_key
from .proxy_event import ACCOUNT_ID
from .request import GatewayRequest
from .store import RestApi, Store

log = logging.getLogger("emulator.gateway.rest")


@dataclass(slots=True)
class Canary:
    """A stage's canary release: its share of requests, its deployment and its stage variables."""

    percent: float
    deployed: DeployedApi
    variables: dict[str, str]


@dataclass(slots=True)
class StageRuntime:
    """What a stage derives at first use; dropped whenever the stage changes."""

    deployed: DeployedApi
    variables: dict[str, str]
    #: The stage's throttling; None when no methodSettings (nothing to throttle below the account's).
    limits: StageLimits | None
    authorizer_cache: AuthorizerCache = field(default_factory=AuthorizerCache)
    canary: Canary | None = None
    #: The stage's access log settings, when complete: (destination ARN, format).
    access_log: tuple[str, str] | None = None
    #: Its methods' execution logging; None when none of them logs.
    logging: StageLogging | None = None

    def pick(self) -> Canary | None:
        """The canary, when it serves this request."""
        canary = self.canary
        return canary if canary is not None and random.random() * 100 < canary.percent else None


class RestDataPlane:
    def __init__(self, store: Store, lambda_: Any, timeout_ms: int) -> None:
        self.store = store
        self.timeout_ms = timeout_ms
        self.stages: dict[tuple[str, str], StageRuntime] = {}
        self.usage = UsageLimits()
        self.authorizers = Authorizers(lambda_, timeout_ms)
        self.backends = Backends(lambda_)
        #: Where stages' access logs and execution logs go (set by the app).
        self.access_logs: AccessLogWriter | None = None
        self.execution_logs: ExecutionLogWriter | None = None

    def forget_stage(self, api_id: str, stage_name: str) -> None:
        self.stages.pop((api_id, stage_name), None)

    def forget_api(self, api_id: str) -> None:
        for key in [key for key in self.stages if key[0] == api_id]:
            del self.stages[key]

    def reset(self) -> None:
        self.stages.clear()
        self.usage.clear()

    def _stage(self, api: RestApi, name: str) -> StageRuntime | None:
        runtime = self.stages.get((api.id, name))
        if runtime is None:
            stage = api.stages.get(name)
            deployment = api.deployments.get(stage["deploymentId"]) if stage else None
            if stage is None or deployment is None:
                return None
            variables = dict(stage.get("variables") or {})
            settings = stage.get("accessLogSettings") or {}
            access_log = (settings["destinationArn"], settings["format"]) if settings.get("destinationArn") and settings.get("format") else None
            method_settings = stage["methodSettings"]
            runtime = StageRuntime(
                deployment.snapshot, variables, StageLimits(method_settings) if method_settings else None,
                canary=_canary(api, stage, variables),
                access_log=access_log,
                logging=StageLogging(method_settings) if StageLogging.logs(method_settings) else None,
            )
            self.stages[(api.id, name)] = runtime
        return runtime

    async def serve(self, api_id: str, path: str, scope: Scope, receive: Receive, send: Send) -> None:
        stage_name, _, rest = path.lstrip("/").partition("/")
        body = await read_body(receive)
        request = GatewayRequest.from_scope(scope, api_id, stage_name, _undecoded(scope, path, "/" + rest), body)
        api = self.store.by_id.get(api_id)
        runtime = self.stages.get((api_id, stage_name)) if api is not None else None
        if runtime is None and api is not None and stage_name:
            runtime = self._stage(api, stage_name)
        # With its default endpoint disabled, an API answers only through its custom domains.
        if runtime is None or (api.data["disableExecuteApiEndpoint"] and request.public_path is None):  # type: ignore[union-attr]
            await _send_error(send, request, FORBIDDEN, None)
            return
        canary = runtime.pick()
        deployed = canary.deployed if canary else runtime.deployed
        if len(body) > MAX_PAYLOAD_BYTES:
            status, length = await _send_error(send, request, REQUEST_TOO_LARGE, deployed)
            self._log_access(runtime, deployed, request, status, length)
            return
        try:
            response = await self._handle(runtime, canary, request)
        except GatewayError as error:
            status, length = await _send_error(send, request, error, deployed)
            self._log_access(runtime, deployed, request, status, length)
            return
        except Exception:
            # A bug or an unforeseen template shape must not cost the client its answer.
            log.exception("REST API %s: request failed", api_id)
            status, length = await _send_error(send, request, INTERNAL_ERROR, deployed)
            self._log_access(runtime, deployed, request, status, length)
            return
        headers = response.headers
        headers.append((b"x-amzn-requestid", request.request_id.encode()))
        headers.append((b"x-amz-apigw-id", request.extended_request_id.encode()))
        if response.chunks is not None:
            await send_streamed(send, response.status, headers, response.chunks)
            self._log_access(runtime, deployed, request, response.status, None)
            return
        body = response.body if request.method != "HEAD" else b""
        minimum_size = deployed.api_data.get("minimumCompressionSize")
        if minimum_size is not None and body:
            body = compress(minimum_size, request.headers.get("accept-encoding"), headers, body)
        await send_response(send, response.status, headers, body)
        if runtime.access_log is not None:
            self._log_access(runtime, deployed, request, response.status, len(response.body))

    def _log_access(
        self, runtime: StageRuntime, deployed: DeployedApi, request: GatewayRequest, status: int, length: int | None
    ) -> None:
        if runtime.access_log is None or self.access_logs is None:
            return
        destination, line_format = runtime.access_log
        context = {
            "requestId": request.request_id,
            "extendedRequestId": request.extended_request_id,
            "apiId": request.api_id,
            "accountId": ACCOUNT_ID,
            "stage": request.stage,
            "httpMethod": request.method,
            "resourcePath": request.resource_path,
            "path": request.stage_path(),
            "protocol": request.protocol,
            "domainName": request.domain()[0],
            "requestTime": request.request_time,
            "requestTimeEpoch": request.epoch_ms,
            "deploymentId": deployed.deployment_id,
            "identity": {"sourceIp": request.source_ip, "userAgent": request.headers.get("user-agent")},
            "status": status,
            "responseLength": length,
            "responseLatency": max(0, int(time.time() * 1000) - request.epoch_ms),
        }
        self.access_logs(deployed.region, destination, render_access_log(line_format, context))

    def _handle(self, runtime: StageRuntime, canary: Canary | None, request: GatewayRequest) -> Awaitable[BackendResponse]:
        """Routes the request; the coroutine that answers it (handed back, not awaited: one await fewer)."""
        deployed, variables = (canary.deployed, canary.variables) if canary else (runtime.deployed, runtime.variables)
        found = deployed.routes.match(request.path, request.method)
        if found is None:
            raise MISSING_TOKEN
        method, request.path_params = found
        request.resource_path = method.resource_path
        logging = runtime.logging.of(method) if runtime.logging is not None and self.execution_logs else None
        if logging is None:
            return self._run(runtime, deployed, variables, canary, request, method, None)
        trace = ExecutionTrace(request, method, *logging)
        return self._run_logged(runtime, deployed, variables, canary, request, method, trace)

    async def _run_logged(
        self, runtime: StageRuntime, deployed: DeployedApi, variables: dict[str, str], canary: Canary | None,
        request: GatewayRequest, method: DeployedMethod, trace: ExecutionTrace,
    ) -> BackendResponse:
        """``_run`` with its execution log written."""
        try:
            response = await self._run(runtime, deployed, variables, canary, request, method, trace)
        except GatewayError as error:
            self._log_execution(deployed, trace, error.status, False, error.body(), [])
            raise
        self._log_execution(deployed, trace, response.status, True, response.body, response.headers)
        return response

    def _log_execution(
        self, deployed: DeployedApi, trace: ExecutionTrace, status: int, succeeded: bool, body: bytes,
        headers: list[tuple[bytes, bytes]],
    ) -> None:
        lines = trace.lines(status, succeeded, body, headers)
        if lines and self.execution_logs is not None:
            self.execution_logs(deployed.region, log_group_name(deployed.api_id, trace.request.stage), lines)

    async def _run(
        self, runtime: StageRuntime, deployed: DeployedApi, variables: dict[str, str], canary: Canary | None,
        request: GatewayRequest, method: DeployedMethod, trace: ExecutionTrace | None,
    ) -> BackendResponse:
        """The resource policy, the method's authorization, API key and limits, validation, then its integration."""
        policy = deployed.api_data.get("policy")
        if policy:
            # Only an IAM method authenticates its caller; to the others every caller is anonymous.
            signed = method.authorization_type == "AWS_IAM" and signing_key(request.headers.get("authorization")) is not None
            caller = resource_policy.caller_of(request, signed)
            resource_policy.check(
                policy, deployed.region, deployed.api_id, request.stage, request.method, request.path, caller,
                authorized_otherwise=method.authorization_type != "NONE",
            )
        authorizer_context: dict[str, Any] | None = None
        usage_key: str | None = None
        if method.authorization_type == "CUSTOM":
            authorizer_context, result = await self.authorizers.authorize(
                request, deployed, method, variables, runtime.authorizer_cache
            )
            usage_key = result.usage_identifier_key
        elif method.authorization_type == "AWS_IAM":
            request.access_key = signing_key(request.headers.get("authorization"))
            if request.access_key is None:
                raise MISSING_TOKEN
        elif method.authorization_type == "COGNITO_USER_POOLS":
            authorizer_context = cognito_authorizer(request, deployed, method)
        api_key: dict[str, Any] | None = None
        if method.api_key_required:
            value = usage_key if deployed.api_key_source == "AUTHORIZER" else request.headers.get("x-api-key")
            api_key, plan = find_api_key(
                self.store.region(deployed.region), value, deployed.api_id, request.stage
            )
            self.usage.check(plan, api_key["id"], deployed.api_id, request.stage, method)
            if trace is not None:
                trace.api_key = api_key["value"]
        if runtime.limits is not None and not runtime.limits.allow(method):
            raise THROTTLED
        if method.validator is not None:
            method.validator.validate(request)
        call = Call(  # positionally (canary, then log): keywords cost a per-request constructor more
            request, deployed, method, variables, authorizer_context, api_key, self.timeout_ms,
            canary is not None, trace.endpoint if trace is not None else None,
        )
        return await self.backends.call(call)


def _undecoded(scope: Scope, path: str, rest: str) -> str:
    """``rest`` (the path after the stage) as the client sent it, percent escapes kept.

    A REST API's proxy event, path parameters and mapping templates see the path
    undecoded (``test%2Balias@...`` stays so); routing splits it on real slashes.
    """
    raw: bytes | None = scope.get("raw_path")
    if not raw or "%" not in (text := raw.decode("latin-1")):
        return rest
    # The decoded prefix that precedes ``path`` (host name forms: none) has no escapes of its own.
    prefix = scope["path"][: len(scope["path"]) - len(path)] if scope["path"].endswith(path) else None
    if prefix is None:
        marker = text.find("/_user_request_")
        return text[marker + len("/_user_request_") :] or "/" if marker >= 0 else rest
    skip = prefix.count("/") + 1  # the prefix's segments, then the stage
    parts = text.split("/", skip + 1)
    return "/" + parts[skip + 1] if len(parts) > skip + 1 else rest


def _canary(api: RestApi, stage: dict[str, Any], variables: dict[str, str]) -> Canary | None:
    """The stage's canary, when its settings name a deployment that still exists."""
    settings = stage.get("canarySettings") or {}
    deployment = api.deployments.get(settings.get("deploymentId") or "")
    if deployment is None:
        return None
    overridden = {**variables, **(settings.get("stageVariableOverrides") or {})}
    return Canary(float(settings.get("percentTraffic") or 0.0), deployment.snapshot, overridden)


def signing_key(authorization: str | None) -> str | None:
    """The access key id of a SigV4 ``Authorization`` header (signatures are not verified)."""
    if not authorization:
        return None
    start = authorization.find("Credential=")
    if start < 0:
        return None
    return authorization[start + len("Credential=") :].split("/", 1)[0] or None


async def _send_error(
    send: Send, request: GatewayRequest, error: GatewayError, deployed: DeployedApi | None
) -> tuple[int, int]:
    """Answers the error (or the API's gateway response for it); its status and body length."""
    status, body = error.status, error.body()
    headers = [
        (b"content-type", b"application/json"),
        (b"x-amzn-requestid", request.request_id.encode()),
        (b"x-amzn-errortype", error.error_type.encode()),
        (b"x-amz-apigw-id", request.extended_request_id.encode()),
    ]
    custom = (
        customized(deployed.gateway_responses, error, request)
        if deployed and deployed.gateway_responses
        else None
    )
    if custom is not None:
        status, extra_headers, body = custom
        headers.extend(extra_headers)
    await send_response(send, status, headers, body if request.method != "HEAD" else b"")
    return status, len(body)
