"""The events behind the framework sweep: the request path as each front hands it to the function,
the thing every adapter starts from (Mangum and apig-wsgi rebuild the request URL from it)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from frameworks import STAGE, Deployment, function_url, http_api, rest_api

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

#: Returns its event as its JSON body.
ECHO = """
import json

def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""


@pytest.mark.parametrize(
    ("sent", "http_api_path"),
    [
        ("/capture/space%20value", "/capture/space value"),
        ("/capture/slash%2Fvalue", "/capture/slash/value"),
        ("/capture/unicode-%CE%BB-%E4%B8%96%E7%95%8C", "/capture/unicode-λ-世界"),
        ("/capture/hash%23value", "/capture/hash#value"),
    ],
)
def test_the_event_path_as_each_front_hands_it_on(
    host_packages_server: EmulatorProcess, sent: str, http_api_path: str
) -> None:
    """What an adapter starts from: REST APIs and function URLs keep the path percent-encoded, HTTP APIs
    decode it (AWS-recorded pairs: hotsock/voker vokerhttp/testdata/ingress-paths.json, live captures
    of July 2026)."""
    server = host_packages_server
    server.reset()
    arn = create_python_function(server.client("lambda"), "echo", ECHO)["FunctionArn"]
    fronts = Deployment(
        server,
        "echo",
        {"rest": f"{rest_api(server, arn)}.execute-api.localhost"}
        | {front: f"{http_api(server, arn, version)}.execute-api.localhost" for front, version in PAYLOADS}
        | {"url": function_url(server, "echo")},
        {"rest": f"/{STAGE}", "http-v2": "", "http-v1": "", "url": ""},
    )
    events = {front: fronts.call(front, "GET", sent).json() for front in fronts.hosts}
    assert (events["rest"]["path"], events["rest"]["pathParameters"]) == (sent, {"proxy": sent[1:]})
    assert events["rest"]["requestContext"]["path"] == f"/{STAGE}{sent}"
    assert (events["http-v2"]["rawPath"], events["http-v2"]["requestContext"]["http"]["path"]) == (
        http_api_path,
    ) * 2
    assert events["http-v1"]["path"] == http_api_path
    assert (events["url"]["rawPath"], events["url"]["requestContext"]["http"]["path"]) == (
        sent,
        unquote(sent),
    )


PAYLOADS = (("http-v2", "2.0"), ("http-v1", "1.0"))
