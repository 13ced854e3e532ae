"""Serving requests to deployed HTTP APIs: stage, CORS, route, throttle, authorize, integrate.

``HttpApiServer.serve`` is the data plane's hot path: the route table is
compiled once per deployment, the event is built directly as a dict and
serialized with orjson, and nothing is looked up in botocore's models.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
from urllib.parse import urlencode

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID
from ...aws.cors import is_preflight, preflight_headers, with_cors_headers
from ...aws.http import Receive, Scope, Send, read_body
from ...config import Settings
from ..common import MAX_PAYLOAD_BYTES
from ..common.access_log_lines import AccessLogWriter, render_access_log
from ..common.invoke import IntegrationFailure, IntegrationTimeout
from ..custom_domains import PUBLIC_PATH
from .authorization import Authorization, Denied
from .events import event_v1, event_v2, gateway_headers
from .invoke import (
    call_http,
    invoke_lambda,
    proxy_url,
    with_path,
    with_stage_variables,
)
from .mapping import Lookup, map_request, map_response, request_lookup
from .request import IncomingRequest, decoded_again, request_time
from .responses import (
    BAD_REQUEST,
    FORBIDDEN,
    INTERNAL_ERROR,
    NOT_FOUND,
    PAYLOAD_TOO_LARGE,
    SERVICE_UNAVAILABLE,
    TOO_MANY_REQUESTS,
    GatewayResponse,
    MalformedResult,
    error,
    from_v1,
    from_v2,
)
from .routing import CompiledRoute, route_table
from .store import ApiModel, ApiStore, Resource
from .throttle import Throttles

log = logging.getLogger("emulator.gateway")


class HttpApiServer:
    def __init__(self, settings: Settings, store: ApiStore, lambda_: Any) -> None:
        self.settings = settings
        self.store = store
        self.lambda_ = lambda_
        self.throttles = Throttles()
        #: Where stages' access logs go (set by the app).
        self.access_logs: AccessLogWriter | None = None
        self.authorization = Authorization(lambda_, self._timeout_s)
        self._http_client: httpx.AsyncClient | None = None

    async def serve(self, model: ApiModel, path: str, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        public = scope.get(PUBLIC_PATH)
        # A custom domain's request: the API sees the path the client sent.
        sent = path if public is None else public[0]
        refused = False
        if "%" in sent or "?" in sent:  # rare: a path decoded once is usually final
            again = decoded_again(sent)
            refused = again is None
            if again is not None:
                sent, path = again, again if public is None else (decoded_again(path) or "")
        request = IncomingRequest(scope, sent, body)
        try:
            if refused:
                response = error(*BAD_REQUEST)
            else:
                response = await self._respond(model, path, request, public is not None)
        except Exception:
            log.exception("HTTP API %s failed to serve %s %s", model.api_id, request.method, path)
            response = error(*INTERNAL_ERROR)
        headers = response.headers
        headers.append((b"apigw-requestid", request.request_id.encode()))
        headers.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})
        if request.stage is not None and self.access_logs is not None:
            settings = model.stages[request.stage].get("AccessLogSettings")
            if settings and settings.get("DestinationArn") and settings.get("Format"):
                self._log_access(model, request, response, settings)

    def _log_access(
        self, model: ApiModel, request: IncomingRequest, response: GatewayResponse, settings: dict[str, Any]
    ) -> None:
        epoch_ms = request.time_epoch_ms
        context = {
            "requestId": request.request_id,
            "extendedRequestId": request.request_id,
            "apiId": model.api_id,
            "accountId": DEFAULT_ACCOUNT_ID,
            "stage": request.stage,
            "routeKey": request.route_key,
            "httpMethod": request.method,
            "path": request.path,
            "protocol": request.protocol,
            "domainName": request.host,
            "domainPrefix": request.domain_prefix(),
            "requestTime": request_time(epoch_ms // 1000),
            "requestTimeEpoch": epoch_ms,
            "identity": {"sourceIp": request.source_ip, "userAgent": request.user_agent},
            "status": response.status,
            "responseLength": len(response.body),
            "responseLatency": max(0, int(time.time() * 1000) - epoch_ms),
        }
        line = render_access_log(settings["Format"], context)
        self.access_logs(model.region, settings["DestinationArn"], line)  # type: ignore[misc]

    async def _respond(
        self, model: ApiModel, path: str, request: IncomingRequest, custom_domain: bool
    ) -> GatewayResponse:
        if model.is_websocket:
            return error(426, "Upgrade Required")
        if model.api["DisableExecuteApiEndpoint"] and not custom_domain:
            return error(*FORBIDDEN)
        if len(request.body) > MAX_PAYLOAD_BYTES:
            return error(*PAYLOAD_TOO_LARGE)
        stage_name, user_path = _stage_of(model, path)
        snapshot = model.snapshot_for_stage(stage_name) if stage_name else None
        if snapshot is None:
            return error(*NOT_FOUND)
        request.stage = stage_name  # from here on the stage's access log records the request
        cors = model.api.get("CorsConfiguration")
        if cors is not None and is_preflight(request.method, request.headers):
            return GatewayResponse(204, b"", preflight_headers(cors, request.headers))
        found = route_table(snapshot).match(request.method, user_path)
        if found is None:
            return error(*NOT_FOUND)
        compiled, path_params = found
        stage = model.stages[stage_name]
        request.route_key = compiled.route_key
        if not self._within_limits(model, stage, compiled):
            return error(*TOO_MANY_REQUESTS)
        stage_variables = stage.get("StageVariables") or None
        authorizer = None
        if compiled.route.get("AuthorizationType", "NONE") != "NONE":  # most routes: no coroutine to run
            try:
                authorizer = await self.authorization.authorize(
                    model, stage_name, compiled, request, path_params, stage_variables
                )
            except Denied as denied:
                return denied.response
        response = await self._integrate(
            model, stage_name, compiled, request, path_params, stage_variables, authorizer
        )
        if cors is not None:
            response.headers = with_cors_headers(cors, request.headers, response.headers)
        return response

    def _within_limits(self, model: ApiModel, stage: Resource, compiled: CompiledRoute) -> bool:
        settings = stage["RouteSettings"].get(compiled.route_key) or stage["DefaultRouteSettings"]
        rate = settings.get("ThrottlingRateLimit")
        burst = settings.get("ThrottlingBurstLimit")
        if rate is None and burst is None:
            return True
        return self.throttles.allow((model.api_id, stage["StageName"], compiled.route_key), rate, burst)

    def _timeout_s(self, integration: Resource | None) -> float:
        limit = self.settings.integration_timeout_ms
        if integration is not None:
            limit = min(limit, integration.get("TimeoutInMillis", limit))
        return limit / 1000

    async def _integrate(
        self,
        model: ApiModel,
        stage: str,
        compiled: CompiledRoute,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
        authorizer: dict[str, Any] | None,
    ) -> GatewayResponse:
        integration = compiled.integration
        if integration is None:
            return error(*NOT_FOUND)
        if "IntegrationSubtype" in integration:
            # An AWS service integration (SQS-SendMessage, EventBridge-PutEvents...): not emulated.
            log.warning(
                "HTTP API %s route %s: %s integrations call a service the emulator lacks",
                model.api_id, compiled.route_key, integration["IntegrationSubtype"],
            )  # fmt: skip
            return error(*INTERNAL_ERROR)
        timeout_s = self._timeout_s(integration)
        try:
            if integration["IntegrationType"] == "HTTP_PROXY":
                lookup = request_lookup(
                    request, model.api_id, stage, compiled.route_key, path_params, stage_variables
                )
                response = await self._http_proxy(
                    integration, request, path_params, stage_variables, lookup, timeout_s
                )
            else:
                v2 = integration.get("PayloadFormatVersion") == "2.0"
                build = event_v2 if v2 else event_v1
                event = build(
                    request,
                    model.api_id,
                    DEFAULT_ACCOUNT_ID,
                    compiled.route_key,
                    stage,
                    path_params,
                    stage_variables,
                    authorizer,
                )
                uri = with_stage_variables(integration["IntegrationUri"], stage_variables)
                payload = await invoke_lambda(self.lambda_, model.region, uri, orjson.dumps(event), timeout_s)
                response = from_v2(payload) if v2 else from_v1(payload)
        except IntegrationTimeout:
            return error(*SERVICE_UNAVAILABLE)
        except (IntegrationFailure, MalformedResult) as failure:
            log.info(
                "HTTP API %s route %s: integration failed: %s", model.api_id, compiled.route_key, failure
            )
            return error(*INTERNAL_ERROR)
        if "ResponseParameters" in integration:
            lookup = request_lookup(
                request, model.api_id, stage, compiled.route_key, path_params, stage_variables
            )
            try:
                map_response(integration["ResponseParameters"], response, lookup)
            except MalformedResult as failure:
                log.info("HTTP API %s route %s: %s", model.api_id, compiled.route_key, failure)
                return error(*INTERNAL_ERROR)
        return response

    async def _http_proxy(
        self,
        integration: Resource,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
        lookup: Lookup,
        timeout_s: float,
    ) -> GatewayResponse:
        headers = gateway_headers(request)
        query = request.raw_query
        uri = integration["IntegrationUri"]
        mappings = integration.get("RequestParameters")
        if mappings:
            values = {name: list(found) for name, found in request.query.items()}
            path = map_request(mappings, headers, values, "", lookup)
            query = urlencode([(name, value) for name, found in values.items() for value in found])
            if path:
                uri = with_path(uri, path)
        url = proxy_url(uri, path_params, stage_variables or {}, query)
        method = integration.get("IntegrationMethod", "ANY")
        if method == "ANY":
            method = request.method
        status, received, body = await call_http(self._client(), method, url, request, headers, timeout_s)
        return GatewayResponse(status, body, received)

    def _client(self) -> httpx.AsyncClient:
        if self._http_client is None:
            import httpx  # on the first HTTP_PROXY integration, not at start-up

            self._http_client = httpx.AsyncClient(follow_redirects=False)
        return self._http_client

    async def close(self) -> None:
        if self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None

    def reset(self) -> None:
        self.throttles.clear()
        self.authorization.reset()


def _stage_of(model: ApiModel, path: str) -> tuple[str | None, str]:
    """The stage a path addresses and the path after it; ``$default`` takes the rest."""
    first, _, rest = path[1:].partition("/")
    if first and first in model.stages:
        # ``/$default/...`` too: the path-based URL forms always carry a stage segment.
        return first, "/" + rest
    if "$default" in model.stages:
        return "$default", path
    return None, path
