"""The paths a Lambda proxy integration receives, replayed from LocalStack's AWS-validated snapshot
(tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json::test_lambda_aws_proxy_integration):
slashes doubled inside a greedy parameter are kept, those right after the stage count once."""

from __future__ import annotations

from typing import Any

import pytest
from test_rest_support import RestApiBuilder, call, create_function

from emulator.testing import EmulatorProcess

PROXY = """
import json

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}
"""


@pytest.fixture
def invoke(server: EmulatorProcess) -> Any:
    function_arn = create_function(server, "proxy-paths", PROXY)
    builder = RestApiBuilder(server)
    for path in ("/{proxy+}", "/hardcoded"):
        builder.lambda_method(path, "ANY", function_arn)
    builder.deploy("stage")

    def event_of(path: str) -> dict[str, Any]:
        answer = call(server, builder.api_id, "GET", path)
        assert answer.status_code == 200
        return answer.json()

    return event_of


def _paths(event: dict[str, Any]) -> tuple[str, Any, str, str]:
    return event["path"], event["pathParameters"], event["requestContext"]["path"], event["resource"]


def test_a_greedy_parameter_keeps_doubled_slashes_and_drops_trailing_ones(invoke: Any) -> None:
    assert _paths(invoke("/stage/proxy-value//double-slash")) == (
        "/proxy-value//double-slash",
        {"proxy": "proxy-value//double-slash"},
        "/stage/proxy-value//double-slash",
        "/{proxy+}",
    )
    assert _paths(invoke("/stage/proxy-value/")) == (
        "/proxy-value/",
        {"proxy": "proxy-value"},
        "/stage/proxy-value/",
        "/{proxy+}",
    )


def test_slashes_doubled_after_the_stage_count_once_in_the_event_path(invoke: Any) -> None:
    assert _paths(invoke("/stage//proxy-value")) == (
        "/proxy-value",
        {"proxy": "proxy-value"},
        "/stage//proxy-value",
        "/{proxy+}",
    )
    assert _paths(invoke("/stage//hardcoded")) == ("/hardcoded", None, "/stage//hardcoded", "/hardcoded")
