"""The ``rest-json`` protocol (Lambda, API Gateway v1 and v2, @connections).

Operations are found by method and URI template (``/2015-03-31/functions/{FunctionName}``,
greedy ``{Key+}`` labels, static query parameters such as ``?mode=import``).
Input members come from the URI, the query string, headers and the JSON body
(or a raw payload member); output members go back the same way, an
``eventstream`` payload in AWS's binary event encoding (``event_stream``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote

from .context import RequestContext
from .errors import AwsError, InternalFailure, SerializationException, status_of
from .event_stream import CONTENT_TYPE as EVENT_STREAM_CONTENT_TYPE
from .event_stream import encode_events, stream_events
from .http import Response, StreamingResponse
from .json_input import read_object
from .serialize import dumps_json
from .service import Operation, Service
from .wire_names import from_wire, to_wire

if TYPE_CHECKING:
    from botocore.model import Shape, StructureShape

log = logging.getLogger("emulator.aws")

_LABEL = re.compile(r"\{([^}]+)\}")
#: Raw (blob) payloads AWS labels other than application/octet-stream, by service and operation.
_BLOB_CONTENT_TYPES = {("lambda", "Invoke"): b"application/json"}


@dataclass(slots=True)
class Route:
    service: Service
    operation: Operation
    method: str
    pattern: re.Pattern[str]
    labels: dict[str, str]  # regex group -> member name
    static_query: dict[str, str]
    literal_length: int


@dataclass(slots=True)
class Match:
    route: Route
    path_params: dict[str, str]


def _compile_route(service: Service, operation: Operation) -> Route:
    http = operation.model.http
    uri: str = http["requestUri"]
    path, _, query = uri.partition("?")
    static_query = dict(parse_qsl(query, keep_blank_values=True))
    members = operation.model.input_shape.members if operation.model.input_shape else {}
    wire_to_member = {
        member.serialization.get("name", name): name
        for name, member in members.items()
        if member.serialization.get("location") == "uri"
    }
    labels: dict[str, str] = {}
    regex = ["^"]
    position = 0
    for index, found in enumerate(_LABEL.finditer(path)):
        regex.append(re.escape(path[position : found.start()]))
        label = found.group(1)
        greedy = label.endswith("+")
        label = label.rstrip("+")
        group = f"g{index}"
        labels[group] = wire_to_member.get(label, label)
        regex.append(f"(?P<{group}>.+)" if greedy else f"(?P<{group}>[^/]+)")
        position = found.end()
    regex.append(re.escape(path[position:]))
    regex.append("/?$" if path != "/" else "$")
    literal = len(_LABEL.sub("", path))
    return Route(service, operation, http["method"], re.compile("".join(regex)), labels, static_query, literal)


class RestJsonRouter:
    """Finds the operation a request addresses, across every rest-json service."""

    def __init__(self, services: Iterable[Service]) -> None:
        self._by_prefix: dict[str, list[Route]] = {}
        for service in services:
            for operation in service.operations.values():
                route = _compile_route(service, operation)
                prefix = _first_segment(operation.model.http["requestUri"].partition("?")[0])
                self._by_prefix.setdefault(prefix, []).append(route)
        for routes in self._by_prefix.values():
            # Most specific first: more literal text, then more static query keys.
            routes.sort(key=lambda r: (-r.literal_length, -len(r.static_query)))

    def match(self, method: str, path: str, query: dict[str, list[str]], signing_service: str | None) -> Match | None:
        candidates = self._by_prefix.get(_first_segment(path), ())
        found: list[Match] = []
        for route in candidates:
            if route.method != method:
                continue
            matched = route.pattern.match(path)
            if matched is None:
                continue
            if any(query.get(k, [None])[0] != v and not (v == "" and k in query) for k, v in route.static_query.items()):
                continue
            params = {route.labels[g]: unquote(v) for g, v in matched.groupdict().items()}
            found.append(Match(route, params))
        if len(found) > 1 and signing_service:
            # The same path in two services is told apart by the SigV4 scope.
            preferred = [m for m in found if m.route.service.model.signing_name == signing_service]
            found = preferred or found
        return found[0] if found else None

    def path_exists(self, path: str) -> bool:
        return any(r.pattern.match(path) for r in self._by_prefix.get(_first_segment(path), ()))


def _first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


class RestJsonProtocol:
    """Turns a matched request into ``(ctx, params)`` and a result into a response."""

    async def handle(
        self, match: Match, query: dict[str, list[str]], headers: dict[str, str], body: bytes, ctx: RequestContext
    ) -> Response:
        service = match.route.service
        operation = match.route.operation
        ctx.service = service.name
        ctx.operation = operation.name
        try:
            params = parse_input(operation, match.path_params, query, headers, body)
            result = await service.call(operation, ctx, params)
            return serialize_output(operation, result or {}, ctx)
        except AwsError as error:
            return error_response(error, ctx)
        except Exception:
            log.exception("internal error in %s.%s", service.name, operation.name)
            return error_response(InternalFailure("Internal server error"), ctx)


def parse_input(
    operation: Operation, path_params: dict[str, str], query: dict[str, list[str]], headers: dict[str, str], body: bytes
) -> dict[str, Any]:
    shape = operation.model.input_shape
    params: dict[str, Any] = {}
    if shape is None:
        return params
    payload_member = shape.serialization.get("payload")
    body_members: list[str] = []
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            if name in path_params:
                params[name] = _from_text(member, path_params[name])
        elif location == "querystring":
            if member.type_name == "map":
                params[name] = {k: v[0] for k, v in query.items()}
            elif wire in query:
                values = query[wire]
                params[name] = values if member.type_name == "list" else _from_text(member, values[0])
        elif location == "header":
            value = headers.get(wire.lower())
            if value is not None:
                params[name] = _from_text(member, value)
        elif location == "headers":
            prefix = wire.lower()
            found = {k[len(prefix) :]: v for k, v in headers.items() if k.startswith(prefix)}
            if found:
                params[name] = found
        elif name == payload_member:
            if member.type_name in ("blob", "string"):
                if body:
                    params[name] = body if member.type_name == "blob" else body.decode()
            elif body:
                params[name] = from_wire(_load_json(body), member)
        else:
            body_members.append(name)
    if body_members and payload_member is None and body:
        document = _load_json(body)
        for name in body_members:
            member = shape.members[name]
            wire = member.serialization.get("name", name)
            if wire in document:
                params[name] = from_wire(document[wire], member)
    return params


def _load_json(body: bytes) -> dict[str, Any]:
    return read_object(body, "Could not parse request body into json")


def _from_text(shape: Shape, text: str) -> Any:
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind in ("float", "double"):
            return float(text)
    except ValueError:
        raise SerializationException(f"Could not convert '{text}' to a number") from None
    if kind == "boolean":
        return text.lower() == "true"
    if kind == "list":
        return [part.strip() for part in text.split(",")]
    return text


def serialize_output(operation: Operation, result: dict[str, Any], ctx: RequestContext) -> Response:
    shape: StructureShape | None = operation.model.output_shape
    status = operation.model.http.get("responseCode", 200)
    headers = [(b"x-amzn-requestid", ctx.request_id.encode())]
    if shape is None:
        return Response(status, b"", headers)
    payload_member = shape.serialization.get("payload")
    document: dict[str, Any] = {}
    body: bytes | None = None
    chunks = None
    content_type = b"application/json"
    # An operation with a Content-Type member of its own (GetExport) sends that one alone.
    names_content_type = False
    for name, member in shape.members.items():
        value = result.get(name)
        if value is None:
            continue
        location = member.serialization.get("location")
        if location == "statusCode":
            status = int(value)
        elif location == "header":
            header = member.serialization.get("name", name).lower()
            names_content_type = names_content_type or header == "content-type"
            headers.append((header.encode(), _to_text(value).encode()))
        elif location == "headers":
            prefix = member.serialization.get("name", "")
            headers.extend(((prefix + k).lower().encode(), str(v).encode()) for k, v in value.items())
        elif name == payload_member:
            if member.serialization.get("eventstream"):
                if isinstance(value, AsyncIterable):  # events still to come: sent as they do
                    chunks = stream_events(member, value)
                else:
                    body = encode_events(member, value)
                content_type = EVENT_STREAM_CONTENT_TYPE
            elif member.type_name == "blob":
                body = value if isinstance(value, bytes) else str(value).encode()
                key = (operation.model.service_model.service_name, operation.name)
                content_type = _BLOB_CONTENT_TYPES.get(key, b"application/octet-stream")
            elif member.type_name == "string":
                body = value.encode()
                content_type = b"text/plain"
            else:
                body = dumps_json(to_wire(value, member))
        else:
            document[member.serialization.get("name", name)] = to_wire(value, member)
    if body is None:
        body = dumps_json(document)
    if not names_content_type:
        headers.append((b"content-type", content_type))
    if chunks is not None:
        return StreamingResponse(status, b"", headers, chunks)
    return Response(status, body, headers)


def _to_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return format_datetime(value.astimezone(dt.UTC), usegmt=True)
    return str(value)


def error_response(error: AwsError, ctx: RequestContext) -> Response:
    body: dict[str, Any] = {}
    if error.message is not None:
        body["message"] = error.message
    body.update(error.fields)
    return Response(
        status_of(error),
        dumps_json(body),
        [
            (b"x-amzn-requestid", ctx.request_id.encode()),
            (b"x-amzn-errortype", error.error_code.encode()),
            (b"content-type", b"application/json"),
        ],
    )
