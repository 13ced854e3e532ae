"""Request templates, passthrough behaviours and request overrides of non-proxy integrations,
replayed through a real server as the developer guide documents them
(awsdocs/amazon-api-gateway-developer-guide doc_source/<page>.md) and as LocalStack's AWS-validated
recordings show them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from loopback_http import QuietHandler, serving
from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess


# LocalStack's AWS-validated snapshot test_apigateway_basic.py::TestIntegrations::test_mock_integration_response
# (validated 2024-05-30 for each behaviour, GET and POST).
@pytest.mark.parametrize("behaviour", ["WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"])
def test_mock_answers_its_response_template(server: EmulatorProcess, behaviour: str) -> None:
    builder = RestApiBuilder(server)
    for verb in ("GET", "POST"):
        resource_id = builder.method(
            "/{id}",
            verb,
            {
                "type": "MOCK",
                "integrationHttpMethod": verb,
                "passthroughBehavior": behaviour,
                "requestTemplates": {"application/json": '{"statusCode":200}'},
            },
        )
        where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": verb}
        builder.client.put_method_response(**where, statusCode="200", responseModels={"application/json": "Empty"})
        builder.client.put_integration_response(
            **where,
            statusCode="200",
            responseTemplates={"application/json": '{"statusCode": 200, "id": $input.params().path.id}'},
        )
    builder.deploy("local")
    for verb in ("GET", "POST"):
        answer = call(server, builder.api_id, verb, "/local/42", headers={"Content-Type": "application/json"})
        assert (answer.status_code, answer.text) == (200, '{"statusCode": 200, "id": 42}')


def passthrough_api(server: EmulatorProcess, behaviour: str, template_type: str) -> str:
    """A MOCK whose one request template answers 201; a body passed through as it is answers 200."""
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/pass",
        "POST",
        {
            "type": "MOCK",
            "passthroughBehavior": behaviour,
            "requestTemplates": {template_type: '{"statusCode": 201}'},
        },
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "POST"}
    for status, pattern in (("200", None), ("201", "201")):
        builder.client.put_method_response(**where, statusCode=status)
        options = {"selectionPattern": pattern} if pattern else {}
        builder.client.put_integration_response(
            **where, statusCode=status, responseTemplates={"application/json": f'{{"status": {status}}}'}, **options
        )
    builder.deploy("dev")
    return builder.api_id


TRANSFORMED, PASSED, REFUSED = 201, 200, 415
#: integration-passthrough-behaviors.md, Examples 1 and 2: the request's content type (None: no
#: Content-Type header, read as application/json) -> what each behaviour does.
PASSTHROUGH_TABLE = {
    "application/json": {
        None: {"WHEN_NO_MATCH": TRANSFORMED, "WHEN_NO_TEMPLATES": TRANSFORMED, "NEVER": TRANSFORMED},
        "application/json": {"WHEN_NO_MATCH": TRANSFORMED, "WHEN_NO_TEMPLATES": TRANSFORMED, "NEVER": TRANSFORMED},
        "application/xml": {"WHEN_NO_MATCH": PASSED, "WHEN_NO_TEMPLATES": REFUSED, "NEVER": REFUSED},
    },
    "application/xml": {
        None: {"WHEN_NO_MATCH": PASSED, "WHEN_NO_TEMPLATES": REFUSED, "NEVER": REFUSED},
        "application/json": {"WHEN_NO_MATCH": PASSED, "WHEN_NO_TEMPLATES": REFUSED, "NEVER": REFUSED},
        "application/xml": {"WHEN_NO_MATCH": TRANSFORMED, "WHEN_NO_TEMPLATES": TRANSFORMED, "NEVER": TRANSFORMED},
    },
}


@pytest.mark.parametrize("template_type", list(PASSTHROUGH_TABLE))
@pytest.mark.parametrize("behaviour", ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"])
def test_passthrough_behaviours_follow_the_guide(server: EmulatorProcess, behaviour: str, template_type: str) -> None:
    api_id = passthrough_api(server, behaviour, template_type)
    for content_type, outcomes in PASSTHROUGH_TABLE[template_type].items():
        headers = {"Content-Type": content_type} if content_type else {}
        answer = call(server, api_id, "POST", "/dev/pass", content=b'{"statusCode": 200}', headers=headers)
        expected = outcomes[behaviour]
        assert answer.status_code == expected, (content_type, behaviour)
        if expected == REFUSED:
            assert answer.json() == {"message": "Unsupported Media Type"}
            assert answer.headers["x-amzn-errortype"] == "UnsupportedMediaTypeException"
        else:
            assert answer.json() == {"status": expected}


class _Echo(QuietHandler):
    """Answers what it received: method, path, headers and body."""

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        document = {
            "path": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": self.rfile.read(length).decode() if length else "",
        }
        payload = json.dumps(document).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer



@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    with serving(_Echo) as url:
        yield url


def http_api(server: EmulatorProcess, backend: str, template: str, **integration: Any) -> RestApiBuilder:
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/pets/{petId}",
        "GET",
        {
            "type": "HTTP",
            "integrationHttpMethod": "GET",
            "uri": f"{backend}/pets/{{petId}}",
            "requestTemplates": {"application/json": template},
            **integration,
        },
        requestParameters={
            "method.request.path.petId": True,
            "method.request.header.header1": False,
            "method.request.header.header2": False,
        },
    )
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(**where, statusCode="200")
    builder.deploy("dev")
    return builder


# apigateway-override-request-response-parameters.md, "Tutorial: Override an API's Request
# Parameters and Headers": the endpoint gets header3=header1Valheader2Val and header1=foo.
def test_request_override_replaces_and_adds_headers(server: EmulatorProcess, backend: str) -> None:
    template = """#set($header1Override = "foo")
#set($header3Value = "$input.params('header1')$input.params('header2')")
$input.json("$")
#set($context.requestOverride.header.header3 = $header3Value)
#set($context.requestOverride.header.header1 = $header1Override)"""
    builder = http_api(
        server,
        backend,
        template,
        requestParameters={
            "integration.request.path.petId": "method.request.path.petId",
            "integration.request.header.header1": "method.request.header.header1",
            "integration.request.header.header2": "method.request.header.header2",
        },
    )
    answer = call(
        server, builder.api_id, "GET", "/dev/pets/1", headers={"header1": "header1Val", "header2": "header2Val"}
    )
    assert answer.status_code == 200
    received = answer.json()
    assert received["path"] == "/pets/1"
    assert {name: received["headers"].get(name) for name in ("header1", "header2", "header3")} == {
        "header1": "foo",
        "header2": "header2Val",
        "header3": "header1Valheader2Val",
    }


# api-gateway-mapping-template-reference.md: $context.requestOverride.path and .querystring stand in
# for the integration request's URL path and query string parameters.
def test_request_override_sets_the_path_and_query_string(server: EmulatorProcess, backend: str) -> None:
    template = """#set($context.requestOverride.path.petId = "override-$input.params('petId')")
#set($context.requestOverride.querystring.limit = "10")"""
    builder = http_api(
        server, backend, template, requestParameters={"integration.request.path.petId": "method.request.path.petId"}
    )
    answer = call(server, builder.api_id, "GET", "/dev/pets/7")
    assert answer.json()["path"] == "/pets/override-7?limit=10"


# LocalStack's AWS-validated finding (localstack#12413): an empty body reads as {} in $input.body.
def test_empty_body_reaches_the_backend_as_an_empty_object(server: EmulatorProcess, backend: str) -> None:
    builder = http_api(
        server, backend, "$input.body", requestParameters={"integration.request.path.petId": "method.request.path.petId"}
    )
    answer = call(server, builder.api_id, "GET", "/dev/pets/1")
    assert answer.json()["body"] == "{}"


def test_a_mock_echoes_the_body_through_a_request_override(server: EmulatorProcess) -> None:
    """The known MOCK echo (functionless#23, after a StackOverflow answer): the request template
    stashes the body in $context.requestOverride.path, the response template prints it."""
    builder = RestApiBuilder(server)
    request = '#set($context.requestOverride.path.body = $input.body)\n{"statusCode": 200}'
    resource_id = builder.method("/echo", "POST", {"type": "MOCK", "requestTemplates": {"application/json": request}})
    where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "POST"}
    builder.client.put_method_response(**where, statusCode="200")
    builder.client.put_integration_response(
        **where, statusCode="200", responseTemplates={"application/json": "$context.requestOverride.path.body"}
    )
    builder.deploy("dev")
    answer = call(server, builder.api_id, "POST", "/dev/echo", json={"hello": ["world"]})
    assert (answer.status_code, answer.json()) == (200, {"hello": ["world"]})
