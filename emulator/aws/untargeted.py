"""A ``POST /`` that names no operation: no ``X-Amz-Target``, so no json-protocol service claims it.

DynamoDB's endpoint (dynalite's AWS-run tests) reads the body before it looks for a target: a
JSON request without one is Coral's ``UnknownOperationException``, one whose body is not JSON a
``SerializationException`` (neither with a message), answered in the request's JSON media type
(``application/json`` when it named none); a body in another media type reaches no protocol (the
404 page). No rest-json operation is ``POST /``, so any such request is one of these.
"""

from __future__ import annotations

import zlib

import orjson

from .context import RequestContext
from .errors import SerializationException, UnknownOperationException
from .http import Response
from .json_protocol import PLAIN_JSON, error_body, page_not_found

_AMZ_JSON = (b"application/x-amz-json-1.0", b"application/x-amz-json-1.1")


def answer(method: str, path: str, headers: dict[str, str], body: bytes, ctx: RequestContext) -> Response | None:
    """The answer to a target-less JSON call, None for any other request."""
    if method != "POST" or path != "/":
        return None
    media = headers.get("content-type", "").split(";", 1)[0].strip().lower().encode()
    reply_type = media if media in _AMZ_JSON else PLAIN_JSON
    if body and media != PLAIN_JSON and media not in _AMZ_JSON:
        return page_not_found(ctx)
    error: SerializationException | UnknownOperationException = UnknownOperationException()
    if body:
        try:
            orjson.loads(body)  # any JSON will do: the missing target is the fault then
        except orjson.JSONDecodeError:
            error = SerializationException()
    payload = error_body(error, None)
    headers_out = [
        (b"content-type", reply_type),
        (b"x-amzn-requestid", ctx.request_id.encode()),
        (b"x-amz-crc32", str(zlib.crc32(payload)).encode()),
    ]
    return Response(400, payload, headers_out)
