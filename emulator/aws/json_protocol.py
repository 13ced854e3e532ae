"""The ``json`` protocol (DynamoDB, DynamoDB Streams, CloudWatch Logs).

``POST /`` with ``X-Amz-Target: <prefix>.<Operation>`` and a JSON body whose
members are the operation's input. Members are passed to providers as they came
on the wire: blobs stay base64 text, timestamps epoch numbers.

Malformed requests are answered as DynamoDB answers them (dynalite's tests, run against
AWS, record the exact bytes): a body of a media type other than the service's own
``application/x-amz-json-1.x`` or ``application/json`` reaches no operation (a 404 HTML page;
clients that sent ``x-amz-json-1.1`` to DynamoDB met it in 2016 and 2026), a body that is not
JSON is a ``SerializationException`` without a message, and so is an empty body for DynamoDB.
A request in ``application/json`` is answered in ``application/json``.
"""

from __future__ import annotations

import logging
import zlib

from .context import RequestContext
from .errors import AwsError, InternalFailure, SerializationException, UnknownOperationException, status_of
from .http import Response
from .json_input import read_object
from .serialize import dumps_json
from .service import Service

log = logging.getLogger("emulator.aws")

PLAIN_JSON = b"application/json"
#: Services whose reader refuses an empty body rather than reading it as ``{}`` (dynalite's
#: AWS-recorded tests; Smithy's protocol tests have other services accept one).
_BODY_REQUIRED = frozenset({"dynamodb", "dynamodbstreams"})
#: What Coral's HTTP front answers a body in a media type no protocol reads: 272 bytes whose CRC32 is the
#: 2548615100 dynalite's tests recorded from AWS.
PAGE_NOT_FOUND = (
    b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    b'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n'
    b"<head>\n  <title>Page Not Found</title>\n</head>\n<body>Page Not Found</body>\n</html>"
)


class JsonProtocol:
    def __init__(self, service: Service) -> None:
        self.service = service
        version = service.model.metadata.get("jsonVersion", "1.0")
        #: The media type the service's clients send, and its answers carry.
        self.content_type = f"application/x-amz-json-{version}".encode()
        self._body_required = service.name in _BODY_REQUIRED

    async def handle(self, operation_name: str, body: bytes, ctx: RequestContext, content_type: bytes | None) -> Response:
        """Answer a call; ``content_type`` is the request's header (its absence, None, is fine without a body)."""
        ctx.service = self.service.name
        ctx.operation = operation_name
        reply_type = self.content_type
        if content_type != reply_type:
            reply_type = self._reply_type(content_type, body)
            if reply_type is None:
                return page_not_found(ctx)
        try:
            # As Coral does: the body is read before the target is looked up, and found empty after.
            params = read_object(body) if body else None
            operation = self.service.operations.get(operation_name)
            if operation is None:
                raise UnknownOperationException()
            if params is None:
                if self._body_required:
                    raise SerializationException()
                params = {}
            result = await self.service.call(operation, ctx, params)
            if isinstance(result, Response):  # framed by its provider: an event stream (Logs' StartLiveTail)
                return result
            return self._respond(200, dumps_json(result) if result else b"{}", ctx, reply_type)
        except AwsError as error:
            return self.error_response(error, ctx, reply_type)
        except Exception:
            log.exception("internal error in %s.%s", self.service.name, operation_name)
            return self.error_response(InternalFailure("Internal server error"), ctx, reply_type)

    def _reply_type(self, content_type: bytes | None, body: bytes) -> bytes | None:
        """The media type to answer in, None for a body no JSON reader takes."""
        media = content_type.split(b";", 1)[0].strip().lower() if content_type else b""
        if media == self.content_type:
            return media
        if media == PLAIN_JSON or not body:
            return PLAIN_JSON
        return None

    def error_response(self, error: AwsError, ctx: RequestContext, reply_type: bytes | None = None) -> Response:
        return self._respond(status_of(error), error_body(error, self.service.error_namespace), ctx, reply_type)

    def _respond(self, status: int, payload: bytes, ctx: RequestContext, reply_type: bytes | None) -> Response:
        headers = [
            (b"content-type", reply_type or self.content_type),
            (b"x-amzn-requestid", ctx.request_id.encode()),
        ]
        if self.service.add_crc32:
            headers.append((b"x-amz-crc32", str(zlib.crc32(payload)).encode()))
        return Response(status, payload, headers)


def error_body(error: AwsError, service_namespace: str | None) -> bytes:
    """An error as the json protocol writes it: ``__type`` (namespaced), the message, extra fields."""
    namespace = error.namespace or service_namespace
    code = error.error_code
    body: dict[str, object] = {"__type": f"{namespace}#{code}" if namespace else code}
    if error.message is not None:
        body[error.message_key] = error.message
    body.update(error.fields)
    return dumps_json(body)


def not_a_call(method: str, ctx: RequestContext) -> Response:
    """A request other than a POST on a json-protocol endpoint: DynamoDB's endpoint answers a GET with its
    health line and anything else with the 404 page (dynalite's AWS-run connection tests)."""
    if method != "GET":
        return page_not_found(ctx)
    line = f"healthy: dynamodb.{ctx.region}.amazonaws.com ".encode()
    headers = [(b"x-amzn-requestid", ctx.request_id.encode()), (b"x-amz-crc32", str(zlib.crc32(line)).encode())]
    return Response(200, line, headers)


def page_not_found(ctx: RequestContext) -> Response:
    headers = [
        (b"content-type", b"text/html"),
        (b"x-amzn-requestid", ctx.request_id.encode()),
        (b"x-amz-crc32", str(zlib.crc32(PAGE_NOT_FOUND)).encode()),
    ]
    return Response(404, PAGE_NOT_FOUND, headers)
