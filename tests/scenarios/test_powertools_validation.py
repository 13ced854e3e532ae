"""Powertools' event handler with data validation (``enable_validation=True``, pydantic) and its
OpenAPI routes, in a function that ships Powertools and pydantic, called over HTTP through each
front: a REST API (APIGatewayRestResolver), an HTTP API with a named stage (APIGatewayHttpResolver),
an HTTP API with payload 1.0 (APIGatewayRestResolver) and a function URL (LambdaFunctionUrlResolver).

What Powertools validates comes from the event each front builds: path parameters, query strings
(repeated values as REST's multiValueQueryStringParameters or payload 2.0's comma-joined ones),
headers, the JSON body; its OpenAPI servers come from the stage in the event's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from frameworks import function_url, http_api, rest_api
from powertools_apps import create_powertools_function

from emulator.testing import EmulatorProcess

TODOS = """
import os
from typing import Annotated, Optional
from pydantic import BaseModel, Field
from aws_lambda_powertools.event_handler import (
    APIGatewayHttpResolver, APIGatewayRestResolver, CORSConfig, LambdaFunctionUrlResolver, Response,
)
from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

class Todo(BaseModel):
    title: str = Field(min_length=1)
    done: bool = False
    tags: list[str] = []

class Stored(BaseModel):
    id: int
    todo: Todo

resolvers = {"rest": APIGatewayRestResolver, "http": APIGatewayHttpResolver, "url": LambdaFunctionUrlResolver}
app = resolvers[os.environ["RESOLVER"]](
    enable_validation=True, cors=CORSConfig(allow_origin="https://shop.example", max_age=300)
)
app.enable_swagger(path="/swagger", title="Todos", version="1.2.0")

@app.get("/todos/<todo_id>")
def get_todo(
    todo_id: Annotated[int, Path(ge=1)],
    x_tenant: Annotated[str, Header()],
    verbose: Annotated[bool, Query()] = False,
    tags: Annotated[Optional[list[str]], Query()] = None,
) -> dict:
    return {"id": todo_id, "tenant": x_tenant, "verbose": verbose, "tags": tags}

@app.post("/todos")
def create_todo(todo: Todo) -> Stored:
    return Stored(id=1, todo=todo)

@app.get("/report", compress=True)
def report():
    return Response(200, "text/plain", "line\\n" * 500)

@app.get("/openapi.json")
def openapi():
    return Response(200, "application/json", app.get_openapi_json_schema(title="Todos", version="1.2.0"))

def handler(event, context):
    return app.resolve(event, context)
"""


@dataclass
class Front:
    """Where a front serves the function: the Host to send and the path prefix (the stage)."""

    server: EmulatorProcess
    host: str
    prefix: str

    def call(self, method: str, path: str, **options: Any) -> httpx.Response:
        headers = {"Host": f"{self.host}:{self.server.port}", **options.pop("headers", {})}
        url = f"http://127.0.0.1:{self.server.port}{self.prefix}{path}"
        return httpx.request(method, url, headers=headers, timeout=30, **options)


FRONTS = ("rest", "http", "http-v1", "url")


@pytest.fixture(params=FRONTS)
def front(request: pytest.FixtureRequest, server: EmulatorProcess) -> Front:
    kind = request.param
    resolver = {"rest": "rest", "http": "http", "http-v1": "rest", "url": "url"}[kind]
    environment = {"Variables": {"RESOLVER": resolver}}
    arn = create_powertools_function(server.client("lambda"), "todos", TODOS, Environment=environment)["FunctionArn"]
    if kind == "rest":
        api_id = rest_api(server, arn)
        # Powertools' compressed (base64) answers reach clients as bytes only through binary media types.
        client = server.client("apigateway")
        client.update_rest_api(restApiId=api_id, patchOperations=[{"op": "add", "path": "/binaryMediaTypes/*~1*"}])
        client.create_deployment(restApiId=api_id, stageName="prod")
        return Front(server, f"{api_id}.execute-api.localhost", "/prod")
    if kind == "http":
        return Front(server, f"{http_api(server, arn, '2.0', 'prod')}.execute-api.localhost", "/prod")
    if kind == "http-v1":
        return Front(server, f"{http_api(server, arn, '1.0')}.execute-api.localhost", "")
    return Front(server, function_url(server, "todos"), "")


def test_valid_requests_reach_the_route_with_typed_values(front: Front) -> None:
    answer = front.call("GET", "/todos/7?verbose=true&tags=a&tags=b", headers={"X-Tenant": "t1"})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"id": 7, "tenant": "t1", "verbose": True, "tags": ["a", "b"]}
    answer = front.call("POST", "/todos", json={"title": "milk", "tags": ["food"]})
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"id": 1, "todo": {"title": "milk", "done": False, "tags": ["food"]}}
    assert answer.headers["content-type"] == "application/json"


def test_invalid_requests_get_powertools_422(front: Front) -> None:
    answer = front.call("GET", "/todos/0", headers={"X-Tenant": "t1"})
    assert answer.status_code == 422
    ((error,),) = [answer.json()["detail"]]
    assert (error["loc"], error["type"]) == (["path", "todo_id"], "greater_than_equal")
    answer = front.call("GET", "/todos/seven?verbose=maybe")
    assert answer.status_code == 422
    found = {(tuple(error["loc"]), error["type"]) for error in answer.json()["detail"]}
    assert found == {
        (("path", "todo_id"), "int_parsing"),
        (("query", "verbose"), "bool_parsing"),
        (("header", "x-tenant"), "missing"),
    }
    answer = front.call("POST", "/todos", json={"title": "", "done": "perhaps"})
    assert answer.status_code == 422
    found = {(tuple(error["loc"]), error["type"]) for error in answer.json()["detail"]}
    assert found == {(("body", "title"), "string_too_short"), (("body", "done"), "bool_parsing")}
    answer = front.call("POST", "/todos", content=b"{not json", headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert [error["type"] for error in answer.json()["detail"]] == ["json_invalid"]


def test_the_openapi_schema_and_swagger_ui_describe_the_routes(front: Front) -> None:
    schema = front.call("GET", "/openapi.json").json()
    assert schema["info"] == {"title": "Todos", "version": "1.2.0"}
    assert set(schema["paths"]) >= {"/todos/{todo_id}", "/todos", "/report"}
    parameters = {(p["in"], p["name"]) for p in schema["paths"]["/todos/{todo_id}"]["get"]["parameters"]}
    assert parameters == {("path", "todo_id"), ("header", "x-tenant"), ("query", "verbose"), ("query", "tags")}
    assert {"Todo", "Stored", "HTTPValidationError"} <= set(schema["components"]["schemas"])

    page = front.call("GET", "/swagger")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html"
    assert "SwaggerUIBundle" in page.text
    spec = front.call("GET", "/swagger?format=json")
    assert spec.status_code == 200
    # The server is the stage the path starts with (none for $default stages and function URLs).
    assert spec.json()["servers"] == [{"url": front.prefix or "/"}]


def test_cors_preflight_and_compressed_answers(front: Front) -> None:
    preflight = front.call(
        "OPTIONS", "/todos",
        headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "POST"},
    )  # fmt: skip
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://shop.example"
    assert preflight.headers["access-control-max-age"] == "300"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = front.call("POST", "/todos", json={"title": "milk"}, headers={"Origin": "https://shop.example"})
    assert answer.headers["access-control-allow-origin"] == "https://shop.example"

    report = front.call("GET", "/report", headers={"Accept-Encoding": "gzip"})
    assert report.status_code == 200
    assert report.headers["content-encoding"] == "gzip"
    # httpx undid the gzip: the function's base64 body reached the client as the bytes it encodes.
    assert report.text == "line\n" * 500
