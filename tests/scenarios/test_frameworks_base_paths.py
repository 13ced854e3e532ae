"""Paths under a prefix the app does not route: an HTTP API's named stage and a REST API's custom
domain base path stay in the event's path, as AWS passes them, and Mangum's ``api_gateway_base_path``
takes them off, so that the FastAPI app answers as it does in-process.

(A REST API's stage on its execute-api host is not in the event's ``path``: the routing sweep's REST
calls, all under ``/prod``, need no base path.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from frameworks import Deployment, InProcess, app_function, http_api, rest_api, same

from emulator.testing import EmulatorProcess

DOMAIN = "api.example.com"


@pytest.fixture(scope="module")
def prefixed(host_packages_server: EmulatorProcess) -> Iterator[list[Deployment]]:
    """The FastAPI app behind an HTTP API's stage ``prod`` (both payload formats), told the base path
    ``/prod``, and behind a REST API mapped at ``v1`` of a custom domain, told ``/v1``."""
    server = host_packages_server
    server.reset()
    staged = app_function(server, "fastapi-staged", "fastapi", base_path="/prod")
    hosts = {
        front: f"{http_api(server, staged, version, stage='prod')}.execute-api.localhost"
        for front, version in (("http-v2", "2.0"), ("http-v1", "1.0"))
    }
    deployment = Deployment(server, "fastapi", hosts, {"http-v2": "/prod", "http-v1": "/prod"})
    mapped = app_function(server, "fastapi-mapped", "fastapi", base_path="/v1")
    apigateway = server.client("apigateway")
    apigateway.create_domain_name(
        domainName=DOMAIN,
        regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/abc",
        endpointConfiguration={"types": ["REGIONAL"]},
    )
    apigateway.create_base_path_mapping(
        domainName=DOMAIN, basePath="v1", restApiId=rest_api(server, mapped), stage="prod"
    )
    domain = Deployment(server, "fastapi", {"rest": DOMAIN}, {"rest": "/v1"})
    yield [deployment, domain]
    server.reset()


@pytest.mark.parametrize(
    "path", ["/", "/items/42?tag=a&tag=b", "/items/a%20b", "/caf%C3%A9/cr%C3%A8me", "/slash/", "/missing"]
)
def test_routes_under_a_base_path(prefixed: list[Deployment], in_process: InProcess, path: str) -> None:
    same(prefixed, in_process, "GET", path)


def test_cookies_redirects_and_bodies_under_a_base_path(
    prefixed: list[Deployment], in_process: InProcess
) -> None:
    same(prefixed, in_process, "GET", "/cookies", cookies={"a": "1"})
    same(prefixed, in_process, "GET", "/redirect")
    same(prefixed, in_process, "POST", "/echo", json={"name": "naïve ☃"})
