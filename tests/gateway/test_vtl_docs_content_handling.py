"""Text and binary payloads of non-proxy integrations, converted as the developer guide's tables say
(awsdocs/amazon-api-gateway-developer-guide doc_source/api-gateway-payload-encodings-workflow.md):
the integration's contentHandling converts the request, the integration response's the response,
and without one the first Accept type decides; binaryMediaTypes tells binary from text."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from loopback_http import QuietHandler, serving
from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess

BINARY = b"\x89PNG\r\n\x1a\n\x00\xff\xfe"
ENCODED = base64.b64encode(BINARY)
BINARY_TYPE = "application/octet-stream"
HANDLINGS = {"none": None, "bin": "CONVERT_TO_BINARY", "text": "CONVERT_TO_TEXT"}


class _Echo(QuietHandler):
    """Answers the body it received, with the content type ``?type=`` names."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        content_type = parse_qs(urlsplit(self.path).query).get("type", ["application/json"])[0]
        self.send_response(200)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)



@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    with serving(_Echo) as url:
        yield url


@pytest.fixture
def api(server: EmulatorProcess, backend: str) -> str:
    """``/req/{handling}`` converts requests, ``/res/{handling}`` responses; binaryMediaTypes is octet-stream."""
    builder = RestApiBuilder(server, binaryMediaTypes=[BINARY_TYPE])
    for side in ("req", "res"):
        for name, handling in HANDLINGS.items():
            integration: dict[str, Any] = {
                "type": "HTTP",
                "integrationHttpMethod": "POST",
                "uri": f"{backend}/echo",
                "requestParameters": {"integration.request.querystring.type": "method.request.querystring.type"},
            }
            if side == "req" and handling:
                integration["contentHandling"] = handling
            resource_id = builder.method(
                f"/{side}/{name}", "POST", integration, requestParameters={"method.request.querystring.type": False}
            )
            where = {"restApiId": builder.api_id, "resourceId": resource_id, "httpMethod": "POST"}
            builder.client.put_method_response(**where, statusCode="200")
            options = {"contentHandling": handling} if side == "res" and handling else {}
            builder.client.put_integration_response(**where, statusCode="200", **options)
    builder.deploy("dev")
    return builder.api_id


#: Method request payload, its Content-Type, contentHandling -> integration request payload.
REQUEST_TABLE = [
    (ENCODED, "text/plain", "none", ENCODED),
    (ENCODED, "text/plain", "bin", BINARY),
    (ENCODED, "text/plain", "text", ENCODED),
    (BINARY, BINARY_TYPE, "none", BINARY),
    (BINARY, BINARY_TYPE, "bin", BINARY),
    (BINARY, BINARY_TYPE, "text", ENCODED),
]


@pytest.mark.parametrize(
    ("sent", "content_type", "handling", "received"), REQUEST_TABLE, ids=[f"{row[1]}-{row[2]}" for row in REQUEST_TABLE]
)
def test_request_payload_conversions(
    server: EmulatorProcess, api: str, sent: bytes, content_type: str, handling: str, received: bytes
) -> None:
    answer = call(
        server,
        api,
        "POST",
        f"/dev/req/{handling}",
        content=sent,
        headers={"Content-Type": content_type, "Accept": "application/json"},
    )
    assert (answer.status_code, answer.content) == (200, received)


#: Integration response payload, its type, the request's Accept, contentHandling -> method response payload.
RESPONSE_TABLE = [
    (ENCODED, "text/plain", "application/json", "none", ENCODED),
    (ENCODED, "text/plain", "application/json", "bin", BINARY),
    (ENCODED, "text/plain", "application/json", "text", ENCODED),
    (ENCODED, "text/plain", BINARY_TYPE, "none", BINARY),
    (ENCODED, "text/plain", BINARY_TYPE, "bin", BINARY),
    (ENCODED, "text/plain", BINARY_TYPE, "text", ENCODED),
    (BINARY, BINARY_TYPE, "application/json", "none", ENCODED),
    (BINARY, BINARY_TYPE, "application/json", "bin", BINARY),
    (BINARY, BINARY_TYPE, "application/json", "text", ENCODED),
    (BINARY, BINARY_TYPE, BINARY_TYPE, "none", BINARY),
    (BINARY, BINARY_TYPE, BINARY_TYPE, "bin", BINARY),
    (BINARY, BINARY_TYPE, BINARY_TYPE, "text", ENCODED),
]


@pytest.mark.parametrize(
    ("payload", "payload_type", "accept", "handling", "returned"),
    RESPONSE_TABLE,
    ids=[f"{row[1]}-accept:{row[2]}-{row[3]}" for row in RESPONSE_TABLE],
)
def test_response_payload_conversions(
    server: EmulatorProcess, api: str, payload: bytes, payload_type: str, accept: str, handling: str, returned: bytes
) -> None:
    # The request passes through unconverted (its type is binary, the integration has no contentHandling).
    answer = call(
        server,
        api,
        "POST",
        f"/dev/res/{handling}?type={payload_type}",
        content=payload,
        headers={"Content-Type": BINARY_TYPE, "Accept": accept},
    )
    assert (answer.status_code, answer.content) == (200, returned)


def test_only_the_first_accept_type_counts(server: EmulatorProcess, api: str) -> None:
    """The guide's tip: API Gateway honours only the first media type of Accept."""
    for accept, returned in ((f"text/html, {BINARY_TYPE}", ENCODED), (f"{BINARY_TYPE}, text/html", BINARY)):
        answer = call(
            server, api, "POST", "/dev/res/none?type=text/plain", content=ENCODED, headers={"Accept": accept}
        )
        assert answer.content == returned


def test_text_that_is_no_base64_fails_the_conversion(server: EmulatorProcess, api: str) -> None:
    """The guide: a failed text-to-binary conversion answers 500."""
    answer = call(
        server, api, "POST", "/dev/req/bin", content=b"not base64!", headers={"Content-Type": "text/plain"}
    )
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"})
