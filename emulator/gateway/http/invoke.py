"""Calling integrations: Lambda (AWS_PROXY) and HTTP endpoints (HTTP_PROXY)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
from urllib.parse import urlsplit, urlunsplit

from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from ..common.outgoing import header_bytes
from .request import IncomingRequest

_LAMBDA_PATH = "/2015-03-31/functions/"
_VARIABLE = re.compile(r"\{([^}]+)\}|\$\{stageVariables\.([^}]+)\}")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([^}]+)\}")
_HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"transfer-encoding",
        b"content-length",
        b"te",
        b"trailer",
        b"upgrade",
        b"date",
        b"server",
        b"content-encoding",
    }
)


@lru_cache(maxsize=1024)  # asked on every request, for the same few URIs
def function_of(uri: str) -> str:
    """The function ARN or name in an IntegrationUri (a Lambda ARN or its invocation URI)."""
    start = uri.find(_LAMBDA_PATH)
    if start >= 0:
        return uri[start + len(_LAMBDA_PATH) :].removesuffix("/invocations")
    return uri


async def invoke_lambda(lambda_: Any, region: str, uri: str, payload: bytes, timeout_s: float) -> bytes:
    """The function's result payload; IntegrationFailure (a function error too) or IntegrationTimeout otherwise."""
    if getattr(lambda_, "invoke_function", None) is None:
        raise IntegrationFailure("Lambda is not available")
    function = function_of(uri)
    result = await invoke_function(lambda_, region_of_arn(function, region), function, payload, timeout_s * 1000)
    if result.function_error:
        raise IntegrationFailure(result.function_error)
    return result.payload


def with_stage_variables(uri: str, stage_variables: dict[str, str] | None) -> str:
    """``${stageVariables.name}`` in an IntegrationUri (a Lambda ARN may name its function so)."""
    if "${stageVariables." not in uri:
        return uri
    variables = stage_variables or {}
    return _STAGE_VARIABLE.sub(lambda found: variables.get(found.group(1), ""), uri)


def proxy_url(
    uri: str, path_params: dict[str, str] | None, stage_variables: dict[str, str], query: str
) -> str:
    """The HTTP_PROXY target with ``{param}`` and ``${stageVariables.x}`` filled in."""

    def fill(found: re.Match[str]) -> str:
        if found.group(2) is not None:
            return stage_variables.get(found.group(2), "")
        name = found.group(1).rstrip("+")
        return (path_params or {}).get(name, "")

    url = _VARIABLE.sub(fill, uri) if "{" in uri else uri
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


def with_path(uri: str, path: str) -> str:
    """``uri`` with its path replaced (``overwrite:path``)."""
    parts = urlsplit(uri)
    return urlunsplit(
        (parts.scheme, parts.netloc, path if path.startswith("/") else "/" + path, parts.query, "")
    )


async def call_http(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    request: IncomingRequest,
    headers: dict[str, str],
    timeout_s: float,
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    forwarded = {
        name: value for name, value in headers.items() if name not in ("host", "content-length", "connection")
    }
    try:
        try:
            response = await client.request(method, url, headers=forwarded, content=request.body, timeout=timeout_s)
        except UnicodeEncodeError:  # a header value beyond ASCII (httpx's text encoding): sent as bytes
            response = await client.request(
                method, url, headers=header_bytes(forwarded.items()), content=request.body, timeout=timeout_s
            )
    except Exception as error:  # httpx's errors, imported lazily with the client
        import httpx

        if isinstance(error, httpx.InvalidURL):  # a control character a mapping put in the path
            raise IntegrationFailure(str(error)) from None
        if not isinstance(error, httpx.HTTPError):
            raise
        if isinstance(error, httpx.TimeoutException):
            raise IntegrationTimeout from None
        raise IntegrationFailure(str(error)) from error
    kept = [(name.lower(), value) for name, value in response.headers.raw if name.lower() not in _HOP_BY_HOP]
    return response.status_code, kept, response.content
