"""API Gateway's idle timeout and maximum connection duration: one timer per connection serves both.

A timer that fires early (the connection was active since it was armed) arms itself again for the
nearer of the two deadlines; one that finds a deadline passed closes the connection going away.
"""

from __future__ import annotations

import asyncio
import time

from ...config import Settings
from .connection import Connection, ConnectionRegistry
from .limits import GOING_AWAY


class ConnectionTimeouts:
    def __init__(self, settings: Settings, registry: ConnectionRegistry) -> None:
        self.settings = settings
        self.registry = registry
        #: Closes under way (kept so that they are not collected before they finish).
        self._closing: set[asyncio.Task[None]] = set()

    def arm(self, connection: Connection) -> None:
        deadline = min(
            connection.last_active_at / 1000 + self.settings.ws_idle_timeout_s,
            connection.connected_at / 1000 + self.settings.ws_max_connection_s,
        )
        delay = max(0.0, deadline - time.time())
        connection.timer = asyncio.get_running_loop().call_later(delay, self._fire, connection)

    def _fire(self, connection: Connection) -> None:
        connection.timer = None
        if self.registry.get(connection.connection_id) is not connection:
            return
        now = time.time() + 0.001
        idle = now >= connection.last_active_at / 1000 + self.settings.ws_idle_timeout_s
        expired = now >= connection.connected_at / 1000 + self.settings.ws_max_connection_s
        if idle or expired:
            task = asyncio.ensure_future(connection.close(*GOING_AWAY))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        else:
            self.arm(connection)
