"""A ``RESPONSE_STREAM`` URL's response: the body goes to the client as the function writes it.

A Node.js function that wraps its stream in ``awslambda.HttpResponseStream.from``
writes the content type ``application/vnd.awslambda.http-integration-response``:
a JSON prelude (``statusCode``, ``headers``, ``cookies``), eight NUL bytes, then
the body. Any other stream is a 200 whose body is the stream, in its content type.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from ...aws.http import prefixed
from ...function_results import MalformedResult, status_code
from ..workers.response_stream import ResponseStream
from .response import UrlResponse, from_result, response_headers

PRELUDE_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response"
_DELIMITER = b"\0" * 8
_OCTET_STREAM = b"application/octet-stream"


async def streamed_response(stream: ResponseStream | None, invocation: asyncio.Task[dict[str, Any]]) -> UrlResponse:
    """The response once its status and headers are known; raises MalformedResult for a 502."""
    if stream is None:  # the function answered whole: mapped as a buffered URL maps it
        return _whole(invocation.result())
    chunks = stream.chunks()
    with_prelude = stream.content_type == PRELUDE_CONTENT_TYPE
    head = b""
    async for chunk in chunks:  # the status waits for the first bytes (the whole prelude, if there is one)
        head += chunk
        if not with_prelude or _DELIMITER in head:
            break
    else:
        if not head and (await invocation).get("FunctionError"):
            raise MalformedResult("the function failed before it streamed")
    if not with_prelude:
        return UrlResponse(200, headers=[(b"content-type", stream.content_type.encode("latin-1"))], chunks=prefixed(head, chunks))
    if _DELIMITER not in head:
        head += _DELIMITER  # a prelude with no body after it
    prelude_text, _, rest = head.partition(_DELIMITER)
    try:
        prelude = orjson.loads(prelude_text)
    except orjson.JSONDecodeError:
        raise MalformedResult("the prelude is not JSON") from None
    if not isinstance(prelude, dict):
        raise MalformedResult("the prelude is not an object")
    status = status_code(prelude.get("statusCode", 200))
    return UrlResponse(status, headers=response_headers(prelude, _OCTET_STREAM), chunks=prefixed(rest, chunks))


def _whole(result: dict[str, Any]) -> UrlResponse:
    if result.get("FunctionError"):
        raise MalformedResult("function error")
    return from_result(result.get("Payload") or b"")

