"""Routing precedence, ANY, unknown paths and stages, and the gateway's own error responses."""

from __future__ import annotations

from test_rest_support import RestApiBuilder, call

from emulator.gateway.rest.routing import RouteTable
from emulator.testing import EmulatorProcess

ROUTES = [
    ("GET", "/dev/", {"route": "root"}),
    ("GET", "/dev/items", {"route": "items"}),
    ("GET", "/dev/items/special", {"route": "literal"}),
    ("GET", "/dev/items/7", {"route": "param", "id": "7"}),
    ("DELETE", "/dev/items/7", {"route": "param-any"}),
    ("GET", "/dev/items/7/deeper", {"route": "greedy", "proxy": "items/7/deeper"}),
    ("POST", "/dev/items", {"route": "greedy", "proxy": "items"}),
    ("GET", "/dev/other", {"route": "greedy", "proxy": "other"}),
]


def test_literal_beats_param_beats_greedy_and_method_beats_any(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", '{"route": "root"}')
    builder.mock_method("/items", "GET", '{"route": "items"}')
    builder.mock_method("/items/special", "GET", '{"route": "literal"}')
    builder.mock_method("/items/{id}", "GET", '{"route": "param", "id": "$input.params(\'id\')"}')
    builder.mock_method("/items/{id}", "ANY", '{"route": "param-any"}')
    builder.mock_method("/{proxy+}", "ANY", '{"route": "greedy", "proxy": "$input.params(\'proxy\')"}')
    builder.deploy("dev")
    for method, path, expected in ROUTES:
        response = call(server, builder.api_id, method, path)
        assert (method, path, response.status_code, response.json()) == (method, path, 200, expected)


def test_unknown_path_or_method_is_missing_authentication_token(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/items", "GET", "{}")
    builder.deploy("dev")
    for method, path in (("GET", "/dev/nothing"), ("POST", "/dev/items"), ("GET", "/dev/items/1")):
        response = call(server, builder.api_id, method, path)
        assert response.status_code == 403
        assert response.json() == {"message": "Missing Authentication Token"}
        assert response.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"
        assert response.headers["x-amzn-requestid"]


def test_unknown_stage_is_forbidden(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    response = call(server, builder.api_id, "GET", "/prod/")
    assert response.status_code == 403
    assert response.json() == {"message": "Forbidden"}


def test_route_table_backtracks_to_a_param_branch() -> None:
    table: RouteTable[str] = RouteTable()
    table.add("/a/b", "GET", "literal")
    table.add("/{x}/c", "GET", "param")
    table.add("/", "GET", "root")
    assert table.match("/a/c", "GET") == ("param", {"x": "a"})
    assert table.match("/a/b", "GET") == ("literal", {})
    assert table.match("/", "GET") == ("root", {})
    assert table.match("/a/b", "POST") is None


def test_route_table_answers_repeated_paths_alike_and_forgets_on_add() -> None:
    table: RouteTable[str] = RouteTable()
    table.add("/items/{id}", "GET", "item")
    for _ in range(2):
        assert table.match("/items/1", "GET") == ("item", {"id": "1"})
        assert table.match("/items/2", "GET") == ("item", {"id": "2"})
        assert table.match("/items/1", "PUT") is None
        assert table.match("/other", "GET") is None
    table.add("/other", "GET", "other")
    assert table.match("/other", "GET") == ("other", {})
