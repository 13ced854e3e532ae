"""Header mappings AWS renames or refuses, replayed from LocalStack's AWS-validated snapshot
tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json::TestApiGatewayHeaderRemapping
(recorded July 2024), and overrides shared by a call's request and response templates."""

from __future__ import annotations

import json

import pytest
from loopback_http import QuietHandler, serving
from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

#: Method response headers the recording shows renamed ``x-amzn-Remapped-<name>``, and some it passes.
REMAPPED = [
    "Authorization",
    "Connection",
    "Content-Length",
    "Content-MD5",
    "Date",
    "Expect",
    "Host",
    "Max-Forwards",
    "Proxy-Authenticate",
    "Server",
    "Trailer",
    "Upgrade",
    "User-Agent",
    "WWW-Authenticate",
]
PASSED = ["Accept", "Age", "Content-Encoding", "Pragma", "Range", "Referer", "Warn"]


def mock_api(server: EmulatorProcess, response_parameters: dict[str, str], **integration: str) -> RestApiBuilder:
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/h", "GET", {"type": "MOCK", "requestTemplates": {"application/json": '{"statusCode": 200}'}, **integration}
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    declared = {name: False for name in response_parameters}
    builder.client.put_method_response(**where, statusCode="200", responseParameters=declared)
    builder.client.put_integration_response(
        **where, statusCode="200", responseParameters=response_parameters, responseTemplates={"application/json": "{}"}
    )
    builder.deploy("dev")
    return builder


def test_method_response_headers_of_the_gateway_are_remapped(server: EmulatorProcess) -> None:
    mappings = {f"method.response.header.{name}": f"'response_param_{name}'" for name in REMAPPED + PASSED}
    builder = mock_api(server, mappings)
    answer = call(server, builder.api_id, "GET", "/dev/h")
    assert answer.status_code == 200
    for name in REMAPPED:
        assert answer.headers[f"x-amzn-remapped-{name}"] == f"response_param_{name}"
    for name in PASSED:
        assert answer.headers[name] == f"response_param_{name}"
    assert answer.headers["content-length"] == str(len(answer.content))


@pytest.mark.parametrize("header", ["Content-Length", "Transfer-Encoding"])
def test_a_mapped_framing_header_fails_an_http_integration(server: EmulatorProcess, header: str) -> None:
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/h",
        "GET",
        {
            "type": "HTTP_PROXY",
            "integrationHttpMethod": "GET",
            "uri": "http://127.0.0.1:9/never",
            "requestParameters": {f"integration.request.header.{header}": "'1'"},
        },
    )
    assert resource_id
    builder.deploy("dev")
    answer = call(server, builder.api_id, "GET", "/dev/h")
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"})
    assert answer.headers["x-amzn-errortype"] == "InternalServerErrorException"


#: A proxy answer, which a non-proxy integration passes on as its JSON body.
ANSWER = 'def handler(event, context):\n    return {"statusCode": 200, "body": "{}"}\n'


@pytest.mark.parametrize("integration_type", ["AWS", "AWS_PROXY"])
def test_headers_a_lambda_call_owns_cannot_be_mapped(server: EmulatorProcess, integration_type: str) -> None:
    function_arn = create_function(server, "answer", ANSWER)
    builder = RestApiBuilder(server)
    reserved = ["Content-Length", "Transfer-Encoding", "Authorization", "Connection", "Expect", "Proxy-Authenticate", "TE"]
    for name in [*reserved, "Accept"]:
        resource_id = builder.method(
            f"/{name.lower()}",
            "POST",
            {
                "type": integration_type,
                "integrationHttpMethod": "POST",
                "uri": lambda_uri(function_arn),
                "requestParameters": {f"integration.request.header.{name}": "'value'"},
            },
        )
        where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "POST"}
        builder.client.put_method_response(**where, statusCode="200")
        builder.client.put_integration_response(**where, statusCode="200")
    builder.deploy("dev")
    for name in reserved:
        answer = call(server, builder.api_id, "POST", f"/dev/{name.lower()}", json={})
        assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"}), name
    # Another header maps as usual.
    assert call(server, builder.api_id, "POST", "/dev/accept", json={}).status_code == 200


def test_the_response_template_sees_the_request_templates_overrides(server: EmulatorProcess) -> None:
    """After LocalStack's AWS-validated test_integration_mock_with_request_overrides_in_response_template
    (recorded 2024-11: "path was path one", "path was path two", "this is the else clause"): what the
    request template sets in $context.requestOverride, the response template reads."""
    builder = RestApiBuilder(server)
    request = '#set($context.requestOverride.path.chosen = $input.params("path"))\n{"statusCode": 200}'
    response = """#set($chosen = $context.requestOverride.path.chosen)
#if($chosen == "path1"){"response": "path was path one"}#elseif($chosen == "path2"){"response": "path was path two"}#else{"response": "this is the else clause"}#end"""
    resource_id = builder.method(
        "/{path}",
        "GET",
        {"type": "MOCK", "requestTemplates": {"application/json": request}},
        requestParameters={"method.request.path.path": True},
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(**where, statusCode="200", responseTemplates={"application/json": response})
    builder.deploy("dev")
    for path, said in (("path1", "path was path one"), ("path2", "path was path two"), ("other", "this is the else clause")):
        assert call(server, builder.api_id, "GET", f"/dev/{path}").json() == {"response": said}


def test_an_http_backend_gets_the_gateways_headers_and_no_content_type_without_a_body(
    server: EmulatorProcess,
) -> None:
    """The recording's no-param-integration: Accept application/json, AmazonAPIGateway_<api id> as
    User-Agent, the API's id and a trace id; the client's Content-Type is not passed on."""

    class Echo(QuietHandler):
        def do_GET(self) -> None:
            payload = json.dumps({name.lower(): value for name, value in self.headers.items()}).encode()
            self.send_response(200)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)


    with serving(Echo) as url:
        builder = RestApiBuilder(server)
        resource_id = builder.method(
            "/h",
            "GET",
            {"type": "HTTP", "integrationHttpMethod": "GET", "uri": f"{url}/"},
        )
        where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
        builder.client.put_method_response(**where, statusCode="200")
        builder.client.put_integration_response(**where, statusCode="200")
        builder.deploy("dev")
        received = call(
            server, builder.api_id, "GET", "/dev/h", headers={"Content-Type": "application/json", "X-Mine": "1"}
        ).json()
    assert "content-type" not in received and "x-mine" not in received
    assert received["accept"] == "application/json"
    assert received["user-agent"] == f"AmazonAPIGateway_{builder.api_id}"
    assert received["x-amzn-apigateway-api-id"] == builder.api_id
    assert received["x-amzn-trace-id"].startswith("Root=")
