"""The path an HTTP API routes and hands its function: decoded once, a decoded ``?`` ends it, and
what precedes that is decoded again; a path whose second decode meets a broken escape is refused.
Every pair is a live AWS capture (hotsock/voker vokerhttp/testdata/ingress-paths.json, July 2026)."""

from __future__ import annotations

import pytest
from test_http_support import call, create_function, quick_api

from emulator.testing import EmulatorProcess

CAPTURED = [
    ("/capture/plain", "/capture/plain"),
    ("/capture/space%20value", "/capture/space value"),
    ("/capture/question%3Fvalue", "/capture/question"),
    ("/capture/hash%23value", "/capture/hash#value"),
    ("/capture/slash%2Fvalue", "/capture/slash/value"),
    ("/capture/unicode-%CE%BB-%E4%B8%96%E7%95%8C", "/capture/unicode-λ-世界"),
    ("/capture/literal%252Fvalue", "/capture/literal/value"),
    ("/capture/literal%253Fvalue", "/capture/literal?value"),
    ("/capture/literal%2525value", "/capture/literal%value"),
]


@pytest.fixture
def api(server: EmulatorProcess) -> str:
    return quick_api(server, create_function(server, "paths"))


@pytest.mark.parametrize(("sent", "handed_on"), CAPTURED, ids=[sent for sent, _ in CAPTURED])
def test_the_path_as_aws_hands_it_on(server: EmulatorProcess, api: str, sent: str, handed_on: str) -> None:
    event = call(server, api, "GET", sent).json()
    assert (event["rawPath"], event["requestContext"]["http"]["path"]) == (handed_on, handed_on)


def test_a_path_whose_second_decode_fails_is_refused(server: EmulatorProcess, api: str) -> None:
    response = call(server, api, "GET", "/capture/percent%25done")
    assert (response.status_code, response.json()) == (400, {"message": "Bad Request"})
    assert response.headers["apigw-requestid"]
