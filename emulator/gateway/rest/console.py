"""TestInvokeMethod: the console's Test button, run against the live (undeployed) API."""

from __future__ import annotations

import time
from typing import Any

from ...aws.context import RequestContext
from .backends import Call
from .deployment import DeployedApi
from .gateway_errors import GatewayError
from .request import GatewayRequest
from .routing import RouteTable
from .serve import RestDataPlane
from .store import Store


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
        call = Call(
            request,
            deployed,
            method,
            dict(params.get("stageVariables") or {}),
            None,
            None,
            self.data_plane.timeout_ms,
        )
        started = time.perf_counter()
        try:
            response = await self.data_plane.backends.call(call)
            status, body, headers = response.status, response.body, response.headers
        except GatewayError as error:
            status, body, headers = error.status, error.body(), [(b"content-type", b"application/json")]
        multi: dict[str, list[str]] = {}
        for name, value in headers:
            multi.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
        return {
            "status": status,
            "body": body.decode("utf-8", errors="replace"),
            "headers": {name: values[-1] for name, values in multi.items()},
            "multiValueHeaders": multi,
            "log": f"Execution log for request {request.request_id}\nMethod completed with status: {status}\n",
            "latency": int((time.perf_counter() - started) * 1000),
        }


def _request(api_id: str, http_method: str, path: str, query: str, params: dict[str, Any]) -> GatewayRequest:
    multi_headers = {
        name.lower(): list(values) for name, values in (params.get("multiValueHeaders") or {}).items()
    }
    for name, value in (params.get("headers") or {}).items():
        multi_headers.setdefault(name.lower(), [value])
    scope = {
        "method": http_method,
        "headers": [
            (k.encode("latin-1"), v.encode("latin-1")) for k, values in multi_headers.items() for v in values
        ],
        "query_string": query.encode(),
        "client": ("test-invoke-source-ip", 0),
    }
    return GatewayRequest.from_scope(
        scope, api_id, "test-invoke-stage", path or "/", (params.get("body") or "").encode()
    )
