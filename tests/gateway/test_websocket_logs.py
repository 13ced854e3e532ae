"""WebSocket stage logs: execution logs (DefaultRouteSettings / RouteSettings LoggingLevel and
DataTraceEnabled) into API-Gateway-Execution-Logs_{apiId}/{stage}, and access log lines
(AccessLogSettings) for each $connect, message and $disconnect.

The developer guide's "Configure logging for WebSocket APIs" lists the access log variables; the
execution log steps are those REST stages write (test_rest_execution_logs.py) and the route line.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from test_websocket_support import ECHO, connect, create_function, lambda_uri

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

FAILING = "def handler(event, context):\n    raise ValueError('boom')\n"
ACCESS_GROUP = "ws-access"
ACCESS_FORMAT = "$context.eventType $context.routeKey $context.status $context.connectionId $context.requestId $context.error.message"


@pytest.fixture
def echo(server: EmulatorProcess) -> str:
    return create_function(server, "ws-echo", ECHO)


def deployed(server: EmulatorProcess, routes: dict[str, str], **stage: Any) -> str:
    """A WebSocket API whose routes (all two-way) call the given functions, on stage ``test``."""
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    for key, function_arn in routes.items():
        integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=lambda_uri(function_arn))
        route = apigw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration['IntegrationId']}")
        apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    deployment = apigw.create_deployment(ApiId=api_id)["DeploymentId"]
    apigw.create_stage(ApiId=api_id, StageName="test", DeploymentId=deployment, **stage)
    return api_id


def logging(level: str, data_trace: bool) -> dict[str, Any]:
    return {"DefaultRouteSettings": {"LoggingLevel": level, "DataTraceEnabled": data_trace}}


def execution_log(server: EmulatorProcess, api_id: str) -> list[str]:
    group = f"API-Gateway-Execution-Logs_{api_id}/test"
    logs = server.client("logs")
    if not logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
        return []
    return [event["message"] for event in logs.filter_log_events(logGroupName=group)["events"]]


def requests_of(lines: list[str]) -> dict[str, list[str]]:
    """Request id -> its steps, in order."""
    requests: dict[str, list[str]] = {}
    for line in lines:
        request_id, step = line[1:].split(") ", 1)
        requests.setdefault(request_id, []).append(step)
    return requests


def route_of(steps: list[str]) -> str:
    return next(step for step in steps if step.startswith("WebSocket Request Route: "))


async def chat(server: EmulatorProcess, api_id: str, *messages: str) -> list[str]:
    """Connects, sends each message and reads its reply, closes; the replies."""
    replies = []
    async with connect(server, api_id, user_agent_header="wscat/6") as client:
        for message in messages:
            await client.send(message)
            replies.append(await asyncio.wait_for(client.recv(), 20))
    return replies


def test_info_logs_connect_message_and_disconnect_with_their_steps(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(server, {"$connect": echo, "$default": echo, "$disconnect": echo}, **logging("INFO", True))
    asyncio.run(chat(server, api_id, json.dumps({"action": "hello"})))
    requests = wait_until(lambda: len(found := requests_of(execution_log(server, api_id))) == 3 and found, 20)
    by_route = {route_of(steps): (request_id, steps) for request_id, steps in requests.items()}
    assert set(by_route) == {
        "WebSocket Request Route: [$connect]",
        "WebSocket Request Route: [$default]",
        "WebSocket Request Route: [$disconnect]",
    }
    request_id, steps = by_route["WebSocket Request Route: [$connect]"]
    assert steps[0] == f"Extended Request Id: {request_id}"
    assert steps[1] == f"Verifying Usage Plan for request: {request_id}. API Key:  API Stage: {api_id}/test"
    assert steps[2] == (
        "API Key  authorized because route '$connect' does not require API Key. "
        "Request will not contribute to throttle or quota limits"
    )
    assert f"Starting execution for request: {request_id}" in steps
    assert f"Client [UserAgent: wscat/6, SourceIp: 127.0.0.1] is connecting to WebSocket API [{api_id}]." in steps
    assert steps[-1] == "Successfully completed execution"
    _, steps = by_route["WebSocket Request Route: [$default]"]
    uri = next(step for step in steps if step.startswith("Endpoint request URI: "))
    assert uri.endswith(":function:ws-echo/invocations")
    body = next(step for step in steps if step.startswith("Endpoint request body after transformations: "))
    assert json.loads(body.split(": ", 1)[1])["body"] == '{"action": "hello"}'
    assert any(step.startswith("Received response. Status: 200, Integration latency: ") for step in steps)
    assert any(step.startswith("Endpoint response body before transformations: {") for step in steps)
    assert not any("is connecting" in step for step in steps)


def test_info_without_data_trace_leaves_out_headers_and_bodies(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(server, {"$default": echo}, **logging("INFO", False))
    asyncio.run(chat(server, api_id, "x"))
    requests = wait_until(lambda: requests_of(execution_log(server, api_id)), 20)
    (steps,) = [steps for steps in requests.values() if "WebSocket Request Route: [$default]" in steps]
    assert "Successfully completed execution" in steps
    assert any(step.startswith("Endpoint request URI: ") for step in steps)
    assert not [step for step in steps if "headers:" in step or "body " in step]


def test_error_level_logs_only_the_failure_of_a_failing_function(server: EmulatorProcess, echo: str) -> None:
    failing = create_function(server, "ws-fail", FAILING)
    api_id = deployed(server, {"$default": echo, "boom": failing}, **logging("ERROR", False))
    replies = asyncio.run(chat(server, api_id, "fine", json.dumps({"action": "boom"})))
    assert json.loads(replies[1])["message"] == "Internal server error"
    request_id = json.loads(replies[1])["requestId"]
    lines = wait_until(lambda: execution_log(server, api_id), 20)
    assert len(lines) == 1
    assert lines[0].startswith(
        f"({request_id}) Lambda execution failed with status 200 due to customer function error: boom. Lambda request id: "
    )


def test_route_settings_override_the_default_level(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(
        server, {"$default": echo, "loud": echo}, RouteSettings={"loud": {"LoggingLevel": "INFO"}}, **logging("OFF", False)
    )
    asyncio.run(chat(server, api_id, "quiet", json.dumps({"action": "loud"})))
    requests = wait_until(lambda: requests_of(execution_log(server, api_id)), 20)
    assert [route_of(steps) for steps in requests.values()] == ["WebSocket Request Route: [loud]"]


def test_logging_off_writes_no_execution_log(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(server, {"$default": echo}, AccessLogSettings=_access_settings(server))
    asyncio.run(chat(server, api_id, "x"))
    wait_until(lambda: len(_access_lines(server)) == 3, 20)  # the requests are over: their logs are written
    assert execution_log(server, api_id) == []


def test_access_log_has_a_line_for_each_request(server: EmulatorProcess, echo: str) -> None:
    api_id = deployed(server, {"$connect": echo, "$default": echo}, AccessLogSettings=_access_settings(server))
    replies = asyncio.run(chat(server, api_id, "x"))
    connection_id = json.loads(replies[0])["connectionId"]
    lines = wait_until(lambda: len(found := _access_lines(server)) == 3 and found, 20)
    kinds = [line.split(" ")[:3] for line in lines]
    assert kinds == [["CONNECT", "$connect", "200"], ["MESSAGE", "$default", "200"], ["DISCONNECT", "$disconnect", "200"]]
    assert {line.split(" ")[3] for line in lines} == {connection_id}
    assert all(line.endswith(" -") for line in lines)  # no error


def test_access_log_records_error_frames_and_refused_handshakes(server: EmulatorProcess, echo: str) -> None:
    refuse = create_function(server, "ws-refuse", "def handler(event, context):\n    return {'statusCode': 403}\n")
    api_id = deployed(server, {"ask": echo}, AccessLogSettings=_access_settings(server))
    replies = asyncio.run(chat(server, api_id, json.dumps({"action": "other"})))
    assert json.loads(replies[0])["message"] == "Forbidden"
    lines = wait_until(lambda: len(found := _access_lines(server)) == 3 and found, 20)
    assert lines[1].split(" ")[0::2][:2] == ["MESSAGE", "403"]
    assert lines[1].endswith(" Forbidden")

    refused_api = deployed(server, {"$connect": refuse}, AccessLogSettings=_access_settings(server, create=False))
    with pytest.raises(Exception, match="403"):
        asyncio.run(chat(server, refused_api))
    lines = wait_until(lambda: len(found := _access_lines(server)) == 4 and found, 20)
    assert lines[3].split(" ")[:3] == ["CONNECT", "$connect", "403"]


def _access_settings(server: EmulatorProcess, *, create: bool = True) -> dict[str, str]:
    if create:
        server.client("logs").create_log_group(logGroupName=ACCESS_GROUP)
    arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{ACCESS_GROUP}"
    return {"DestinationArn": arn, "Format": ACCESS_FORMAT}


def _access_lines(server: EmulatorProcess) -> list[str]:
    events = server.client("logs").filter_log_events(logGroupName=ACCESS_GROUP)["events"]
    return [event["message"] for event in events]


def test_a_connect_that_requires_an_api_key_logs_the_key(server: EmulatorProcess) -> None:
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    apigw.create_route(ApiId=api_id, RouteKey="$connect", ApiKeyRequired=True)
    apigw.create_stage(
        ApiId=api_id, StageName="test", DeploymentId=apigw.create_deployment(ApiId=api_id)["DeploymentId"],
        **logging("INFO", False),
    )
    rest = server.client("apigateway")
    key = rest.create_api_key(name="k", enabled=True)
    plan = rest.create_usage_plan(name="ws-plan", apiStages=[{"apiId": api_id, "stage": "test"}])
    rest.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")

    async def attempt() -> None:
        async with connect(server, api_id, additional_headers={"x-api-key": key["value"]}):
            pass

    asyncio.run(attempt())
    requests = wait_until(lambda: requests_of(execution_log(server, api_id)), 20)
    (steps,) = [steps for steps in requests.values() if "WebSocket Request Route: [$connect]" in steps]
    assert steps[2:4] == [
        f"API Key {key['value']} authorized",
        f"Usage Plan check succeeded for API Key {key['value']} and API Stage {api_id}/test",
    ]
