"""REST API response streaming (``responseTransferMode: STREAM``) for Lambda and HTTP proxy integrations.

As AWS documents it (API Gateway developer guide, "Stream the integration
response for your proxy integrations"): the integration shows its transfer
mode (BUFFERED by default); a streamed Lambda proxy is invoked through
InvokeWithResponseStream (URI ``.../2021-11-15/functions/{arn}/response-streaming-invocations``)
and writes JSON metadata, eight NUL bytes, then the body, which reaches the
client while the function still writes it.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of
from test_rest_support import RestApiBuilder, create_function, lambda_uri

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, make_zip

#: API Gateway's streaming format, written by awslambda.HttpResponseStream.from; the second chunk after 300 ms.
SSE = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 201,
    headers: { 'Content-Type': 'text/event-stream', 'X-Path': event.path },
    cookies: ['a=1', 'b=2'],
  });
  stream.write('data: one\\n\\n');
  await new Promise((resolve) => setTimeout(resolve, 300));
  stream.write('data: ' + Date.now() + '\\n\\n');
  stream.end();
});
"""

#: Streams raw bytes with no metadata: more than 16 KB before any delimiter.
NO_METADATA = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.write('x'.repeat(20000));
  responseStream.end();
});
"""

FAILS_FIRST = """
exports.handler = awslambda.streamifyResponse(async () => {
  throw new Error('nothing streamed');
});
"""

PYTHON = """
def handler(event, context):
    return {"statusCode": 202, "headers": {"content-type": "text/plain"}, "body": "whole:" + event["path"]}
"""


def streaming_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/{function_arn}/response-streaming-invocations"


def create_node(server: EmulatorProcess, name: str, source: str) -> str:
    return server.client("lambda").create_function(
        FunctionName=name,
        Runtime="nodejs20.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": source})},
        Timeout=10,
    )["FunctionArn"]


def streamed_api(server: EmulatorProcess, routes: dict[str, str]) -> str:
    """An API whose ``GET /{path}`` streams from each function ARN given; returns the stage URL."""
    builder = RestApiBuilder(server)
    for path, arn in routes.items():
        integration = {
            "type": "AWS_PROXY",
            "integrationHttpMethod": "POST",
            "uri": streaming_uri(arn),
            "responseTransferMode": "STREAM",
        }
        builder.method(path, "GET", integration)
    builder.deploy("dev")
    return f"{server.url}/_aws/execute-api/{builder.api_id}/dev"


def test_integrations_show_their_transfer_mode(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    builder = RestApiBuilder(server)
    function_arn = create_function(server, "echo")
    resource_id = builder.lambda_method("/buffered", "GET", function_arn)
    target = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "GET"}
    assert client.get_integration(**target)["responseTransferMode"] == "BUFFERED"
    assert client.get_method(**target)["methodIntegration"]["responseTransferMode"] == "BUFFERED"

    put = client.put_integration(
        **target,
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=streaming_uri(function_arn),
        responseTransferMode="STREAM",
    )
    assert put["responseTransferMode"] == "STREAM"
    assert put["uri"] == streaming_uri(function_arn)
    updated = client.update_integration(
        **target, patchOperations=[{"op": "replace", "path": "/responseTransferMode", "value": "BUFFERED"}]
    )
    assert updated["responseTransferMode"] == "BUFFERED"
    assert client.get_integration(**target)["responseTransferMode"] == "BUFFERED"

    with pytest.raises(ClientError) as bad:
        client.update_integration(
            **target,
            patchOperations=[{"op": "replace", "path": "/responseTransferMode", "value": "STREAMED"}],
        )
    code, message, status = error_of(bad)
    assert (code, status) == ("BadRequestException", 400)
    assert "STREAMED" in message and "[BUFFERED, STREAM]" in message
    assert client.get_integration(**target)["responseTransferMode"] == "BUFFERED"


def test_lambda_stream_reaches_the_client_as_it_is_written(server: EmulatorProcess) -> None:
    url = streamed_api(server, {"/events": create_node(server, "sse", SSE)})
    with httpx.Client(timeout=10) as client, client.stream("GET", f"{url}/events") as response:
        assert response.status_code == 201
        assert response.headers["content-type"] == "text/event-stream"
        assert response.headers["x-path"] == "/events"
        assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]
        assert "content-length" not in response.headers
        assert response.headers["x-amzn-requestid"]
        pieces = [(time.time() * 1000, piece) for piece in response.iter_raw()]
    assert pieces[0][1] == b"data: one\n\n"
    second_written_ms = int(
        b"".join(piece for _, piece in pieces[1:]).decode().removeprefix("data: ").strip()
    )
    assert pieces[0][0] < second_written_ms  # the first event was in hand before the second was written


def test_a_function_that_does_not_stream_is_answered_whole(server: EmulatorProcess) -> None:
    url = streamed_api(server, {"/whole": create_function(server, "python", PYTHON)})
    response = httpx.get(f"{url}/whole", timeout=10)
    assert response.status_code == 202
    assert response.headers["content-type"] == "text/plain"
    assert response.text == "whole:/whole"


def test_stream_failures_are_bad_gateways(server: EmulatorProcess) -> None:
    url = streamed_api(
        server,
        {
            "/no-metadata": create_node(server, "raw", NO_METADATA),
            "/fails": create_node(server, "fails", FAILS_FIRST),
        },
    )
    for path in ("/no-metadata", "/fails"):
        response = httpx.get(f"{url}{path}", timeout=10)
        assert response.status_code == 502, path
        assert response.json() == {"message": "Internal server error"}


def test_buffered_mode_reads_the_whole_stream_through_the_streaming_uri(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    arn = create_function(server, "python", PYTHON)
    builder.method(
        "/plain", "GET", {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": streaming_uri(arn)}
    )
    builder.method(
        "/classic", "GET", {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": lambda_uri(arn)}
    )
    builder.deploy("dev")
    for path in ("/plain", "/classic"):
        response = httpx.get(f"{server.url}/_aws/execute-api/{builder.api_id}/dev{path}", timeout=10)
        assert (response.status_code, response.text, response.headers["content-length"]) == (
            202,
            f"whole:{path}",
            str(len(f"whole:{path}")),
        )


class _SlowChunks(http.server.BaseHTTPRequestHandler):
    """Answers in two chunks, 300 ms apart, the second carrying the time it was written."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Backend", "slow")
        self.end_headers()
        for piece in (b"first;", None):
            if piece is None:
                time.sleep(0.3)
                piece = str(int(time.time() * 1000)).encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def slow_backend() -> Iterator[str]:
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowChunks)
    thread = threading.Thread(target=backend.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{backend.server_address[1]}/"
    backend.shutdown()
    backend.server_close()


def test_http_proxy_stream_passes_the_backend_body_on_as_it_arrives(
    server: EmulatorProcess, slow_backend: str
) -> None:
    builder = RestApiBuilder(server)
    builder.method(
        "/s",
        "GET",
        {
            "type": "HTTP_PROXY",
            "integrationHttpMethod": "GET",
            "uri": slow_backend,
            "responseTransferMode": "STREAM",
        },
    )
    builder.method("/b", "GET", {"type": "HTTP_PROXY", "integrationHttpMethod": "GET", "uri": slow_backend})
    builder.deploy("dev")
    base = f"{server.url}/_aws/execute-api/{builder.api_id}/dev"
    with httpx.Client(timeout=10) as client, client.stream("GET", f"{base}/s") as response:
        assert response.status_code == 200
        assert response.headers["x-backend"] == "slow"
        assert "content-length" not in response.headers
        pieces = [(time.time() * 1000, piece) for piece in response.iter_raw()]
    assert pieces[0][1] == b"first;"
    assert pieces[0][0] < int(b"".join(piece for _, piece in pieces[1:]))
    buffered = httpx.get(f"{base}/b", timeout=10)
    assert buffered.headers["content-length"] == str(len(buffered.content))
    assert buffered.text.startswith("first;")


def test_openapi_import_and_export_keep_the_transfer_mode(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    arn = create_function(server, "python", PYTHON)
    document = {
        "openapi": "3.0.1",
        "info": {"title": "streams", "version": "1"},
        "paths": {
            "/stream": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "aws_proxy",
                        "httpMethod": "POST",
                        "uri": streaming_uri(arn),
                        "responseTransferMode": "STREAM",
                    }
                }
            }
        },
    }
    api_id = client.import_rest_api(body=json.dumps(document))["id"]
    resource_id = next(
        item["id"] for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/stream"
    )
    assert (
        client.get_integration(restApiId=api_id, resourceId=resource_id, httpMethod="GET")[
            "responseTransferMode"
        ]
        == "STREAM"
    )
    client.create_deployment(restApiId=api_id, stageName="dev")
    exported = json.loads(
        client.get_export(
            restApiId=api_id, stageName="dev", exportType="oas30", parameters={"extensions": "integrations"}
        )["body"].read()
    )
    assert (
        exported["paths"]["/stream"]["get"]["x-amazon-apigateway-integration"]["responseTransferMode"]
        == "STREAM"
    )
    response = httpx.get(f"{server.url}/_aws/execute-api/{api_id}/dev/stream", timeout=10)
    assert (response.status_code, response.text) == (202, "whole:/stream")


def test_test_invoke_method_buffers_a_streamed_answer(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    builder = RestApiBuilder(server)
    arn = create_node(server, "sse", SSE)
    resource_id = builder.method(
        "/events",
        "GET",
        {
            "type": "AWS_PROXY",
            "integrationHttpMethod": "POST",
            "uri": streaming_uri(arn),
            "responseTransferMode": "STREAM",
        },
    )
    result = client.test_invoke_method(
        restApiId=builder.api_id, resourceId=resource_id, httpMethod="GET", pathWithQueryString="/events"
    )
    assert result["status"] == 201
    assert result["headers"]["Content-Type"] == "text/event-stream"
    assert result["body"].startswith("data: one\n\ndata: ")

