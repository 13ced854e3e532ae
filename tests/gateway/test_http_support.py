"""Helpers for the HTTP API tests: Lambda functions from inline code, data-plane calls.

Named test_http_* so that it sits with the HTTP API tests; it holds no tests.
"""

from __future__ import annotations

import http.server
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from emulator.testing import EmulatorProcess

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

#: Returns the event it received as the JSON body (payload format 2.0 or 1.0 alike).
ECHO = """
import json

def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""


def make_zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def create_function(server: EmulatorProcess, name: str, code: str = ECHO, timeout: int = 3) -> str:
    """A Python function ``app.handler``; returns its ARN."""
    created = server.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": code})},
        Timeout=timeout,
    )
    return created["FunctionArn"]


def lambda_uri(function_arn: str, region: str = "us-east-1") -> str:
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def call(server: EmulatorProcess, api_id: str, method: str, path: str, **options: Any) -> httpx.Response:
    """A request to an API's host-based URL (connecting to 127.0.0.1, with the Host header)."""
    extra = options.pop("headers", {})
    headers = [
        ("Host", f"{api_id}.execute-api.localhost:{server.port}"),
        *(extra.items() if isinstance(extra, dict) else extra),
    ]
    return httpx.request(
        method, f"http://127.0.0.1:{server.port}{path}", headers=headers, timeout=30, **options
    )


def quick_api(server: EmulatorProcess, function_arn: str, **options: Any) -> str:
    """A quick-created HTTP API in front of a function; returns its id."""
    return server.client("apigatewayv2").create_api(
        Name="quick", ProtocolType="HTTP", Target=function_arn, **options
    )["ApiId"]


def route_api(
    server: EmulatorProcess, routes: dict[str, str], payload_version: str = "2.0", **stage: Any
) -> str:
    """An API whose routes (route key -> function ARN) are each integrated with their function,
    deployed to a ``$default`` stage with AutoDeploy unless ``StageName`` says otherwise."""
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="routes", ProtocolType="HTTP")["ApiId"]
    integrations: dict[str, str] = {}
    for route_key, function_arn in routes.items():
        if function_arn not in integrations:
            integrations[function_arn] = client.create_integration(
                ApiId=api_id,
                IntegrationType="AWS_PROXY",
                IntegrationUri=function_arn,
                PayloadFormatVersion=payload_version,
            )["IntegrationId"]
        client.create_route(
            ApiId=api_id, RouteKey=route_key, Target=f"integrations/{integrations[function_arn]}"
        )
    client.create_stage(ApiId=api_id, StageName=stage.pop("StageName", "$default"), AutoDeploy=True, **stage)
    return api_id


@contextmanager
def echo_server() -> Iterator[str]:
    """An HTTP server on loopback answering 202 with what it received (method, path, headers, body)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.dumps(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": self.rfile.read(length).decode(),
                }
            ).encode()
            self.send_response(202)
            self.send_header("content-type", "application/json")
            self.send_header("x-upstream", "yes")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
