"""A streamed REST response whose metadata HTTP cannot carry is a malformed response (502).

A cookie in the metadata that would split the response (a line break, a NUL)
is refused like such a header: ``Internal server error`` with 502, never the
connection's plain-text 500 or a cookie a client refuses.
"""

from __future__ import annotations

import json

import httpx
import pytest
from test_rest_streaming import create_node, streamed_api

from emulator.testing import EmulatorProcess

#: Streams "body" after the metadata the ``x-metadata`` request header holds.
STREAMS_AS_ASKED = r"""
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, JSON.parse(event.headers['x-metadata']));
  stream.write('body');
  stream.end();
});
"""


@pytest.mark.parametrize(
    "metadata",
    [
        {"statusCode": 200, "cookies": ["a=1\r\nx-injected: yes"]},
        {"statusCode": 200, "cookies": ["a=\u0000"]},
        {"statusCode": 200, "cookies": {"a": "1"}},
        {"statusCode": 200, "headers": {"x-split": "a\r\nx-injected: yes"}},
        {"statusCode": 200, "headers": {"x-\u2713": "name beyond latin-1"}},
    ],
    ids=["cookie-line-break", "cookie-nul", "cookies-object", "header-line-break", "header-name"],
)
def test_streamed_metadata_http_cannot_carry_is_a_bad_gateway(server: EmulatorProcess, metadata: dict) -> None:
    url = streamed_api(server, {"stream": create_node(server, "streams", STREAMS_AS_ASKED)})
    response = httpx.get(f"{url}/stream", headers={"x-metadata": json.dumps(metadata)}, timeout=30)
    assert (response.status_code, response.json()) == (502, {"message": "Internal server error"})
    assert "x-injected" not in response.headers
    good = httpx.get(f"{url}/stream", headers={"x-metadata": json.dumps({"statusCode": 201, "cookies": ["a=1"]})}, timeout=30)
    assert (good.status_code, good.headers["set-cookie"], good.text) == (201, "a=1", "body")
