"""TestInvokeMethod: the console's Test button, run against the live (undeployed) API."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from ...aws.context import RequestContext
from .backends import Call
from .deployment import DeployedApi
from .endpoint_log import EndpointLog
from .execution_log import closing_steps, request_steps
from .gateway_errors import GatewayError
from .request import GatewayRequest, header_name
from .routing import RouteTable
from .serve import RestDataPlane
from .store import Store
from .streaming import buffered


class ConsoleOperations:
    store: Store
    data_plane: RestDataPlane

    async def test_invoke_method(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.resource_api(ctx.region, params["restApiId"])
        resource = api.resource(params["resourceId"])
        http_method = params["httpMethod"]
        api.integration(resource["id"], http_method)
        deployed = DeployedApi.snapshot(api, "test-invoke")
        method = deployed.methods[(resource["id"], http_method)]
        path, _, query = (params.get("pathWithQueryString") or resource["path"]).partition("?")
        request = _request(api.id, http_method, path, query, params)
        template: RouteTable[bool] = RouteTable()
        template.add(resource["path"], http_method, True)
        matched = template.match(path, http_method)
        request.path_params = matched[1] if matched else {}
        log = EndpointLog()
        call = Call(
            request,
            deployed,
            method,
            dict(params.get("stageVariables") or {}),
            None,
            None,
            self.data_plane.timeout_ms,
            log=log,
        )
        started = time.perf_counter()
        succeeded = True
        try:
            response = await self.data_plane.backends.call(call)
            status, body = response.status, response.body
            if response.chunks is not None:
                body = await buffered(response.chunks)
            # The data plane carries lower-cased names; the console shows them spelled (Content-Type).
            # A Lambda integration's answer carries the call's trace first (AWS's recording).
            multi: dict[str, list[str]] = {"X-Amzn-Trace-Id": [log.trace_id]} if log.trace_id else {}
            for name, value in response.headers:
                multi.setdefault(header_name(name.decode("latin-1")), []).append(value.decode("latin-1"))
        except GatewayError as error:
            # A failed execution answers with the error's type alone, spelled as AWS spells it.
            succeeded = False
            status, body, multi = error.status, error.body(), {"x-amzn-ErrorType": [error.error_type]}
        single = {name: values[-1] for name, values in multi.items()}
        text = body.decode("utf-8", errors="replace")
        return {
            "status": status,
            "body": text,
            "headers": single,
            "multiValueHeaders": multi,
            "log": _execution_log(request, path, params, log.steps, text, single, status, succeeded),
            "latency": int((time.perf_counter() - started) * 1000),
        }


def _execution_log(
    request: GatewayRequest,
    path: str,
    params: dict[str, Any],
    endpoint_steps: list[str],
    body: str,
    headers: dict[str, str],
    status: int,
    succeeded: bool,
) -> str:
    """The execution log AWS returns, in its line format (a Java date before each step)."""
    stamp = datetime.now(UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    steps = [
        # The caller's headers only, not those the gateway adds (X-Forwarded-For, ...).
        *request_steps(request, path, (params.get("headers") or {}).items()),
        *endpoint_steps,
        *closing_steps(succeeded, status, body, headers.items()),
    ]
    lines = [f"Execution log for request {request.request_id}"]
    lines.extend(f"{stamp} : {step}" for step in steps)
    return "\n".join(lines) + "\n"


def _request(api_id: str, http_method: str, path: str, query: str, params: dict[str, Any]) -> GatewayRequest:
    multi_headers = {
        name.lower(): list(values) for name, values in (params.get("multiValueHeaders") or {}).items()
    }
    for name, value in (params.get("headers") or {}).items():
        multi_headers.setdefault(name.lower(), [value])
    scope = {
        "method": http_method,
        # As an HTTP client sends them: text beyond Latin-1 goes as its UTF-8 bytes.
        "headers": [(k.encode(), v.encode()) for k, values in multi_headers.items() for v in values],
        "query_string": query.encode(),
        "client": ("test-invoke-source-ip", 0),
    }
    return GatewayRequest.from_scope(
        scope, api_id, "test-invoke-stage", path or "/", (params.get("body") or "").encode()
    )
