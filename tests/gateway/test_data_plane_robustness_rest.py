"""REST APIs answer odd requests and odd configurations in AWS's words, never with a traceback.

Mapping templates are taken as any text when put; one that does not parse or
render fails each request that uses it with 500 ``Internal server error`` (AWS:
"Execution failed due to configuration error: Unable to transform request").
A selection pattern that is no regex never matches (the default integration
response answers); a TOKEN authorizer's validation expression that is no regex
is a misconfigured authorizer (500, ``{"message": null}``). A body over the
10 MB payload limit is refused with 413 before the integration runs.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_http_support import call

from emulator.testing import EmulatorProcess

INTERNAL = (500, {"message": "Internal server error"})


def mock_api(
    server: EmulatorProcess,
    *,
    request_template: str = '{"statusCode": 200}',
    responses: list[dict[str, Any]] | None = None,
    **method: Any,
) -> str:
    """A REST API whose root GET/POST is a MOCK integration, deployed to stage ``p``."""
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="robust")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    for verb in ("GET", "POST"):
        client.put_method(
            restApiId=api_id, resourceId=root, httpMethod=verb, authorizationType=method.get("authorizationType", "NONE"),
            **({"authorizerId": method["authorizerId"]} if "authorizerId" in method else {}),
        )  # fmt: skip
        client.put_integration(
            restApiId=api_id, resourceId=root, httpMethod=verb, type="MOCK",
            requestTemplates={"application/json": request_template},
        )  # fmt: skip
        for response in responses or [{"statusCode": "200", "responseTemplates": {"application/json": "fine"}}]:
            client.put_method_response(
                restApiId=api_id, resourceId=root, httpMethod=verb, statusCode=response["statusCode"]
            )
            client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod=verb, **response)
    client.create_deployment(restApiId=api_id, stageName="p")
    return api_id


def answer(response: httpx.Response) -> tuple[int, Any]:
    return response.status_code, response.json()


def assert_healthy(server: EmulatorProcess) -> None:
    """The server still answers (a fresh API, a plain request)."""
    api_id = mock_api(server)
    assert call(server, api_id, "GET", "/p").text == "fine"


def test_a_body_over_the_payload_limit_is_refused_before_the_integration(server: EmulatorProcess) -> None:
    api_id = mock_api(server)
    response = call(server, api_id, "POST", "/p", content=b"x" * (10 * 1024 * 1024 + 1))
    assert answer(response) == (413, {"message": "Request Too Long"})
    assert call(server, api_id, "POST", "/p", content=b"x" * (10 * 1024 * 1024)).text == "fine"


@pytest.mark.parametrize(
    "template",
    ["#if(", "#end", "$input.json(", "#foreach($x in [1, 2)", "#set($a = " + "(" * 3000 + "1" + ")" * 3000 + ")"],
    ids=["open-if", "stray-end", "open-call", "open-list", "nested-too-deeply"],
)
def test_a_request_template_that_does_not_parse_fails_the_request(server: EmulatorProcess, template: str) -> None:
    api_id = mock_api(server, request_template=template)  # the deployment takes it
    assert answer(call(server, api_id, "GET", "/p")) == INTERNAL
    assert_healthy(server)


def test_a_response_template_that_does_not_parse_fails_the_request(server: EmulatorProcess) -> None:
    api_id = mock_api(server, responses=[{"statusCode": "200", "responseTemplates": {"application/json": "#if(true"}}])
    assert answer(call(server, api_id, "GET", "/p")) == INTERNAL


def test_a_range_literal_is_a_list_of_integers(server: EmulatorProcess) -> None:
    template = "#foreach($i in [1..3])$i#end #set($f = 2.5)$f"
    api_id = mock_api(server, responses=[{"statusCode": "200", "responseTemplates": {"application/json": template}}])
    assert call(server, api_id, "GET", "/p").text == "123 2.5"


@pytest.mark.parametrize(
    "override",
    [
        '#set($context.responseOverride.status = "abc")',
        "#set($context.responseOverride.status = 999)",
        '#set($context.responseOverride.header.X-Split = "a\nx-injected: yes")',
        '#set($context.responseOverride.header = "text")',
    ],
    ids=["status-not-a-number", "status-out-of-range", "header-with-line-break", "header-not-a-map"],
)
def test_a_response_override_http_cannot_carry_fails_the_template(server: EmulatorProcess, override: str) -> None:
    responses = [{"statusCode": "200", "responseTemplates": {"application/json": override + "body"}}]
    api_id = mock_api(server, responses=responses)
    response = call(server, api_id, "GET", "/p")
    assert answer(response) == INTERNAL
    assert "x-injected" not in response.headers
    assert_healthy(server)


def test_a_response_override_in_range_applies(server: EmulatorProcess) -> None:
    template = '#set($context.responseOverride.status = 202)#set($context.responseOverride.header.X-Kind = "mock")ok'
    api_id = mock_api(server, responses=[{"statusCode": "200", "responseTemplates": {"application/json": template}}])
    response = call(server, api_id, "GET", "/p")
    assert (response.status_code, response.headers["x-kind"], response.text) == (202, "mock", "ok")


def test_a_selection_pattern_that_is_no_regex_never_matches(server: EmulatorProcess) -> None:
    responses = [
        {"statusCode": "200", "responseTemplates": {"application/json": "default"}},
        {"statusCode": "400", "selectionPattern": "([", "responseTemplates": {"application/json": "never"}},
    ]
    api_id = mock_api(server, responses=responses)  # the deployment takes it
    response = call(server, api_id, "GET", "/p")
    assert (response.status_code, response.text) == (200, "default")


def test_a_selection_pattern_that_is_no_regex_and_no_default_is_an_internal_error(server: EmulatorProcess) -> None:
    responses = [{"statusCode": "400", "selectionPattern": "([", "responseTemplates": {"application/json": "never"}}]
    api_id = mock_api(server, responses=responses)
    assert answer(call(server, api_id, "GET", "/p")) == INTERNAL


def test_a_token_authorizer_whose_validation_expression_is_no_regex_is_misconfigured(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="auth")["id"]
    function = "arn:aws:lambda:us-east-1:000000000000:function:never-called"
    authorizer = client.create_authorizer(
        restApiId=api_id, name="token", type="TOKEN", identitySource="method.request.header.Authorization",
        authorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function}/invocations",
        identityValidationExpression="([",
    )["id"]  # fmt: skip
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(
        restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="CUSTOM", authorizerId=authorizer
    )
    client.put_integration(
        restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
    )  # fmt: skip
    client.create_deployment(restApiId=api_id, stageName="p")
    response = call(server, api_id, "GET", "/p", headers={"Authorization": "token"})
    assert answer(response) == (500, {"message": None})
    assert response.headers["x-amzn-errortype"] == "AuthorizerConfigurationException"
    assert_healthy(server)


def test_a_static_response_header_http_cannot_carry_fails_the_integration(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = mock_api(server)
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method_response(
        restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="201",
        responseParameters={"method.response.header.X-Split": False},
    )  # fmt: skip
    client.put_integration_response(
        restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="201", selectionPattern="200",
        responseParameters={"method.response.header.X-Split": "'a\r\nx-injected: yes'"},
    )  # fmt: skip
    client.create_deployment(restApiId=api_id, stageName="p")
    response = call(server, api_id, "GET", "/p")
    assert answer(response) == INTERNAL
    assert "x-injected" not in response.headers


def test_a_gateway_response_header_http_cannot_carry_is_left_out(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = mock_api(server)
    client.put_gateway_response(
        restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN",
        responseParameters={"gatewayresponse.header.X-Split": "'a\r\nx-injected: yes'", "gatewayresponse.header.X-Kept": "'kept'"},
    )  # fmt: skip
    client.create_deployment(restApiId=api_id, stageName="p")
    response = call(server, api_id, "GET", "/p/missing")
    assert answer(response) == (403, {"message": "Missing Authentication Token"})
    assert (response.headers["x-kept"], "x-split" in response.headers, "x-injected" in response.headers) == (
        "kept", False, False,
    )  # fmt: skip
