"""Parameter mappings and template selection of non-proxy integrations, replayed through a real
server as the developer guide documents them (awsdocs/amazon-api-gateway-developer-guide
doc_source/request-response-data-mappings.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from loopback_http import QuietHandler, serving
from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess


class _Echo(QuietHandler):
    """Answers ``{path, headers, redirect: {url}}`` with an ``x-app-id`` header."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        document = {
            "path": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "redirect": {"url": "https://example.com/next"},
            "count": 3,
        }
        payload = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("x-app-id", "app-7")
        self.send_header("x-multi", "a")
        self.send_header("x-multi", "b")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)



@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    with serving(_Echo) as url:
        yield url


def test_request_parameters_from_the_body(server: EmulatorProcess, backend: str) -> None:
    """"Example mapping from method request body": the body to a header, a JSON field to the path."""
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/pets",
        "POST",
        {
            "type": "HTTP",
            "integrationHttpMethod": "POST",
            "uri": f"{backend}/pets/{{pet-name}}",
            "requestParameters": {
                "integration.request.header.body-header": "method.request.body",
                "integration.request.path.pet-name": "method.request.body.petstore.pets[0].name",
                "integration.request.querystring.count": "method.request.body.petstore.count",
            },
        },
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "POST"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(**where, statusCode="200")
    builder.deploy("dev")
    body = '{"petstore": {"pets": [{"name": "rex"}], "count": 1}}'
    answer = call(server, builder.api_id, "POST", "/dev/pets", content=body.encode())
    received = answer.json()
    assert received["path"] == "/pets/rex?count=1"
    assert received["headers"]["body-header"] == body


def test_response_headers_from_the_body_a_header_a_stage_variable_and_the_context(
    server: EmulatorProcess, backend: str
) -> None:
    """"Example data mapping from integration response": redirect.url to location, x-app-id to id;
    stage and context variables and a multi-value header as the mapping sources table
    (rest-api-parameter-mapping-sources) lists them."""
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/go", "POST", {"type": "HTTP", "integrationHttpMethod": "POST", "uri": f"{backend}/go"}
    )
    mappings = {
        "method.response.header.location": "integration.response.body.redirect.url",
        "method.response.header.id": "integration.response.header.x-app-id",
        "method.response.header.count": "integration.response.body.count",
        "method.response.header.redirect": "integration.response.body.redirect",
        "method.response.header.color": "stageVariables.color",
        "method.response.header.stage": "context.stage",
        "method.response.header.multi": "integration.response.multivalueheader.x-multi",
    }
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "POST"}
    builder.client.put_method_response(
        **where, statusCode="200", responseParameters={name: False for name in mappings}
    )
    builder.client.put_integration_response(**where, statusCode="200", responseParameters=mappings)
    builder.deploy("dev", variables={"color": "red"})
    answer = call(server, builder.api_id, "POST", "/dev/go")
    names = ("location", "id", "count", "redirect", "color", "stage", "multi")
    assert {name: answer.headers.get(name) for name in names} == {
        "location": "https://example.com/next",
        "id": "app-7",
        "count": "3",
        "redirect": '{"url":"https://example.com/next"}',
        "color": "red",
        "stage": "dev",
        "multi": "a,b",
    }


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "json"),  # no Accept: application/json's template
        ("application/json", "json"),
        ("application/xml; q=0.9", "xml"),  # only the MIME type counts
        ("text/html", "xml"),  # no match: the first template
    ],
)
def test_response_template_follows_accept(server: EmulatorProcess, accept: str | None, chosen: str) -> None:
    """"Select a VTL Mapping Template": by Accept, application/json without one, else the first."""
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/t", "GET", {"type": "MOCK", "requestTemplates": {"application/json": '{"statusCode": 200}'}}
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(
        **where,
        statusCode="200",
        responseTemplates={"application/xml": "<chosen>xml</chosen>", "application/json": '{"chosen": "json"}'},
    )
    builder.deploy("dev")
    headers = {"Accept": accept} if accept else {}
    if accept is None:
        headers["Accept"] = ""  # httpx sends */* unless told otherwise
    answer = call(server, builder.api_id, "GET", "/dev/t", headers=headers)
    expected_type = "application/xml" if chosen == "xml" else "application/json"
    assert answer.headers["content-type"] == expected_type
    assert chosen in answer.text


CONTEXT_TEMPLATE = """{
    "stage" : "$context.stage",
    "request_id" : "$context.requestId",
    "api_id" : "$context.apiId",
    "resource_path" : "$context.resourcePath",
    "resource_id" : "$context.resourceId",
    "http_method" : "$context.httpMethod",
    "source_ip" : "$context.identity.sourceIp",
    "user-agent" : "$context.identity.userAgent",
    "account_id" : "$context.identity.accountId",
    "api_key" : "$context.identity.apiKey",
    "caller" : "$context.identity.caller",
    "user" : "$context.identity.user",
    "user_arn" : "$context.identity.userArn"
}"""


def test_context_variables_of_a_method_requiring_an_api_key(server: EmulatorProcess) -> None:
    """api-gateway-mapping-variable-examples.md, Example 1 (the method requires an API key; the
    caller is not signed, so the IAM identity members are empty)."""
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/pets",
        "GET",
        {"type": "MOCK", "requestTemplates": {"application/json": '{"statusCode": 200}'}},
        apiKeyRequired=True,
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(
        **where, statusCode="200", responseTemplates={"application/json": CONTEXT_TEMPLATE}
    )
    builder.deploy("prod")
    key = builder.client.create_api_key(name="MyTestKey", enabled=True)
    plan = builder.client.create_usage_plan(name="plan", apiStages=[{"apiId": builder.api_id, "stage": "prod"}])
    builder.client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    answer = call(
        server, builder.api_id, "GET", "/prod/pets", headers={"x-api-key": key["value"], "User-Agent": "curl/7.84.0"}
    )
    document = answer.json()
    assert answer.headers["x-amzn-requestid"] == document.pop("request_id")
    assert document == {
        "stage": "prod",
        "api_id": builder.api_id,
        "resource_path": "/pets",
        "resource_id": resource_id,
        "http_method": "GET",
        "source_ip": "127.0.0.1",
        "user-agent": "curl/7.84.0",
        "account_id": "",
        "api_key": key["value"],
        "caller": "",
        "user": "",
        "user_arn": "",
    }


def test_an_integration_response_needs_its_method_response(server: EmulatorProcess) -> None:
    """handle-errors-in-lambda-integration.md: without the method response of an integration
    response's status, API Gateway "throws an invalid configuration error response at runtime"
    (a 500); a template's status override needs none (test_vtl_docs_lambda's 202)."""
    builder = RestApiBuilder(server)
    template = '#if($input.params("fail") == "yes"){"statusCode": 400}#else{"statusCode": 200}#end'
    resource_id = builder.method("/m", "GET", {"type": "MOCK", "requestTemplates": {"application/json": template}})
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(**where, statusCode="200", responseTemplates={"application/json": "{}"})
    builder.client.put_integration_response(
        **where, statusCode="400", selectionPattern="400", responseTemplates={"application/json": "{}"}
    )
    builder.deploy("dev")
    assert call(server, builder.api_id, "GET", "/dev/m").status_code == 200
    failed = call(server, builder.api_id, "GET", "/dev/m?fail=yes")
    assert (failed.status_code, failed.json()) == (500, {"message": "Internal server error"})
    # TestInvokeMethod logs the configuration error.
    result = builder.client.test_invoke_method(
        restApiId=builder.api_id, resourceId=resource_id, httpMethod="GET", pathWithQueryString="/m?fail=yes"
    )
    assert result["status"] == 500
    assert "Output mapping refers to an invalid method response: 400" in result["log"]
