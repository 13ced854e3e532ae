"""Runtimes other than Python, through the Lambda Runtime API: Node.js and a custom bash ``bootstrap``."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from test_pool_support import PoolRunner, make_spec, result_of, write_code

NODE_HANDLERS = """
let calls = 0;
console.log('node init');

exports.handler = async (event, context) => {
  calls += 1;
  console.log('event', JSON.stringify(event));
  return {
    calls,
    event,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    awsRequestId: context.awsRequestId,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
    remaining: context.getRemainingTimeInMillis(),
    table: process.env.TABLE,
    runtimeApi: Boolean(process.env.AWS_LAMBDA_RUNTIME_API),
    executionEnv: process.env.AWS_EXECUTION_ENV,
  };
};

exports.callback = (event, context, callback) => {
  setTimeout(() => callback(null, { style: 'callback', value: event.value }), 10);
};

exports.fails = async () => {
  throw new TypeError('node failure');
};

exports.hangs = () => new Promise(() => setInterval(() => {}, 1000));

exports.exits = async () => {
  process.exit(2);
};

exports.huge = async () => 'x'.repeat(7 * 1024 * 1024);

exports.hogs = async () => {
  const blocks = [];
  for (let i = 0; i < 40; i += 1) {
    blocks.push(Buffer.alloc(16 * 1024 * 1024, 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return blocks.length;
};
"""

# A custom runtime in bash, speaking HTTP to the Runtime API through /dev/tcp (no curl needed).
BASH_BOOTSTRAP = r"""#!/bin/bash
set -euo pipefail
HOST=${AWS_LAMBDA_RUNTIME_API%:*}
PORT=${AWS_LAMBDA_RUNTIME_API#*:}
echo "custom runtime starting for $_HANDLER"

request() {  # method path body -> sets STATUS_HEADERS, BODY
  exec 3<>"/dev/tcp/$HOST/$PORT"
  printf '%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "$HOST" "${#3}" "$3" >&3
  HEADERS=""
  LENGTH=0
  while IFS= read -r line <&3; do
    line=${line%$'\r'}
    [ -z "$line" ] && break
    HEADERS+="${line,,}"$'\n'
    case "${line,,}" in content-length:*) LENGTH=${line#*: } ;; esac
  done
  BODY=$(head -c "$LENGTH" <&3)
  exec 3<&-
}

while true; do
  request GET /2018-06-01/runtime/invocation/next ""
  REQUEST_ID=$(printf '%s' "$HEADERS" | sed -n 's/^lambda-runtime-aws-request-id: //p')
  ARN=$(printf '%s' "$HEADERS" | sed -n 's/^lambda-runtime-invoked-function-arn: //p')
  echo "handling $REQUEST_ID"
  if [ "$BODY" = '{"fail":true}' ]; then
    request POST "/2018-06-01/runtime/invocation/$REQUEST_ID/error" '{"errorMessage":"bash says no","errorType":"BashError"}'
  else
    request POST "/2018-06-01/runtime/invocation/$REQUEST_ID/response" "{\"echo\":$BODY,\"arn\":\"$ARN\",\"handler\":\"$_HANDLER\"}"
  fi
done
"""


@pytest.fixture
def node_code(tmp_path: Path) -> Path:
    if shutil.which("node") is None:
        pytest.fail("node is required for the nodejs runtime (CI installs it)")
    return write_code(tmp_path / "node", {"index.js": NODE_HANDLERS})


@pytest.fixture
def bash_code(tmp_path: Path) -> Path:
    code = write_code(tmp_path / "bash", {"bootstrap": BASH_BOOTSTRAP})
    bootstrap = code / "bootstrap"
    bootstrap.chmod(bootstrap.stat().st_mode | stat.S_IXUSR)
    return code


def test_node_async_handler_with_context_environment_and_warm_reuse(runner: PoolRunner, node_code: Path) -> None:
    spec = make_spec(node_code, "index.handler", name="nodefn", runtime="nodejs20.x", environment={"TABLE": "t1"})
    first = runner.invoke(spec, {"a": 1}, request_id="node-req-1")
    body = result_of(first)
    assert first.function_error is None
    assert body["calls"] == 1 and body["event"] == {"a": 1}
    assert body["functionName"] == "nodefn"
    assert body["functionVersion"] == "$LATEST"
    assert body["invokedFunctionArn"] == spec.arn
    assert body["memoryLimitInMB"] == "128"
    assert body["awsRequestId"] == "node-req-1"
    assert body["logGroupName"] == "/aws/lambda/nodefn"
    assert body["logStreamName"] == first.log_stream_name
    assert 0 < body["remaining"] <= 3000
    assert body["table"] == "t1" and body["runtimeApi"] is True
    assert body["executionEnv"] == "AWS_Lambda_nodejs20.x"
    assert first.init_duration_ms is not None
    assert '\tnode-req-1\tINFO\tevent {"a":1}' in first.log_tail
    second = runner.invoke(spec, {"a": 2})
    assert result_of(second)["calls"] == 2 and second.init_duration_ms is None


def test_node_es_module_handler(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(
        tmp_path / "esm",
        {
            "handlers/app.mjs": "export const handler = async (event) => ({ esm: true, got: event.n });\n",
        },
    )
    result = runner.invoke(make_spec(code, "handlers/app.handler", runtime="nodejs22.x"), {"n": 3})
    assert result_of(result) == {"esm": True, "got": 3}


def test_node_callback_handler(runner: PoolRunner, node_code: Path) -> None:
    spec = make_spec(node_code, "index.callback", runtime="nodejs22.x")
    assert result_of(runner.invoke(spec, {"value": 5})) == {"style": "callback", "value": 5}


def test_node_handler_error(runner: PoolRunner, node_code: Path) -> None:
    result = runner.invoke(make_spec(node_code, "index.fails", runtime="nodejs20.x"), {})
    assert result.function_error == "Unhandled"
    document = result_of(result)
    assert document["errorType"] == "TypeError"
    assert document["errorMessage"] == "node failure"
    assert document["trace"][0] == "TypeError: node failure"


def test_node_missing_handler_and_module(runner: PoolRunner, node_code: Path) -> None:
    missing = result_of(runner.invoke(make_spec(node_code, "index.nothing", runtime="nodejs20.x"), {}))
    assert missing["errorType"] == "Runtime.HandlerNotFound"
    assert missing["errorMessage"] == "index.nothing is undefined or not exported"
    no_module = result_of(runner.invoke(make_spec(node_code, "absent.handler", runtime="nodejs20.x"), {}))
    assert no_module["errorType"] == "Runtime.ImportModuleError"
    assert no_module["errorMessage"].startswith("Error: Cannot find module 'absent'")


def test_node_timeout_and_exit_then_recovery(runner: PoolRunner, node_code: Path) -> None:
    hangs = make_spec(node_code, "index.hangs", runtime="nodejs20.x", timeout_s=0.5)
    result = runner.invoke(hangs, {}, request_id="node-slow")
    assert result_of(result) == {
        "errorMessage": "RequestId: node-slow Error: Task timed out after 0.50 seconds",
        "errorType": "Sandbox.Timedout",
    }
    exits = make_spec(node_code, "index.exits", runtime="nodejs20.x")
    result = runner.invoke(exits, {}, request_id="node-exit")
    assert result_of(result) == {
        "errorMessage": "RequestId: node-exit Error: Runtime exited with error: exit status 2",
        "errorType": "Runtime.ExitError",
    }
    healthy = make_spec(node_code, "index.handler", runtime="nodejs20.x")
    assert result_of(runner.invoke(healthy, {}))["calls"] == 1


def test_node_memory_over_the_function_size(runner: PoolRunner, node_code: Path) -> None:
    spec = make_spec(node_code, "index.hogs", runtime="nodejs20.x", memory_mb=128)
    result = runner.invoke(spec, {}, request_id="node-hog")
    assert result_of(result) == {
        "errorMessage": "RequestId: node-hog Error: Runtime exited with error: signal: killed",
        "errorType": "Runtime.ExitError",
    }
    assert result.log_tail.splitlines()[-1].endswith("Status: error\tError Type: Runtime.OutOfMemory")


def test_node_response_over_six_megabytes(runner: PoolRunner, node_code: Path) -> None:
    result = runner.invoke(make_spec(node_code, "index.huge", runtime="nodejs20.x"), {})
    assert result_of(result)["errorType"] == "Function.ResponseSizeTooLarge"


def test_custom_runtime_bootstrap(runner: PoolRunner, bash_code: Path) -> None:
    spec = make_spec(bash_code, "function.handler", name="bashfn", runtime="provided.al2023")
    first = runner.invoke(spec, {"n": 1}, request_id="bash-1")
    assert first.function_error is None
    assert result_of(first) == {"echo": {"n": 1}, "arn": spec.arn, "handler": "function.handler"}
    assert "custom runtime starting for function.handler" not in first.log_tail  # init output precedes START
    assert "handling bash-1" in first.log_tail
    second = runner.invoke(spec, {"n": 2})
    assert result_of(second)["echo"] == {"n": 2} and second.init_duration_ms is None
    failed = runner.invoke(spec, {"fail": True})
    assert failed.function_error == "Unhandled"
    assert result_of(failed) == {"errorMessage": "bash says no", "errorType": "BashError"}
    streamed = [line for _, stream, _, line in runner.logs if stream == first.log_stream_name]
    assert "custom runtime starting for function.handler" in streamed


def test_custom_runtime_without_bootstrap(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(tmp_path / "empty", {"README": "no bootstrap here"})
    result = runner.invoke(make_spec(code, "x.y", runtime="provided.al2"), {}, request_id="nb")
    assert result.function_error == "Unhandled"
    assert result_of(result) == {
        "errorMessage": "RequestId: nb Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]",
        "errorType": "Runtime.InvalidEntrypoint",
    }


def test_custom_runtime_worker_is_killed_with_its_pool(bash_code: Path) -> None:
    runner = PoolRunner(max_workers=2)
    spec = make_spec(bash_code, "function.handler", runtime="provided.al2")
    runner.invoke(spec, {})
    pids = [worker.pid for worker in runner.call(runner.pool.workers_of, spec.key)]
    runner.close()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_custom_runtime_bootstrap_that_is_not_executable(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(tmp_path / "noexec", {"bootstrap": BASH_BOOTSTRAP})
    result = runner.invoke(make_spec(code, "x.y", runtime="provided.al2023"), {}, request_id="ne")
    assert result_of(result) == {
        "errorMessage": "RequestId: ne Error: fork/exec /var/task/bootstrap: permission denied",
        "errorType": "Runtime.InvalidEntrypoint",
    }
