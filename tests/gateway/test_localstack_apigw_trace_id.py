"""The X-Ray trace header of a REST API's answers, replayed from LocalStack's AWS-validated snapshot
(tests/aws/services/apigateway/test_apigateway_common.py::test_invocation_trace_id): a Lambda proxy
answer carries the request's trace, given a parent segment if it had none; a MOCK answer carries none."""

from __future__ import annotations

from typing import Any

from test_rest_support import RestApiBuilder, call, create_function

from emulator.testing import EmulatorProcess

PROXY = """
def handler(event, context):
    headers = {name.lower(): value for name, value in event["headers"].items()}
    return {"statusCode": 200, "body": headers["x-amzn-trace-id"]}
"""
FULL = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1"
ROOT = "Root=1-3152b799-8954dae64eda91bc9a23a7e8"


def test_lambda_proxy_answers_carry_the_trace_header(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.lambda_method("/{proxy+}", "ANY", create_function(server, "traced", PROXY))
    builder.mock_method("/path", "GET", '{"statusCode": 200}')
    builder.deploy("dev")

    def trace_of(path: str, **headers: Any) -> tuple[str | None, str]:
        answer = call(server, builder.api_id, "GET", f"/dev{path}", headers=headers)
        assert answer.status_code == 200
        return answer.headers.get("x-amzn-trace-id"), answer.text

    assert trace_of("/path")[0] is None  # MOCK
    assert trace_of("/path", **{"x-amzn-trace-id": FULL})[0] is None

    generated, seen = trace_of("/proxy-value")
    assert generated is not None and generated.startswith(seen + ";Parent=")  # the function saw the root
    assert trace_of("/proxy-value", **{"x-amzn-trace-id": FULL}) == (FULL, FULL)
    small, _ = trace_of("/proxy-value", **{"x-amzn-trace-id": ROOT})
    assert small is not None and small.startswith(ROOT + ";Parent=")
    assert small.split(";")[1] != "Parent=7fa8c0f79203be72"


ENVIRONMENT = """
import os

def handler(event, context):
    return {"statusCode": 200, "body": os.environ["_X_AMZN_TRACE_ID"]}
"""


def test_the_function_runs_under_the_answers_trace(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.lambda_method("/{proxy+}", "ANY", create_function(server, "traced-env", ENVIRONMENT))
    builder.deploy("dev")
    answer = call(server, builder.api_id, "GET", "/dev/anything")
    assert answer.text == answer.headers["x-amzn-trace-id"]
    sent = call(server, builder.api_id, "GET", "/dev/anything", headers={"x-amzn-trace-id": FULL})
    assert sent.text == sent.headers["x-amzn-trace-id"] == FULL
