"""Execution logs: a REST API request's steps in AWS's words, for TestInvokeMethod and for stages.

A stage whose method settings set ``loggingLevel`` INFO writes each request's steps to the log
group ``API-Gateway-Execution-Logs_{restApiId}/{stageName}``, which API Gateway creates, every
line prefixed with the request id; ERROR writes only failed requests. The lines holding headers
and bodies are written only with ``dataTraceEnabled`` ("log full requests/responses data").
The words: the API Gateway developer guide's execution logs, AWS's knowledge-center article
"How can I use API Gateway logs for troubleshooting?", and LocalStack's AWS-validated
test_apigateway_basic::test_apigw_test_invoke_method_api for the steps TestInvokeMethod returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .deployment import DeployedMethod
from .endpoint_log import EndpointLog, java_map
from .request import GatewayRequest
from .stages import method_setting_key

#: (region, log group name, lines): writes one request's execution log (the app supplies it).
ExecutionLogWriter = Callable[[str, str, list[str]], None]

#: Steps that carry a request's or response's headers or body: written with dataTraceEnabled only.
_DATA_STEPS = (
    "Method request path:",
    "Method request query string:",
    "Method request headers:",
    "Method request body before transformations:",
    "Endpoint request headers:",
    "Endpoint request body after transformations:",
    "Endpoint response headers:",
    "Endpoint response body before transformations:",
    "Method response body after transformations:",
    "Method response headers:",
)


def log_group_name(api_id: str, stage: str) -> str:
    return f"API-Gateway-Execution-Logs_{api_id}/{stage}"


def request_steps(request: GatewayRequest, path: str, headers: Iterable[tuple[str, str]]) -> list[str]:
    """The steps before the integration: the method request as it came."""
    return [
        f"Starting execution for request: {request.request_id}",
        f"HTTP Method: {request.method}, Resource Path: {path or '/'}",
        f"Method request path: {java_map(request.path_params.items())}",
        f"Method request query string: {java_map(request.query.items())}",
        f"Method request headers: {java_map(headers)}",
        f"Method request body before transformations: {request.body.decode('utf-8', errors='replace')}",
    ]


def closing_steps(succeeded: bool, status: int, body: str, headers: Iterable[tuple[str, str]]) -> list[str]:
    """The steps after the integration: the method response, or only its status after a failure."""
    steps = []
    if succeeded:
        steps.append(f"Method response body after transformations: {body}")
        steps.append(f"Method response headers: {java_map(headers)}")
        steps.append("Successfully completed execution")
    steps.append(f"Method completed with status: {status}")
    return steps


class StageLogging:
    """Which of a stage's methods log, and how: ``*/*`` for all, ``~1path/METHOD`` for one."""

    def __init__(self, method_settings: dict[str, dict[str, Any]]) -> None:
        self.settings = method_settings
        self.by_method: dict[str, tuple[str, bool] | None] = {}

    @staticmethod
    def logs(method_settings: dict[str, dict[str, Any]]) -> bool:
        """Whether any method of the stage logs at all (else the stage needs no StageLogging)."""
        return any(setting.get("loggingLevel", "OFF") != "OFF" for setting in method_settings.values())

    def of(self, method: DeployedMethod) -> tuple[str, bool] | None:
        """``(level, data trace)`` for ``method``; None when it does not log."""
        slot = method.resource_id + method.http_method
        if slot not in self.by_method:
            setting = self.settings.get(method_setting_key(method.resource_path, method.http_method))
            setting = setting or self.settings.get("*/*") or {}
            level = setting.get("loggingLevel", "OFF")
            self.by_method[slot] = None if level == "OFF" else (level, bool(setting.get("dataTraceEnabled")))
        return self.by_method[slot]


class ExecutionTrace:
    """One request's execution log, written when its method completes."""

    def __init__(self, request: GatewayRequest, method: DeployedMethod, level: str, data_trace: bool) -> None:
        self.request = request
        self.method = method
        self.level = level
        self.data_trace = data_trace
        self.endpoint = EndpointLog()
        self.api_key = ""

    def lines(self, status: int, succeeded: bool, body: bytes, headers: list[tuple[bytes, bytes]]) -> list[str]:
        """The request's lines, or none (ERROR logs failed requests only)."""
        failed = not succeeded or status >= 500
        if self.level != "INFO" and not failed:
            return []
        request, method = self.request, self.method
        key = self.api_key
        stage = f"{request.api_id}/{request.stage}"
        steps = [
            f"Extended Request Id: {request.extended_request_id}",
            f"Verifying Usage Plan for request: {request.request_id}. API Key: {key} API Stage: {stage}",
            f"API Key {key} authorized because method '{method.http_method} {method.resource_path}' does not "
            "require API Key. Request will not contribute to throttle or quota limits"
            if not method.api_key_required
            else f"API Key {key} authorized",
            f"Usage Plan check succeeded for API Key {key} and API Stage {stage}",
            *request_steps(request, request.path, request.headers.items()),
            *self.endpoint.steps,
            *closing_steps(
                succeeded,
                status,
                body.decode("utf-8", errors="replace"),
                ((name.decode("latin-1"), value.decode("latin-1")) for name, value in headers),
            ),
        ]
        if self.level != "INFO":
            steps = [step for step in steps if "failed" in step or step.startswith("Method completed")]
        elif not self.data_trace:
            steps = [step for step in steps if not step.startswith(_DATA_STEPS)]
        prefix = f"({request.request_id}) "
        return [prefix + step for step in steps]
