"""``responseTransferMode: STREAM``: a proxy integration's body goes to the client as it comes.

A Lambda proxy is invoked as InvokeWithResponseStream invokes it. The function
writes API Gateway's streaming format: a JSON metadata object (``statusCode``,
``headers``, ``multiValueHeaders``, ``cookies``), eight NUL bytes, then the body.
The metadata must come within the first 16 KB; once it has, the status and
headers go out and the rest of the stream follows as the function writes it.
The integration timeout bounds the wait for the metadata only: streaming is
how a response outlasts 29 seconds. A function that answers whole (Python has
no streaming runtime) is read as a buffered proxy response.

An HTTP proxy's backend response is passed on as it arrives, hop-by-hop
headers dropped as for a buffered one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson

from ...aws.http import prefixed
from ...response_headers import sendable
from ..common.invoke import region_of_arn
from .gateway_errors import BAD_GATEWAY, INTERNAL_ERROR, TIMEOUT
from .proxy_event import MalformedProxyResponse, json_by_default, parse_proxy_response, read_proxy_response

#: Between the metadata and the body (``awslambda.HttpResponseStream.from`` writes it).
DELIMITER = b"\0" * 8
#: AWS reads the metadata from the first 16 KB of the stream.
MAX_METADATA_BYTES = 16 * 1024
#: TestInvokeMethod answers a streamed body once it ended, 35 s passed or 1 MB is in (whichever is first).
TEST_INVOKE_WAIT_S = 35.0
TEST_INVOKE_MAX_BYTES = 1024 * 1024


async def stream_lambda(
    lambda_: Any, default_region: str, arn: str, event: bytes, timeout_ms: int, tenant_id: str | None = None
) -> tuple[int, list[tuple[bytes, bytes]], AsyncIterator[bytes]]:
    """``(status, headers, body chunks)`` once the function's metadata is in; raises a gateway error."""
    try:
        stream, invocation = await lambda_.stream_function(
            region_of_arn(arn, default_region), arn, event, tenant_id=tenant_id
        )
    except Exception:  # missing, throttled, misconfigured: as a buffered proxy fails
        raise INTERNAL_ERROR from None
    if stream is None:
        try:
            result = invocation.result()
        except Exception:  # refused before it ran (a tenant id the function does not take, ...)
            raise INTERNAL_ERROR from None
        return _whole(result)
    chunks = stream.chunks()
    try:
        head = await asyncio.wait_for(_metadata(chunks), timeout_ms / 1000)
    except TimeoutError:
        raise TIMEOUT from None
    if head is None:
        raise BAD_GATEWAY
    metadata_text, rest = head.split(DELIMITER, 1)
    try:
        metadata = orjson.loads(metadata_text)
        parsed = read_proxy_response(metadata, binary_allowed=False)
    except (orjson.JSONDecodeError, MalformedProxyResponse):
        raise BAD_GATEWAY from None
    headers = json_by_default(parsed.headers + _cookie_headers(metadata))
    return parsed.status, headers, prefixed(rest, chunks)


async def _metadata(chunks: AsyncIterator[bytes]) -> bytes | None:
    """The stream's bytes up to and past the delimiter; None if it is not within the first 16 KB."""
    head = b""
    async for chunk in chunks:
        head += chunk
        if DELIMITER in head[: MAX_METADATA_BYTES + len(DELIMITER)]:
            return head
        if len(head) > MAX_METADATA_BYTES:
            return None
    return None


def _whole(result: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], AsyncIterator[bytes]]:
    if result.get("FunctionError"):
        raise BAD_GATEWAY
    try:
        parsed = parse_proxy_response(result.get("Payload") or b"", binary_allowed=False)
    except MalformedProxyResponse:
        raise BAD_GATEWAY from None
    return parsed.status, json_by_default(parsed.headers), _once(parsed.body)


def _cookie_headers(metadata: dict[str, Any]) -> list[tuple[bytes, bytes]]:
    cookies = metadata.get("cookies") or []
    if not isinstance(cookies, list):
        raise BAD_GATEWAY
    headers = [(b"set-cookie", str(cookie).encode("latin-1", errors="replace")) for cookie in cookies]
    if not sendable(headers):  # a cookie that would split the response: a malformed one, as a header's is
        raise BAD_GATEWAY
    return headers


async def buffered(chunks: AsyncIterator[bytes]) -> bytes:
    """A streamed body as TestInvokeMethod shows it: what came within its time and size limits."""
    body = b""

    async def read() -> None:
        nonlocal body
        async for chunk in chunks:
            body += chunk
            if len(body) > TEST_INVOKE_MAX_BYTES:
                return

    try:
        await asyncio.wait_for(read(), TEST_INVOKE_WAIT_S)
    except TimeoutError:
        pass
    return body


async def _once(body: bytes) -> AsyncIterator[bytes]:
    if body:
        yield body
