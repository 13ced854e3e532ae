"""LoggingConfig LogFormat JSON: the Python runtime's JSON records, the platform's JSON records, the log levels;
and NODE_PATH as AWS sets it for Node.js runtimes.

Shapes as AWS writes them: the Python runtime's JSON formatter and uncaught-error line (awslambdaric), the
Telemetry API records Lambda writes to CloudWatch in JSON format (recorded examples: platform.start
{"requestId","version"}, platform.runtimeDone {"requestId","status","metrics":{"durationMs","producedBytes"}},
platform.report {"requestId","metrics":{...},"status"}).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

LOGS = """
import logging

logger = logging.getLogger()
orders = logging.getLogger("orders")


def handler(event, context):
    print("plain text stays plain")
    logger.debug("a debug record %s", 1)
    logger.info("an info record %s", "formatted", extra={"orderId": 42, "tags": ["a", "b"]})
    orders.warning("a named logger")
    try:
        raise ValueError("bad value")
    except ValueError:
        logger.exception("it failed")
    return "ok"
"""
RAISES = """
def handler(event, context):
    raise KeyError("missing")
"""
SLEEPS = """
import time

def handler(event, context):
    time.sleep(5)
"""
PRINTS_JSON = """
def handler(event, context):
    print('{"level": "debug", "msg": "a debug line"}')
    print('{"level": "Error", "msg": "an error line"}')
    print('{"msg": "no level: INFO"}')
    print("plain text")
"""
ISO_MS = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
JSON_LOGS = {"LogFormat": "JSON"}


def tail(answer: dict[str, Any]) -> list[str]:
    return base64.b64decode(answer["LogResult"]).decode().splitlines()


def records(lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines if line.startswith("{")]


def application(lines: list[str]) -> list[dict[str, Any]]:
    """The function's own JSON records (the platform's have a ``type``)."""
    return [record for record in records(lines) if "type" not in record]


def platform(lines: list[str]) -> list[dict[str, Any]]:
    return [record for record in records(lines) if "type" in record]


def test_logging_records_are_json_as_the_python_runtime_writes_them(create_function: Any, lambda_client: Any) -> None:
    create_function("json-logs", LOGS, LoggingConfig=JSON_LOGS)
    answer = lambda_client.invoke(FunctionName="json-logs", LogType="Tail")
    request_id = answer["ResponseMetadata"]["RequestId"]
    lines = tail(answer)
    assert "plain text stays plain" in lines  # print() is not the logging module: plain text, as AWS documents
    info, warning, error = application(lines)  # ApplicationLogLevel defaults to INFO: no DEBUG record
    assert list(info) == ["timestamp", "level", "message", "logger", "requestId", "orderId", "tags"]
    assert re.fullmatch(ISO_MS, info["timestamp"])
    assert info == {
        "timestamp": info["timestamp"],
        "level": "INFO",
        "message": "an info record formatted",
        "logger": "root",
        "requestId": request_id,
        "orderId": 42,
        "tags": ["a", "b"],
    }
    assert {key: warning[key] for key in ("level", "message", "logger")} == {
        "level": "WARNING",
        "message": "a named logger",
        "logger": "orders",
    }
    assert list(error) == [
        "timestamp",
        "level",
        "message",
        "logger",
        "stackTrace",
        "errorType",
        "errorMessage",
        "requestId",
        "location",
    ]
    assert (error["level"], error["message"], error["errorType"], error["errorMessage"]) == (
        "ERROR",
        "it failed",
        "ValueError",
        "bad value",
    )
    assert error["stackTrace"] == ['  File "/var/task/app.py", line 14, in handler\n    raise ValueError("bad value")\n']
    assert error["location"] == "/var/task/app.py:handler:16"
    # One log event per record, the JSON on one line.
    assert sum(line.startswith('{"timestamp"') for line in lines) == 3


def test_application_log_level_filters_the_logging_module(create_function: Any, lambda_client: Any) -> None:
    create_function("json-errors-only", LOGS, LoggingConfig={**JSON_LOGS, "ApplicationLogLevel": "ERROR"})
    lines = tail(lambda_client.invoke(FunctionName="json-errors-only", LogType="Tail"))
    assert [record["message"] for record in application(lines)] == ["it failed"]
    assert "plain text stays plain" in lines
    create_function("json-trace", LOGS, LoggingConfig={**JSON_LOGS, "ApplicationLogLevel": "TRACE"})
    traced = application(tail(lambda_client.invoke(FunctionName="json-trace", LogType="Tail")))
    # Python's logging has no TRACE: the runtime lets DEBUG records through.
    assert [(record["level"], record["message"]) for record in traced][0] == ("DEBUG", "a debug record 1")
    assert len(traced) == 4


def test_uncaught_error_is_one_json_line(create_function: Any, lambda_client: Any) -> None:
    create_function("json-raises", RAISES, LoggingConfig=JSON_LOGS)
    answer = lambda_client.invoke(FunctionName="json-raises", LogType="Tail")
    request_id = answer["ResponseMetadata"]["RequestId"]
    assert answer["FunctionError"] == "Unhandled"
    (error,) = application(tail(answer))
    assert list(error) == ["timestamp", "level", "errorMessage", "errorType", "requestId", "stackTrace"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", error["timestamp"])  # to the second, as the runtime stamps it
    assert (error["level"], error["errorMessage"], error["errorType"], error["requestId"]) == (
        "ERROR",
        "'missing'",
        "KeyError",
        request_id,
    )
    assert error["stackTrace"] == ['  File "/var/task/app.py", line 3, in handler\n    raise KeyError("missing")\n']
    assert json.loads(answer["Payload"].read()) == {
        "errorMessage": "'missing'",
        "errorType": "KeyError",
        "requestId": request_id,
        "stackTrace": error["stackTrace"],
    }


def test_failed_init_is_logged_in_json(create_function: Any, lambda_client: Any) -> None:
    create_function("json-bad-import", "import not_a_module\n", LoggingConfig=JSON_LOGS)
    answer = lambda_client.invoke(FunctionName="json-bad-import", LogType="Tail")
    errors = [record for record in application(tail(answer)) if record.get("level") == "ERROR"]
    assert errors[0]["errorType"] == "Runtime.ImportModuleError"
    assert errors[0]["errorMessage"] == "Unable to import module 'app': No module named 'not_a_module'"
    assert (errors[0]["requestId"], errors[0]["stackTrace"]) == ("", [])


def test_text_format_is_unchanged(create_function: Any, lambda_client: Any) -> None:
    create_function("text-logs", LOGS)
    answer = lambda_client.invoke(FunctionName="text-logs", LogType="Tail")
    request_id = answer["ResponseMetadata"]["RequestId"]
    lines = tail(answer)
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert lines[-2] == f"END RequestId: {request_id}" and lines[-1].startswith(f"REPORT RequestId: {request_id}\t")
    # The root logger stays at WARNING without a log level: the named logger's warning and the exception only.
    assert re.fullmatch(rf"\[WARNING\]\t{ISO_MS}\t{request_id}\ta named logger", lines[2])
    assert records(lines) == []
