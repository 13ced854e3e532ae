"""HTTP API requests that repeat, and changes between them.

The data plane works some things out once rather than per request: a route's integration facts
per deployment (which function, which payload format, whether it has an authorizer) and the
headers a function's reply carries, per set of reply headers. Here: replies that repeat reach the
client the same each time, with each request's own ids and nothing added twice; a value that
merely equals an earlier one (``1`` after ``true``) is judged on its own; and every change to the
API -- its integration, route, stage variables, route settings, CORS -- is seen by the next request.
"""

from __future__ import annotations

import json

import httpx
from test_http_support import call, create_function, route_api
from test_proxy_results import ANSWERS_AS_ASKED

from emulator.testing import EmulatorProcess

#: Answers with the name of the function that ran and the payload format of its event.
NAMES_ITSELF = """
def handler(event, context):
    return {"statusCode": 200, "body": context.function_name + " " + event.get("version", "?")}
"""


def _answers_api(server: EmulatorProcess, **api: object) -> str:
    api_id = route_api(server, {"ANY /{proxy+}": create_function(server, "answers", ANSWERS_AS_ASKED)})
    if api:
        server.client("apigatewayv2").update_api(ApiId=api_id, **api)
    return api_id


def _ask(server: EmulatorProcess, api_id: str, reply: object, **options: object) -> httpx.Response:
    return call(server, api_id, "POST", "/answer", content=json.dumps(reply), **options)  # type: ignore[arg-type]


def _integration_id(server: EmulatorProcess, api_id: str) -> str:
    return server.client("apigatewayv2").get_integrations(ApiId=api_id)["Items"][0]["IntegrationId"]


def test_the_same_reply_headers_reach_the_client_the_same_each_time(server: EmulatorProcess) -> None:
    api_id = _answers_api(server, CorsConfiguration={"AllowOrigins": ["*"]})
    answers = [
        _ask(server, api_id, {"statusCode": 201, "headers": {"x-kind": "cat"}, "body": "m" * size}, headers={"Origin": "https://a.example"})
        for size in (1, 2, 3)
    ]  # fmt: skip
    for size, answer in enumerate(answers, 1):
        assert answer.status_code == 201
        assert answer.text == "m" * size
        assert answer.headers.get_list("x-kind") == ["cat"]
        assert answer.headers.get_list("content-type") == ["text/plain; charset=utf-8"]
        assert answer.headers.get_list("content-length") == [str(size)]
        assert answer.headers.get_list("access-control-allow-origin") == ["*"]
        assert answer.headers.get_list("apigw-requestid") == [answer.headers["apigw-requestid"]]
    assert len({answer.headers["apigw-requestid"] for answer in answers}) == 3


def test_mapped_response_headers_are_added_once_per_reply(server: EmulatorProcess) -> None:
    api_id = _answers_api(server)
    server.client("apigatewayv2").update_integration(
        ApiId=api_id,
        IntegrationId=_integration_id(server, api_id),
        ResponseParameters={"200": {"append:header.x-added": "yes"}},
    )
    for _ in range(3):
        answer = _ask(server, api_id, {"statusCode": 200, "headers": {"x-kind": "dog"}, "body": "woof"})
        assert answer.headers.get_list("x-added") == ["yes"]
        assert answer.headers.get_list("x-kind") == ["dog"]


def test_a_number_header_after_an_equal_boolean_keeps_its_own_spelling(server: EmulatorProcess) -> None:
    api_id = _answers_api(server)
    assert _ask(server, api_id, {"statusCode": 200, "headers": {"x-flag": True}}).headers["x-flag"] == "true"
    assert _ask(server, api_id, {"statusCode": 200, "headers": {"x-flag": 1}}).headers["x-flag"] == "1"


def test_known_headers_with_a_body_that_is_no_string_are_malformed(server: EmulatorProcess) -> None:
    api_id = _answers_api(server)
    assert _ask(server, api_id, {"statusCode": 200, "headers": {"x-kind": "dog"}, "body": "woof"}).text == "woof"
    answer = _ask(server, api_id, {"statusCode": 200, "headers": {"x-kind": "dog"}, "body": {"not": "text"}})
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal Server Error"})


def test_known_headers_with_a_bad_cookie_are_malformed(server: EmulatorProcess) -> None:
    api_id = _answers_api(server)
    assert _ask(server, api_id, {"statusCode": 200, "headers": {"x-kind": "dog"}}).status_code == 200
    answer = _ask(server, api_id, {"statusCode": 200, "headers": {"x-kind": "dog"}, "cookies": "a=b"})
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal Server Error"})


def test_a_changed_integration_is_called_by_the_next_request(server: EmulatorProcess) -> None:
    first = create_function(server, "first", NAMES_ITSELF)
    second = create_function(server, "second", NAMES_ITSELF)
    api_id = route_api(server, {"GET /which": first})
    client = server.client("apigatewayv2")
    assert call(server, api_id, "GET", "/which").text == "first 2.0"
    client.update_integration(ApiId=api_id, IntegrationId=_integration_id(server, api_id), IntegrationUri=second)
    assert call(server, api_id, "GET", "/which").text == "second 2.0"
    client.update_integration(ApiId=api_id, IntegrationId=_integration_id(server, api_id), PayloadFormatVersion="1.0")
    assert call(server, api_id, "GET", "/which").text == "second 1.0"


def test_changed_stage_variables_choose_the_next_requests_function(server: EmulatorProcess) -> None:
    for name in ("blue", "green"):
        create_function(server, name, NAMES_ITSELF)
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="colors", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id,
        IntegrationType="AWS_PROXY",
        IntegrationUri="arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}",
        PayloadFormatVersion="2.0",
    )["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="GET /which", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"fn": "blue"})
    assert call(server, api_id, "GET", "/which").text == "blue 2.0"
    client.update_stage(ApiId=api_id, StageName="$default", StageVariables={"fn": "green"})
    assert call(server, api_id, "GET", "/which").text == "green 2.0"


def test_a_route_given_an_authorizer_refuses_the_next_request(server: EmulatorProcess) -> None:
    api_id = route_api(server, {"GET /which": create_function(server, "open", NAMES_ITSELF)})
    client = server.client("apigatewayv2")
    assert call(server, api_id, "GET", "/which").status_code == 200
    route_id = client.get_routes(ApiId=api_id)["Items"][0]["RouteId"]
    client.update_route(ApiId=api_id, RouteId=route_id, AuthorizationType="AWS_IAM")
    answer = call(server, api_id, "GET", "/which")
    assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})
    client.update_route(ApiId=api_id, RouteId=route_id, AuthorizationType="NONE")
    assert call(server, api_id, "GET", "/which").text == "open 2.0"


def test_route_throttling_set_on_a_stage_holds_back_the_next_request(server: EmulatorProcess) -> None:
    api_id = route_api(server, {"GET /which": create_function(server, "limited", NAMES_ITSELF)})
    client = server.client("apigatewayv2")
    assert call(server, api_id, "GET", "/which").status_code == 200
    client.update_stage(
        ApiId=api_id, StageName="$default", RouteSettings={"GET /which": {"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0}}
    )
    answer = call(server, api_id, "GET", "/which")
    assert (answer.status_code, answer.json()) == (429, {"message": "Too Many Requests"})


def test_cors_set_on_the_api_reaches_the_next_reply(server: EmulatorProcess) -> None:
    api_id = _answers_api(server)
    origin = {"Origin": "https://a.example"}
    reply = {"statusCode": 200, "headers": {"x-kind": "cat"}, "body": "meow"}
    assert "access-control-allow-origin" not in _ask(server, api_id, reply, headers=origin).headers
    server.client("apigatewayv2").update_api(ApiId=api_id, CorsConfiguration={"AllowOrigins": ["https://a.example"]})
    assert _ask(server, api_id, reply, headers=origin).headers["access-control-allow-origin"] == "https://a.example"
    server.client("apigatewayv2").delete_cors_configuration(ApiId=api_id)
    assert "access-control-allow-origin" not in _ask(server, api_id, reply, headers=origin).headers
