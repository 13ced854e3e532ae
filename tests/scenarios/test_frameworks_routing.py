"""FastAPI (Mangum) and Flask (apig-wsgi) behind every front answer as they do in-process: routes,
path and query parameters, request headers, cookies, redirects, several-valued response headers,
the framework's 404/405, HEAD and trailing slashes.

A difference is the front's: its event or its reading of the adapter's result departs from AWS's.
"""

from __future__ import annotations

import pytest
from frameworks import Deployment, InProcess, same


@pytest.mark.parametrize(
    "path",
    [
        "",  # the stage alone (``/prod`` on the REST API): its root resource
        "/",
        "/items/42",
        "/items/42?tag=a&tag=b&single=1",
        "/items/a%20b?q=x%2By&plus=a+b&amp=%26",
        "/items/a%2Fb",
        "/items/%E2%9C%93?name=%C3%A9t%C3%A9",
        "/caf%C3%A9/cr%C3%A8me",
        "/items/42?empty=&flag",
        "/missing/route",
    ],
)
def test_paths_and_query_strings(deployments: list[Deployment], in_process: InProcess, path: str) -> None:
    same(deployments, in_process, "GET", path)


def test_trailing_slashes(deployments: list[Deployment], in_process: InProcess) -> None:
    same(deployments, in_process, "GET", "/slash/")
    same(deployments, in_process, "GET", "/slash")
    same(deployments, in_process, "GET", "/items/7/")


def test_several_values_of_a_request_header(deployments: list[Deployment], in_process: InProcess) -> None:
    same(deployments, in_process, "GET", "/items/1", headers=[("x-multi", "a"), ("x-multi", "b")])


def test_cookies_in_and_set_cookies_out(deployments: list[Deployment], in_process: InProcess) -> None:
    same(deployments, in_process, "GET", "/cookies", cookies={"a": "1", "b": "two words"})
    same(deployments, in_process, "GET", "/cookies")


def test_redirects_and_several_valued_response_headers(
    deployments: list[Deployment], in_process: InProcess
) -> None:
    same(deployments, in_process, "GET", "/redirect")
    same(deployments, in_process, "GET", "/multi")


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "DELETE"])
def test_other_methods(deployments: list[Deployment], in_process: InProcess, method: str) -> None:
    same(deployments, in_process, method, "/items/1")


@pytest.mark.parametrize(
    ("method", "code"), [("POST", 201), ("DELETE", 204), ("PUT", 409), ("PATCH", 418), ("GET", 503)]
)
def test_status_codes_without_a_body(
    deployments: list[Deployment], in_process: InProcess, method: str, code: int
) -> None:
    same(deployments, in_process, method, f"/status/{code}")
