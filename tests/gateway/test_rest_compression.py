"""REST API payload compression: ``minimumCompressionSize`` (Chalice's ``minimum_compression_size``)
compresses method responses as AWS's "Receive an API response with a compressed payload" lists the
conditions: a supported coding first in Accept-Encoding, no Content-Encoding from the integration, the
payload at least the minimum size, and the setting deployed."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest
from test_rest_support import RestApiBuilder, call, create_function

from emulator.gateway.rest.compression import preferred_coding
from emulator.testing import EmulatorProcess

BIG = '{"data": "' + "x" * 2000 + '"}'

ALREADY_ENCODED = """
import base64, gzip

def handler(event, context):
    body = gzip.compress(b'{"data": "' + b"y" * 2000 + b'"}')
    return {"statusCode": 200, "isBase64Encoded": True, "body": base64.b64encode(body).decode(),
            "headers": {"Content-Type": "application/json", "Content-Encoding": "gzip"}}
"""


def test_responses_are_compressed_as_accept_encoding_asks(server: EmulatorProcess) -> None:
    api = RestApiBuilder(server, "compressed", minimumCompressionSize=1000)
    api.mock_method("/big", "GET", BIG)
    api.mock_method("/small", "GET", '{"data": "tiny"}')
    api.deploy()
    # A function that encodes its body itself (a binary media type, so that API Gateway decodes its base64).
    encoding_api = RestApiBuilder(server, "encoding", minimumCompressionSize=0, binaryMediaTypes=["*/*"])
    encoding_api.lambda_method("/encoded", "GET", create_function(server, "encoded", ALREADY_ENCODED))
    encoding_api.deploy()

    def get(path: str, accept_encoding: str | None, api_id: str = api.api_id) -> tuple[str | None, bytes]:
        # The body read raw, and no Accept-Encoding unless asked: httpx would ask for gzip and decode it itself.
        with httpx.Client() as client:
            request = client.build_request(
                "GET", f"http://127.0.0.1:{server.port}/dev{path}", headers={"Host": f"{api_id}.execute-api.localhost:{server.port}"}
            )
            del request.headers["accept-encoding"]
            if accept_encoding is not None:
                request.headers["accept-encoding"] = accept_encoding
            response = client.send(request, stream=True)
            try:
                return response.headers.get("content-encoding"), b"".join(response.iter_raw())
            finally:
                response.close()

    encoding, body = get("/big", "gzip")
    assert encoding == "gzip"
    assert gzip.decompress(body).decode() == BIG
    encoding, body = get("/big", "deflate;q=0.9, gzip;q=0.5")
    assert encoding == "deflate"
    assert zlib.decompress(body).decode() == BIG
    # No Accept-Encoding, identity first, or only codings API Gateway lacks: the payload as it is.
    for accept in (None, "identity", "br", "identity;q=1, gzip;q=0.5"):
        assert get("/big", accept) == (None, BIG.encode())
    # Below the minimum size, or encoded already by the integration: left alone.
    assert get("/small", "gzip") == (None, b'{"data": "tiny"}')
    encoding, body = get("/encoded", "gzip", encoding_api.api_id)
    assert encoding == "gzip"
    assert gzip.decompress(body) == b'{"data": "' + b"y" * 2000 + b'"}'


def test_the_setting_takes_effect_when_deployed(server: EmulatorProcess) -> None:
    api = RestApiBuilder(server, "later")
    api.mock_method("/big", "GET", BIG)
    api.deploy()
    host = {"Host": f"{api.api_id}.execute-api.localhost:{server.port}", "Accept-Encoding": "gzip"}
    assert "content-encoding" not in call(server, api.api_id, "GET", "/dev/big", headers=host).headers
    api.client.update_rest_api(
        restApiId=api.api_id, patchOperations=[{"op": "replace", "path": "/minimumCompressionSize", "value": "0"}]
    )
    assert "content-encoding" not in call(server, api.api_id, "GET", "/dev/big", headers=host).headers
    api.deploy()
    answered = call(server, api.api_id, "GET", "/dev/big", headers=host)
    assert answered.headers["content-encoding"] == "gzip"
    assert answered.text == BIG  # httpx decodes it


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip, deflate, br", "gzip"),
        ("br;q=1.0, gzip;q=0.8", None),
        ("deflate", "deflate"),
        ("*", None),
        ("gzip;q=0", None),
        ("gzip;q=abc, deflate", "deflate"),
        ("", None),
    ],
)
def test_the_preferred_coding(accept_encoding: str, coding: str | None) -> None:
    assert preferred_coding(accept_encoding) == coding
