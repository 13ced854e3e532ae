"""A deployment's WebSocket routes, compiled once: route key -> integration, authorizer, replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..http.invoke import function_of, with_stage_variables

Resource = dict[str, Any]


@dataclass(slots=True, frozen=True)
class WebSocketRoute:
    key: str
    route: Resource
    #: The Lambda function an AWS_PROXY integration calls (None: no callable integration).
    function: str | None
    timeout_ms: int
    #: A two-way route: the handler's ``body`` is sent back to the caller.
    two_way: bool
    authorizer: Resource | None


def compile_routes(snapshot: Any, stage_variables: dict[str, str] | None, default_timeout_ms: int) -> dict[str, WebSocketRoute]:
    """Route key -> WebSocketRoute for what a stage's deployment serves."""
    table: dict[str, WebSocketRoute] = {}
    for route_id, route in snapshot.routes.items():
        integration = _integration(snapshot, route)
        function = None
        timeout_ms = default_timeout_ms
        if integration is not None and integration.get("IntegrationType") == "AWS_PROXY" and integration.get("IntegrationUri"):
            function = function_of(with_stage_variables(integration["IntegrationUri"], stage_variables))
            timeout_ms = integration.get("TimeoutInMillis") or default_timeout_ms
        authorizer = None
        if route.get("AuthorizationType") == "CUSTOM":
            authorizer = snapshot.authorizers.get(route.get("AuthorizerId", ""))
        two_way = bool(route.get("RouteResponseSelectionExpression")) and bool(snapshot.route_responses.get(route_id))
        table[route["RouteKey"]] = WebSocketRoute(route["RouteKey"], route, function, timeout_ms, two_way, authorizer)
    return table


def _integration(snapshot: Any, route: Resource) -> Resource | None:
    target = route.get("Target") or ""
    if not target.startswith("integrations/"):
        return None
    return snapshot.integrations.get(target[len("integrations/") :])
