"""Calling a method's integration: AWS_PROXY, AWS (Lambda or a service action), HTTP_PROXY, HTTP and MOCK."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from operator import itemgetter
from random import getrandbits
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

import orjson

from ..common.binary import accepts_binary, is_binary_type
from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from ..common.outgoing import header_bytes
from ..common.service_actions import ServiceCall, service_action
from .custom_mapping import BackendResponse, RenderedRequest, json_payload, render_request, respond, select
from .deployment import DeployedApi, DeployedMethod
from .endpoint_log import EndpointLog
from .gateway_errors import BAD_GATEWAY, INTEGRATION_FAILURE, INTERNAL_ERROR, TIMEOUT
from .mapping import UTIL, InputVariable
from .parameters import mapped_parameters, parameter_value
from .proxy_event import (
    REMAPPED,
    MalformedProxyResponse,
    json_by_default,
    parse_proxy_response,
    proxy_event,
    request_context,
)
from .request import GatewayRequest
from .streaming import stream_lambda

_name = itemgetter(0)
#: Response headers of a backend that must not be copied to the client.
_HOP_BY_HOP = frozenset(
    {b"content-length", b"transfer-encoding", b"connection", b"content-encoding", b"keep-alive"}
)
_JSON = "application/json"
#: Integration request headers a mapping may not set: the request fails (500). Lambda's (AWS)
#: integrations refuse more, the ones its signed call owns. LocalStack's AWS-validated snapshot
#: test_apigateway_integrations.snapshot.json::TestApiGatewayHeaderRemapping (recorded 2024-07).
_RESERVED_HTTP = frozenset({"content-length", "transfer-encoding"})
_RESERVED_AWS = _RESERVED_HTTP | {"authorization", "connection", "expect", "proxy-authenticate", "te"}


@dataclass(slots=True)
class Call:
    """Everything one integration call needs."""

    request: GatewayRequest
    deployed: DeployedApi
    method: DeployedMethod
    stage_variables: dict[str, str]
    authorizer: dict[str, Any] | None
    api_key: dict[str, Any] | None
    timeout_ms: int
    #: Served by the stage's canary release (``$context.isCanaryRequest``).
    canary: bool = False
    #: TestInvokeMethod's record of the integration call (None on the data plane).
    log: EndpointLog | None = None
    #: ``$context.requestOverride``: what the request template sets, its response template sees
    #: (made by the first template: a proxy integration has none).
    request_override: dict[str, dict[str, Any]] | None = None

    def template_variables(self, body: str) -> dict[str, Any]:
        context = request_context(
            self.request, self.deployed, self.method, self.authorizer or {}, self.api_key
        )
        if self.request_override is None:
            self.request_override = {"header": {}, "querystring": {}, "path": {}}
        context["requestOverride"] = self.request_override
        context["responseOverride"] = {"status": None, "header": {}}
        context["isCanaryRequest"] = self.canary
        return {
            "input": InputVariable(body, self.request.parameters()),
            "util": UTIL,
            "context": context,
            "stageVariables": dict(self.stage_variables),
        }


class Backends:
    def __init__(self, lambda_: Any) -> None:
        self.lambda_ = lambda_
        self._http: httpx.AsyncClient | None = None
        #: How service-action integrations reach the emulator's other services (set by the app).
        self.services: ServiceCall | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        # httpx is imported on the first HTTP integration, not at start-up.
        if self._http is None:
            import httpx

            self._http = httpx.AsyncClient(follow_redirects=False)
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    def call(self, call: Call) -> Awaitable[BackendResponse]:
        """The integration's answer (the coroutine itself: one await fewer per request)."""
        kind = call.method.integration_type
        if kind == "AWS_PROXY":
            return self._lambda_proxy(call)
        if kind == "HTTP_PROXY":
            return self._http_proxy(call)
        if kind == "MOCK":
            return self._mock(call)
        if kind == "AWS":
            if call.method.function_arn is None:
                return self._service_custom(call)
            return self._lambda_custom(call)
        return self._http_custom(call)

    # -- proxies -------------------------------------------------------------

    async def _lambda_proxy(self, call: Call) -> BackendResponse:
        method, deployed = call.method, call.deployed
        if (method.integration.get("httpMethod") or "POST") != "POST":
            # Lambda is invoked with POST only (LocalStack's AWS-validated
            # test_lambda_aws_proxy_integration_non_post_method: GET answers 500).
            raise INTEGRATION_FAILURE
        tenant = None
        if method.integration.get("requestParameters"):
            mapped_headers = _mapped(call)[0]
            _refuse_reserved(mapped_headers, _RESERVED_AWS)  # the event ignores mappings, not these
            tenant = _tenant_of(mapped_headers)
        arn = _function_arn(call)
        event = proxy_event(call.request, deployed, method, call.stage_variables, call.authorizer, call.api_key)
        if method.streams:
            status, headers, chunks = await stream_lambda(
                self.lambda_, deployed.region, arn, event, _timeout(call), tenant
            )
            return BackendResponse(status, _traced(headers, trace_header(call.request)), b"", chunks)
        trace = trace_header(call.request)
        reply = await self._invoke(call, arn, event, tenant, trace)
        if reply.function_error:
            if call.log is not None:
                call.log.function_failed(reply.payload)
            raise BAD_GATEWAY
        try:
            binary = bool(deployed.binary_media_types) and accepts_binary(
                call.request.headers.get("accept"), deployed.binary_media_types
            )
            parsed = parse_proxy_response(reply.payload, binary)
        except MalformedProxyResponse:
            if call.log is not None:
                call.log.steps.append("Execution failed due to configuration error: Malformed Lambda proxy response")
            raise BAD_GATEWAY from None
        return BackendResponse(parsed.status, _traced(json_by_default(parsed.headers), trace), parsed.body)

    async def _invoke(self, call: Call, arn: str, payload: bytes, tenant_id: str | None = None, trace: str = "") -> Any:
        region = region_of_arn(arn, call.deployed.region)
        if call.log is not None:
            call.log.lambda_sending(call.request, call.deployed.api_id, region, arn, payload)
        try:
            # An empty request body reaches the function as ``{}`` (AWS logs it empty).
            reply = await invoke_function(self.lambda_, region, arn, payload or b"{}", _timeout(call), tenant_id, trace)
        except IntegrationTimeout:
            raise TIMEOUT from None
        except IntegrationFailure:
            raise INTERNAL_ERROR from None
        if call.log is not None:
            call.log.lambda_received(reply.payload, reply.function_error)
        return reply

    async def _http_proxy(self, call: Call) -> BackendResponse:
        request = call.request
        mapped_headers, mapped_query = _mapped(call)
        _refuse_reserved(mapped_headers, _RESERVED_HTTP)
        headers = [(k, v) for k, v in request.headers.items() if k != "host" and k not in mapped_headers]
        headers.append(("x-amzn-apigateway-api-id", call.deployed.api_id))
        headers.extend(mapped_headers.items())
        query = {**request.multi_query, **{k: [v] for k, v in mapped_query.items()}}
        streams = call.method.streams
        response = await self._send(
            call, _integration_method(call), _target_url(call), headers, request.body, query, stream=streams
        )
        kept = []
        for raw_name, value in response.headers.raw:
            name = raw_name.lower()
            if name in REMAPPED:
                kept.append((b"x-amzn-remapped-" + name, value))
            elif name not in _HOP_BY_HOP:
                kept.append((name, value))
        if streams:
            return BackendResponse(response.status_code, kept, b"", _passed_on(response))
        return BackendResponse(response.status_code, kept, response.content)

    async def _send(
        self,
        call: Call,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        body: bytes,
        query: dict[str, list[str]],
        *,
        stream: bool = False,
    ) -> httpx.Response:
        """The backend's response; its body is read, unless ``stream`` (the caller passes it on as it comes)."""
        request = _build_request(self.http, method, url, headers, body, query, _timeout(call) / 1000)
        http = self.http
        if call.log is not None:
            call.log.sending(str(request.url), headers, body.decode("utf-8", errors="replace"))
        try:
            response = await http.send(request, stream=True)
            if not stream:
                await response.aread()
            if call.log is not None:
                received = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
                call.log.received(response.status_code, received, "" if stream else response.text)
            return response
        except Exception as error:
            import httpx

            if isinstance(error, httpx.TimeoutException):
                raise TIMEOUT from None
            if isinstance(error, httpx.HTTPError):
                if call.log is not None:
                    call.log.unreachable()
                raise INTERNAL_ERROR from None
            raise

    # -- non-proxy integrations ---------------------------------------------

    async def _mock(self, call: Call) -> BackendResponse:
        rendered = render_request(call).body
        status = 200
        try:
            document = orjson.loads(rendered) if rendered.strip() else {}
            if isinstance(document, dict) and "statusCode" in document:
                status = int(document["statusCode"])
        except (orjson.JSONDecodeError, TypeError, ValueError):
            raise INTERNAL_ERROR from None
        return respond(call, select(call.method, str(status)), b"", {})

    async def _lambda_custom(self, call: Call) -> BackendResponse:
        arn = _function_arn(call)
        rendered = render_request(call)
        _refuse_reserved(_overridden(call, rendered)[0], _RESERVED_AWS)
        reply = await self._invoke(call, arn, json_payload(rendered.body), _tenant(call))
        body = reply.payload.decode("utf-8", errors="replace")
        # Selection patterns match the error's errorMessage, and a success's empty one: AWS's guide
        # says a ``.*`` pattern matches every answer, error or not.
        selector = ""
        if reply.function_error:
            try:
                error = orjson.loads(reply.payload)
                selector = str(error.get("errorMessage", "")) if isinstance(error, dict) else body
            except orjson.JSONDecodeError:
                selector = body
        rule = select(call.method, selector)
        return respond(call, rule, reply.payload, {}, lambda_error=bool(reply.function_error))

    async def _service_custom(self, call: Call) -> BackendResponse:
        target = service_action(fill_stage_variables(call.method.integration.get("uri", ""), call.stage_variables))
        if target is None or self.services is None:
            raise INTERNAL_ERROR
        region, service, action = target
        answer = await self.services(service, action, region, render_request(call).body)
        if answer is None:
            raise INTERNAL_ERROR  # a service the emulator does not have
        status, body = answer
        return respond(call, select(call.method, str(status)), body, {})

    async def _http_custom(self, call: Call) -> BackendResponse:
        rendered = render_request(call)
        mapped_headers, mapped_query = _overridden(call, rendered)
        _refuse_reserved(mapped_headers, _RESERVED_HTTP)
        # What AWS sends a non-proxy HTTP backend besides the mapped headers; no Content-Type with no
        # body (LocalStack's AWS-validated TestApiGatewayHeaderRemapping recording, no-param-integration).
        sent = {
            "accept": _JSON,
            "user-agent": f"AmazonAPIGateway_{call.deployed.api_id}",
            "x-amzn-apigateway-api-id": call.deployed.api_id,
            "x-amzn-trace-id": call.request.headers.get("x-amzn-trace-id", ""),
        }
        if rendered.body:
            sent["content-type"] = call.request.headers.get("content-type", _JSON)
        mapped_names = {name.lower() for name in mapped_headers}
        headers = [*((k, v) for k, v in sent.items() if k not in mapped_names), *mapped_headers.items()]
        query = {k: [v] for k, v in mapped_query.items()}
        url = _target_url(call, rendered.override.get("path"))
        response = await self._send(call, _integration_method(call), url, headers, rendered.body, query)
        backend_headers: dict[str, list[str]] = {}
        for name, value in response.headers.raw:
            backend_headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        rule = select(call.method, str(response.status_code))
        binary = is_binary_type(response.headers.get("content-type"), call.deployed.binary_media_types)
        return respond(call, rule, response.content, backend_headers, binary=binary)


async def _passed_on(response: httpx.Response) -> AsyncIterator[bytes]:
    """A streamed backend body, chunk by chunk as it arrives."""
    try:
        async for chunk in response.aiter_raw():
            yield chunk
    finally:
        await response.aclose()


def _integration_method(call: Call) -> str:
    """The integration's own HTTP method; ``ANY`` passes the client's on."""
    method = call.method.integration.get("httpMethod") or call.request.method
    return call.request.method if method == "ANY" else method


def _mapped(call: Call) -> tuple[dict[str, str], dict[str, str]]:
    mappings = call.method.integration.get("requestParameters")
    if not mappings:
        return {}, {}
    return mapped_parameters(mappings, call.request, call.stage_variables, call.authorizer)


def _overridden(call: Call, rendered: RenderedRequest) -> tuple[dict[str, str], dict[str, str]]:
    """The mapped headers and query string, then what the template's ``$context.requestOverride`` set."""
    headers, query = _mapped(call)
    override = rendered.override
    if override.get("header"):
        headers = {**headers, **{str(k): str(v) for k, v in override["header"].items()}}
    if override.get("querystring"):
        query = {**query, **{str(k): str(v) for k, v in override["querystring"].items()}}
    return headers, query


def _refuse_reserved(headers: dict[str, str], reserved: frozenset[str]) -> None:
    if headers and not reserved.isdisjoint(name.lower() for name in headers):
        raise INTERNAL_ERROR


def _tenant_of(mapped_headers: dict[str, str]) -> str | None:
    """The ``X-Amz-Tenant-Id`` among an integration's mapped headers."""
    if not mapped_headers:
        return None
    return next((value for name, value in mapped_headers.items() if name.lower() == "x-amz-tenant-id"), None)


def _tenant(call: Call) -> str | None:
    """The ``X-Amz-Tenant-Id`` a proxy integration maps (a request value, an authorizer's context, ...)."""
    return _tenant_of(_mapped(call)[0])


def _timeout(call: Call) -> int:
    return min(int(call.method.integration.get("timeoutInMillis", 29000)), call.timeout_ms)


_STAGE_VARIABLE = "${stageVariables."


def fill_stage_variables(text: str, variables: dict[str, str]) -> str:
    """``text`` with each ``${stageVariables.name}`` replaced by the stage's value."""
    start = text.find(_STAGE_VARIABLE)
    while start >= 0:
        end = text.find("}", start)
        if end < 0:
            break
        name = text[start + len(_STAGE_VARIABLE) : end]
        text = text[:start] + variables.get(name, "") + text[end + 1 :]
        start = text.find(_STAGE_VARIABLE, start)
    return text


def _function_arn(call: Call) -> str:
    arn = call.method.function_arn
    if arn is None:
        raise INTERNAL_ERROR
    return fill_stage_variables(arn, call.stage_variables) if _STAGE_VARIABLE in arn else arn


def _target_url(call: Call, override: dict[str, Any] | None = None) -> str:
    """The integration URI with ``{name}`` filled from the path (directly or via requestParameters),
    or from a request template's ``$context.requestOverride.path``."""
    uri: str = call.method.integration.get("uri", "")
    if _STAGE_VARIABLE in uri:
        uri = fill_stage_variables(uri, call.stage_variables)
    if "{" not in uri:
        return uri
    values = dict(call.request.path_params)
    for target, source in (call.method.integration.get("requestParameters") or {}).items():
        if target.startswith("integration.request.path."):
            value = parameter_value(source, call.request, call.stage_variables, call.authorizer)
            values[target[len("integration.request.path.") :]] = value or ""
    if override:
        values.update((str(k), str(v)) for k, v in override.items())
    for name, value in values.items():
        uri = uri.replace("{" + name + "+}", value).replace("{" + name + "}", value)
    return uri


def _build_request(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    body: bytes,
    query: dict[str, list[str]],
    timeout_s: float,
) -> httpx.Request:
    """The request to the backend; a URL httpx refuses (a control character a mapped parameter
    put in its path) fails the integration (500), as a backend that cannot be reached does."""
    try:
        try:
            return http.build_request(method, url, headers=headers, content=body, params=query or None, timeout=timeout_s)
        except UnicodeEncodeError:  # a header value beyond ASCII: sent as bytes
            return http.build_request(
                method, url, headers=header_bytes(headers), content=body, params=query or None, timeout=timeout_s
            )
    except Exception as error:
        import httpx

        if isinstance(error, httpx.InvalidURL):
            raise INTERNAL_ERROR from None
        raise


def trace_header(request: GatewayRequest) -> str:
    """The request's X-Ray trace header, given a parent segment if it had none: the function runs under
    it and the answer carries it (LocalStack's AWS-validated test_invocation_trace_id)."""
    trace = request.headers["x-amzn-trace-id"]
    if ";Parent=" not in trace:
        trace = f"{trace};Parent={getrandbits(64).to_bytes(8, 'big').hex()};Sampled=0"  # hex() beats formatting
    return trace


def _traced(headers: list[tuple[bytes, bytes]], trace: str) -> list[tuple[bytes, bytes]]:
    """A Lambda proxy response's headers, with the trace header (MOCK responses carry none)."""
    if b"x-amzn-trace-id" not in map(_name, headers):
        headers.append((b"x-amzn-trace-id", trace.encode("latin-1")))
    return headers
