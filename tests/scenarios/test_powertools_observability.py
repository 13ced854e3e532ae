"""Powertools' Logger, Metrics and Tracer in functions that ship them, read back from CloudWatch Logs.

Logger writes one JSON object a line to stdout, with the Lambda context (``inject_lambda_context``)
and the correlation id a front's event carries; its level follows the function's LoggingConfig
(AWS_LAMBDA_LOG_LEVEL wins over the Logger's own, and Lambda drops JSON lines below
ApplicationLogLevel). Metrics writes CloudWatch embedded metric format (EMF) lines. Tracer runs with
no X-Ray daemon to talk to, as the X-Ray SDK does in a Lambda function without active tracing.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import httpx
import pytest
from frameworks import function_url, http_api, rest_api
from powertools_apps import create_powertools_function, invoke

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

SHOP = """
import json, os
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

logger = Logger(service="shop")
metrics = Metrics(namespace="Shop", service="shop")
tracer = Tracer(service="shop")

@tracer.capture_method
def charge(order_id):
    tracer.put_annotation(key="order_id", value=order_id)
    tracer.put_metadata(key="order", value={"id": order_id})
    return "charged"

# CORRELATION names one of Powertools' correlation paths (API_GATEWAY_REST, API_GATEWAY_HTTP ...).
@logger.inject_lambda_context(correlation_id_path=getattr(correlation_paths, os.environ.get("CORRELATION", ""), None))
@metrics.log_metrics(capture_cold_start_metric=True)
@tracer.capture_lambda_handler
def handler(event, context):
    logger.debug("debug detail")
    logger.info("order placed", extra={"order_id": "o-1"})
    logger.warning("stock low")
    print("plain print")
    try:
        raise KeyError("sku-9")
    except KeyError:
        logger.exception("lookup failed")
    metrics.add_dimension(name="channel", value="web")
    metrics.add_metric(name="OrdersPlaced", unit=MetricUnit.Count, value=1)
    body = {"charge": charge("o-1"), "trace": os.environ["_X_AMZN_TRACE_ID"]}
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}
"""

TRACE_ROOT = re.compile(r"1-[0-9a-f]{8}-[0-9a-f]{24}")


def messages(server: EmulatorProcess, name: str, count: int, pattern: str = "") -> list[str]:
    """The messages of the function's log group (FilterLogEvents) once ``count`` of them match ``pattern``."""
    logs = server.client("logs")

    def found() -> list[list[str]] | None:
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{name}", filterPattern=pattern)["events"]
        except logs.exceptions.ResourceNotFoundException:
            return None
        return [[event["message"] for event in events]] if len(events) >= count else None

    return wait_until(found, timeout=30)[0]


def records(server: EmulatorProcess, name: str, count: int, pattern: str = "") -> list[dict[str, Any]]:
    return [json.loads(message) for message in messages(server, name, count, pattern)]


def test_logger_lines_carry_the_lambda_context_and_the_rest_api_request_id(server: EmulatorProcess) -> None:
    lambda_client = server.client("lambda")
    environment = {"Variables": {"CORRELATION": "API_GATEWAY_REST"}}
    arn = create_powertools_function(lambda_client, "shop", SHOP, Environment=environment)["FunctionArn"]
    host = f"{rest_api(server, arn)}.execute-api.localhost:{server.port}"
    answers = [httpx.get(f"http://127.0.0.1:{server.port}/prod/orders", headers={"Host": host}) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200]

    placed = records(server, "shop", 2, '{ $.message = "order placed" }')
    starts = messages(server, "shop", 2, "\"START RequestId\"")
    for line, answer, start, cold in zip(placed, answers, starts, (True, False), strict=True):
        assert line["level"] == "INFO" and line["service"] == "shop" and line["order_id"] == "o-1"
        assert line["cold_start"] is cold
        assert line["function_name"] == "shop" and line["function_arn"] == arn
        # AWS's runtime reads the memory size from the environment: a string.
        assert line["function_memory_size"] == "128"
        # The invocation's request id, as START names it; the correlation id is API Gateway's request id.
        assert start.startswith(f"START RequestId: {line['function_request_id']} ")
        assert line["correlation_id"] == answer.headers["x-amzn-requestid"]
        assert line["correlation_id"] != line["function_request_id"]
        # Tracer's and Logger's trace id: the Root of the invocation's _X_AMZN_TRACE_ID.
        assert TRACE_ROOT.fullmatch(line["xray_trace_id"])
        assert answer.json()["trace"].startswith(f"Root={line['xray_trace_id']};")
        assert answer.json()["charge"] == "charged"
    # The Logger's default level is INFO: no DEBUG line; logger.exception writes the traceback in its record.
    assert messages(server, "shop", 0, "debug detail") == []
    (failure, _) = records(server, "shop", 2, '{ $.level = "ERROR" }')
    assert failure["message"] == "lookup failed" and failure["exception_name"] == "KeyError"
    assert failure["exception"].startswith("Traceback (most recent call last):")
    # Tracer ran without an X-Ray daemon: the only tracebacks are the two logged on purpose, and the
    # X-Ray SDK complained of nothing (a missing segment or context is logged, not raised).
    assert [json.loads(m)["message"] for m in messages(server, "shop", 2, "Traceback")] == ["lookup failed"] * 2
    assert messages(server, "shop", 0, "?segment ?aws_xray_sdk ?Subsegment") == []


@pytest.mark.parametrize(
    ("front", "correlation", "request_id_header"),
    [("http", "API_GATEWAY_HTTP", "apigw-requestid"), ("url", "LAMBDA_FUNCTION_URL", "x-amzn-requestid")],
)
def test_the_fronts_request_id_is_the_correlation_id(
    server: EmulatorProcess, front: str, correlation: str, request_id_header: str
) -> None:
    lambda_client = server.client("lambda")
    environment = {"Variables": {"CORRELATION": correlation}}
    arn = create_powertools_function(lambda_client, "shop", SHOP, Environment=environment)["FunctionArn"]
    host = f"{http_api(server, arn, '2.0')}.execute-api.localhost" if front == "http" else function_url(server, "shop")
    answer = httpx.get(f"http://127.0.0.1:{server.port}/orders", headers={"Host": f"{host}:{server.port}"})
    assert answer.status_code == 200
    (line,) = records(server, "shop", 1, '{ $.message = "stock low" }')
    assert line["level"] == "WARNING"
    assert line["correlation_id"] == answer.headers[request_id_header]


def test_metrics_are_embedded_metric_format_lines(server: EmulatorProcess) -> None:
    lambda_client = server.client("lambda")
    create_powertools_function(lambda_client, "shop", SHOP)
    started_ms = time.time() * 1000
    for _ in range(2):
        assert invoke(lambda_client, "shop", {})[0] is None

    orders = records(server, "shop", 2, "{ $.OrdersPlaced[0] = 1 }")
    for line in orders:
        directive = line["_aws"]
        assert abs(directive["Timestamp"] - started_ms) < 60_000
        assert directive["CloudWatchMetrics"] == [
            {"Namespace": "Shop", "Dimensions": [["channel", "service"]], "Metrics": [{"Name": "OrdersPlaced", "Unit": "Count"}]}
        ]
        assert (line["channel"], line["service"], line["OrdersPlaced"]) == ("web", "shop", [1.0])
    # The cold start metric: once, for the first invocation of the environment.
    (cold,) = records(server, "shop", 1, '{ $._aws.CloudWatchMetrics[0].Metrics[0].Name = "ColdStart" }')
    assert cold["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["function_name", "service"]]
    assert (cold["function_name"], cold["ColdStart"]) == ("shop", [1.0])


@pytest.mark.parametrize(
    ("application_level", "levels"),
    [("WARN", ["WARNING", "ERROR"]), ("DEBUG", ["DEBUG", "INFO", "WARNING", "ERROR"])],
)
def test_the_logging_config_level_decides_what_the_logger_writes(
    server: EmulatorProcess, application_level: str, levels: list[str]
) -> None:
    """AWS_LAMBDA_LOG_LEVEL (ApplicationLogLevel) takes precedence over the Logger's own level (INFO
    here), and Lambda drops lines below it: a print is INFO."""
    lambda_client = server.client("lambda")
    logging_config = {"LogFormat": "JSON", "ApplicationLogLevel": application_level, "SystemLogLevel": "INFO"}
    create_powertools_function(lambda_client, "shop", SHOP, LoggingConfig=logging_config)
    assert invoke(lambda_client, "shop", {})[0] is None

    (report,) = records(server, "shop", 1, '{ $.type = "platform.report" }')
    lines = messages(server, "shop", 1)
    # AWS's runtime formats logging records as JSON, not a print: it stays text, INFO to Lambda's filter.
    assert ("plain print\n" in lines) == ("INFO" in levels)
    records_ = [json.loads(line) for line in lines if line.startswith("{")]
    # The Logger's own records (AWS's runtime writes other libraries' logging records in its own JSON).
    assert [record["level"] for record in records_ if record.get("service") == "shop" and "_aws" not in record] == levels
    # EMF lines carry no level: INFO too.
    assert any("_aws" in record for record in records_) == ("INFO" in levels)
    assert report["record"]["status"] == "success"


def test_log_levels_need_the_json_format(server: EmulatorProcess) -> None:
    """Lambda filters by level only JSON logs: a LoggingConfig naming a level with the Text format is
    refused (LocalStack's and AWS's InvalidParameterValueException), whether created or updated so."""
    lambda_client = server.client("lambda")
    expected = (
        'LogLevel is not supported when LogFormat is set to "Text". '
        'Remove LogLevel from your request or change the LogFormat to "JSON" and try again.'
    )
    with pytest.raises(lambda_client.exceptions.InvalidParameterValueException) as refused:
        create_powertools_function(
            lambda_client, "shop", SHOP, LoggingConfig={"LogFormat": "Text", "ApplicationLogLevel": "WARN"}
        )
    assert refused.value.response["Error"]["Message"] == expected
    create_powertools_function(lambda_client, "shop", SHOP)
    for logging_config in ({"SystemLogLevel": "WARN"}, {"LogFormat": "Text", "ApplicationLogLevel": "DEBUG"}):
        with pytest.raises(lambda_client.exceptions.InvalidParameterValueException) as refused:
            lambda_client.update_function_configuration(FunctionName="shop", LoggingConfig=logging_config)
        assert refused.value.response["Error"]["Message"] == expected
    assert lambda_client.get_function_configuration(FunctionName="shop")["LoggingConfig"] == {
        "LogFormat": "Text",
        "LogGroup": "/aws/lambda/shop",
    }
    updated = lambda_client.update_function_configuration(
        FunctionName="shop", LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "WARN"}
    )
    assert (updated["LoggingConfig"]["ApplicationLogLevel"], updated["LoggingConfig"]["SystemLogLevel"]) == ("WARN", "INFO")
