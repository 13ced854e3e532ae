"""Invoke (RequestResponse, Event, DryRun) and InvokeWithResponseStream, with AWS's payload limits; ``invoke_function`` for API Gateway."""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID, RequestContext
from ..errors import (
    InvalidParameterValueException,
    InvalidRequestContentException,
    RequestEntityTooLargeException,
    function_not_found,
)
from ..functions import LATEST, Function, Version
from ..ids import invocation_id
from ..payload_errors import describe
from ..workers import InvokeResult
from ..workers.response_stream import ResponseStream, run_streaming
from ..workers.worker import INIT_TIMEOUT_S
from .base import LambdaOperations

MAX_SYNC_PAYLOAD = 6_291_456
MAX_ASYNC_PAYLOAD = 262_144
LOG_TAIL_BYTES = 4096
#: AWS's answer to a tenant id a function does not take, or its lack where one is required (tenant isolation guide).
TENANT_MISMATCH = "Tenant ID configuration not specified or passed to a function when tenant isolation is not enabled."


def tenant_of(version: Version, tenant_id: str | None) -> str | None:
    """The invocation's tenant: required by a PER_TENANT function, refused by any other."""
    if ("TenancyConfig" in version.config) != (tenant_id is not None):
        raise InvalidParameterValueException(TENANT_MISMATCH)
    return tenant_id


class InvokeOperations(LambdaOperations):
    async def invoke_function(
        self,
        region: str,
        function: str,
        payload: bytes,
        *,
        qualifier: str | None = None,
        wait_s: float | None = None,
        request_id: str | None = None,
        tenant_id: str | None = None,
        trace_id: str = "",
    ) -> dict[str, Any]:
        """A synchronous invocation, as API Gateway's integrations and function URLs make it (the hot path).

        ``wait_s``: how long the caller waits; an invocation still running then is
        cancelled (its worker killed) and TimeoutError raised. ``tenant_id``: the
        ``X-Amz-Tenant-Id`` an integration mapped, for a PER_TENANT function.
        """
        if len(payload) > MAX_SYNC_PAYLOAD:
            raise _too_large_sync()
        target, qualifier = self.registry.find(region, DEFAULT_ACCOUNT_ID, function, qualifier)
        version = self.invoker.select(target, qualifier)
        invocation = self.invoker.run(
            target,
            version,
            payload or b"{}",
            request_id=request_id or invocation_id(),
            invoked_arn=f"{target.arn}:{qualifier}" if qualifier else target.arn,
            tenant_id=tenant_of(version, tenant_id),
            trace_id=trace_id,
        )
        timeout_s = version.config["Timeout"]
        if wait_s is None or wait_s > timeout_s + max(INIT_TIMEOUT_S, timeout_s):
            # Init and the function's own timeout end it first: no timer of the caller's to arm.
            result = await invocation
        else:
            result = await _within(invocation, wait_s)
        return _answer(version, result)

    async def invoke(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        kind = params.get("InvocationType") or "RequestResponse"
        payload: bytes = params.get("Payload") or b"{}"
        if kind == "Event" and len(payload) > MAX_ASYNC_PAYLOAD:
            raise RequestEntityTooLargeException(
                f"{len(payload)} byte payload is too large for the Event invocation type (limit {MAX_ASYNC_PAYLOAD} bytes)"
            )
        function, qualifier, version = self._invocation_target(ctx, params, payload)
        if "DurableConfig" in version.config:  # a durable execution (operations/durable.py)
            return await self.invoke_durable(ctx, params, function, qualifier, version, payload)
        # AWS answers both with an empty body.
        if kind == "DryRun":
            return {"StatusCode": 204, "Payload": b""}
        if kind == "Event":
            self.invoker.enqueue(function, version, payload, ctx.request_id, params.get("TenantId"))
            return {"StatusCode": 202, "Payload": b""}
        result = await self._run_sync(ctx, params, function, qualifier, version, payload)
        answer = _answer(version, result)
        if params.get("LogType") == "Tail":
            answer["LogResult"] = _log_result(result)
        return answer

    async def invoke_with_response_stream(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Invoke, answered as an event stream.

        A function that streams (a Node.js handler wrapped in
        ``awslambda.streamifyResponse``) has each chunk sent as a
        ``PayloadChunk`` as the runtime receives it; one that does not (Python)
        has its whole result sent as one. ``InvokeComplete`` ends the stream; a
        function error (mid-stream too) is in it (``ErrorCode``, the error
        document as ``ErrorDetails``).
        """
        payload: bytes = params.get("Payload") or b"{}"
        function, qualifier, version = self._invocation_target(ctx, params, payload)
        if params.get("InvocationType") == "DryRun":
            return {"StatusCode": 204, "EventStream": []}
        tail = params.get("LogType") == "Tail"
        stream, invocation = await run_streaming(self._run_sync(ctx, params, function, qualifier, version, payload))
        if stream is None:
            result = invocation.result()  # errors before the function ran (throttling) answer as Invoke's
            events: list[dict[str, Any]] = []
            if result.function_error is None:
                events.append({"PayloadChunk": {"Payload": result.payload}})
            events.append({"InvokeComplete": _completion(result, tail)})
            return {"StatusCode": 200, "ExecutedVersion": version.number, "EventStream": events}
        return {"StatusCode": 200, "ExecutedVersion": version.number, "EventStream": _streamed_events(stream, invocation, tail)}

    async def stream_function(
        self,
        region: str,
        function: str,
        payload: bytes,
        *,
        qualifier: str | None = None,
        request_id: str | None = None,
        tenant_id: str | None = None,
    ) -> tuple[ResponseStream | None, asyncio.Task[dict[str, Any]]]:
        """``invoke_function`` for a caller that takes a streamed response as it comes (a ``RESPONSE_STREAM`` URL).

        Returns once the function streams (the stream) or has answered whole
        (None); the task ends with ``invoke_function``'s answer.
        """
        invocation = self.invoke_function(region, function, payload, qualifier=qualifier, request_id=request_id, tenant_id=tenant_id)
        return await run_streaming(invocation)

    def _invocation_target(self, ctx: RequestContext, params: dict[str, Any], payload: bytes) -> tuple[Function, str | None, Version]:
        """The function, qualifier and version an Invoke runs, after AWS's checks in AWS's order."""
        if len(payload) > MAX_SYNC_PAYLOAD:
            raise _too_large_sync()
        ref, found = self.lookup(ctx, params["FunctionName"], params.get("Qualifier"))
        if found is None:  # AWS names the version an unqualified Invoke would have run
            raise function_not_found(f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:function:{ref.name}:{ref.qualifier or LATEST}")
        version = self.invoker.select(found, ref.qualifier)
        tenant_of(version, params.get("TenantId"))
        _check_json(payload)
        return found, ref.qualifier, version

    async def _run_sync(
        self, ctx: RequestContext, params: dict[str, Any], function: Function, qualifier: str | None, version: Version, payload: bytes
    ) -> InvokeResult:
        return await self.invoker.run(
            function,
            version,
            payload,
            request_id=ctx.request_id,
            client_context=_client_context(params.get("ClientContext")),
            invoked_arn=f"{function.arn}:{qualifier}" if qualifier else function.arn,
            tail=params.get("LogType") == "Tail",
            tenant_id=params.get("TenantId"),
        )

    def invoke_async(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """The deprecated InvokeAsync: an ``Event`` invocation of ``$LATEST``."""
        payload: bytes = params.get("InvokeArgs") or b"{}"
        if len(payload) > MAX_ASYNC_PAYLOAD:
            raise RequestEntityTooLargeException(
                f"{len(payload)} byte payload is too large for the Event invocation type (limit {MAX_ASYNC_PAYLOAD} bytes)"
            )
        function, qualifier = self.find(ctx, params["FunctionName"])
        _check_json(payload)
        self.invoker.enqueue(function, self.registry.version(function, qualifier), payload, ctx.request_id)
        return {"Status": 202}


async def _within(invocation: Coroutine[Any, Any, InvokeResult], wait_s: float) -> InvokeResult:
    """``invocation``'s result, or TimeoutError after ``wait_s``.

    A bare timer rather than asyncio.timeout(): this runs per request, and the
    context manager's bookkeeping costs more than routing the invocation.
    """
    task = asyncio.current_task()
    assert task is not None
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    timer = asyncio.get_running_loop().call_later(wait_s, expire)
    try:
        return await invocation
    except asyncio.CancelledError:
        if expired:
            task.uncancel()
            raise TimeoutError from None
        raise
    finally:
        timer.cancel()


async def _streamed_events(stream: ResponseStream, invocation: asyncio.Task[InvokeResult], tail: bool) -> AsyncIterator[dict[str, Any]]:
    async for chunk in stream.chunks():
        yield {"PayloadChunk": {"Payload": chunk}}
    yield {"InvokeComplete": _completion(await invocation, tail)}


def _completion(result: InvokeResult, tail: bool) -> dict[str, Any]:
    """``InvokeComplete``: a function error's code and document, the log tail if asked for."""
    complete: dict[str, Any] = {}
    if result.function_error is not None:
        complete["ErrorCode"] = result.function_error
        complete["ErrorDetails"] = result.payload.decode(errors="replace")
    if tail:
        complete["LogResult"] = _log_result(result)
    return complete


def _answer(version: Version, result: InvokeResult) -> dict[str, Any]:
    answer: dict[str, Any] = {"StatusCode": 200, "Payload": result.payload, "ExecutedVersion": version.number}
    if result.function_error is not None:
        answer["FunctionError"] = result.function_error
    return answer


def _log_result(result: InvokeResult) -> str:
    """``LogResult``: the last 4 KB of the invocation's log, base64."""
    return base64.b64encode(result.log_tail.encode()[-LOG_TAIL_BYTES:]).decode()


def _too_large_sync() -> RequestEntityTooLargeException:
    return RequestEntityTooLargeException(f"Request must be smaller than {MAX_SYNC_PAYLOAD} bytes for the InvokeFunction operation")


def _check_json(payload: bytes) -> None:
    try:
        orjson.loads(payload)
    except orjson.JSONDecodeError as error:
        raise InvalidRequestContentException(describe(payload, str(error))) from None


def _client_context(text: str | None) -> str | None:
    """``ClientContext`` arrives base64; the worker gets the JSON text."""
    if not text:
        return None
    try:
        decoded = base64.b64decode(text)
        if isinstance(orjson.loads(decoded), dict):
            return decoded.decode()
    except (binascii.Error, ValueError):
        pass
    raise InvalidRequestContentException("Client context must be a valid Base64-encoded JSON object.")
