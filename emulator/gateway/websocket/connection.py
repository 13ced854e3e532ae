"""One open WebSocket connection and the registry of all of them."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from ...aws.http import Send


@dataclass(slots=True, eq=False)
class Connection:
    """What API Gateway knows about a connection: who, where, since when, and its socket."""

    connection_id: str
    api_id: str
    stage: str
    region: str
    domain_name: str
    source_ip: str
    user_agent: str
    #: Epoch milliseconds.
    connected_at: int
    send: Send
    last_active_at: int = 0
    #: ``requestContext.authorizer`` of every event, from the $connect authorizer.
    authorizer: dict[str, Any] | None = None
    #: The signer of an AWS_IAM-authorized $connect (``requestContext.identity`` fields).
    iam: dict[str, Any] | None = None
    #: Set when the server closes the connection: the code and reason $disconnect reports.
    closed_by_server: tuple[int, str] | None = None
    #: Reset drops connections without running their $disconnect route.
    silent: bool = False
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)

    def touch(self) -> None:
        self.last_active_at = now_ms()

    async def close(self, code: int, reason: str) -> None:
        """Close from the server's side; the session then runs $disconnect."""
        if self.closed_by_server is not None:
            return
        self.closed_by_server = (code, reason)
        try:
            await self.send({"type": "websocket.close", "code": code, "reason": reason})
        except (OSError, RuntimeError):
            pass  # the client is already gone; the session notices on its own

    async def post(self, data: bytes) -> None:
        """A text frame when the data is UTF-8 text, else a binary frame."""
        try:
            message: dict[str, Any] = {"type": "websocket.send", "text": data.decode()}
        except UnicodeDecodeError:
            message = {"type": "websocket.send", "bytes": data}
        await self.send(message)
        self.touch()


def now_ms() -> int:
    return int(time.time() * 1000)


class ConnectionRegistry:
    """Open connections by id (ids are unique across APIs, so the management API needs no API id)."""

    def __init__(self) -> None:
        self.connections: dict[str, Connection] = {}

    def add(self, connection: Connection) -> None:
        self.connections[connection.connection_id] = connection

    def remove(self, connection: Connection) -> None:
        if self.connections.get(connection.connection_id) is connection:
            del self.connections[connection.connection_id]

    def get(self, connection_id: str) -> Connection | None:
        return self.connections.get(connection_id)

    def clear(self) -> None:
        self.connections.clear()

    def __len__(self) -> int:
        return len(self.connections)

    def all(self) -> list[Connection]:
        return list(self.connections.values())
