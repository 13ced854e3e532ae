"""Non-proxy integrations: VTL mapping templates, MOCK, AWS (Lambda), HTTP and HTTP_PROXY."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from loopback_http import QuietHandler, serving
from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.gateway.rest.mapping import UTIL, InputVariable, escape_javascript
from emulator.gateway.rest.vtl import Template
from emulator.testing import EmulatorProcess


def render(
    source: str, body: str = "", params: dict[str, dict[str, str]] | None = None, **variables: Any
) -> str:
    params = params or {"path": {}, "querystring": {}, "header": {}}
    return Template(source).render({"input": InputVariable(body, params), "util": UTIL, **variables})


def test_vtl_input_json_path_and_params() -> None:
    body = '{"user": {"name": "Ann", "tags": ["a", "b"]}, "n": 3}'
    params = {"path": {"id": "7"}, "querystring": {"q": "x"}, "header": {"X-Token": "t"}}
    assert render("$input.json('$')", body) == json.dumps(json.loads(body), separators=(",", ":"))
    assert render("$input.json('$.user.tags')", body) == '["a","b"]'
    assert render("$input.path('$.user.name')", body) == "Ann"
    assert render("$input.path('$.user.tags').size()", body) == "2"
    assert render("$input.params('id')-$input.params('q')-$input.params('X-Token')", body, params) == "7-x-t"
    assert render("$input.params().path.id", body, params) == "7"
    assert render("$input.body", "raw text") == "raw text"


def test_vtl_directives() -> None:
    source = """#set($items = $input.path('$.items'))
[#foreach($item in $items){"n": $item.n}#if($foreach.hasNext),#end#end]
#if($input.path('$.flag') == true)yes#elseif($input.path('$.other'))other#else no#end"""
    assert render(source, '{"items": [{"n": 1}, {"n": 2}], "flag": true}') == '[{"n": 1},{"n": 2}]\nyes'
    assert render(source, '{"items": [], "flag": false}') == "[]\n no"
    assert render("## comment\n#set($a = 2 + 3)$a #* block *#$!missing.", "") == "5 ."
    assert render('#set($m = {"k": "v"})$m.k ${m.k}', "") == "v v"


def test_vtl_util_and_context_variables() -> None:
    assert escape_javascript("a'b\"c\n/") == "a\\'b\\\"c\\n\\/"
    assert render("$util.escapeJavaScript($input.body)", 'say "hi"') == 'say \\"hi\\"'
    assert (
        render("$util.base64Encode('hi') $util.base64Decode('aGk=') $util.urlEncode('a b&c')")
        == "aGk= hi a+b%26c"
    )
    assert render("$util.parseJson('{\"a\": [1]}').a[0]") == "1"
    assert (
        render(
            "$context.stage/$stageVariables.color", context={"stage": "dev"}, stageVariables={"color": "red"}
        )
        == "dev/red"
    )


class _Echo(QuietHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        document = {
            "method": self.command,
            "path": self.path,
            "body": body,
            "header": self.headers.get("x-test"),
            "mapped": self.headers.get("x-mapped"),
            "gateway": {
                name: self.headers.get(name)
                for name in ("accept", "user-agent", "x-amzn-apigateway-api-id")
                if self.headers.get(name) is not None
            },
        }
        payload = json.dumps(document).encode()
        status = 404 if self.path.startswith("/missing") else 200
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("x-backend", "echo")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _answer



@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    with serving(_Echo) as url:
        yield url


def test_http_proxy_forwards_method_path_query_headers_and_body(
    server: EmulatorProcess, backend: str
) -> None:
    builder = RestApiBuilder(server)
    resource_id = builder.method(
        "/{proxy+}",
        "ANY",
        {
            "type": "HTTP_PROXY",
            "integrationHttpMethod": "ANY",
            "uri": f"{backend}/{{proxy}}",
            "requestParameters": {
                "integration.request.path.proxy": "method.request.path.proxy",
                "integration.request.header.x-mapped": "method.request.querystring.x",
                "integration.request.querystring.stage": "context.stage",
            },
        },
        # AWS refuses a mapping from a method request parameter the method does not declare.
        requestParameters={"method.request.path.proxy": True, "method.request.querystring.x": False},
    )
    assert resource_id
    builder.deploy("dev")
    response = call(
        server, builder.api_id, "PUT", "/dev/a/b?x=1", headers={"x-test": "hello"}, content=b"payload"
    )
    assert response.status_code == 200
    assert response.headers["x-backend"] == "echo"
    document = response.json()
    # A proxy passes the client's headers on, plus the API's id.
    assert document.pop("gateway") == {
        "accept": "*/*",
        "user-agent": f"python-httpx/{httpx.__version__}",
        "x-amzn-apigateway-api-id": builder.api_id,
    }
    assert document == {
        "method": "PUT",
        "path": "/a/b?x=1&stage=dev",
        "body": "payload",
        "header": "hello",
        "mapped": "1",
    }
    # The backend's own Date and Content-Length come back remapped, as AWS recorded.
    assert response.headers["x-amzn-remapped-content-length"] == str(len(response.content))
    assert "x-amzn-remapped-date" in response.headers
    assert len(response.headers.get_list("date")) == 1
    missing = call(server, builder.api_id, "GET", "/dev/missing")
    assert missing.status_code == 404


def test_http_integration_with_templates_and_selection(server: EmulatorProcess, backend: str) -> None:
    builder = RestApiBuilder(server)
    integration = {
        "type": "HTTP",
        "integrationHttpMethod": "POST",
        "uri": f"{backend}/{{kind}}",
        "requestParameters": {"integration.request.path.kind": "method.request.path.kind"},
        "requestTemplates": {
            "application/json": '{"wrapped": $input.json(\'$\'), "kind": "$input.params(\'kind\')"}'
        },
    }
    resource_id = builder.method("/{kind}", "POST", integration, requestParameters={"method.request.path.kind": True})
    client, api_id = builder.client, builder.api_id
    for status, pattern, template in (
        (
            "200",
            None,
            '{"got": $input.json(\'$.body\'), "via": "$input.path(\'$.method\')", '
            '"gateway": $input.json(\'$.gateway\')}',
        ),
        ("404", "4\\d\\d", '{"error": "not found"}'),
    ):
        # An integration response may set only the headers its method response declares.
        client.put_method_response(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod="POST",
            statusCode=status,
            responseParameters={"method.response.header.X-Origin": False},
        )
        options: dict[str, Any] = {"responseTemplates": {"application/json": template}}
        if pattern:
            options["selectionPattern"] = pattern
        if status == "200":
            options["responseParameters"] = {
                "method.response.header.X-Origin": "integration.response.header.x-backend"
            }
        client.put_integration_response(
            restApiId=api_id, resourceId=resource_id, httpMethod="POST", statusCode=status, **options
        )
    builder.deploy("dev")
    ok = call(server, api_id, "POST", "/dev/things", json={"a": 1})
    assert ok.status_code == 200
    assert ok.headers["x-origin"] == "echo"
    document = ok.json()
    assert document["via"] == "POST"
    assert json.loads(document["got"]) == {"wrapped": {"a": 1}, "kind": "things"}
    # What AWS sends a non-proxy HTTP backend: its own Accept and User-Agent and the API's id.
    assert document["gateway"] == {
        "accept": "application/json",
        "user-agent": f"AmazonAPIGateway_{api_id}",
        "x-amzn-apigateway-api-id": api_id,
    }
    missing = call(server, api_id, "POST", "/dev/missing", json={})
    assert missing.status_code == 404
    assert missing.json() == {"error": "not found"}


ADDER = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("bad input: " + event["fail"])
    return {"sum": event["a"] + event["b"], "who": event["who"]}
"""


def test_aws_lambda_integration_with_templates_and_error_pattern(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "adder", ADDER)
    builder = RestApiBuilder(server)
    template = """#set($body = $input.path('$'))
{"a": $body.a, "b": $input.params('b'), "who": "$context.identity.sourceIp"#if($body.fail), "fail": "$body.fail"#end}"""
    resource_id = builder.method(
        "/add",
        "POST",
        {
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": lambda_uri(function_arn),
            "requestTemplates": {"application/json": template},
        },
    )
    client, api_id = builder.client, builder.api_id
    client.put_method_response(restApiId=api_id, resourceId=resource_id, httpMethod="POST", statusCode="200")
    client.put_method_response(restApiId=api_id, resourceId=resource_id, httpMethod="POST", statusCode="400")
    client.put_integration_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="POST",
        statusCode="200",
        responseTemplates={
            "application/json": '{"result": $input.path(\'$.sum\'), "caller": "$input.path(\'$.who\')"}'
        },
    )
    client.put_integration_response(
        restApiId=api_id,
        resourceId=resource_id,
        httpMethod="POST",
        statusCode="400",
        selectionPattern="bad input.*",
        responseTemplates={
            "application/json": '{"error": "$util.escapeJavaScript($input.path(\'$.errorMessage\'))"}'
        },
    )
    builder.deploy("dev")
    ok = call(server, api_id, "POST", "/dev/add?b=5", json={"a": 2})
    assert ok.status_code == 200
    assert ok.json() == {"result": 7, "caller": "127.0.0.1"}
    failed = call(server, api_id, "POST", "/dev/add?b=5", json={"a": 2, "fail": "odd"})
    assert failed.status_code == 400
    assert failed.json() == {"error": "bad input: odd"}


def test_mock_integration_selects_response_by_status(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    template = '#if($input.params(\'fail\') == "yes"){"statusCode": 500}#else{"statusCode": 200}#end'
    resource_id = builder.method(
        "/mock", "GET", {"type": "MOCK", "requestTemplates": {"application/json": template}}
    )
    client, api_id = builder.client, builder.api_id
    for status, pattern, body in (("200", None, '{"ok": true}'), ("500", "5\\d\\d", '{"ok": false}')):
        client.put_method_response(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod="GET",
            statusCode=status,
            responseParameters={"method.response.header.X-Kind": False},
        )
        options: dict[str, Any] = {
            "responseTemplates": {"application/json": body},
            "responseParameters": {"method.response.header.X-Kind": "'mock'"},
        }
        if pattern:
            options["selectionPattern"] = pattern
        client.put_integration_response(
            restApiId=api_id, resourceId=resource_id, httpMethod="GET", statusCode=status, **options
        )
    builder.deploy("dev")
    ok = call(server, api_id, "GET", "/dev/mock")
    assert (ok.status_code, ok.json(), ok.headers["x-kind"]) == (200, {"ok": True}, "mock")
    failed = call(server, api_id, "GET", "/dev/mock?fail=yes")
    assert (failed.status_code, failed.json()) == (500, {"ok": False})


def test_test_invoke_method_runs_the_live_method(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    resource_id = builder.mock_method(
        "/items/{id}", "GET", '{"id": "$input.params(\'id\')", "q": "$input.params(\'q\')"}'
    )
    result = builder.client.test_invoke_method(
        restApiId=builder.api_id, resourceId=resource_id, httpMethod="GET", pathWithQueryString="/items/5?q=x"
    )
    assert result["status"] == 200
    assert json.loads(result["body"]) == {"id": "5", "q": "x"}
    assert result["headers"]["Content-Type"] == "application/json"
