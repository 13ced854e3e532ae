"""Where a function's CloudWatch events end, as AWS's runtimes frame them, read back with filter_log_events and LogType=Tail.

AWS's platform stores each frame a runtime writes to its telemetry channel as one event, as it is, and what the
function prints to stdout as an event per line, each line's newline kept. The runtimes' frames:

- Python (aws-lambda-python-runtime-interface-client bootstrap.py): a ``logging`` record ends with a newline (the
  text format ends in ``\\n``, ``JsonFormatter`` adds one); an uncaught error's frame (``FramedTelemetryLogSink.
  log_error``) is its lines joined by newlines, none after the last, in both formats. LocalStack's AWS-validated
  test_lambda.snapshot.json::TestLambdaFeatures::test_invocation_type_event_error records that event; the console's
  log tails of failed functions read "...Traceback (most recent call last):END RequestId: ...".
- Node.js (src/LogPatch.js ``logTextToFd`` / ``logJsonToFd``; nodejs24.x's src/logging/telemetry-logger.ts): a
  text-format ``console.*`` call ends with a newline, the "Invoke Error" line too; a JSON-format one is the object
  alone, no newline.

A log tail is the invocation's events one after the other: an event without a newline runs into the next.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import zipfile
from typing import Any

import pytest
from test_log_events_runtimes import create

from emulator.lambda_runtime.workers.json_logging import whole_event
from emulator.lambda_runtime.workers.logs import MAX_LINE_BYTES, OutputReader, event_text
from emulator.testing.functions import make_zip
from emulator.testing.process import wait_until

NBSP = "\u00a0"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"

PYTHON = """import logging

logging.getLogger().setLevel(logging.INFO)


def handler(event, context):
    print("printed")
    logging.info("logged")
    raise RuntimeError("went wrong")
"""
PYTHON_ERROR = (
    "[ERROR] RuntimeError: went wrong\n"
    "Traceback (most recent call last):\n"
    f'{NBSP * 2}File "/var/task/app.py", line 9, in handler\n'
    f'{NBSP * 4}raise RuntimeError("went wrong")'
)
NODE = """console.log('initializing');

exports.handler = async () => {
  console.log('logged');
  process.stdout.write('written\\n');
  throw new TypeError('went wrong');
};
"""


def invoke(lambda_client: Any, name: str) -> tuple[str, str]:
    """(the request id, the decoded LogResult) of a synchronous invocation."""
    answer = lambda_client.invoke(FunctionName=name, Payload=b"{}", LogType="Tail")
    assert answer["FunctionError"] == "Unhandled"
    return answer["ResponseMetadata"]["RequestId"], base64.b64decode(answer["LogResult"]).decode()


def stored(logs_client: Any, name: str, until: str) -> list[str]:
    """The function's events in CloudWatch, once one of them holds ``until``."""

    def read() -> list[str]:
        messages = [event["message"] for event in logs_client.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]]
        return messages if any(until in message for message in messages) else []

    return wait_until(read)


def invocation(messages: list[str], request_id: str) -> list[str]:
    """The events of one invocation, after START (or platform.start) up to END (or platform.runtimeDone)."""
    start = next(i for i, message in enumerate(messages) if request_id in message and ("START" in message or "platform.start" in message))
    end = next(i for i, message in enumerate(messages) if request_id in message and ("END" in message or "platform.runtimeDone" in message))
    return messages[start + 1 : end]


def test_a_python_uncaught_error_event_ends_where_its_traceback_does(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "py-error-text", "python3.12", PYTHON)
    request_id, tail = invoke(lambda_client, "py-error-text")
    printed, logged, warning, error = invocation(stored(logs_client, "py-error-text", f"END RequestId: {request_id}"), request_id)
    # print output and logging records keep their newline; the error's frame has none.
    assert printed == "printed\n"
    assert re.fullmatch(rf"\[INFO\]\t{STAMP}\t{request_id}\tlogged\n", logged)
    assert re.fullmatch(rf"\[WARNING\]\t{STAMP}\t{request_id}\tLAMBDA_WARNING: Unhandled exception\. [^\n]*\n", warning)
    assert error == PYTHON_ERROR
    assert f"{logged}{warning}{PYTHON_ERROR}END RequestId: {request_id}\n" in tail


def test_a_python_uncaught_error_in_json_is_one_object_without_a_newline(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "py-error-json", "python3.12", PYTHON, "JSON")
    request_id, tail = invoke(lambda_client, "py-error-json")
    printed, logged, warning, error = invocation(stored(logs_client, "py-error-json", '"platform.runtimeDone"'), request_id)
    assert printed == "printed\n"
    # JsonFormatter's records end with a newline; log_error's object is framed alone.
    assert logged.endswith("}\n") and json.loads(logged)["message"] == "logged"
    assert warning.endswith("}\n") and json.loads(warning)["level"] == "WARNING"
    assert error.endswith("}") and not error.endswith("\n")
    record = json.loads(error)
    assert (record["level"], record["errorType"], record["errorMessage"], record["requestId"]) == ("ERROR", "RuntimeError", "went wrong", request_id)
    assert error + '{"time":' in tail


def test_a_python_init_error_event_has_no_newline_either(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "py-import-error", "python3.12", "import not_a_module\n")
    request_id, tail = invoke(lambda_client, "py-import-error")
    expected = (
        "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'not_a_module'\n"
        "Traceback (most recent call last):"
    )
    assert expected in stored(logs_client, "py-import-error", f"END RequestId: {request_id}")
    assert expected + "\n" not in tail and expected in tail


def test_a_python_runtime_behind_an_exec_wrapper_frames_its_error_the_same(lambda_client: Any, logs_client: Any) -> None:
    # The Runtime API path (python_bootstrap.py) writes the error as the forked worker does.
    code = make_zip({"app.py": PYTHON})
    create(
        lambda_client,
        "py-wrapped-error",
        "python3.12",
        PYTHON,
        zip=_with_wrapper(code),
        Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/var/task/wrapper"}},
    )
    request_id, tail = invoke(lambda_client, "py-wrapped-error")
    messages = invocation(stored(logs_client, "py-wrapped-error", f"END RequestId: {request_id}"), request_id)
    assert messages[-1] == PYTHON_ERROR
    assert f"{PYTHON_ERROR}END RequestId: {request_id}\n" in tail


def _with_wrapper(code: bytes) -> bytes:
    """``code`` with an executable ``wrapper`` that execs the runtime unchanged."""
    buffer = io.BytesIO(code)
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo("wrapper")
        info.external_attr = 0o100755 << 16
        archive.writestr(info, '#!/bin/bash\nexec "$@"\n')
    return buffer.getvalue()


def test_an_event_invocation_s_error_is_stored_without_a_newline_on_every_attempt(lambda_client: Any, logs_client: Any) -> None:
    # test_invocation_type_event_error: an Event invocation retried once logs the error twice, the same event each time.
    create(lambda_client, "py-event-error", "python3.12", PYTHON)
    lambda_client.put_function_event_invoke_config(FunctionName="py-event-error", MaximumRetryAttempts=1, MaximumEventAgeInSeconds=60)
    answer = lambda_client.invoke(FunctionName="py-event-error", InvocationType="Event", Payload=b"{}")
    request_id = answer["ResponseMetadata"]["RequestId"]

    def errors() -> list[str]:
        try:
            found = logs_client.filter_log_events(logGroupName="/aws/lambda/py-event-error")["events"]
        except logs_client.exceptions.ResourceNotFoundException:  # before the first attempt's first line
            return []
        errors = [event["message"] for event in found if event["message"].startswith("[ERROR]")]
        return errors if len(errors) == 2 else []

    assert wait_until(errors, timeout=15) == [PYTHON_ERROR, PYTHON_ERROR]
    starts = [message for message in stored(logs_client, "py-event-error", "START") if message.startswith("START")]
    assert starts == [f"START RequestId: {request_id} Version: $LATEST\n"] * 2


@pytest.mark.parametrize("runtime", ["nodejs20.x", "nodejs24.x"])
def test_node_text_lines_and_the_invoke_error_end_with_a_newline(lambda_client: Any, logs_client: Any, runtime: str) -> None:
    name = "node-text-" + runtime.removesuffix(".x")
    create(lambda_client, name, runtime, NODE)
    request_id, tail = invoke(lambda_client, name)
    logged, written, invoke_error = invocation(stored(logs_client, name, f"END RequestId: {request_id}"), request_id)
    assert re.fullmatch(rf"{STAMP}\t{request_id}\tINFO\tlogged\n", logged)
    assert written == "written\n"
    assert re.fullmatch(rf"{STAMP}\t{request_id}\tERROR\tInvoke Error \t\{{.*\}}\n", invoke_error)
    assert f"{logged}{written}{invoke_error}END RequestId: {request_id}\n" in tail


@pytest.mark.parametrize("runtime", ["nodejs20.x", "nodejs24.x"])
def test_node_json_records_end_with_the_object(lambda_client: Any, logs_client: Any, runtime: str) -> None:
    name = "node-json-" + runtime.removesuffix(".x")
    create(lambda_client, name, runtime, NODE, "JSON")
    request_id, tail = invoke(lambda_client, name)
    logged, written, invoke_error = invocation(stored(logs_client, name, '"platform.runtimeDone"'), request_id)
    assert logged.endswith("}") and json.loads(logged)["message"] == "logged"
    assert written == "written\n"  # process.stdout is plain output: a line, its newline kept
    assert invoke_error.endswith("}")
    error = json.loads(invoke_error)
    assert (error["level"], error["requestId"], error["message"]["errorType"]) == ("ERROR", request_id, "TypeError")
    assert f"{logged}{written}{invoke_error}" + '{"time":' in tail


@pytest.mark.parametrize("runtime", ["python3.12", "nodejs20.x", "nodejs24.x"])
def test_an_uncaught_error_passes_an_error_application_log_level(lambda_client: Any, logs_client: Any, runtime: str) -> None:
    # The platform keeps a JSON line at its "level": the error's event, framed without a newline, is still read as ERROR.
    name = "error-level-" + runtime.replace(".", "-")
    create(lambda_client, name, runtime, PYTHON if runtime.startswith("python") else NODE, "JSON")
    lambda_client.update_function_configuration(FunctionName=name, LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "ERROR"})
    lambda_client.get_waiter("function_updated_v2").wait(FunctionName=name)
    request_id, _ = invoke(lambda_client, name)
    [error] = invocation(stored(logs_client, name, '"platform.runtimeDone"'), request_id)
    assert error.endswith("}") and json.loads(error)["level"] == "ERROR"


@pytest.mark.parametrize(
    ("runtime", "text_id"),
    # nodejs24.x's client reads the id from its invoke store, "-" outside an invocation (@aws/lambda-invoke-store
    # getRequestId); the older client's global is not set before the first invocation.
    [("nodejs24.x", "-"), ("nodejs20.x", "undefined")],
)
def test_a_node_line_written_during_init_names_no_request(lambda_client: Any, logs_client: Any, runtime: str, text_id: str) -> None:
    text_name, json_name = "node-init-text-" + runtime.removesuffix(".x"), "node-init-json-" + runtime.removesuffix(".x")
    create(lambda_client, text_name, runtime, NODE)
    create(lambda_client, json_name, runtime, NODE, "JSON")
    invoke(lambda_client, text_name)
    invoke(lambda_client, json_name)
    line = next(message for message in stored(logs_client, text_name, "initializing") if "initializing" in message)
    assert re.fullmatch(rf"{STAMP}\t{re.escape(text_id)}\tINFO\tinitializing\n", line)
    record = json.loads(next(message for message in stored(logs_client, json_name, "initializing") if "initializing" in message))
    assert record.get("requestId") == (None if text_id == "undefined" else text_id)


def test_a_whole_record_over_the_event_limit_is_cut_into_pieces_without_newlines() -> None:
    # The server's side (logs.py OutputReader), fed through a pipe as a worker's output is.
    read_fd, write_fd = os.pipe()
    batches: list[list[tuple[int, str]]] = []
    reader = OutputReader(read_fd, batches.append)
    text = "line\n" * (MAX_LINE_BYTES // 4) + "last"
    output = (whole_event(text) + "\nafter\n").encode()
    for start in range(0, len(output), 32768):  # below a pipe's capacity: each piece is read before the next
        os.write(write_fd, output[start : start + 32768])
        reader.read()
    os.close(write_fd)
    reader.read()
    reader.close()
    *pieces, after = [line for batch in batches for _, line in batch]
    assert len(pieces) == 2 and "".join(pieces) == text
    assert [event_text(piece) for piece in pieces] == pieces  # each piece a WholeEvent: no newline added
    assert event_text(after) == "after\n"
