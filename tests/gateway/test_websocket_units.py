"""Pure units of the WebSocket data plane: route selection and header spelling."""

from __future__ import annotations

import pytest

from emulator.gateway.websocket.expressions import evaluate, matches_key
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
        ("${request.body.version}-beta", '{"version": "v2"}', "v2-beta"),
        ("${request.body.service}.${request.body.action}", '{"service": "chat", "action": "join"}', "chat.join"),
        ("${request.body.service}.${request.body.action}", '{"service": "chat"}', "$default"),
        ("$request.body.flag", '{"flag": true}', "true"),
        ("$request.body.n", '{"n": 1.5}', "1.5"),
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


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("\\$default", "$default"),
        ("${integration.response.statuscode}", "404"),
        ("$integration.response.statuscode", "404"),
        ("v-${request.body.kind}", "v-"),
        ("plain", "plain"),
    ],
)
def test_selection_expressions(expression: str, expected: str) -> None:
    values = {("integration", "response", "statuscode"): "404"}
    assert evaluate(expression, lambda path: values.get(path)) == expected


@pytest.mark.parametrize(
    ("key", "value", "matched"),
    [("/2\\d\\d/", "200", True), ("/2\\d\\d/", "2000", False), ("/4\\d\\d/", "200", False), ("200", "200", True), ("/[/", "x", False)],
)
def test_integration_response_keys(key: str, value: str, matched: bool) -> None:
    assert matches_key(key, value) is matched
