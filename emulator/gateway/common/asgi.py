"""Writing data-plane responses straight to ASGI."""

from __future__ import annotations

from collections.abc import AsyncIterator

from ...aws.http import Send


async def send_response(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_streamed(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], chunks: AsyncIterator[bytes]
) -> None:
    """A response whose body is sent as it comes (chunked: its length is not known up front)."""
    await send({"type": "http.response.start", "status": status, "headers": headers})
    async for chunk in chunks:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b""})
