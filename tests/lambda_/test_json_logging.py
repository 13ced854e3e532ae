"""LoggingConfig LogFormat JSON: the Python runtime's JSON records, the platform's JSON records, the log levels;
and NODE_PATH as AWS sets it for Node.js runtimes.

Shapes as AWS writes them: the Python runtime's JSON formatter and uncaught-error line (awslambdaric), the
Telemetry API records Lambda writes to CloudWatch in JSON format (recorded examples: platform.start
{"requestId","version"}, platform.runtimeDone {"requestId","status","metrics":{"durationMs","producedBytes"}},
platform.report {"requestId","metrics":{...},"status"}), at the levels the log-level filtering guide gives
them (start INFO; runtimeDone DEBUG, WARN on failure; report INFO, WARN on failure).
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from lambda_helpers import ROLE, make_zip

from emulator.testing.process import wait_until

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
    """The log tail's events: its lines, an uncaught error's object (no newline after it, as on AWS) cut from what follows."""
    events = []
    for line in base64.b64decode(answer["LogResult"]).decode().splitlines():
        while line.startswith("{"):
            end = json.JSONDecoder().raw_decode(line)[1]
            if end == len(line):
                break
            events.append(line[:end])
            line = line[end:]
        events.append(line)
    return events


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
    assert "plain text stays plain" not in lines  # a line without a level is INFO to the platform
    create_function("json-trace", LOGS, LoggingConfig={**JSON_LOGS, "ApplicationLogLevel": "TRACE"})
    traced = application(tail(lambda_client.invoke(FunctionName="json-trace", LogType="Tail")))
    # Python's logging has no TRACE: the runtime lets DEBUG records through.
    assert [(record["level"], record["message"]) for record in traced][0] == ("DEBUG", "a debug record 1")
    assert len(traced) == 4


def test_the_platform_filters_json_lines_by_their_level_field(create_function: Any, lambda_client: Any) -> None:
    create_function("json-prints", PRINTS_JSON, LoggingConfig={**JSON_LOGS, "ApplicationLogLevel": "WARN"})
    lines = tail(lambda_client.invoke(FunctionName="json-prints", LogType="Tail"))
    assert [line for line in lines if not line.startswith('{"time"')] == ['{"level": "Error", "msg": "an error line"}']
    create_function("json-prints-info", PRINTS_JSON, LoggingConfig=JSON_LOGS)
    lines = tail(lambda_client.invoke(FunctionName="json-prints-info", LogType="Tail"))
    assert [record["msg"] for record in application(lines)] == ["an error line", "no level: INFO"]
    assert "plain text" in lines


def test_uncaught_error_is_one_json_line(create_function: Any, lambda_client: Any) -> None:
    create_function("json-raises", RAISES, LoggingConfig=JSON_LOGS)
    answer = lambda_client.invoke(FunctionName="json-raises", LogType="Tail")
    request_id = answer["ResponseMetadata"]["RequestId"]
    assert answer["FunctionError"] == "Unhandled"
    warning, error = application(tail(answer))
    # AWS's runtime warns through the root logger before each unhandled error
    assert (warning["level"], warning["logger"], warning["requestId"]) == ("WARNING", "root", request_id)
    assert warning["message"].startswith("LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code.")
    assert list(error) == ["timestamp", "level", "errorMessage", "errorType", "requestId", "stackTrace"]
    # To the second and without a zone: AWS's Python runtime client formats it with its _DATETIME_FORMAT (bootstrap.py log_error)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", error["timestamp"])
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


def test_platform_lines_are_telemetry_records(create_function: Any, lambda_client: Any) -> None:
    logging_config = {**JSON_LOGS, "SystemLogLevel": "DEBUG"}
    arn = create_function("json-platform", LOGS, LoggingConfig=logging_config, MemorySize=256)["FunctionArn"]
    first = lambda_client.invoke(FunctionName="json-platform", LogType="Tail")
    request_id = first["ResponseMetadata"]["RequestId"]
    lines = tail(first)
    assert not any(line.startswith(("START", "END", "REPORT")) for line in lines)
    start, done, report = platform(lines)
    assert json.loads(lines[0]) == start and json.loads(lines[-1]) == report and json.loads(lines[-2]) == done
    assert list(start) == ["time", "type", "record"] and re.fullmatch(ISO_MS, start["time"])
    assert start["type"] == "platform.start"
    assert start["record"] == {"requestId": request_id, "version": "$LATEST"}
    assert done["type"] == "platform.runtimeDone"
    assert list(done["record"]) == ["requestId", "status", "metrics"]
    assert (done["record"]["requestId"], done["record"]["status"]) == (request_id, "success")
    assert list(done["record"]["metrics"]) == ["durationMs", "producedBytes"]
    assert done["record"]["metrics"]["producedBytes"] == len(b'"ok"')
    assert report["type"] == "platform.report"
    assert list(report["record"]) == ["requestId", "metrics", "status"]
    metrics = report["record"]["metrics"]
    assert list(metrics) == ["durationMs", "billedDurationMs", "memorySizeMB", "maxMemoryUsedMB", "initDurationMs"]
    assert (report["record"]["requestId"], report["record"]["status"]) == (request_id, "success")
    assert metrics["memorySizeMB"] == 256 and metrics["billedDurationMs"] >= metrics["durationMs"]
    assert isinstance(metrics["maxMemoryUsedMB"], int) and metrics["initDurationMs"] > 0
    # Warm: no init duration any more.
    warm = platform(tail(lambda_client.invoke(FunctionName=arn, LogType="Tail")))[-1]
    assert "initDurationMs" not in warm["record"]["metrics"]


def test_platform_records_reach_cloudwatch_one_event_each(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("json-cloudwatch", LOGS, LoggingConfig=JSON_LOGS)
    answer = lambda_client.invoke(FunctionName="json-cloudwatch", LogType="Tail")
    group = "/aws/lambda/json-cloudwatch"

    def messages() -> list[str]:
        streams = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
        events = logs_client.get_log_events(logGroupName=group, logStreamName=streams[0]["logStreamName"], startFromHead=True)
        found = [event["message"] for event in events["events"]]
        return found if found and '"platform.report"' in found[-1] else []

    init_start, *rest = [message.rstrip("\n") for message in wait_until(messages)]
    assert rest == tail(answer)
    record = json.loads(init_start)
    arn = lambda_client.get_function_configuration(FunctionName="json-cloudwatch")["RuntimeVersionConfig"]["RuntimeVersionArn"]
    assert record["type"] == "platform.initStart"
    assert record["record"] == {
        "initializationType": "on-demand",
        "phase": "init",
        "runtimeVersion": record["record"]["runtimeVersion"],
        "runtimeVersionArn": arn,
    }
    assert re.fullmatch(r"python:3\.\d+\.v\d+", record["record"]["runtimeVersion"])


def test_failed_invocations_report_their_status(create_function: Any, lambda_client: Any) -> None:
    create_function("json-failing", RAISES, LoggingConfig=JSON_LOGS)
    done, report = platform(tail(lambda_client.invoke(FunctionName="json-failing", LogType="Tail")))[1:]
    assert (done["record"]["status"], report["record"]["status"]) == ("error", "error")
    create_function("json-slow", SLEEPS, LoggingConfig=JSON_LOGS, Timeout=1)
    answer = lambda_client.invoke(FunctionName="json-slow", LogType="Tail")
    done, report = platform(tail(answer))[1:]
    assert (done["record"]["status"], report["record"]["status"]) == ("timeout", "timeout")
    assert done["record"]["metrics"]["producedBytes"] == 0
    assert report["record"]["metrics"]["durationMs"] == 1000.0


def types(answer: dict[str, Any]) -> list[str]:
    return [record["type"] for record in platform(tail(answer))]


def test_system_log_level_filters_the_platform_records_by_their_level(create_function: Any, lambda_client: Any) -> None:
    create_function("json-info", LOGS, LoggingConfig=JSON_LOGS)  # SystemLogLevel INFO: runtimeDone is DEBUG
    assert types(lambda_client.invoke(FunctionName="json-info", LogType="Tail")) == ["platform.start", "platform.report"]
    create_function("json-info-fails", RAISES, LoggingConfig=JSON_LOGS)  # a failure's runtimeDone is WARN
    failed = types(lambda_client.invoke(FunctionName="json-info-fails", LogType="Tail"))
    assert failed == ["platform.start", "platform.runtimeDone", "platform.report"]
    create_function("json-quiet", LOGS, LoggingConfig={**JSON_LOGS, "SystemLogLevel": "WARN"})
    lines = tail(lambda_client.invoke(FunctionName="json-quiet", LogType="Tail"))
    assert platform(lines) == []
    assert [record["level"] for record in application(lines)] == ["INFO", "WARNING", "ERROR"]
    create_function("json-quiet-fails", RAISES, LoggingConfig={**JSON_LOGS, "SystemLogLevel": "WARN"})
    quiet_failure = types(lambda_client.invoke(FunctionName="json-quiet-fails", LogType="Tail"))
    assert quiet_failure == ["platform.runtimeDone", "platform.report"]


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


NODE_ENV = """
exports.handler = async () => ({
  nodePath: process.env.NODE_PATH,
  runtimeDir: process.env.LAMBDA_RUNTIME_DIR,
  taskRoot: process.env.LAMBDA_TASK_ROOT,
  which: require('which'),
});
"""


def test_node_path_is_aws_s_with_layers_later_first(lambda_client: Any) -> None:
    def layer(name: str) -> str:
        files = {
            "nodejs/node_modules/which/index.js": f"module.exports = '{name}';",
            f"nodejs/node22/node_modules/{name}-only/index.js": "module.exports = 1;",
        }
        return lambda_client.publish_layer_version(LayerName=name, Content={"ZipFile": make_zip(files)})["LayerVersionArn"]

    first, second = layer("first"), layer("second")
    lambda_client.create_function(
        FunctionName="node-path",
        Runtime="nodejs22.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": NODE_ENV})},
        Layers=[first, second],
    )
    answer = json.loads(lambda_client.invoke(FunctionName="node-path")["Payload"].read())
    entries = answer["nodePath"].split(":")
    assert len(entries) == 7
    assert [entry.rsplit("/nodejs/", 1)[1] for entry in entries[:4]] == ["node22/node_modules"] * 2 + ["node_modules"] * 2
    second_folder, first_folder = (entry.rsplit("/nodejs/", 1)[0] for entry in entries[:2])
    assert entries[2:4] == [f"{second_folder}/nodejs/node_modules", f"{first_folder}/nodejs/node_modules"]
    # /var/runtime/node_modules (the AWS SDK's folder), /var/runtime, /var/task.
    assert entries[4].endswith("/node_modules") and entries[5:] == [answer["runtimeDir"], answer["taskRoot"]]
    assert answer["which"] == "second"  # extracted last into /opt on AWS: its file wins
