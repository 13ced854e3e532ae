"""Stage throttling of WebSocket routes: the route's settings, else the stage's defaults.

A stage whose limits are 0 refuses everything (AWS answers a handshake 429 then,
as clients of stages created with zeroed limits report); the token buckets are
the HTTP APIs' own.
"""

from __future__ import annotations

from typing import Any

from ..http.throttle import Throttles


class RouteThrottles:
    def __init__(self) -> None:
        self.throttles = Throttles()

    def allow(self, model: Any, stage_name: str, route_key: str) -> bool:
        stage = model.stages.get(stage_name) or {}
        settings = (stage.get("RouteSettings") or {}).get(route_key) or stage.get("DefaultRouteSettings") or {}
        rate = settings.get("ThrottlingRateLimit")
        burst = settings.get("ThrottlingBurstLimit")
        if rate is None and burst is None:
            return True
        return self.throttles.allow((model.api_id, stage_name, route_key), rate, burst)

    def clear(self) -> None:
        self.throttles.clear()
