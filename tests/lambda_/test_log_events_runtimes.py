"""CloudWatch log events as AWS's Python and Node.js runtimes produce them, read back with filter_log_events and LogType=Tail.

On AWS the runtime interface clients send each ``console.*`` call, each ``logging`` record and each uncaught
error as ONE frame of the platform's telemetry channel (``_LAMBDA_TELEMETRY_LOG_FD``): one CloudWatch event
with its newlines kept (the ``\\r`` they write instead is their stdout fallback, used only without that channel:
aws-lambda-python-runtime-interface-client bootstrap.py FramedTelemetryLogSink / StandardLogSink and its
tests/test_bootstrap.py::TestLogError; aws-lambda-nodejs-runtime-interface-client src/LogPatch.js logTextToFd /
logTextToStdout; LocalStack PR #12470 on its own lack of the fd channel). What a function writes to stdout
itself (``print``, ``process.stdout.write``) is cut into one event per line.
"""

from __future__ import annotations

import base64
import json
import os
import re
from typing import Any

import pytest

from emulator.lambda_runtime.workers.json_logging import one_event
from emulator.lambda_runtime.workers.logs import MAX_LINE_BYTES, OutputReader
from emulator.testing.functions import ROLE, make_zip
from emulator.testing.process import wait_until

NBSP = "\u00a0"
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"

PYTHON = """
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def handler(event, context):
    print("printed one\\nprinted two")
    logger.info("logged one\\nlogged two")
    if event.get("caught"):
        try:
            int("x")
        except ValueError:
            logger.exception("caught it")
    if event.get("fail"):
        raise ValueError("bad\\nvalue")
    return "ok"
"""
NODE = """
exports.handler = async (event) => {
  console.log('logged one\\nlogged two');
  console.error('object %s', 'formatted', { a: 1, b: 'x\\ny' });
  console.warn(new Error('warned\\nerror'));
  process.stdout.write('written one\\nwritten two\\n');
  if (event.fail) throw new TypeError('bad\\nvalue');
  return 'ok';
};
"""


def create(lambda_client: Any, name: str, runtime: str, source: str, log_format: str = "Text", **options: Any) -> None:
    """A function whose code is ``source`` (app.py or index.js), unless ``zip`` gives the whole archive;
    other ``options`` go to CreateFunction."""
    python = runtime.startswith("python")
    lambda_client.create_function(
        FunctionName=name,
        Runtime=runtime,
        Role=ROLE,
        Handler="app.handler" if python else "index.handler",
        Code={"ZipFile": options.pop("zip", None) or make_zip({"app.py" if python else "index.js": source})},
        LoggingConfig={"LogFormat": log_format},
        **options,
    )


def invoke(lambda_client: Any, name: str, event: dict[str, Any]) -> tuple[str, str]:
    """(the request id, the decoded LogResult)."""
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event), LogType="Tail")
    return answer["ResponseMetadata"]["RequestId"], base64.b64decode(answer["LogResult"]).decode()


def events(logs_client: Any, name: str, request_id: str) -> list[str]:
    """The messages of one invocation's events in CloudWatch, START to REPORT (platform.start to platform.report)."""

    def marks(messages: list[str], text: str, record: str) -> list[int]:
        return [i for i, message in enumerate(messages) if message.startswith(text) or (record in message and request_id in message)]

    def read() -> list[str]:
        found = logs_client.filter_log_events(logGroupName=f"/aws/lambda/{name}")["events"]
        messages = [event["message"] for event in found]
        starts = marks(messages, f"START RequestId: {request_id}", '"type":"platform.start"')
        ends = marks(messages, f"REPORT RequestId: {request_id}", '"type":"platform.report"')
        return messages[starts[0] : ends[0] + 1] if starts and ends else []

    return wait_until(read)


def json_records(tail: str) -> list[Any]:
    """The JSON objects of a JSON-format log tail: a Node.js record's event has no newline, so the next one follows it."""
    decoder, records, at = json.JSONDecoder(), [], 0
    while at < len(tail):
        record, at = decoder.raw_decode(tail, at)
        records.append(record)
        at = len(tail) - len(tail[at:].lstrip("\n"))
    return records


def application(messages: list[str]) -> list[str]:
    """The function's own events: neither START/END/REPORT nor the runtime's unhandled-exception warning."""
    platform = ("START RequestId: ", "END RequestId: ", "REPORT RequestId: ")
    return [message for message in messages if not message.startswith(platform) and "LAMBDA_WARNING" not in message]


def test_python_print_is_an_event_per_line_and_a_logging_record_is_one_event(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "py-lines", "python3.12", PYTHON)
    request_id, tail = invoke(lambda_client, "py-lines", {"caught": True})
    printed_one, printed_two, logged, caught = application(events(logs_client, "py-lines", request_id))
    # stdout is cut at newlines by the platform; each event keeps its newline.
    assert (printed_one, printed_two) == ("printed one\n", "printed two\n")
    # The runtime's text format, the whole record in one event, its newline kept (not turned into \r).
    assert re.fullmatch(rf"\[INFO\]\t{STAMP}\t{request_id}\tlogged one\nlogged two\n", logged)
    # logger.exception: the traceback is part of the record's event, naming the code's file as on AWS.
    assert re.fullmatch(rf"\[ERROR\]\t{STAMP}\t{request_id}\tcaught it\nTraceback \(most recent call last\):\n.*", caught, re.S)
    assert '  File "/var/task/app.py", line 13, in handler\n' in caught
    assert caught.endswith("ValueError: invalid literal for int() with base 10: 'x'\n")
    # LogType=Tail: the same text, event after event.
    assert f"printed one\nprinted two\n{logged}{caught}END RequestId: {request_id}\n" in tail


@pytest.mark.parametrize("runtime", ["python3.9", "python3.11", "python3.12", "python3.13", "python3.14"])
def test_python_uncaught_error_is_one_event(lambda_client: Any, logs_client: Any, runtime: str) -> None:
    name = "py-error-" + runtime.replace(".", "-")
    create(lambda_client, name, runtime, PYTHON)
    request_id, tail = invoke(lambda_client, name, {"fail": True})
    messages = events(logs_client, name, request_id)
    error = application(messages)[-1]
    # AWS's runtime (bootstrap.py log_error): "[ERROR] Type: message", the traceback's frames indented with
    # no-break spaces, lines joined by newlines into one frame, even the message's own newline; none after the last.
    assert error == (
        "[ERROR] ValueError: bad\nvalue\n"
        "Traceback (most recent call last):\n"
        f'{NBSP * 2}File "/var/task/app.py", line 17, in handler\n'
        f'{NBSP * 4}raise ValueError("bad\\nvalue")'
    )
    # The runtime's warning, a root logger record, comes just before it.
    assert re.fullmatch(rf"\[WARNING\]\t{STAMP}\t{request_id}\tLAMBDA_WARNING: Unhandled exception\. .*\n", messages[-4], re.S)
    assert f"{error}END RequestId: {request_id}\n" in tail


def test_python_import_error_is_one_event(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "py-import", "python3.12", "import no_such_module\n")
    request_id, tail = invoke(lambda_client, "py-import", {})
    expected = "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'no_such_module'\nTraceback (most recent call last):"
    # No newline after the error's event: on AWS the tail reads "...call last):END RequestId: ..." (or INIT_REPORT).
    assert re.search(re.escape(expected) + "(INIT_REPORT|END) ", tail)

    def logged() -> list[str]:
        return [event["message"] for event in logs_client.filter_log_events(logGroupName="/aws/lambda/py-import")["events"]]

    assert expected in wait_until(logged)


def test_python_json_format_keeps_records_whole(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "py-json", "python3.12", PYTHON, "JSON")
    request_id, _ = invoke(lambda_client, "py-json", {"fail": True})
    printed_one, printed_two, logged, error = application(
        [message for message in events(logs_client, "py-json", request_id) if '"platform.' not in message]
    )
    assert (printed_one, printed_two) == ("printed one\n", "printed two\n")
    assert json.loads(logged)["message"] == "logged one\nlogged two"
    record = json.loads(error)
    # Stamped to the second with no zone: the runtime's _DATETIME_FORMAT (bootstrap.py log_error).
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", record["timestamp"])
    assert (record["level"], record["errorType"], record["errorMessage"]) == ("ERROR", "ValueError", "bad\nvalue")
    assert record["stackTrace"] == ['  File "/var/task/app.py", line 17, in handler\n    raise ValueError("bad\\nvalue")\n']


@pytest.mark.parametrize("runtime", ["nodejs20.x", "nodejs24.x"])
def test_node_console_call_is_one_event_with_its_newlines(lambda_client: Any, logs_client: Any, runtime: str) -> None:
    name = "node-lines-" + runtime.removesuffix(".x")
    create(lambda_client, name, runtime, NODE)
    request_id, tail = invoke(lambda_client, name, {"fail": True})
    logged, formatted, warned, written_one, written_two, invoke_error = application(events(logs_client, name, request_id))
    prefix = rf"{STAMP}\t{request_id}"
    # AWS's runtime (LogPatch.js logTextToFd): `timestamp\trequestId\tLEVEL\tutil.format(...)\n`, one frame.
    assert re.fullmatch(rf"{prefix}\tINFO\tlogged one\nlogged two\n", logged)
    assert re.fullmatch(prefix + re.escape("\tERROR\tobject formatted { a: 1, b: 'x\\ny' }\n"), formatted)
    assert re.fullmatch(rf"{prefix}\tWARN\tError: warned\nerror\n    at exports\.handler \(/var/task/index\.js:5:16\)\n.*\n", warned, re.S)
    # process.stdout.write is plain output: an event per line.
    assert (written_one, written_two) == ("written one\n", "written two\n")
    invoke_document = json.loads(re.fullmatch(rf"{prefix}\tERROR\tInvoke Error \t(.*)\n", invoke_error)[1])
    assert (invoke_document["errorType"], invoke_document["errorMessage"]) == ("TypeError", "bad\nvalue")
    assert f"{logged}{formatted}{warned}written one\nwritten two\n{invoke_error}END RequestId: {request_id}\n" in tail


def test_node_json_format_is_one_event_per_call(lambda_client: Any, logs_client: Any) -> None:
    create(lambda_client, "node-json", "nodejs20.x", NODE, "JSON")
    request_id, _ = invoke(lambda_client, "node-json", {})
    messages = [message for message in application(events(logs_client, "node-json", request_id)) if '"platform.' not in message]
    logged, formatted, warned, written_one, written_two = messages
    assert json.loads(logged) == {"timestamp": json.loads(logged)["timestamp"], "level": "INFO", "requestId": request_id, "message": "logged one\nlogged two"}
    assert json.loads(formatted)["message"] == "object formatted { a: 1, b: 'x\\ny' }"
    warning = json.loads(warned)
    assert (warning["level"], warning["message"]["errorType"], warning["message"]["errorMessage"]) == ("WARN", "Error", "warned\nerror")
    assert warning["message"]["stackTrace"][:2] == ["Error: warned", "error"]
    assert (written_one, written_two) == ("written one\n", "written two\n")


def test_tail_is_the_last_4_kb_of_the_log(lambda_client: Any) -> None:
    source = "def handler(event, context):\n    import logging\n    logging.getLogger().warning('x' * 3000 + '\\n' + 'y' * 3000)\n"
    create(lambda_client, "py-tail", "python3.12", source)
    request_id, tail = invoke(lambda_client, "py-tail", {})
    assert len(tail.encode()) == 4096
    assert tail.startswith("x" * 100) and "x\n" + "y" * 3000 + f"\nEND RequestId: {request_id}\n" in tail


NODE_CLIENTS = """
exports.handler = async () => {
  console.error(new Error('first'), 'then text');
  return 'ok';
};
"""


@pytest.mark.parametrize(
    ("runtime", "error_type"),
    # The older client (LogPatch.js formatJsonMessage) takes an Error argument's fields wherever it is;
    # nodejs24.x's (src/logging/formatter.ts) looks only after the message.
    [("nodejs20.x", "Error"), ("nodejs24.x", None)],
)
def test_node_clients_differ_on_an_error_message(lambda_client: Any, runtime: str, error_type: str | None) -> None:
    name = "node-client-" + runtime.removesuffix(".x")
    create(lambda_client, name, runtime, NODE_CLIENTS, "JSON")
    request_id, tail = invoke(lambda_client, name, {})
    record = next(record for record in json_records(tail) if record.get("level") == "ERROR")
    assert (record["requestId"], record["message"].split("\n")[0]) == (request_id, "Error: first")
    assert record.get("errorType") == error_type


def test_node24_json_records_name_the_tenant(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="node-tenant",
        Runtime="nodejs24.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": NODE_CLIENTS})},
        LoggingConfig={"LogFormat": "JSON"},
        TenancyConfig={"TenantIsolationMode": "PER_TENANT"},
    )
    answer = lambda_client.invoke(FunctionName="node-tenant", TenantId="tenant-a", LogType="Tail")
    tail = base64.b64decode(answer["LogResult"]).decode()
    record = next(record for record in json_records(tail) if record.get("level") == "ERROR")
    assert list(record)[:4] == ["timestamp", "level", "requestId", "tenantId"]
    assert record["tenantId"] == "tenant-a"


# The server's side of the one-event marking (logs.py OutputReader), fed through a pipe as a worker's output is.


def read_events(*chunks: bytes) -> list[str]:
    read_fd, write_fd = os.pipe()
    batches: list[list[tuple[int, str]]] = []
    reader = OutputReader(read_fd, batches.append)
    for chunk in chunks:
        for start in range(0, len(chunk), 32768):  # below a pipe's capacity: each piece is read before the next
            os.write(write_fd, chunk[start : start + 32768])
            reader.read()
    os.close(write_fd)
    reader.read()
    reader.close()
    return [line for batch in batches for _, line in batch]


def test_a_marked_record_is_read_back_whole_across_reads() -> None:
    record = one_event("first\nsecond\x00third\r\n")
    middle = len(record.encode()) // 2
    events = read_events(b"plain\r\n" + record.encode()[:middle], record.encode()[middle:] + b"\nafter\n")
    assert events == ["plain", "first\nsecond\x00third\r\n", "after"]


def test_a_marked_record_over_the_event_limit_is_cut_and_every_piece_read_back() -> None:
    text = ("line\n" * (MAX_LINE_BYTES // 4)).rstrip("\n")
    events = read_events(one_event(text).encode() + b"\n")
    assert len(events) == 2 and "".join(events) == text


def test_an_escape_cut_at_the_event_limit_stays_whole() -> None:
    # The first piece ends with the first byte of an escaped newline, just past the limit.
    first = one_event("a" * MAX_LINE_BYTES + "\n").encode()[:-1]
    assert read_events(first, b"\x02b\n") == ["a" * MAX_LINE_BYTES, "\nb"]
