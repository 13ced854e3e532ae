"""MOCK, AWS (Lambda), HTTP and HTTP_PROXY integrations of WebSocket routes.

The non-proxy kinds transform both ways: the integration's template selection
expression picks a request template (else the message passes through, as
PassthroughBehavior allows), and the integration response selection expression
(``${integration.response.statuscode}`` by default) picks an integration
response whose template shapes what a two-way route sends back. HTTP_PROXY
passes the message and the answer through. (AWS_PROXY, the Lambda proxy event,
is the server's own path.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from ..common.service_actions import ServiceCall, service_action
from ..rest.mapping import UTIL, InputVariable
from ..rest.vtl import Template, TemplateError
from .exchange import Exchange
from .expressions import as_key, evaluate, json_member, matches_key, parse_json
from .routes import Integration

#: Headers of the upgrade request an HTTP proxy integration does not get (the HTTP client sets its own).
_NOT_FORWARDED = frozenset({"host", "connection", "upgrade", "content-length", "transfer-encoding"})


class UnsupportedMediaType(Exception):
    """PassthroughBehavior refuses a message no request template matches."""


class MappingFailure(Exception):
    """A template could not be rendered."""


@dataclass(slots=True)
class IntegrationRequest:
    """What a route's integration sees of one message (or of the $connect handshake)."""

    body: str
    context: dict[str, Any]
    stage_variables: dict[str, str]
    region: str
    headers: dict[str, list[str]] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    #: The request's record for the logs (the calls to the backend are its steps).
    exchange: Exchange | None = None
    _parsed: Any = None

    def lookup(self, path: tuple[str, ...]) -> Any:
        """A selection expression or request parameter variable: ``request.body.x``, ``context.x`` ..."""
        head, rest = path[0], path[1:]
        if head == "request" or head == "route":
            rest = rest[1:] if rest[:1] == ("request",) else rest
            where, names = (rest[0], rest[1:]) if rest else ("", ())
            if where == "body":
                if self._parsed is None:
                    self._parsed = parse_json(self.body)
                return json_member(self._parsed, names)
            if where == "header" and names:
                lowered = names[0].lower()
                return next((values[-1] for name, values in self.headers.items() if name.lower() == lowered), None)
            if where == "querystring" and names:
                return (self.query.get(names[0]) or [None])[-1]
            return None
        if head == "context":
            return json_member(self.context, rest)
        if head == "stageVariables" and rest:
            return self.stage_variables.get(rest[0])
        return None

    def variables(self, body: str) -> dict[str, Any]:
        params = {
            "path": {},
            "querystring": {name: values[-1] for name, values in self.query.items()},
            "header": {name: values[-1] for name, values in self.headers.items()},
        }
        return {"input": InputVariable(body, params), "util": UTIL, "context": self.context, "stageVariables": self.stage_variables}


@dataclass(slots=True)
class IntegrationAnswer:
    status: int
    body: bytes
    headers: dict[str, str]

    def lookup(self, path: tuple[str, ...]) -> Any:
        if path[:2] != ("integration", "response") or len(path) < 3:
            return None
        where, names = path[2], path[3:]
        if where == "statuscode":
            return str(self.status)
        if where == "header" and names:
            return self.headers.get(names[0].lower())
        if where == "body":
            return json_member(parse_json(self.body), names)
        return None


class Integrations:
    """Calls non-Lambda-proxy integrations; holds the HTTP client they share."""

    def __init__(self, lambda_: Any) -> None:
        self.lambda_ = lambda_
        self._http: Any = None
        #: How service-action integrations reach the emulator's other services (set by the app).
        self.services: ServiceCall | None = None

    async def close(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def call(self, integration: Integration, request: IntegrationRequest, two_way: bool) -> bytes:
        """What the route sends back (possibly empty; nothing when one-way); IntegrationFailure/Timeout, MappingFailure."""
        answer = await self.answer(integration, request)
        if not two_way:
            return b""
        return answer.body if integration.type == "HTTP_PROXY" else _respond(integration, request, answer)

    async def answer(self, integration: Integration, request: IntegrationRequest) -> IntegrationAnswer:
        """The backend's raw answer, the request mapped by the integration's templates."""
        if integration.type == "HTTP_PROXY":
            return await self._http_call(integration, request, request.body)
        body = _request_body(integration, request)
        if integration.type == "MOCK":
            requested = parse_json(body)
            status = requested.get("statusCode") if isinstance(requested, dict) else None
            return IntegrationAnswer(status if isinstance(status, int) else 200, b"", {})
        if integration.type == "AWS" and integration.function is not None:
            region = region_of_arn(integration.function, request.region)
            if request.exchange is not None:
                request.exchange.lambda_sending(region, integration.function, body.encode())
            result = await invoke_function(self.lambda_, region, integration.function, body.encode(), integration.timeout_ms)
            if request.exchange is not None:
                request.exchange.lambda_received(result.payload, result.function_error)
            return IntegrationAnswer(200, result.payload, {})
        if integration.type == "AWS":
            return await self._service_call(integration, request, body)
        if integration.type == "HTTP":
            return await self._http_call(integration, request, body)
        raise IntegrationFailure(f"unsupported integration type {integration.type}")

    async def _service_call(self, integration: Integration, request: IntegrationRequest, body: str) -> IntegrationAnswer:
        target = service_action(integration.uri)
        answer = None
        if request.exchange is not None:
            request.exchange.sending(integration.uri, [], body)
        if target is not None and self.services is not None:
            region, service, action = target
            answer = await self.services(service, action, region, body.encode())
        if answer is None:
            raise IntegrationFailure(f"no service answers {integration.uri}")
        if request.exchange is not None:
            request.exchange.received(answer[0], [], answer[1].decode(errors="replace"))
        return IntegrationAnswer(answer[0], answer[1], {})

    async def _http_call(self, integration: Integration, request: IntegrationRequest, body: str) -> IntegrationAnswer:
        import httpx  # on the first HTTP integration, not at start-up

        if self._http is None:
            self._http = httpx.AsyncClient(follow_redirects=False)
        headers, query = _mapped_parameters(integration.request_parameters, request)
        if integration.type == "HTTP_PROXY":
            # A proxied $connect passes the handshake's headers on (Sec-WebSocket-* included, as on AWS).
            forwarded = {name: values[-1] for name, values in request.headers.items() if name.lower() not in _NOT_FORWARDED}
            headers = {**forwarded, **headers}
        url = integration.uri
        if query:
            url += ("&" if "?" in url else "?") + urlencode(query)
        exchange = request.exchange
        if exchange is not None:
            exchange.sending(url, list(headers.items()), body)
        try:
            response = await self._http.request(
                integration.method, url, headers=headers, content=body.encode(), timeout=integration.timeout_ms / 1000
            )
        except httpx.TimeoutException:
            if exchange is not None:
                exchange.fail(504, "Endpoint request timed out", "Execution failed due to a timeout error")
            raise IntegrationTimeout from None
        except httpx.HTTPError as error:
            if exchange is not None:
                exchange.fail(500, "Internal server error", "Execution failed due to configuration error: Invalid endpoint address")
            raise IntegrationFailure(str(error)) from error
        if exchange is not None:
            exchange.received(response.status_code, list(response.headers.items()), response.text)
        return IntegrationAnswer(response.status_code, response.content, {k.lower(): v for k, v in response.headers.items()})


def _request_body(integration: Integration, request: IntegrationRequest) -> str:
    templates = integration.request_templates
    key = evaluate(integration.template_selection, request.lookup) if integration.template_selection else ""
    template = templates.get(key) or templates.get("$default")
    if template is None:
        if integration.passthrough == "NEVER" or (integration.passthrough == "WHEN_NO_TEMPLATES" and templates):
            raise UnsupportedMediaType
        return request.body
    return _render(template, request.variables(request.body))


def _respond(integration: Integration, request: IntegrationRequest, answer: IntegrationAnswer) -> bytes:
    """The answer shaped by the integration response its selection expression picks.

    A two-way non-proxy route needs one ("For non-proxy integrations, you must set up at least one
    integration response", the developer guide): with none that matches, the message fails as a REST
    method does, with its configuration error in the execution log.
    """
    selected = evaluate(integration.response_selection, answer.lookup)
    for response in integration.responses:
        if response.key == "$default" or matches_key(response.key, selected):
            key = evaluate(response.template_selection, answer.lookup) if response.template_selection else ""
            template = response.templates.get(key) or response.templates.get("$default")
            if template is None:
                return answer.body
            return _render(template, request.variables(answer.body.decode(errors="replace"))).encode()
    if request.exchange is not None:
        request.exchange.fail(
            500,
            "Internal server error",
            "Execution failed due to configuration error: No match for output mapping and no default output "
            f"mapping configured. Endpoint Response Status Code: {answer.status}",
        )
    raise MappingFailure


def _mapped_parameters(parameters: dict[str, str], request: IntegrationRequest) -> tuple[dict[str, str], dict[str, str]]:
    """``integration.request.header.X`` / ``querystring.X`` from ``route.request.*``, ``context.*``, ``'static'``."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    for target, source in parameters.items():
        if source.startswith("'") and source.endswith("'") and len(source) >= 2:
            value = source[1:-1]
        else:
            value = as_key(request.lookup(tuple(source.lstrip("$").split("."))))
        where, _, name = target.removeprefix("integration.request.").partition(".")
        if where == "header":
            headers[name] = value
        elif where == "querystring":
            query[name] = value
    return headers, query


def _render(template: Template, variables: dict[str, Any]) -> str:
    try:
        return template.render(variables)
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError):
        raise MappingFailure from None
