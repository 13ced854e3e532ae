"""Route responses: a WebSocket route's way back to the client (two-way routes)."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException
from .store import ApiModel, ApiStore, Resource, child, merge, page


def _route_responses(model: ApiModel, route_id: str) -> dict[str, Resource]:
    child(model.routes, route_id, "Route")
    if not model.is_websocket:
        raise BadRequestException("Route responses are supported only for WEBSOCKET APIs")
    return model.route_responses.setdefault(route_id, {})


def _check_unique(responses: dict[str, Resource], key: str, response_id: str | None = None) -> None:
    for other in responses.values():
        if other["RouteResponseKey"] == key and other["RouteResponseId"] != response_id:
            raise ConflictException(f"RouteResponse with key {key} already exists for this Route")


class RouteResponseOperations:
    store: ApiStore

    def create_route_response(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _route_responses(model, params["RouteId"])
        _check_unique(responses, params["RouteResponseKey"])
        response: Resource = merge({"RouteResponseId": new_id(6)}, params, skip=("ApiId", "RouteId"))
        responses[response["RouteResponseId"]] = response
        model.changed()
        return response

    def get_route_response(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _route_responses(model, params["RouteId"])
        return child(responses, params["RouteResponseId"], "RouteResponse")

    def get_route_responses(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(_route_responses(model, params["RouteId"]).values()), params, "RouteResponseId")

    def update_route_response(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _route_responses(model, params["RouteId"])
        response = child(responses, params["RouteResponseId"], "RouteResponse")
        if "RouteResponseKey" in params:
            _check_unique(responses, params["RouteResponseKey"], response["RouteResponseId"])
        merge(response, params, skip=("ApiId", "RouteId", "RouteResponseId"))
        model.changed()
        return response

    def delete_route_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _route_responses(model, params["RouteId"])
        child(responses, params["RouteResponseId"], "RouteResponse")
        del responses[params["RouteResponseId"]]
        model.changed()
        return {}
