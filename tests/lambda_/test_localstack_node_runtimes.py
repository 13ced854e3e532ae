"""The Node.js runtimes replayed against LocalStack's AWS-validated snapshots (test_lambda_common, test_lambda_runtimes,
test_lambda): what boto3's Invoke answers and what the function's log holds."""

from __future__ import annotations

import base64
import io
import json
import re
import time
import zipfile
from typing import Any

import pytest

from emulator.testing.functions import ROLE, make_zip

NODE_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x"]
REQUEST_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
CONSOLE_LINE = re.compile(rf"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z\t(?P<request>{REQUEST_ID}|undefined|-)\t(?P<level>[A-Z]+)\t(?P<message>.*)$")

# tests/aws/services/lambda_/functions/common/<scenario>/nodejs/src/index.js
ECHO = "exports.handler = async function(event, context) {\n    return event\n};\n"
INTROSPECTION = """exports.handler = async function(event, context) {
    return {environment: process.env, ctx: {
            function_name: context.functionName,
            function_version: context.functionVersion,
            invoked_function_arn: context.invokedFunctionArn,
            memory_limit_in_mb: context.memoryLimitInMb,
            aws_request_id: context.awsRequestId,
            log_group_name: context.logGroupName,
            log_stream_name: context.logStreamName,
            remaining_time_in_millis: context.getRemainingTimeInMillis(),
        }, packages: []}
};
"""
UNCAUGHT_EXCEPTION = "exports.handler = async function(event, context) {\n    throw new Error('Error: ' + event.error_msg);\n};\n"


@pytest.fixture
def node(lambda_client: Any) -> Any:
    """``node(files, runtime, handler="index.handler", **config)``: a Node.js function from ``{path: source}``; its name."""
    created = 0

    def create(files: dict[str, str] | bytes, runtime: str = "nodejs20.x", handler: str = "index.handler", **config: Any) -> str:
        nonlocal created
        created += 1
        name = f"node-sweep-{created}"
        code = files if isinstance(files, bytes) else make_zip(files)
        lambda_client.create_function(FunctionName=name, Role=ROLE, Handler=handler, Runtime=runtime, Code={"ZipFile": code}, **config)
        return name

    return create


def invoke(lambda_client: Any, name: str, payload: bytes | None = b"{}", **options: Any) -> tuple[bytes, str | None, list[str]]:
    """(the raw payload, FunctionError, the log tail's lines)."""
    arguments: dict[str, Any] = {"FunctionName": name, "LogType": "Tail", **options}
    if payload is not None:
        arguments["Payload"] = payload
    answer = lambda_client.invoke(**arguments)
    tail = base64.b64decode(answer["LogResult"]).decode()
    return answer["Payload"].read(), answer.get("FunctionError"), tail.splitlines()


def console_lines(lines: list[str]) -> list[dict[str, str]]:
    return [match.groupdict() for line in lines if (match := CONSOLE_LINE.match(line))]


# LocalStack's AWS-validated snapshot test_lambda_common.snapshot.json::test_echo_invoke[nodejs20.x] (the test's requests)
@pytest.mark.parametrize("runtime", NODE_RUNTIMES)
def test_echo_invoke_answers_every_json_value_as_sent(lambda_client: Any, node: Any, runtime: str) -> None:
    name = node({"index.js": ECHO}, runtime, MemorySize=1024, Timeout=5)
    payloads: list[Any] = [
        {"hello": "world"},
        {"hello": "'\" some other ''\"\" quotes, a emoji 🥳 and some brackets {[}}[([]))"},
        {"hello": "obi wan!" * 128 * 1024 * 5},
        True,
        False,
        None,
        [1, 2],
        1,
    ]
    for payload in payloads:
        body, error, _ = invoke(lambda_client, name, json.dumps(payload).encode())
        assert (json.loads(body), error) == (payload, None)
    body, error, _ = invoke(lambda_client, name, None)  # no payload at all: the handler gets {}
    assert (json.loads(body), error) == ({}, None)


# LocalStack's AWS-validated snapshot test_lambda_common.snapshot.json::test_introspection_invoke[nodejs20.x]
def test_introspection_invoke_context_and_environment(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": INTROSPECTION}, MemorySize=1024, Environment={"Variables": {"TEST_KEY": "TEST_VAL"}})
    arn = lambda_client.get_function(FunctionName=name)["Configuration"]["FunctionArn"]
    for target, invoked_arn in [(name, arn), (f"{arn}:$LATEST", f"{arn}:$LATEST")]:
        body, error, _ = invoke(lambda_client, target, b'{"simple": "payload"}')
        assert error is None
        result = json.loads(body)
        assert result["packages"] == []
        context = result["ctx"]
        # context.memoryLimitInMb is not a member (it is memoryLimitInMB): the key is absent, as AWS recorded
        assert sorted(context) == [
            "aws_request_id",
            "function_name",
            "function_version",
            "invoked_function_arn",
            "log_group_name",
            "log_stream_name",
            "remaining_time_in_millis",
        ]
        assert (context["function_name"], context["function_version"], context["invoked_function_arn"]) == (name, "$LATEST", invoked_arn)
        assert context["log_group_name"] == f"/aws/lambda/{name}"
        assert re.fullmatch(REQUEST_ID, context["aws_request_id"])
        assert 0 < context["remaining_time_in_millis"] <= 3000
        environment = result["environment"]
        assert environment["AWS_LAMBDA_LOG_STREAM_NAME"] == context["log_stream_name"]
        assert {key: environment.get(key) for key in RECORDED_ENVIRONMENT} == RECORDED_ENVIRONMENT
        assert "NODE_EXTRA_CA_CERTS" not in environment  # nodejs20.x sets none (nodejs12.x did)
        assert environment["_X_AMZN_TRACE_ID"].startswith("Root=1-")


RECORDED_ENVIRONMENT = {
    "AWS_EXECUTION_ENV": "AWS_Lambda_nodejs20.x",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
    "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
    "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
    "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    "LANG": "en_US.UTF-8",
    "SHLVL": "0",
    "TEST_KEY": "TEST_VAL",
    "TZ": ":UTC",
    "_AWS_XRAY_DAEMON_PORT": "2000",
    "_HANDLER": "index.handler",
}


# LocalStack's AWS-validated snapshot test_lambda_common.snapshot.json::test_uncaught_exception_invoke[nodejs20.x];
# the log line as AWS's Node.js errors guide shows it ("Invoke Error", the error's members, stack on /var/task)
@pytest.mark.parametrize("runtime", NODE_RUNTIMES)
def test_uncaught_exception_payload_and_log_line(lambda_client: Any, node: Any, runtime: str) -> None:
    name = node({"index.js": UNCAUGHT_EXCEPTION}, runtime, MemorySize=1024)
    body, error, tail = invoke(lambda_client, name, b'{"error_msg": "some_error_msg"}')
    assert error == "Unhandled"
    payload = json.loads(body)
    assert list(payload) == ["errorType", "errorMessage", "trace"]
    assert (payload["errorType"], payload["errorMessage"]) == ("Error", "Error: some_error_msg")
    assert payload["trace"][:2] == ["Error: Error: some_error_msg", "    at exports.handler (/var/task/index.js:2:11)"]
    [logged] = [line for line in console_lines(tail) if line["level"] == "ERROR"]
    label, _, document = logged["message"].partition(" \t")
    assert label == "Invoke Error"
    shown = json.loads(document)
    assert list(shown) == ["errorType", "errorMessage", "stack"]
    assert shown["stack"] == payload["trace"]
    assert all("/var/runtime/index.mjs" in frame for frame in shown["stack"] if "index.mjs" in frame)


# AWS's Node.js runtime (aws-lambda-nodejs-runtime-interface-client, Errors.js / index.mjs): an unhandled rejection is
# logged with its reason and promise as the error's own members; the runtime's error names are not own members
def test_unhandled_rejection_log_line_names_reason_and_promise(lambda_client: Any, node: Any) -> None:
    source = "exports.handler = async () => { Promise.reject(new Error('rejected')); await new Promise((r) => setTimeout(r, 200)); };"
    body, error, tail = invoke(lambda_client, node({"index.js": source}))
    payload = json.loads(body)
    assert (error, payload["errorType"], payload["errorMessage"]) == ("Unhandled", "Runtime.UnhandledPromiseRejection", "Error: rejected")
    [logged] = [line for line in console_lines(tail) if line["level"] == "ERROR"]
    label, _, document = logged["message"].partition(" \t")
    shown = json.loads(document)
    assert label == "Unhandled Promise Rejection"
    assert list(shown) == ["errorType", "errorMessage", "reason", "promise", "stack"]
    assert shown["reason"]["errorType"] == "Error"
    assert shown["reason"]["stack"][1] == "    at exports.handler (/var/task/index.js:1:48)"
    assert shown["promise"] == {}


def test_init_errors_log_under_an_undefined_request_id_without_the_error_name_as_a_member(lambda_client: Any, node: Any) -> None:
    # AWS's runtime logs init errors before any invocation: the request id is undefined
    body, error, tail = invoke(lambda_client, node({"index.js": "exports.other = 1;"}))
    assert (error, json.loads(body)["errorType"]) == ("Unhandled", "Runtime.HandlerNotFound")
    [logged] = [line for line in console_lines(tail) if line["level"] == "ERROR"]
    assert logged["request"] == "undefined"
    label, _, document = logged["message"].partition(" \t")
    assert (label, list(json.loads(document))) == ("Uncaught Exception", ["errorType", "errorMessage", "stack"])
    assert re.search(r"\tMax Memory Used: [1-9]\d* MB\t.*Status: error\tError Type: Runtime.HandlerNotFound$", tail[-1])


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_invocation_with_logs[nodejs16.x]
# (functions/lambda_echo.js; the same runtime client logs for nodejs20.x)
def test_invocation_with_logs_tail(lambda_client: Any, node: Any) -> None:
    source = "exports.handler = async function(event, context) {\n\tconsole.log(event);\n\treturn event;\n};\n"
    name = node({"lambda_echo.js": source}, handler="lambda_echo.handler")
    body, error, tail = invoke(lambda_client, name, b"{}")
    assert (json.loads(body), error) == ({}, None)
    start, line, end, report = tail
    request_id = re.fullmatch(rf"START RequestId: ({REQUEST_ID}) Version: \$LATEST", start).group(1)
    assert CONSOLE_LINE.match(line).groupdict() == {"request": request_id, "level": "INFO", "message": "{}"}
    assert end == f"END RequestId: {request_id}"
    assert re.fullmatch(
        rf"REPORT RequestId: {request_id}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB"
        r"\tMax Memory Used: [1-9]\d* MB\tInit Duration: [\d.]+ ms\t",
        report,
    )


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_invocation_type_event[nodejs16.x]
def test_event_invocation_answers_202_and_logs_the_event(lambda_client: Any, logs_client: Any, node: Any) -> None:
    source = "exports.handler = async function(event, context) {\n\tconsole.log(event);\n\treturn event;\n};\n"
    name = node({"lambda_echo.js": source}, handler="lambda_echo.handler")
    answer = lambda_client.invoke(FunctionName=name, Payload=b"{}", InvocationType="Event")
    assert (answer["StatusCode"], answer["Payload"].read()) == (202, b"")
    deadline = time.monotonic() + 10
    messages: list[str] = []
    while time.monotonic() < deadline and not any(m.startswith("REPORT") for m in messages):
        time.sleep(0.1)
        try:
            events = logs_client.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]
        except logs_client.exceptions.ResourceNotFoundException:  # the queued invocation has not logged yet
            continue
        messages = [event["message"] for event in events]
    assert any(re.fullmatch(rf"\S+\t{REQUEST_ID}\tINFO\t\{{\}}\n?", message) for message in messages)


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_lambda_cache_local[nodejs]
def test_module_state_survives_between_invocations(lambda_client: Any, node: Any) -> None:
    source = "let counter = 0;\nexports.handler = async () => ({ counter: counter++ });\n"
    name = node({"lambda_cache.js": source}, handler="lambda_cache.handler")
    assert [json.loads(invoke(lambda_client, name)[0]) for _ in range(2)] == [{"counter": 0}, {"counter": 1}]


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_lambda_with_context (nodejs20.x, 2026-01-27)
def test_context_serializes_in_aws_member_order(lambda_client: Any, node: Any) -> None:
    name = node({"lambda_integration.js": "exports.handler = async (event, context) => ({ context });"}, handler="lambda_integration.handler")
    client_context = {"custom": {"foo": "bar"}, "client": {"snap": ["crackle", "pop"]}, "env": {"fizz": "buzz"}}
    encoded = base64.b64encode(json.dumps(client_context).encode()).decode()
    answer = lambda_client.invoke(FunctionName=name, Payload=b"{}", ClientContext=encoded)
    context = json.loads(answer["Payload"].read())["context"]
    assert list(context) == [
        "callbackWaitsForEmptyEventLoop",
        "functionVersion",
        "functionName",
        "memoryLimitInMB",
        "logGroupName",
        "logStreamName",
        "clientContext",
        "invokedFunctionArn",
        "awsRequestId",
    ]
    assert (context["callbackWaitsForEmptyEventLoop"], context["memoryLimitInMB"], context["clientContext"]) == (True, "128", client_context)


# AWS's runtime client for nodejs24.x (aws-lambda-nodejs-runtime-interface-client, context-builder.ts) builds the
# invocation's members first, then the environment's; there is no callbackWaitsForEmptyEventLoop
def test_nodejs24_context_member_order(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": "exports.handler = async (event, context) => ({ context });"}, "nodejs24.x")
    context = json.loads(invoke(lambda_client, name)[0])["context"]
    assert list(context) == [
        "invokedFunctionArn",
        "awsRequestId",
        "xRayTraceId",
        "functionName",
        "functionVersion",
        "memoryLimitInMB",
        "logGroupName",
        "logStreamName",
    ]


# LocalStack's AWS-validated snapshot test_lambda_runtimes.snapshot.json::test_invoke_nodejs_es6_lambda[nodejs20.x/22.x/24.x]
@pytest.mark.parametrize("runtime", NODE_RUNTIMES)
def test_es6_module_handler(lambda_client: Any, node: Any, runtime: str) -> None:
    source = "export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify('response from localstack lambda: ' + JSON.stringify(event)) });"
    name = node({"lambda_handler_es6.mjs": source}, runtime, handler="lambda_handler_es6.handler", Timeout=30)
    body, error, _ = invoke(lambda_client, name, b'{"event_type": "test_lambda"}')
    assert error is None
    assert json.loads(body) == {"statusCode": 200, "body": '"response from localstack lambda: {\\"event_type\\":\\"test_lambda\\"}"'}


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_lambda_invoke_with_timeout (its payload and log
# lines); REPORT's Max Memory Used is the environment's, not 0
def test_timeout_payload_and_log(lambda_client: Any, node: Any) -> None:
    source = (
        "exports.handler = async (e) => { console.log('starting wait'); "
        "await new Promise((r) => setTimeout(r, e.wait * 1000)); console.log('done waiting'); };"
    )
    body, error, tail = invoke(lambda_client, node({"index.js": source}, Timeout=1), b'{"wait": 2}')
    payload = json.loads(body)
    assert error == "Unhandled"
    assert list(payload) == ["errorType", "errorMessage"]
    assert payload["errorType"] == "Sandbox.Timedout"
    request_id = re.fullmatch(rf"RequestId: ({REQUEST_ID}) Error: Task timed out after 1\.00 seconds", payload["errorMessage"]).group(1)
    assert [line["message"] for line in console_lines(tail)] == ["starting wait"]
    assert any(re.fullmatch(rf"\S+Z {request_id} Task timed out after 1\.00 seconds", line) for line in tail)
    assert re.search(r"\tMax Memory Used: [1-9]\d* MB\t.*Status: timeout$", tail[-1])


def _zip_with_wrapper(files: dict[str, str], wrapper: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, source in files.items():
            archive.writestr(path, source)
        info = zipfile.ZipInfo("environment_wrapper")
        info.external_attr = 0o100755 << 16
        archive.writestr(info, wrapper)
    return buffer.getvalue()


# LocalStack's AWS-validated snapshot test_lambda_common.snapshot.json::test_runtime_wrapper_invoke[nodejs20.x]
def test_runtime_wrapper_script_runs_the_runtime(lambda_client: Any, node: Any) -> None:
    wrapper = '#!/bin/bash\n          export WRAPPER_VAR=test-value-1\n          exec "$@"\n        '
    code = _zip_with_wrapper({"index.js": INTROSPECTION}, wrapper)
    name = node(code, MemorySize=1024, Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/environment_wrapper"}})
    body, error, _ = invoke(lambda_client, name, b'{"simple": "payload"}')
    assert error is None
    assert json.loads(body)["environment"]["WRAPPER_VAR"] == "test-value-1"


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_lambda_runtime_wrapper_not_found
def test_missing_runtime_wrapper_exits_with_status_127(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": ECHO}, Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/idontexist.sh"}})
    body, error, _ = invoke(lambda_client, name, None)
    payload = json.loads(body)
    assert error == "Unhandled"
    assert list(payload) == ["errorType", "errorMessage"]
    assert payload["errorType"] == "Runtime.ExitError"
    assert re.fullmatch(rf"RequestId: {REQUEST_ID} Error: Runtime exited with error: exit status 127", payload["errorMessage"])


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::test_lambda_too_large_response (replayed on nodejs20.x):
# the answer is refused each time, and what the handler logged is kept
def test_too_large_response(lambda_client: Any, node: Any) -> None:
    source = "exports.handler = async (e) => { console.log('generating bytes'); return 'a'.repeat(e.bytenum); };"
    name = node({"index.js": source})
    for _ in range(2):
        body, error, tail = invoke(lambda_client, name, json.dumps({"bytenum": 7 * 1024 * 1024}).encode())
        assert error == "Unhandled"
        assert json.loads(body) == {
            "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
            "errorType": "Function.ResponseSizeTooLarge",
        }
        assert [line["message"] for line in console_lines(tail)] == ["generating bytes"]
    body, error, _ = invoke(lambda_client, name, json.dumps({"bytenum": 6 * 1024 * 1024}).encode())
    assert (error, len(json.loads(body))) == (None, 6 * 1024 * 1024)


# A promise the handler leaves to reject after it returned: the answer stands, the rejection is logged within the
# invocation and the next one gets a new environment (aws-lambda-base-images#392, its nodejs22.x capture)
@pytest.mark.parametrize("runtime", ["nodejs20.x", "nodejs22.x"])
def test_rejection_after_the_handler_returned(lambda_client: Any, node: Any, runtime: str) -> None:
    source = (
        'async function hello() {\n  throw new Error("HelloError");\n}\n\n'
        'export const handler = async (event) => {\n  hello(); // No await here\n\n  return "Hello from Lambda!";\n};\n'
    )
    name = node({"index.mjs": source}, runtime)
    for _ in range(2):
        body, error, tail = invoke(lambda_client, name)
        assert (json.loads(body), error) == ("Hello from Lambda!", None)
        start, logged, end, report = tail
        request_id = start.split()[2]
        line = CONSOLE_LINE.match(logged).groupdict()
        assert (line["request"], line["level"]) == (request_id, "ERROR")
        assert line["message"].startswith(
            'Unhandled Promise Rejection \t{"errorType":"Runtime.UnhandledPromiseRejection","errorMessage":"Error: HelloError",'
            '"reason":{"errorType":"Error","errorMessage":"HelloError",'
        )
        assert end == f"END RequestId: {request_id}"
        assert "\tInit Duration: " in report  # the runtime ended after answering: each invocation starts one anew


# nodejs24.x runs AWS's newer runtime client (aws-lambda-nodejs-runtime-interface-client: runtime-setup.ts logs a
# failed init as "Init Error"; errors.ts sets each runtime error's name on the error itself)
def test_nodejs24_init_error_log_line(lambda_client: Any, node: Any) -> None:
    body, error, tail = invoke(lambda_client, node({"index.js": "exports.other = 1;"}, "nodejs24.x"))
    assert (error, json.loads(body)["errorType"]) == ("Unhandled", "Runtime.HandlerNotFound")
    [logged] = [line for line in console_lines(tail) if line["level"] == "ERROR"]
    assert logged["request"] == "-"  # no invocation in the newer client's invoke store yet
    label, _, document = logged["message"].partition(" \t")
    shown = json.loads(document)
    assert (label, list(shown)) == ("Init Error", ["errorType", "errorMessage", "name", "stack"])
    assert shown["name"] == shown["errorType"] == "Runtime.HandlerNotFound"


# AWS's runtime clients fail an answer JSON cannot hold like a thrown error, "Invoke Error" line included:
# Runtime.JSONStringifyError from nodejs24.x's (serialize.ts, buffered-invoke-processor.ts), a plain Error before
@pytest.mark.parametrize(("runtime", "error_type"), [("nodejs20.x", "Error"), ("nodejs24.x", "Runtime.JSONStringifyError")])
def test_unserializable_result_is_an_invoke_error(lambda_client: Any, node: Any, runtime: str, error_type: str) -> None:
    source = "exports.handler = async () => { const loop = {}; loop.self = loop; return loop; };"
    body, error, tail = invoke(lambda_client, node({"index.js": source}, runtime))
    payload = json.loads(body)
    assert (error, payload["errorType"], payload["errorMessage"]) == ("Unhandled", error_type, "Unable to stringify response body")
    [logged] = [line for line in console_lines(tail) if line["level"] == "ERROR"]
    assert logged["message"].startswith(f'Invoke Error \t{{"errorType":"{error_type}","errorMessage":"Unable to stringify response body"')
