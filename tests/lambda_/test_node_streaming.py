"""Response streaming from Node.js functions (awslambda.streamifyResponse) and custom runtimes, end to end through boto3 and httpx.

Chunks reach the caller while the function still runs: each test's handler
writes, waits 300 ms, writes again, and the first chunk must arrive before the
second was written.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import pytest
from test_runtimes import zip_with_executable

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, make_zip

PAUSE_S = 0.3

STREAMING = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  responseStream.setContentType('text/plain');
  responseStream.write('first:' + Date.now() + ';');
  await new Promise((resolve) => setTimeout(resolve, 300));
  responseStream.write('second:' + Date.now() + ';');
  responseStream.end();
});
"""

HTTP_STREAMING = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 201,
    headers: { 'Content-Type': 'text/event-stream', 'X-Custom': 'yes' },
    cookies: ['a=1', 'b=2'],
  });
  stream.write('data: one\\n\\n');
  await new Promise((resolve) => setTimeout(resolve, 300));
  stream.write('data: ' + Date.now() + '\\n\\n');
  stream.end();
});
"""

PIPELINE = """
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  await pipeline(Readable.from([JSON.stringify(event), '|', 'tail']), responseStream);
});
"""

FAILS_MID_STREAM = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('partial');
  await new Promise((resolve) => setTimeout(resolve, 50));
  throw new TypeError('broke mid-stream');
});
"""

FAILS_AT_ONCE = """
exports.handler = awslambda.streamifyResponse(async () => {
  throw new Error('nothing streamed');
});
"""

PYTHON = """
def handler(event, context):
    return {"whole": True}
"""


def create_node(lambda_client: Any, name: str, source: str, *, file: str = "index.js") -> None:
    lambda_client.create_function(
        FunctionName=name,
        Runtime="nodejs20.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({file: source})},
        Timeout=10,
    )


def events_with_arrival(response: dict[str, Any]) -> list[tuple[float, dict[str, Any]]]:
    return [(time.time() * 1000, event) for event in response["EventStream"]]


def test_invoke_with_response_stream_sends_chunks_as_they_are_written(lambda_client: Any) -> None:
    create_node(lambda_client, "streamer", STREAMING)
    response = lambda_client.invoke_with_response_stream(FunctionName="streamer", Payload=b"{}")
    assert response["StatusCode"] == 200
    assert response["ExecutedVersion"] == "$LATEST"
    received = events_with_arrival(response)
    chunks = [(at, event["PayloadChunk"]["Payload"].decode()) for at, event in received if "PayloadChunk" in event]
    assert received[-1][1] == {"InvokeComplete": {}}
    assert len(chunks) == 2
    (first_at, first), (_, second) = chunks
    assert first.startswith("first:") and second.startswith("second:")
    second_written_ms = int(second.removeprefix("second:").rstrip(";"))
    assert first_at < second_written_ms  # the first chunk was in hand before the second was written


def test_plain_invoke_of_a_streaming_function_answers_the_whole_stream(lambda_client: Any) -> None:
    create_node(lambda_client, "streamer", STREAMING)
    answer = lambda_client.invoke(FunctionName="streamer", Payload=b"{}")
    body = answer["Payload"].read().decode()
    assert "FunctionError" not in answer
    assert body.startswith("first:") and ";second:" in body and body.endswith(";")


def test_streaming_with_pipeline_in_an_es_module(lambda_client: Any) -> None:
    create_node(lambda_client, "piped", PIPELINE, file="index.mjs")
    response = lambda_client.invoke_with_response_stream(FunctionName="piped", Payload=json.dumps({"n": 1}))
    events = list(response["EventStream"])
    body = b"".join(event["PayloadChunk"]["Payload"] for event in events if "PayloadChunk" in event)
    assert body == b'{"n":1}|tail'
    assert events[-1] == {"InvokeComplete": {}}


def test_error_mid_stream_ends_the_stream_with_the_error(lambda_client: Any) -> None:
    create_node(lambda_client, "breaks", FAILS_MID_STREAM)
    response = lambda_client.invoke_with_response_stream(FunctionName="breaks", Payload=b"{}", LogType="Tail")
    events = list(response["EventStream"])
    assert events[0] == {"PayloadChunk": {"Payload": b"partial"}}
    complete = events[-1]["InvokeComplete"]
    assert complete["ErrorCode"] == "Unhandled"
    details = json.loads(complete["ErrorDetails"])
    assert details["errorType"] == "TypeError"
    assert details["errorMessage"] == "broke mid-stream"
    assert details["trace"][0] == "TypeError: broke mid-stream"
    log = base64.b64decode(complete["LogResult"]).decode()
    assert "\tERROR\tInvoke Error \t" in log and '"errorMessage":"broke mid-stream"' in log


def test_error_before_any_write(lambda_client: Any) -> None:
    create_node(lambda_client, "fails", FAILS_AT_ONCE)
    events = list(lambda_client.invoke_with_response_stream(FunctionName="fails", Payload=b"{}")["EventStream"])
    assert len(events) == 1
    details = json.loads(events[0]["InvokeComplete"]["ErrorDetails"])
    assert (details["errorType"], details["errorMessage"]) == ("Error", "nothing streamed")
    answer = lambda_client.invoke(FunctionName="fails", Payload=b"{}")
    assert answer["FunctionError"] == "Unhandled"
    assert json.loads(answer["Payload"].read())["errorMessage"] == "nothing streamed"


def test_stream_never_ended_times_out(lambda_client: Any) -> None:
    source = "exports.handler = awslambda.streamifyResponse(async (event, stream) => { stream.write('started'); });"
    create_node(lambda_client, "unended", source)
    lambda_client.update_function_configuration(FunctionName="unended", Timeout=1)
    events = list(lambda_client.invoke_with_response_stream(FunctionName="unended", Payload=b"{}")["EventStream"])
    assert events[0] == {"PayloadChunk": {"Payload": b"started"}}
    details = json.loads(events[-1]["InvokeComplete"]["ErrorDetails"])
    assert details["errorType"] == "Sandbox.Timedout"
    assert details["errorMessage"].endswith("Task timed out after 1.00 seconds")


def test_python_function_answers_in_one_chunk(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="py", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": make_zip({"app.py": PYTHON})}
    )
    events = list(lambda_client.invoke_with_response_stream(FunctionName="py", Payload=b"{}")["EventStream"])
    assert events == [{"PayloadChunk": {"Payload": b'{"whole": true}'}}, {"InvokeComplete": {}}]


@pytest.fixture
def url_of(server: EmulatorProcess, lambda_client: Any) -> Any:
    def create(name: str, source: str, mode: str) -> str:
        create_node(lambda_client, name, source)
        config = lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE", InvokeMode=mode)
        lambda_client.add_permission(
            FunctionName=name, StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE"
        )
        url_id = config["FunctionUrl"].split("//", 1)[1].split(".", 1)[0]
        return f"{server.url}/_aws/lambda-url/{url_id}/"

    return create


def test_response_stream_url_streams_status_headers_and_body(url_of: Any) -> None:
    url = url_of("sse", HTTP_STREAMING, "RESPONSE_STREAM")
    with httpx.Client(timeout=10) as client, client.stream("GET", url) as response:
        assert response.status_code == 201
        assert response.headers["content-type"] == "text/event-stream"
        assert response.headers["x-custom"] == "yes"
        assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]
        assert "content-length" not in response.headers
        pieces = [(time.time() * 1000, piece) for piece in response.iter_raw()]
    assert pieces[0][1] == b"data: one\n\n"
    second_written_ms = int(b"".join(piece for _, piece in pieces[1:]).decode().removeprefix("data: ").strip())
    assert pieces[0][0] < second_written_ms


def test_response_stream_url_without_prelude_is_a_200_in_the_stream_content_type(url_of: Any) -> None:
    url = url_of("plain", STREAMING, "RESPONSE_STREAM")
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain"
    assert response.text.startswith("first:") and ";second:" in response.text


def test_response_stream_url_of_a_failing_function_is_a_502(url_of: Any) -> None:
    url = url_of("failing", FAILS_AT_ONCE, "RESPONSE_STREAM")
    response = httpx.get(url, timeout=10)
    assert response.status_code == 502
    assert response.text == "Internal Server Error"


#: A custom runtime streaming through the Runtime API by hand: two chunks, then (for {"fail": true}) error trailers.
STREAMING_BOOTSTRAP = """#!/usr/bin/env python3
import base64, json, os, socket, time, urllib.request

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
base = f"http://{host}:{port}/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(base + "next") as next_invocation:
        request_id = next_invocation.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(next_invocation.read())
    connection = socket.create_connection((host, int(port)))
    connection.sendall(
        f"POST /2018-06-01/runtime/invocation/{request_id}/response HTTP/1.1\\r\\nHost: {host}\\r\\n"
        "Lambda-Runtime-Function-Response-Mode: streaming\\r\\nTransfer-Encoding: chunked\\r\\n"
        "Content-Type: text/plain\\r\\nTrailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\\r\\n\\r\\n".encode()
    )
    for piece in (b"one", b"two"):
        connection.sendall(b"%x\\r\\n%s\\r\\n" % (len(piece), piece))
        time.sleep(0.3)
    trailers = ""
    if event.get("fail"):
        body = base64.b64encode(json.dumps({"errorType": "Custom.Broken", "errorMessage": "gave up"}).encode()).decode()
        trailers = f"Lambda-Runtime-Function-Error-Type: Custom.Broken\\r\\nLambda-Runtime-Function-Error-Body: {body}\\r\\n"
    connection.sendall(f"0\\r\\n{trailers}\\r\\n".encode())
    connection.recv(65536)
    connection.close()
"""


def test_custom_runtime_streams_through_the_runtime_api(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="custom",
        Runtime="provided.al2023",
        Role=ROLE,
        Handler="unused",
        Code={"ZipFile": zip_with_executable({"bootstrap": STREAMING_BOOTSTRAP}, "bootstrap")},
    )
    response = lambda_client.invoke_with_response_stream(FunctionName="custom", Payload=b"{}")
    received = [(time.time(), event) for event in response["EventStream"]]
    assert [event for _, event in received] == [
        {"PayloadChunk": {"Payload": b"one"}},
        {"PayloadChunk": {"Payload": b"two"}},
        {"InvokeComplete": {}},
    ]
    assert received[1][0] - received[0][0] >= 0.25  # the first came while the runtime still slept
    failed = list(lambda_client.invoke_with_response_stream(FunctionName="custom", Payload=b'{"fail": true}')["EventStream"])
    assert failed[-1]["InvokeComplete"]["ErrorCode"] == "Unhandled"
    assert json.loads(failed[-1]["InvokeComplete"]["ErrorDetails"]) == {"errorType": "Custom.Broken", "errorMessage": "gave up"}
