"""REST API execution logs: a stage whose method settings set loggingLevel writes each request's
steps to API-Gateway-Execution-Logs_{apiId}/{stage}, every line prefixed with the request id.

The words: the API Gateway developer guide's execution logs and AWS's knowledge-center article
"How can I use API Gateway logs for troubleshooting?" (usage plan lines); the steps themselves are
TestInvokeMethod's (LocalStack's AWS-validated test_apigateway_basic::test_apigw_test_invoke_method_api).
"""

from __future__ import annotations

import pytest
from test_rest_support import RestApiBuilder, call, create_function

from emulator.testing import EmulatorProcess

BEHAVIOUR = """
def handler(event, context):
    if event["path"] == "/fail":
        raise ValueError("boom")
    return {"statusCode": 200, "body": "hello " + (event["body"] or "")}
"""


@pytest.fixture
def api(server: EmulatorProcess) -> RestApiBuilder:
    builder = RestApiBuilder(server)
    builder.lambda_method("/{proxy+}", "ANY", create_function(server, "behaviour", BEHAVIOUR))
    builder.deploy("prod")
    return builder


def log_settings(server: EmulatorProcess, api: RestApiBuilder, level: str, data_trace: bool) -> None:
    server.client("apigateway").update_stage(
        restApiId=api.api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/*/*/logging/loglevel", "value": level},
            {"op": "replace", "path": "/*/*/logging/dataTrace", "value": str(data_trace).lower()},
        ],
    )


def execution_log(server: EmulatorProcess, api: RestApiBuilder) -> list[str]:
    logs = server.client("logs")
    group = f"API-Gateway-Execution-Logs_{api.api_id}/prod"
    return [event["message"] for event in logs.filter_log_events(logGroupName=group)["events"]]


def test_info_with_data_trace_logs_every_step(server: EmulatorProcess, api: RestApiBuilder) -> None:
    log_settings(server, api, "INFO", True)
    response = call(server, api.api_id, "POST", "/prod/items?color=blue", content=b"there")
    assert response.text == "hello there"
    request_id = response.headers["x-amzn-requestid"]
    lines = execution_log(server, api)
    assert all(line.startswith(f"({request_id}) ") for line in lines)
    steps = [line.removeprefix(f"({request_id}) ") for line in lines]
    assert steps[0] == f"Extended Request Id: {response.headers['x-amz-apigw-id']}"
    assert steps[1] == f"Verifying Usage Plan for request: {request_id}. API Key:  API Stage: {api.api_id}/prod"
    assert steps[2] == (
        "API Key  authorized because method 'ANY /{proxy+}' does not require API Key. "
        "Request will not contribute to throttle or quota limits"
    )
    assert f"Starting execution for request: {request_id}" in steps
    assert "HTTP Method: POST, Resource Path: /items" in steps
    assert "Method request query string: {color=blue}" in steps
    assert "Method request body before transformations: there" in steps
    assert any(step.startswith("Endpoint request URI: https://lambda.us-east-1.amazonaws.com/") for step in steps)
    assert any(step.startswith("Endpoint response body before transformations: {") for step in steps)
    assert "Method response body after transformations: hello there" in steps
    assert steps[-2:] == ["Successfully completed execution", "Method completed with status: 200"]


def test_info_without_data_trace_leaves_out_headers_and_bodies(server: EmulatorProcess, api: RestApiBuilder) -> None:
    log_settings(server, api, "INFO", False)
    response = call(server, api.api_id, "GET", "/prod/items")
    assert response.status_code == 200
    steps = [line.split(") ", 1)[1] for line in execution_log(server, api)]
    assert "Successfully completed execution" in steps
    assert any(step.startswith("Received response. Status: 200, Integration latency: ") for step in steps)
    assert not [step for step in steps if "headers:" in step or "body " in step]


def test_error_level_logs_failed_requests_only(server: EmulatorProcess, api: RestApiBuilder) -> None:
    log_settings(server, api, "ERROR", False)
    assert call(server, api.api_id, "GET", "/prod/items").status_code == 200
    failed = call(server, api.api_id, "GET", "/prod/fail")
    assert failed.status_code == 502
    steps = [line.split(") ", 1)[1] for line in execution_log(server, api)]
    assert steps[-1] == "Method completed with status: 502"
    assert steps[0].startswith("Lambda execution failed with status 200 due to customer function error: boom.")
    assert len(steps) == 2


def test_no_logging_level_writes_no_log_group(server: EmulatorProcess, api: RestApiBuilder) -> None:
    assert call(server, api.api_id, "GET", "/prod/items").status_code == 200
    groups = server.client("logs").describe_log_groups(logGroupNamePrefix="API-Gateway-Execution-Logs")
    assert groups["logGroups"] == []
