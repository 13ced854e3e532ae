"""Serving requests to deployed HTTP APIs: stage, CORS, route, throttle, authorize, integrate.

``HttpApiServer.serve`` is the data plane's hot path: the route table is
compiled once per deployment, the event is built directly as a dict and
serialized with orjson, and nothing is looked up in botocore's models.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
from urllib.parse import urlencode

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID
from ...aws.cors import is_preflight, preflight_headers, with_cors_headers
from ...aws.errors import AwsError
from ...aws.http import Receive, Scope, Send, read_body
from ...config import Settings
from ..common import MAX_PAYLOAD_BYTES
from ..common.access_log_lines import AccessLogWriter, render_access_log
from ..common.invoke import IntegrationFailure, IntegrationTimeout, region_of_arn
from ..custom_domains import PUBLIC_PATH
from .authorization import Authorization, Denied
from .events import event_v1, event_v2, gateway_headers
from .invoke import call_http, function_of, proxy_url, with_path, with_stage_variables
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
        message = await receive()  # read_body's first step inline: the usual request is one message
        body = message.get("body", b"")
        if message.get("more_body"):
            body += await read_body(receive)
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
                # Routing answers at once or hands back the coroutine that calls the integration.
                routed = self._route(model, path, request, public is not None)
                response = routed if routed.__class__ is GatewayResponse else await routed  # type: ignore[misc]
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

    def _route(
        self, model: ApiModel, path: str, request: IncomingRequest, custom_domain: bool
    ) -> GatewayResponse | Coroutine[Any, Any, GatewayResponse]:
        """An answer found without calling anything (an error, a CORS preflight), else the
        coroutine that authorizes the request and calls the route's integration."""
        api = model.api
        if api["ProtocolType"] == "WEBSOCKET":
            return error(426, "Upgrade Required")
        if api["DisableExecuteApiEndpoint"] and not custom_domain:
            return error(*FORBIDDEN)
        if len(request.body) > MAX_PAYLOAD_BYTES:
            return error(*PAYLOAD_TOO_LARGE)
        # The stage the path addresses and the path after it; ``$default`` takes the rest.
        stages = model.stages
        first, _, rest = path[1:].partition("/")
        if first and first in stages:
            # ``/$default/...`` too: the path-based URL forms always carry a stage segment.
            stage_name, user_path = first, "/" + rest
        elif "$default" in stages:
            stage_name, user_path = "$default", path
        else:
            return error(*NOT_FOUND)
        snapshot = model.snapshot_for_stage(stage_name)
        if snapshot is None:
            return error(*NOT_FOUND)
        request.stage = stage_name  # from here on the stage's access log records the request
        cors = api.get("CorsConfiguration")
        if cors is not None and is_preflight(request.method, request.headers):
            return GatewayResponse(204, b"", preflight_headers(cors, request.headers))
        found = (snapshot.router or route_table(snapshot)).match(request.method, user_path)
        if found is None:
            return error(*NOT_FOUND)
        compiled, path_params = found
        stage = stages[stage_name]
        route_key = request.route_key = compiled.route_key
        limits = stage["RouteSettings"].get(route_key) or stage["DefaultRouteSettings"]
        rate = limits.get("ThrottlingRateLimit")
        burst = limits.get("ThrottlingBurstLimit")
        if (rate is not None or burst is not None) and not self.throttles.allow(
            (model.api_id, stage["StageName"], route_key), rate, burst
        ):
            return error(*TOO_MANY_REQUESTS)
        return self._answer(model, stage_name, compiled, request, path_params, stage.get("StageVariables") or None, cors)

    def _timeout_s(self, integration: Resource | None) -> float:
        limit = self.settings.integration_timeout_ms
        if integration is not None:
            limit = min(limit, integration.get("TimeoutInMillis", limit))
        return limit / 1000

    async def _answer(
        self,
        model: ApiModel,
        stage: str,
        compiled: CompiledRoute,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
        cors: dict[str, Any] | None,
    ) -> GatewayResponse:
        """Authorize, call the integration, map its answer; CORS headers on all but a refusal."""
        authorizer = None
        if compiled.authorized:  # most routes: no coroutine to run
            try:
                authorizer = await self.authorization.authorize(
                    model, stage, compiled, request, path_params, stage_variables
                )
            except Denied as denied:
                return denied.response
        v2 = compiled.lambda_v2
        if v2 is None:  # HTTP_PROXY, an AWS service, no integration: the uncommon routes
            response = await self._integrate(
                model, stage, compiled, request, path_params, stage_variables, authorizer
            )
        else:  # a Lambda proxy integration, called from here (one coroutine fewer per request)
            integration: Resource = compiled.integration  # type: ignore[assignment]
            try:
                event = (event_v2 if v2 else event_v1)(
                    request,
                    model.api_id,
                    DEFAULT_ACCOUNT_ID,
                    compiled.route_key,
                    stage,
                    path_params,
                    stage_variables,
                    authorizer,
                )
                function = compiled.function or function_of(
                    with_stage_variables(integration["IntegrationUri"], stage_variables)
                )
                invoke = getattr(self.lambda_, "invoke_function", None)
                if invoke is None:
                    raise IntegrationFailure("Lambda is not available")
                # Lambda's own call, not common.invoke_function's wrapper (a coroutine and a result
                # object fewer): its errors are caught below as that wrapper would map them.
                result = await invoke(
                    region_of_arn(function, model.region), function, orjson.dumps(event), wait_s=self._timeout_s(integration)
                )
                function_error = result.get("FunctionError")
                if function_error:
                    raise IntegrationFailure(function_error)
                payload = result.get("Payload") or b""
                response = from_v2(payload) if v2 else from_v1(payload)
            except TimeoutError:  # the wait for the function ran out
                response = error(*SERVICE_UNAVAILABLE)
            except (IntegrationFailure, MalformedResult, AwsError) as failure:
                log.info(
                    "HTTP API %s route %s: integration failed: %s", model.api_id, compiled.route_key, failure
                )
                response = error(*INTERNAL_ERROR)
            else:
                if "ResponseParameters" in integration:
                    response = self._mapped(model, stage, compiled, request, path_params, stage_variables, response)
        if cors is not None:
            response.headers = with_cors_headers(cors, request.headers, response.headers)
        return response

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
        """The routes without a Lambda proxy integration (``_answer`` calls Lambda itself)."""
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
            lookup = request_lookup(request, model.api_id, stage, compiled.route_key, path_params, stage_variables)
            response = await self._http_proxy(integration, request, path_params, stage_variables, lookup, timeout_s)
        except IntegrationTimeout:
            return error(*SERVICE_UNAVAILABLE)
        except (IntegrationFailure, MalformedResult) as failure:
            log.info(
                "HTTP API %s route %s: integration failed: %s", model.api_id, compiled.route_key, failure
            )
            return error(*INTERNAL_ERROR)
        if "ResponseParameters" in integration:
            return self._mapped(model, stage, compiled, request, path_params, stage_variables, response)
        return response

    def _mapped(
        self,
        model: ApiModel,
        stage: str,
        compiled: CompiledRoute,
        request: IncomingRequest,
        path_params: dict[str, str] | None,
        stage_variables: dict[str, str] | None,
        response: GatewayResponse,
    ) -> GatewayResponse:
        """The integration's answer with its ResponseParameters applied (or a 500 they cannot make)."""
        lookup = request_lookup(request, model.api_id, stage, compiled.route_key, path_params, stage_variables)
        try:
            map_response(compiled.integration["ResponseParameters"], response, lookup)  # type: ignore[index]
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

