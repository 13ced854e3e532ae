"""The Node.js runtime as AWS's nodejs20.x runs handlers: forms, ES modules, init and invoke errors, logs, context, environment."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import pytest

from emulator.testing.functions import ROLE, make_zip

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t(?P<request>[0-9a-f-]{36})\t(?P<level>[A-Z]+)\t(?P<message>.*)$")


@pytest.fixture
def node(lambda_client: Any) -> Any:
    """``node(files, handler="index.handler", **config)``: a nodejs20.x function (unless ``Runtime`` says otherwise); its name."""
    created = 0

    def create(files: dict[str, str], handler: str = "index.handler", **config: Any) -> str:
        nonlocal created
        created += 1
        name = f"node-{created}"
        config.setdefault("Runtime", "nodejs20.x")
        lambda_client.create_function(FunctionName=name, Role=ROLE, Handler=handler, Code={"ZipFile": make_zip(files)}, **config)
        return name

    return create


def invoke(lambda_client: Any, name: str, event: Any = None) -> tuple[Any, str | None, str]:
    """(the decoded payload, FunctionError, the log tail)."""
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event or {}), LogType="Tail")
    return json.loads(answer["Payload"].read()), answer.get("FunctionError"), base64.b64decode(answer["LogResult"]).decode()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("exports.handler = async (event) => ({ form: 'async', n: event.n });", {"form": "async", "n": 1}),
        ("exports.handler = (event, context, callback) => callback(null, { form: 'callback' });", {"form": "callback"}),
        ("exports.handler = (event) => Promise.resolve({ form: 'promise' });", {"form": "promise"}),
        ("exports.handler = (event, context) => { context.succeed({ form: 'succeed' }); };", {"form": "succeed"}),
        ("exports.handler = (event, context, callback) => { callback(null, 'first'); callback(null, 'second'); };", "first"),
        ("exports.handler = function (event) { return { ignored: true }; };", None),  # a plain return value is not the result
        ("exports.nested = { deeper: { handler: async () => 'nested' } };", "nested"),
    ],
)
def test_handler_forms(lambda_client: Any, node: Any, source: str, expected: Any) -> None:
    handler = "index.nested.deeper.handler" if "nested" in source else "index.handler"
    name = node({"index.js": source}, handler)
    assert invoke(lambda_client, name, {"n": 1})[:2] == (expected, None)


WAITS_FOR_TIMER = """
let fired = 0;
exports.handler = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = event.wait;
  const seen = fired;
  setTimeout(() => { fired += 1; }, 400);
  callback(null, { seen });
};
"""


def test_callback_waits_for_the_empty_event_loop_unless_told_not_to(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": WAITS_FOR_TIMER})
    invoke(lambda_client, name, {"wait": False})  # warm: the first call pays for starting node
    started = time.perf_counter()
    assert invoke(lambda_client, name, {"wait": False})[0] == {"seen": 0}
    assert time.perf_counter() - started < 0.35  # answered before the timer fired
    time.sleep(0.5)
    started = time.perf_counter()
    assert invoke(lambda_client, name, {"wait": True})[0] == {"seen": 2}
    assert time.perf_counter() - started >= 0.4  # answered once the timer ran


@pytest.mark.parametrize(
    "files",
    [
        {"index.mjs": "const config = await Promise.resolve({ greeting: 'hi' });\nexport const handler = async () => config.greeting;"},
        {"package.json": '{"type": "module"}', "index.js": "export const handler = async () => 'hi';"},
        {"index.cjs": "exports.handler = async () => 'hi';"},
        {"src/app.mjs": "export const handler = async () => 'hi';"},
    ],
    ids=["mjs-top-level-await", "type-module", "cjs", "subfolder"],
)
def test_module_kinds(lambda_client: Any, node: Any, files: dict[str, str]) -> None:
    handler = "src/app.handler" if "src/app.mjs" in files else "index.handler"
    assert invoke(lambda_client, node(files, handler))[:2] == ("hi", None)


def test_handler_not_exported(lambda_client: Any, node: Any) -> None:
    payload, error, log = invoke(lambda_client, node({"index.js": "exports.other = async () => 1;"}))
    assert error == "Unhandled"
    assert payload["errorType"] == "Runtime.HandlerNotFound"
    assert payload["errorMessage"] == "index.handler is undefined or not exported"
    assert payload["trace"][0] == "Runtime.HandlerNotFound: index.handler is undefined or not exported"
    assert "\tundefined\tERROR\tUncaught Exception \t" in log
    assert '"errorType":"Runtime.HandlerNotFound"' in log


def test_handler_not_a_function(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"index.js": "exports.handler = 42;"}))[0]
    assert (payload["errorType"], payload["errorMessage"]) == ("Runtime.HandlerNotFound", "index.handler is not a function")


def test_missing_handler_module(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"other.js": "exports.handler = async () => 1;"}))[0]
    assert payload["errorType"] == "Runtime.ImportModuleError"
    assert payload["errorMessage"] == "Error: Cannot find module 'index'\nRequire stack:\n- /var/runtime/index.mjs"


def test_missing_dependency(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"index.js": "const x = require('left-pad');\nexports.handler = async () => x;"}))[0]
    assert payload["errorType"] == "Runtime.ImportModuleError"
    assert payload["errorMessage"] == (
        "Error: Cannot find module 'left-pad'\nRequire stack:\n- /var/task/index.js\n- /var/runtime/index.mjs"
    )


def test_missing_package_in_an_es_module(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"index.mjs": "import x from 'left-pad';\nexport const handler = async () => x;"}))[0]
    assert (payload["errorType"], payload["errorMessage"]) == ("Error", "Cannot find package 'left-pad' imported from /var/task/index.mjs")


def test_async_handler_that_never_settles(lambda_client: Any, node: Any) -> None:
    payload, error, _ = invoke(lambda_client, node({"index.js": "exports.handler = async () => new Promise(() => {});"}))
    assert error == "Unhandled"
    assert payload["errorType"] == "Runtime.NodeJsExit"
    assert payload["errorMessage"].startswith("The Lambda runtime client detected an unexpected Node.js exit code.")


def test_syntax_error(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"index.js": "exports.handler = async () => {;"}))[0]
    assert payload["errorType"] == "Runtime.UserCodeSyntaxError"
    assert payload["errorMessage"].startswith("SyntaxError: ")


def test_malformed_handler_name(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"index.js": "exports.handler = async () => 1;"}, "index"))[0]
    assert (payload["errorType"], payload["errorMessage"]) == ("Runtime.MalformedHandlerName", "Bad handler")


def test_error_thrown_at_init(lambda_client: Any, node: Any) -> None:
    payload = invoke(lambda_client, node({"index.js": "throw new RangeError('bad config');"}))[0]
    assert (payload["errorType"], payload["errorMessage"]) == ("RangeError", "bad config")
    assert payload["trace"][0] == "RangeError: bad config"
    assert payload["trace"][1].startswith("    at Object.<anonymous> (/var/task/index.js:1:")


THROWS = """
class OrderError extends Error {
  constructor(message) { super(message); this.name = 'OrderError'; this.orderId = 7; }
}
exports.handler = async (event) => {
  if (event.kind === 'string') throw 'plain text';
  if (event.kind === 'callback') return new Promise(() => { throw new Error('never'); });
  throw new OrderError('out of stock');
};
"""


def test_thrown_errors(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": THROWS})
    payload, error, log = invoke(lambda_client, name)
    assert error == "Unhandled"
    assert (payload["errorType"], payload["errorMessage"]) == ("OrderError", "out of stock")
    assert payload["trace"][0] == "OrderError: out of stock"
    assert payload["trace"][1].startswith("    at exports.handler (/var/task/index.js:")
    invoke_error = next(line for line in log.splitlines() if "Invoke Error" in line)
    request_id = LOG_LINE.match(invoke_error)["request"]  # type: ignore[index]
    document = json.loads(invoke_error.split("Invoke Error \t", 1)[1])
    assert document["errorType"] == "OrderError" and document["orderId"] == 7 and document["stack"][0] == "OrderError: out of stock"
    assert f"END RequestId: {request_id}" in log
    payload = invoke(lambda_client, name, {"kind": "string"})[0]
    assert payload == {"errorType": "string", "errorMessage": "plain text", "trace": []}


CONSOLE = """
exports.handler = async () => {
  console.log('log %s', 'formatted', { a: 1 });
  console.info('info');
  console.warn('warn');
  console.error('error');
  console.debug('debug');
  console.log('two\\nlines');
  return 'ok';
};
"""


def test_console_lines_carry_timestamp_request_id_and_level(lambda_client: Any, node: Any) -> None:
    answer = lambda_client.invoke(FunctionName=node({"index.js": CONSOLE}), LogType="Tail")
    log = base64.b64decode(answer["LogResult"]).decode()
    request_id = answer["ResponseMetadata"]["RequestId"]
    lines = [match.groupdict() for line in log.split("\n") if (match := LOG_LINE.match(line))]
    assert [(line["level"], line["message"]) for line in lines] == [
        ("INFO", "log formatted { a: 1 }"),
        ("INFO", "info"),
        ("WARN", "warn"),
        ("ERROR", "error"),
        ("DEBUG", "debug"),
        ("INFO", "two"),
    ]
    # One event, its newline kept, as AWS's runtime frames it (LogPatch.js logTextToFd): the tail shows both lines.
    assert f"\t{request_id}\tINFO\ttwo\nlines\n" in log
    assert {line["request"] for line in lines} == {request_id}


def _application_records(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The function's own JSON log records in a Tail, without the platform's (``"type": "platform.*"``).

    A JSON record's event has no newline after it (AWS's client frames the object alone): records follow each other."""
    text, decoder, found, at = base64.b64decode(answer["LogResult"]).decode(), json.JSONDecoder(), [], 0
    while at < len(text):
        if text[at] == "{":
            record, at = decoder.raw_decode(text, at)
            found.append(record)
        else:
            at = text.find("\n", at) + 1 or len(text)
    return [record for record in found if "type" not in record]


def test_json_log_format(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": CONSOLE}, LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "WARN"})
    answer = lambda_client.invoke(FunctionName=name, LogType="Tail")
    request_id = answer["ResponseMetadata"]["RequestId"]
    records = _application_records(answer)
    assert [(record["level"], record["message"]) for record in records] == [("WARN", "warn"), ("ERROR", "error")]
    assert all(record["requestId"] == request_id and record["timestamp"].endswith("Z") for record in records)


def test_json_log_format_of_errors(lambda_client: Any, node: Any) -> None:
    source = """
exports.handler = async () => {
  console.error('failed', new TypeError('bad'));
  console.error(new RangeError('worse'));
  throw new Error('thrown');
};
"""
    answer = lambda_client.invoke(FunctionName=node({"index.js": source}, LoggingConfig={"LogFormat": "JSON"}), LogType="Tail")
    with_param, alone, invoke_error = _application_records(answer)
    assert with_param["message"].startswith("failed TypeError: bad")
    assert (with_param["errorType"], with_param["errorMessage"]) == ("TypeError", "bad")
    assert with_param["stackTrace"][0] == "TypeError: bad"
    assert alone["message"]["errorType"] == "RangeError" and alone["message"]["errorMessage"] == "worse"
    assert invoke_error["level"] == "ERROR" and invoke_error["message"]["errorMessage"] == "thrown"


CONTEXT = """
exports.handler = async (event, context) => ({
  functionName: context.functionName,
  functionVersion: context.functionVersion,
  invokedFunctionArn: context.invokedFunctionArn,
  memoryLimitInMB: context.memoryLimitInMB,
  awsRequestId: context.awsRequestId,
  logGroupName: context.logGroupName,
  logStreamName: context.logStreamName,
  remaining: context.getRemainingTimeInMillis(),
  callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
  env: Object.fromEntries(['AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', '_HANDLER', 'AWS_EXECUTION_ENV',
    'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_REGION', 'TZ', 'LANG', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'NODE_PATH']
    .map((key) => [key, process.env[key]])),
  cwd: process.cwd(),
});
"""


def test_context_and_environment(lambda_client: Any, node: Any) -> None:
    name = node({"index.js": CONTEXT}, MemorySize=256, Timeout=5)
    answer = lambda_client.invoke(FunctionName=name)
    context = json.loads(answer["Payload"].read())
    assert context["functionName"] == name
    assert context["functionVersion"] == "$LATEST"
    assert context["invokedFunctionArn"] == f"arn:aws:lambda:us-east-1:000000000000:function:{name}"
    assert context["memoryLimitInMB"] == "256"
    assert context["awsRequestId"] == answer["ResponseMetadata"]["RequestId"]
    assert context["logGroupName"] == f"/aws/lambda/{name}"
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", context["logStreamName"])
    assert 4000 < context["remaining"] <= 5000
    assert context["callbackWaitsForEmptyEventLoop"] is True
    env = context["env"]
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == name
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["_HANDLER"] == "index.handler"
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_nodejs20.x"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert (env["AWS_REGION"], env["TZ"], env["LANG"]) == ("us-east-1", ":UTC", "en_US.UTF-8")
    assert re.fullmatch(r"127\.0\.0\.1:\d+", env["AWS_LAMBDA_RUNTIME_API"])
    assert context["cwd"] == env["LAMBDA_TASK_ROOT"]
    assert env["NODE_PATH"].split(":")[-1] == env["LAMBDA_TASK_ROOT"]  # AWS's order ends at /var/task


def test_unhandled_rejection_fails_the_invocation_and_the_next_starts_fresh(lambda_client: Any, node: Any) -> None:
    source = """
let invocations = 0;
exports.handler = async (event) => {
  invocations += 1;
  if (event.reject) { Promise.reject(new Error('forgotten')); await new Promise((resolve) => setTimeout(resolve, 200)); }
  return invocations;
};
"""
    name = node({"index.js": source})
    payload, error, _ = invoke(lambda_client, name, {"reject": True})
    assert error == "Unhandled"
    assert (payload["errorType"], payload["errorMessage"]) == ("Runtime.UnhandledPromiseRejection", "Error: forgotten")
    assert invoke(lambda_client, name)[0] == 1  # a new execution environment


def test_unserializable_result(lambda_client: Any, node: Any) -> None:
    source = "exports.handler = async () => { const loop = {}; loop.self = loop; return loop; };"
    payload, error, _ = invoke(lambda_client, node({"index.js": source}))
    assert error == "Unhandled"
    assert (payload["errorType"], payload["errorMessage"]) == ("Error", "Unable to stringify response body")


def test_nodejs24_refuses_callback_handlers(lambda_client: Any, node: Any) -> None:
    source = "exports.handler = (event, context, callback) => callback(null, 1);"
    payload, error, _ = invoke(lambda_client, node({"index.js": source}, Runtime="nodejs24.x"))
    assert error == "Unhandled"
    assert payload["errorType"] == "Runtime.CallbackHandlerDeprecated"
    assert payload["errorMessage"].startswith(
        "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24."
    )


def test_nodejs24_answers_what_the_handler_returns(lambda_client: Any, node: Any) -> None:
    source = "exports.handler = (event, context) => ({ plain: event.n, waits: 'callbackWaitsForEmptyEventLoop' in context });"
    name = node({"index.js": source}, Runtime="nodejs24.x")
    assert invoke(lambda_client, name, {"n": 3})[:2] == ({"plain": 3, "waits": False}, None)


def test_layer_modules_in_both_node_folders(lambda_client: Any, node: Any) -> None:
    layer = make_zip(
        {
            "nodejs/node20/node_modules/versioned/index.js": "module.exports = 'node20 folder';",
            "nodejs/node_modules/shared/index.js": "module.exports = 'shared folder';",
        }
    )
    arn = lambda_client.publish_layer_version(LayerName="libs", Content={"ZipFile": layer})["LayerVersionArn"]
    source = "exports.handler = async () => [require('versioned'), require('shared')];"
    assert invoke(lambda_client, node({"index.js": source}, Layers=[arn]))[:2] == (["node20 folder", "shared folder"], None)
