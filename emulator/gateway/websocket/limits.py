"""API Gateway's WebSocket quotas and the close codes it uses."""

from __future__ import annotations

#: A frame over 32 KB closes the connection (1009); checked per frame in the
#: server's protocol (``frames.py``), since the app only sees whole messages.
MAX_FRAME_BYTES = 32 * 1024
#: PostToConnection's Data and a client message are at most 128 KB.
MAX_MESSAGE_BYTES = 128 * 1024

MESSAGE_TOO_BIG = (1009, "Message too big")
#: Idle timeout, maximum connection duration and shutdown: the server is going away.
GOING_AWAY = (1001, "Going away")
#: DeleteConnection closes normally; AWS's $disconnect event names the reason so.
DELETED = (1000, "Connection Closed Normally")
#: A client close frame without a status code.
NO_STATUS_REASON = "Client-side close frame status not set"
