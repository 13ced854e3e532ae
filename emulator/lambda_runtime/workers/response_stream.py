"""A response-streaming invocation's output, handed on while the function still writes it.

Whoever wants the output as it comes (InvokeWithResponseStream, a function
URL in ``RESPONSE_STREAM`` mode) starts the invocation with ``run_streaming``:
the invocation's task carries the stream in a context variable, so the worker
finds it without a parameter through the invoker and the pool. A function
that does not stream (Python, a Node.js handler without
``awslambda.streamifyResponse``) never starts it, and is answered whole.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")


class ResponseStream:
    """The bytes a function streams, in order; ``started`` once the runtime opened its response."""

    __slots__ = ("content_type", "started", "_queue")

    def __init__(self) -> None:
        self.content_type = "application/octet-stream"
        self.started: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue: asyncio.Queue[bytes | None] = asyncio.Queue()

    def begin(self, content_type: str) -> None:
        self.content_type = content_type
        if not self.started.done():
            self.started.set_result(None)

    def write(self, chunk: bytes) -> None:
        if chunk:
            self._queue.put_nowait(chunk)

    def end(self) -> None:
        self._queue.put_nowait(None)

    async def chunks(self) -> AsyncIterator[bytes]:
        """The chunks as they arrive, until the invocation ends."""
        while (chunk := await self._queue.get()) is not None:
            yield chunk


#: The stream the invocation run by the current task writes to, if its caller wants one.
current_response_stream: ContextVar[ResponseStream | None] = ContextVar("current_response_stream", default=None)


async def run_streaming(invocation: Coroutine[Any, Any, T]) -> tuple[ResponseStream | None, asyncio.Task[T]]:
    """Start ``invocation``; return once its function streams (with the stream) or once it ended (None).

    The invocation runs on in its own task: a caller that goes away does not
    cut a function off mid-stream, as on AWS.
    """
    stream = ResponseStream()
    token = current_response_stream.set(stream)
    try:
        task = asyncio.ensure_future(invocation)  # the task copies the context, stream included
    finally:
        current_response_stream.reset(token)
    task.add_done_callback(partial(_ended, stream))
    await asyncio.wait((task, stream.started), return_when=asyncio.FIRST_COMPLETED)
    return (stream if stream.started.done() else None), task


def _ended(stream: ResponseStream, task: asyncio.Task[Any]) -> None:
    stream.end()
    if not task.cancelled():
        task.exception()  # retrieved here: a caller gone mid-stream never awaits it
