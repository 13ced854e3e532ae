"""Pure units of the WebSocket data plane: route selection and header spelling."""

from __future__ import annotations

import pytest

from emulator.gateway.websocket.handshake import canonical
from emulator.gateway.websocket.selection import RouteSelector


@pytest.mark.parametrize(
    ("expression", "body", "route"),
    [
        ("$request.body.action", '{"action": "send"}', "send"),
        ("${request.body.action}", '{"action": "send"}', "send"),
        ("$request.body.action", '{"other": "send"}', "$default"),
        ("$request.body.action", "plain text", "$default"),
        ("$request.body.action", "[1, 2]", "$default"),
        ("$request.body.action", '{"action": {"nested": 1}}', "$default"),
        ("$request.body.action", '{"action": 7}', "7"),
        ("$request.body.a.b", '{"a": {"b": "deep"}}', "deep"),
        ("$request.body.a.b", '{"a": "b"}', "$default"),
        ("$request.body.action", None, "$default"),
    ],
)
def test_route_selection(expression: str, body: str | None, route: str) -> None:
    assert RouteSelector(expression).select(body) == route


@pytest.mark.parametrize(
    ("name", "spelled"),
    [("sec-websocket-key", "Sec-WebSocket-Key"), ("x-amzn-trace-id", "X-Amzn-Trace-Id"), ("host", "Host")],
)
def test_header_names_spelled_as_api_gateway_does(name: str, spelled: str) -> None:
    assert canonical(name) == spelled
