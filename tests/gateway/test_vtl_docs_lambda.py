"""Lambda non-proxy (AWS) integrations replayed through a real server: LocalStack's AWS-validated
recordings (tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json) and the developer
guide's worked examples (doc_source/handle-errors-in-lambda-integration.md, example-photos.md)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_rest_support import RestApiBuilder, call, create_function, lambda_uri
from test_vtl_docs_templates import PHOTOS, PHOTOS_OUTPUT_TEMPLATE, PHOTOS_TRANSFORMED

from emulator.testing import EmulatorProcess

#: LocalStack's lambda_mapping_responses.py.
MAPPING = """
def handler(event, context):
    status_code = event["body"]["httpStatus"]
    body = "customerror" if int(status_code) >= 400 else "noerror"
    return {"statusCode": 200, "body": body}
"""
#: LocalStack's request-template.vm (abridged to what the function reads) and response-template.vm.
REQUEST_TEMPLATE = """#set($allParams = $input.params())
#set($jsonBody = $input.json('$'))
#set($path = $allParams.get('path'))
{
"apiContext": {"method": "$context.httpMethod", "path": "$context.path", "stage": "$context.stage"},
"path": {
#foreach($paramName in $path.keySet())
"$paramName": "$util.escapeJavaScript($path.get($paramName))"#if($foreach.hasNext),#end
#end
},
"body": $jsonBody
}
"""
RESPONSE_TEMPLATE = """#set($inputRoot = $input.path('$'))
$input.json("$")
#if($inputRoot.toString().contains("customerror"))
    #set($context.responseOverride.status = 400)
#else
    #set($context.responseOverride.status = 202)
#end
"""


def lambda_api(server: EmulatorProcess, function_arn: str, path: str, verb: str, **integration: Any) -> RestApiBuilder:
    builder = RestApiBuilder(server)
    builder.method(
        path, verb, {"type": "AWS", "integrationHttpMethod": "POST", "uri": lambda_uri(function_arn), **integration}
    )
    return builder


def responses(builder: RestApiBuilder, path: str, verb: str, *rules: dict[str, Any]) -> None:
    """Method and integration responses, ``statusCode`` plus the integration response's options."""
    where = {"restApiId": builder.api_id, "resourceId": builder.ids[path], "httpMethod": verb}
    for rule in rules:
        declared = {name: False for name in rule.get("responseParameters", {})}
        builder.client.put_method_response(**where, statusCode=rule["statusCode"], responseParameters=declared)
        builder.client.put_integration_response(**where, **rule)


# LocalStack's AWS-validated snapshot test_apigateway_lambda.snapshot.json::
# test_lambda_aws_integration_response_with_mapping_templates
def test_response_template_overrides_the_status_from_the_result(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "mapping", MAPPING)
    builder = lambda_api(server, function_arn, "/test", "POST", requestTemplates={"application/json": REQUEST_TEMPLATE})
    responses(
        builder,
        "/test",
        "POST",
        {"statusCode": "200", "selectionPattern": "", "responseTemplates": {"application/json": RESPONSE_TEMPLATE}},
    )
    # A 400 method response, with no integration response of its own: the template's override picks it.
    builder.client.put_method_response(
        restApiId=builder.api_id, resourceId=builder.ids["/test"], httpMethod="POST", statusCode="400"
    )
    builder.deploy("api")
    for sent, status, body in (
        ({"httpStatus": "200"}, 202, "noerror"),
        ({"httpStatus": "400", "errorMessage": "Test Bad request"}, 400, "customerror"),
    ):
        answer = call(server, builder.api_id, "POST", "/api/test", json=sent)
        assert (answer.status_code, answer.json()) == (status, {"body": body, "statusCode": 200})


#: LocalStack's lambda_select_pattern.py.
SELECT = """
def handler(event, context):
    status_code = event["statusCode"]
    if status_code == "200":
        return "Pass"
    raise Exception(f"Error: Raising {status_code} from within the Lambda function")
"""


# LocalStack's AWS-validated snapshot test_apigateway_lambda.snapshot.json::test_lambda_selection_patterns
def test_selection_patterns_match_the_error_message(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "select", SELECT)
    template = {"application/json": '{"statusCode": "$input.params(\'statusCode\')"}'}
    builder = lambda_api(server, function_arn, "/{statusCode}", "GET", requestTemplates=template)
    responses(
        builder,
        "/{statusCode}",
        "GET",
        {"statusCode": "200"},
        {"statusCode": "405", "selectionPattern": ".*400.*"},
        {"statusCode": "502", "selectionPattern": ".*5\\d\\d.*"},
    )
    builder.deploy("dev")
    passed = call(server, builder.api_id, "GET", "/dev/200")
    assert (passed.status_code, passed.json()) == (200, "Pass")
    for sent, status in (("400", 405), ("500", 502)):
        failed = call(server, builder.api_id, "GET", f"/dev/{sent}")
        assert failed.status_code == status
        # The function's error passes through as Lambda answered it.
        error = failed.json()
        assert (error["errorMessage"], error["errorType"]) == (
            f"Error: Raising {sent} from within the Lambda function",
            "Exception",
        )
        assert {"requestId", "stackTrace"} <= error.keys()


ECHO = "def handler(event, context):\n    return event\n"


# LocalStack's AWS-validated snapshot test_apigateway_lambda.snapshot.json::
# test_lambda_aws_integration_with_request_template
def test_request_template_reads_a_query_parameter(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo", ECHO)
    template = {"application/json": '{"param1": "$input.params(\'param1\')"}'}
    builder = RestApiBuilder(server)
    builder.method(
        "/test",
        "GET",
        {"type": "AWS", "integrationHttpMethod": "POST", "uri": lambda_uri(function_arn), "requestTemplates": template},
        requestParameters={"method.request.querystring.param1": False},
    )
    responses(builder, "/test", "GET", {"statusCode": "200", "selectionPattern": ""})
    builder.deploy("api")
    for query in ("param1=foobar", "param1=foobar&Signature=1"):
        answer = call(server, builder.api_id, "GET", f"/api/test?{query}")
        assert (answer.status_code, answer.json()) == (200, {"param1": "foobar"})


# example-photos.md: the output mapping template turns the original data into the transformed data.
def test_photos_output_template_applies_to_the_function_result(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo", ECHO)
    builder = lambda_api(server, function_arn, "/photos", "POST")
    responses(
        builder, "/photos", "POST", {"statusCode": "200", "responseTemplates": {"application/json": PHOTOS_OUTPUT_TEMPLATE}}
    )
    builder.deploy("dev")
    answer = call(server, builder.api_id, "POST", "/dev/photos", json=PHOTOS)
    assert (answer.status_code, answer.json()) == (200, PHOTOS_TRANSFORMED)


#: The guide's custom error: a JSON object string as the error message.
CUSTOM_ERROR = """
import json

def handler(event, context):
    if event.get("fail"):
        raise Exception(json.dumps({
            "errorType": "InternalServerError",
            "httpStatus": 500,
            "trace": {"function": "abc()", "line": 123, "file": "abc.js"},
        }))
    return {"ok": True}
"""


# handle-errors-in-lambda-integration.md: ".*" matches every error message "including null"
# (a success too), and body-to-header mappings read a custom error's JSON errorMessage.
@pytest.mark.parametrize("fail", [True, False])
def test_custom_error_maps_to_headers_and_a_catch_all_pattern(server: EmulatorProcess, fail: bool) -> None:
    function_arn = create_function(server, "custom-error", CUSTOM_ERROR)
    builder = lambda_api(server, function_arn, "/err", "POST")
    error_headers = {
        "method.response.header.error_trace_function": "integration.response.body.errorMessage.trace.function",
        "method.response.header.error_status": "integration.response.body.errorMessage.httpStatus",
        "method.response.header.error_type": "integration.response.body.errorMessage.errorType",
        "method.response.header.error_trace": "integration.response.body.errorMessage.trace",
    }
    responses(
        builder,
        "/err",
        "POST",
        {"statusCode": "200"},
        {"statusCode": "500", "selectionPattern": ".*", "responseParameters": error_headers},
    )
    builder.deploy("dev")
    answer = call(server, builder.api_id, "POST", "/dev/err", json={"fail": fail})
    assert answer.status_code == 500
    if not fail:
        assert answer.json() == {"ok": True}
        assert "error_type" not in answer.headers
        return
    assert {name: answer.headers[name] for name in ("error_status", "error_trace", "error_trace_function", "error_type")} == {
        "error_status": "500",
        "error_trace": '{"function":"abc()","line":123,"file":"abc.js"}',
        "error_trace_function": "abc()",
        "error_type": "InternalServerError",
    }


# handle-errors-in-lambda-integration.md: a pattern the success's empty message does not match
# leaves the success to the default response (localstack#12574, compared with AWS).
def test_a_pattern_needing_a_message_leaves_success_to_the_default(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "custom-error", CUSTOM_ERROR)
    builder = lambda_api(server, function_arn, "/err", "POST")
    responses(builder, "/err", "POST", {"statusCode": "200"}, {"statusCode": "400", "selectionPattern": ".+"})
    builder.deploy("dev")
    ok = call(server, builder.api_id, "POST", "/dev/err", json={})
    assert (ok.status_code, ok.json()) == (200, {"ok": True})
    failed = call(server, builder.api_id, "POST", "/dev/err", json={"fail": True})
    assert failed.status_code == 400
    assert json.loads(failed.json()["errorMessage"])["httpStatus"] == 500


# Users' reports of AWS (serverless/serverless#2270, aws-quickstart/quickstart-git2s3#11): a Lambda
# integration whose rendered request is not JSON answers 400 "Could not parse request body into
# json: ..." (its parser's complaint, with the line and column in the rendered request, follows).
def test_a_rendered_request_that_is_no_json_is_refused(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo", ECHO)
    template = {"application/json": '{\n  "a": "$input.params(\'a\')",\n}'}
    builder = lambda_api(server, function_arn, "/bad", "POST", requestTemplates=template)
    responses(builder, "/bad", "POST", {"statusCode": "200"})
    builder.deploy("dev")
    answer = call(server, builder.api_id, "POST", "/dev/bad?a=1", json={})
    assert answer.status_code == 400
    assert answer.json()["message"].startswith("Could not parse request body into json: ")
    assert "line: 3, column: 1" in answer.json()["message"]
