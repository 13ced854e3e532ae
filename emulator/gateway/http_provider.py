"""API Gateway: ApiGatewayV2Provider."""

from __future__ import annotations

from typing import Any

from ..config import Settings


class ApiGatewayV2Provider:
    def __init__(self, settings: Settings, **services: Any) -> None:
        self.settings = settings
        self.services = services
