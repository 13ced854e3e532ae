"""HTTP integrations (REST HTTP_PROXY, HTTP API HTTP_PROXY) with odd headers and broken backends.

A client's header beyond ASCII goes on to the backend as the bytes it came as;
a decoded parameter mapped to a header goes as UTF-8. A mapped value HTTP
cannot carry (a line break), or a backend that answers no HTTP, fails the
integration: REST 500 ``Internal server error``, HTTP API 500 ``Internal Server
Error`` -- no traceback, and the backend never sees an injected header.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from test_http_support import call, create_function, echo_server

from emulator.testing import EmulatorProcess

FAILED = {"rest": (500, {"message": "Internal server error"}), "http": (500, {"message": "Internal Server Error"})}


@pytest.fixture(scope="module")
def echo() -> Iterator[str]:
    with echo_server() as url:
        yield url


@pytest.fixture(scope="module")
def broken_backend() -> Iterator[str]:
    """Answers every request with a line that is not HTTP, then closes."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.recv(65536)
            connection.sendall(b"NOT HTTP\r\n\r\n")
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def rest_proxy(server: EmulatorProcess, backend: str) -> tuple[str, str]:
    """GET /p/map proxies to ``backend``, with the query's ``q`` mapped to header X-Q."""
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="proxy")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="map")["id"]
    client.put_method(
        restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE",
        requestParameters={"method.request.querystring.q": False},
    )  # fmt: skip
    client.put_integration(
        restApiId=api_id, resourceId=resource, httpMethod="GET", type="HTTP_PROXY", integrationHttpMethod="GET",
        uri=f"{backend}/map", requestParameters={"integration.request.header.X-Q": "method.request.querystring.q"},
    )  # fmt: skip
    client.create_deployment(restApiId=api_id, stageName="p")
    return api_id, "/p"


def http_proxy(server: EmulatorProcess, backend: str) -> tuple[str, str]:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="proxy", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri=f"{backend}/map", IntegrationMethod="GET",
        PayloadFormatVersion="1.0", RequestParameters={"overwrite:header.X-Q": "$request.querystring.q"},
    )["IntegrationId"]  # fmt: skip
    client.create_route(ApiId=api_id, RouteKey="GET /map", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id, ""


APIS = {"rest": rest_proxy, "http": http_proxy}


@pytest.mark.parametrize("kind", list(APIS))
def test_a_client_header_beyond_ascii_reaches_the_backend_as_sent(server: EmulatorProcess, echo: str, kind: str) -> None:
    api_id, prefix = APIS[kind](server, echo)
    response = call(server, api_id, "GET", f"{prefix}/map?q=plain", headers={"x-latin": b"caf\xe9"})
    assert response.status_code == 202
    assert response.json()["headers"]["x-latin"] == "caf\u00e9"  # the echo reads headers as latin-1


@pytest.mark.parametrize("kind", list(APIS))
def test_a_mapped_parameter_beyond_latin_1_reaches_the_backend_as_utf_8(server: EmulatorProcess, echo: str, kind: str) -> None:
    api_id, prefix = APIS[kind](server, echo)
    response = call(server, api_id, "GET", f"{prefix}/map?q=%E2%9C%93")
    assert response.status_code == 202
    assert response.json()["headers"]["x-q"].encode("latin-1").decode() == "\u2713"


@pytest.mark.parametrize("kind", list(APIS))
@pytest.mark.parametrize("value", ["a%0D%0Ax-injected:%20yes", "a%00b"], ids=["line-break", "nul"])
def test_a_mapped_parameter_http_cannot_carry_fails_the_integration(
    server: EmulatorProcess, echo: str, kind: str, value: str
) -> None:
    api_id, prefix = APIS[kind](server, echo)
    response = call(server, api_id, "GET", f"{prefix}/map?q={value}")
    assert (response.status_code, response.json()) == FAILED[kind]
    assert call(server, api_id, "GET", f"{prefix}/map?q=fine").status_code == 202


@pytest.mark.parametrize("kind", list(APIS))
def test_a_backend_that_answers_no_http_fails_the_integration(
    server: EmulatorProcess, broken_backend: str, kind: str
) -> None:
    api_id, prefix = APIS[kind](server, broken_backend)
    response = call(server, api_id, "GET", f"{prefix}/map")
    assert (response.status_code, response.json()) == FAILED[kind]


def test_an_http_api_response_mapping_http_cannot_carry_is_an_internal_error(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=create_function(server, "echo"),
        PayloadFormatVersion="2.0",
        ResponseParameters={"200": {"overwrite:header.X-Mapped": "$request.querystring.q",
                                    "overwrite:statuscode": "$request.querystring.status"}},
    )["IntegrationId"]  # fmt: skip
    client.create_route(ApiId=api_id, RouteKey="GET /mapped", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)

    fine = call(server, api_id, "GET", "/mapped?q=fine&status=201")
    assert (fine.status_code, fine.headers["x-mapped"]) == (201, "fine")
    for query in ("q=a%0D%0Ax-injected:%20yes&status=200", "q=a%00b&status=200", "q=fine&status=999"):
        response = call(server, api_id, "GET", f"/mapped?{query}")
        assert (response.status_code, response.json()) == FAILED["http"], query
        assert "x-injected" not in response.headers
