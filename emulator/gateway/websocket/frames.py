"""API Gateway's WebSocket frame limit, enforced where frames are still visible.

AWS closes a connection with 1009 when one frame is over 32 KB, while a message
of up to 128 KB may arrive in several frames. An ASGI app only sees whole
messages, so the check lives in the server's WebSocket protocol: this subclass
of uvicorn's protocol looks at each data frame before uvicorn joins them. The
128 KB message limit is the protocol's ``max_size`` (see ``cli.py``). It also
counts a handshake refused with an HTTP response as over, so no error is logged.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame

from .limits import MAX_FRAME_BYTES, MESSAGE_TOO_BIG


class FrameLimitedProtocol(WebSocketsSansIOProtocol):
    def handle_text(self, event: Frame) -> None:
        if not self._refused(event):
            super().handle_text(event)

    def handle_bytes(self, event: Frame) -> None:
        if not self._refused(event):
            super().handle_bytes(event)

    def handle_cont(self, event: Frame) -> None:
        if not self._refused(event):
            super().handle_cont(event)

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.http.response.body" and not message.get("more_body", False):
            # A refused handshake is over, as uvicorn counts one closed before it was accepted;
            # otherwise it logs an error ("returned without completing handshake") for each refusal.
            self.handshake_complete = True

    def _refused(self, event: Frame) -> bool:
        if self.close_sent or len(event.data) <= MAX_FRAME_BYTES:
            return self.close_sent
        # Close with 1009 and tell the app, as uvicorn does for a protocol error.
        self.conn.send_close(*MESSAGE_TOO_BIG)
        self.handle_parser_exception()
        return True
