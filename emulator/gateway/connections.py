"""API Gateway: ConnectionsProvider."""

from __future__ import annotations

from typing import Any

from ..config import Settings


class ConnectionsProvider:
    def __init__(self, settings: Settings, **services: Any) -> None:
        self.settings = settings
        self.services = services
