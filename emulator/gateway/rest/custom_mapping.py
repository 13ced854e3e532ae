"""A non-proxy (custom) integration's mappings: the request template (or passthrough), the
integration response its selection pattern picks, and that response's template, overrides and
header mappings; payloads converted between text and binary as contentHandling and the API's
binaryMediaTypes say (the guide's api-gateway-payload-encodings-workflow.md tables)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from ...response_headers import sendable
from ..common.binary import is_binary_type
from .deployment import DeployedMethod, IntegrationResponseRule
from .gateway_errors import INTERNAL_ERROR, UNSUPPORTED_MEDIA, GatewayError
from .mapping import json_path
from .parameters import parameter_value
from .vtl import Template, TemplateError
from .vtl_values import to_json

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from .backends import Call

_JSON = "application/json"
_BODY = "integration.response.body"
_HEADER = "integration.response.header."
_MULTI_HEADER = "integration.response.multivalueheader."
_TO_BINARY, _TO_TEXT = "CONVERT_TO_BINARY", "CONVERT_TO_TEXT"
#: Method response headers the gateway sends as ``x-amzn-Remapped-<name>`` (its own, or ones about
#: the connection, take the name): LocalStack's AWS-validated snapshot
#: test_apigateway_integrations.snapshot.json::TestApiGatewayHeaderRemapping (recorded 2024-07).
_REMAPPED = frozenset(
    {
        b"authorization",
        b"connection",
        b"content-length",
        b"content-md5",
        b"date",
        b"expect",
        b"host",
        b"max-forwards",
        b"proxy-authenticate",
        b"server",
        b"trailer",
        b"upgrade",
        b"user-agent",
        b"www-authenticate",
    }
)


@dataclass(slots=True)
class BackendResponse:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    #: A streamed body (``responseTransferMode: STREAM``), sent as it comes instead of ``body``.
    chunks: AsyncIterator[bytes] | None = None


@dataclass(slots=True)
class RenderedRequest:
    body: bytes
    #: ``$context.requestOverride``: ``header``, ``querystring`` and ``path`` values the template set.
    override: dict[str, dict[str, Any]]


def render_request(call: Call) -> RenderedRequest:
    """The integration request body: the matching request template, or the body passed through,
    first converted as the integration's contentHandling says."""
    templates = call.method.request_templates
    content_type = (call.request.headers.get("content-type") or _JSON).split(";", 1)[0].strip().lower()
    binary = is_binary_type(content_type, call.deployed.binary_media_types)
    payload = call.request.body
    handling = call.method.integration.get("contentHandling")
    if handling == _TO_BINARY and not binary:
        payload = _decoded(payload)
    elif handling == _TO_TEXT and binary:
        payload = base64.b64encode(payload)
    template = templates.get(content_type)
    if template is None:
        if content_type in templates:
            return RenderedRequest(payload, {})  # a null template passes the body through
        behaviour = call.method.integration.get("passthroughBehavior", "WHEN_NO_MATCH")
        if behaviour == "NEVER" or (behaviour == "WHEN_NO_TEMPLATES" and templates):
            raise UNSUPPORTED_MEDIA
        return RenderedRequest(payload, {})
    variables = call.template_variables(payload.decode("utf-8", errors="replace"))
    rendered = _render(template, variables).encode()
    return RenderedRequest(rendered, variables["context"]["requestOverride"])


def json_payload(payload: bytes) -> bytes:
    """A Lambda function's input, which must be JSON: AWS refuses one that is not before invoking
    (400 "Could not parse request body into json: ..." followed by its JSON parser's complaint, as
    users report it; the complaint's wording here is an approximation)."""
    if not payload:
        return payload  # reaches the function as {}
    try:
        orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise GatewayError(400, "BadRequestException", _unparsable(payload, error)) from None
    return payload


def _unparsable(payload: bytes, error: orjson.JSONDecodeError) -> str:
    """Jackson's way of saying where a payload stops being JSON (a trailing comma is reported at
    the character after it)."""
    text = payload.decode("utf-8", errors="replace")
    at = error.pos
    if error.msg.startswith("trailing comma"):
        at = len(text) - len(text[at + 1 :].lstrip())
    line = text.count("\n", 0, at) + 1
    column = at - text.rfind("\n", 0, at)
    if at >= len(text):
        problem = "Unexpected end-of-input"
    elif text[at] == "}" and text[:at].rstrip()[-1:] in (",", "{"):
        problem = "Unexpected character ('}' (code 125)): was expecting double-quote to start field name"
    else:
        problem = f"Unexpected character ('{text[at]}' (code {ord(text[at])}))"
    return f'Could not parse request body into json: {problem}\n at [Source: (byte[])"{text}"; line: {line}, column: {column}]'



def _decoded(text: bytes) -> bytes:
    """A text payload read as base64; one that is not fails the integration (a 500)."""
    try:
        return base64.b64decode(text)
    except (binascii.Error, ValueError):
        raise INTERNAL_ERROR from None


def _render(template: Template, variables: dict[str, Any]) -> str:
    try:
        return template.render(variables)
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError):
        raise INTERNAL_ERROR from None


def select(method: DeployedMethod, selector: str) -> IntegrationResponseRule:
    """The integration response whose selectionPattern matches ``selector`` (a status code, or a
    Lambda function's error message), else the default one."""
    for rule in method.responses:
        assert rule.pattern is not None
        if rule.pattern.fullmatch(selector):
            return rule
    if method.default_response is None:
        raise INTERNAL_ERROR
    return method.default_response


def respond(
    call: Call,
    rule: IntegrationResponseRule,
    payload: bytes,
    backend_headers: dict[str, list[str]],
    *,
    binary: bool = False,
    lambda_error: bool = False,
) -> BackendResponse:
    """The method response: the integration response's template applied to ``payload`` (``binary``:
    a binary one), its overrides and its header mappings (``lambda_error``: the payload is a
    Lambda function's error)."""
    if rule.status_code not in call.method.method_statuses:
        # The guide warns of it (handle-errors-in-lambda-integration.md); AWS logs it so.
        if call.log is not None:
            call.log.steps.append(
                "Execution failed due to configuration error: Output mapping refers to an invalid method "
                f"response: {rule.status_code}"
            )
        raise INTERNAL_ERROR
    status = int(rule.status_code)
    headers: list[tuple[bytes, bytes]] = []
    content_type = _JSON
    payload, binary = _converted(call, rule, payload, binary)
    output = payload
    body = "" if binary else payload.decode("utf-8", errors="replace")
    if rule.templates and not binary:
        content_type = _response_template_type(call, rule.templates)
        template = rule.templates[content_type]
        if template is not None:  # a null template passes the backend's body through
            variables = call.template_variables(body)
            output = _render(template, variables).encode()
            override = variables["context"]["responseOverride"]
            if override.get("status") is not None:
                status = _override_status(override["status"])
            if override.get("header"):
                headers.extend(_override_headers(override["header"]))
    if rule.parameters:
        mapped = _mapped_headers(call, rule.parameters, body, backend_headers, lambda_error)
        if not sendable(mapped):  # a static value holding a line break: the mapping cannot be applied
            raise INTERNAL_ERROR
        headers.extend(mapped)
    if not any(name == b"content-type" for name, _ in headers):
        headers.append((b"content-type", content_type.encode()))
    if not _REMAPPED.isdisjoint(name for name, _ in headers):
        headers = [(b"x-amzn-remapped-" + name if name in _REMAPPED else name, value) for name, value in headers]
    return BackendResponse(status, headers, output)


def _converted(call: Call, rule: IntegrationResponseRule, payload: bytes, binary: bool) -> tuple[bytes, bool]:
    """The payload converted as the response's contentHandling says, or, without one, as the first
    ``Accept`` type asks: text read as base64 for a binary type, binary base64-encoded for a text one."""
    handling = rule.content_handling
    if handling is None:
        accept = (call.request.headers.get("accept") or "").split(",", 1)[0]
        handling = _TO_BINARY if is_binary_type(accept, call.deployed.binary_media_types) else _TO_TEXT
    if handling == _TO_BINARY and not binary:
        return _decoded(payload), True
    if handling == _TO_TEXT and binary:
        return base64.b64encode(payload), False
    return payload, binary


def _response_template_type(call: Call, templates: dict[str, Template | None]) -> str:
    """The guide's choice (request-response-data-mappings.md): the Accept type's template; without
    Accept, application/json's, else the first; an Accept no template matches gets the first."""
    accept = call.request.headers.get("accept")
    if not accept:
        return _JSON if _JSON in templates else next(iter(templates))
    wanted = accept.split(",", 1)[0].split(";", 1)[0].strip().lower()
    return wanted if wanted in templates else next(iter(templates))


def _override_status(value: Any) -> int:
    """``$context.responseOverride.status``; one that is no HTTP status fails the template (500)."""
    try:
        status = int(value)
    except (TypeError, ValueError, OverflowError):
        raise INTERNAL_ERROR from None
    if not 200 <= status <= 599:
        raise INTERNAL_ERROR
    return status


def _override_headers(override: Any) -> list[tuple[bytes, bytes]]:
    """``$context.responseOverride.header``; one HTTP cannot carry fails the template (500)."""
    if not isinstance(override, dict):
        raise INTERNAL_ERROR
    headers = [(str(k).lower().encode("latin-1", "replace"), str(v).encode("latin-1", "replace")) for k, v in override.items()]
    if not sendable(headers):
        raise INTERNAL_ERROR
    return headers


def _mapped_headers(
    call: Call, parameters: dict[str, str], body: str, backend_headers: dict[str, list[str]], lambda_error: bool
) -> list[tuple[bytes, bytes]]:
    """``method.response.header.*`` from a static value, a backend header (its last value, or all
    of them joined by commas), the body, a stage variable or a context variable (the guide's
    rest-api-parameter-mapping-sources)."""
    document: Any = _UNREAD
    mapped = []
    for target, source in parameters.items():
        if not target.startswith("method.response.header."):
            continue
        if len(source) >= 2 and source[0] == "'" and source[-1] == "'":
            value: str | None = source[1:-1]
        elif source.startswith(_HEADER):
            value = backend_headers.get(source[len(_HEADER) :].lower(), [None])[-1]
        elif source.startswith(_MULTI_HEADER):
            value = ",".join(backend_headers.get(source[len(_MULTI_HEADER) :].lower(), ())) or None
        elif source == _BODY:
            value = body
        elif source.startswith(_BODY + "."):
            if document is _UNREAD:
                document = _body_document(body, lambda_error)
            value = _header_text(json_path(document, "$" + source[len(_BODY) :]))
        elif source.startswith(("stageVariables.", "context.")):
            value = parameter_value(source, call.request, call.stage_variables, call.authorizer)
        else:
            value = None
        if value is not None:
            mapped.append((target[len("method.response.header.") :].lower().encode(), value.encode()))
    return mapped


_UNREAD = object()


def _body_document(body: str, lambda_error: bool) -> Any:
    """The body as JSON for ``integration.response.body.<path>``; a Lambda error's ``errorMessage``
    holding JSON is read as JSON too (the custom error objects AWS's guide maps to headers)."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    message = document.get("errorMessage") if lambda_error and isinstance(document, dict) else None
    if isinstance(message, str):
        try:
            document = {**document, "errorMessage": orjson.loads(message)}
        except orjson.JSONDecodeError:
            pass
    return document


def _header_text(value: Any) -> str | None:
    """A JSON value as a header: a string as it is, anything else as JSON (``500``, ``{"a":1}``)."""
    if value is None or isinstance(value, str):
        return value
    return to_json(value)
