"""Access logs: a stage with access log settings writes one line a request, its format's $context
variables filled in, to the CloudWatch Logs group it names (REST: "Access logging for REST APIs";
HTTP APIs: "Configuring logging for HTTP APIs", API Gateway developer guide)."""

from __future__ import annotations

import json
from typing import Any

from test_rest_support import RestApiBuilder, call, create_function

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

GROUP_ARN = "arn:aws:logs:us-east-1:000000000000:log-group:api-access"


def access_lines(server: EmulatorProcess, count: int) -> list[str]:
    logs = server.client("logs")

    def lines() -> list[str]:
        events = logs.filter_log_events(logGroupName="api-access")["events"]
        return [event["message"] for event in events] if len(events) >= count else []

    return wait_until(lines)


def test_rest_stage_logs_each_request_in_its_format(server: EmulatorProcess) -> None:
    server.client("logs").create_log_group(logGroupName="api-access")
    api = RestApiBuilder(server, "logged")
    api.mock_method("/pets/{id}", "GET", '{"ok": true}')
    api.deploy("prod")
    line_format = (
        '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","method":"$context.httpMethod",'
        '"resource":"$context.resourcePath","status":"$context.status","length":"$context.responseLength",'
        '"user":"$context.identity.user"}'
    )
    api.client.update_stage(
        restApiId=api.api_id, stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": GROUP_ARN},
            {"op": "replace", "path": "/accessLogSettings/format", "value": line_format},
        ],
    )  # fmt: skip
    answered = call(server, api.api_id, "GET", "/prod/pets/7")
    missing = call(server, api.api_id, "GET", "/prod/nowhere")
    first, second = (json.loads(line) for line in access_lines(server, 2))
    assert first == {
        "requestId": answered.headers["x-amzn-requestid"], "ip": "127.0.0.1", "method": "GET",
        "resource": "/pets/{id}", "status": "200", "length": str(len(answered.content)), "user": "-",
    }  # fmt: skip
    assert (second["requestId"], second["status"], second["resource"]) == (
        missing.headers["x-amzn-requestid"], "403", "-",
    )  # fmt: skip


def test_http_api_stage_logs_each_request(server: EmulatorProcess) -> None:
    server.client("logs").create_log_group(logGroupName="api-access")
    arn = create_function(server, "hello", "def handler(event, context):\n    return {'hi': 1}\n")
    v2 = server.client("apigatewayv2")
    api_id = v2.create_api(Name="quick", ProtocolType="HTTP", Target=arn)["ApiId"]
    v2.update_stage(
        ApiId=api_id, StageName="$default",
        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": "$context.requestId $context.routeKey $context.status"},
    )  # fmt: skip
    answered = call(server, api_id, "GET", "/anything")
    (line,) = access_lines(server, 1)
    assert line == f"{answered.headers['apigw-requestid']} $default 200"
    # A request no route takes is logged too, without a route key.
    v2.delete_route(ApiId=api_id, RouteId=v2.get_routes(ApiId=api_id)["Items"][0]["RouteId"])
    missed = call(server, api_id, "GET", "/anything")
    assert access_lines(server, 2)[1] == f"{missed.headers['apigw-requestid']} - 404"


def test_nothing_is_written_without_the_log_group(server: EmulatorProcess) -> None:
    arn = create_function(server, "quiet", "def handler(event, context):\n    return 1\n")
    v2 = server.client("apigatewayv2")
    api_id = v2.create_api(Name="quick", ProtocolType="HTTP", Target=arn)["ApiId"]
    v2.update_stage(
        ApiId=api_id, StageName="$default", AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": "$context.requestId"}
    )
    assert call(server, api_id, "GET", "/").status_code == 200
    groups: list[Any] = server.client("logs").describe_log_groups(logGroupNamePrefix="api-access")["logGroups"]
    assert groups == []
