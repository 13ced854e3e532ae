"""CreateRoute, GetRoute(s), UpdateRoute, DeleteRoute; route keys as AWS accepts them."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException, NotFoundException
from .store import ApiModel, ApiStore, Resource, child, merge, page

HTTP_METHODS = frozenset({"ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"})
_INVALID_AUTHORIZER = {
    "JWT": "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer.",
    "CUSTOM": (
        "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS "
        "requires a valid authorizer."
    ),
}
_AUTHORIZATION_TYPES = {
    "HTTP": ("NONE", "JWT", "AWS_IAM", "CUSTOM"),
    "WEBSOCKET": ("NONE", "AWS_IAM", "CUSTOM"),
}


def check_route_key(route_key: str, model: ApiModel, route_id: str | None = None) -> None:
    """AWS's route key rules, and one route per key in an API."""
    if not model.is_websocket and route_key != "$default":
        method, _, path = route_key.partition(" ")
        if method not in HTTP_METHODS or not path.startswith("/") or not _valid_path(path):
            raise BadRequestException(
                f"Unable to create route. Route key '{route_key}' is invalid: "
                "it must be '$default' or an HTTP method and a path, such as 'GET /pets'"
            )
    for other in model.routes.values():
        if other["RouteId"] == route_id:
            continue
        if other["RouteKey"] == route_key:
            raise ConflictException(f"Route with key {route_key} already exists for this API")
        if not model.is_websocket and _conflicting_variables(route_key, other["RouteKey"]):
            # AWS's words, as a CloudFormation deployment recorded them (plutomi#271).
            raise ConflictException(
                f'The provided route key "{route_key}" has a conflicting variable on the same hierarchical '
                f'level as "{other["RouteKey"]}"'
            )


def _conflicting_variables(route_key: str, other_key: str) -> bool:
    """Two paths whose segments agree up to a level where each has a differently named variable.

    HTTP API routes share one path tree, so ``/pets/{id}`` and ``/pets/{petId}``
    cannot both exist (greedy ``{proxy+}`` variables are left out).
    """
    path = route_key.partition(" ")[2].split("/")
    other = other_key.partition(" ")[2].split("/")
    for segment, other_segment in zip(path, other, strict=False):
        if segment == other_segment:
            continue
        return _plain_variable(segment) and _plain_variable(other_segment)
    return False


def _plain_variable(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}") and not segment.endswith("+}")


def _valid_path(path: str) -> bool:
    segments = path[1:].split("/") if path != "/" else []
    for index, segment in enumerate(segments):
        if not segment:
            return False
        if segment.startswith("{"):
            if not segment.endswith("}") or len(segment) < 3:
                return False
            if segment.endswith("+}") and index != len(segments) - 1:
                return False
    return True


def check_authorization(params: dict[str, Any], model: ApiModel) -> None:
    kind = params.get("AuthorizationType")
    if kind is not None and kind not in _AUTHORIZATION_TYPES[model.protocol]:
        raise BadRequestException(f"AuthorizationType {kind} is not supported for {model.protocol} APIs")
    authorizer_id = params.get("AuthorizerId")
    if kind in _INVALID_AUTHORIZER:
        authorizer = model.authorizers.get(authorizer_id or "")
        # A missing, unknown or other-typed authorizer: AWS words all three alike.
        if authorizer is None or (authorizer["AuthorizerType"] == "JWT") != (kind == "JWT"):
            raise BadRequestException(_INVALID_AUTHORIZER[kind])
    elif authorizer_id:
        child(model.authorizers, authorizer_id, "Authorizer")


def check_target(target: str | None, model: ApiModel) -> None:
    if target is None:
        return
    prefix, _, integration_id = target.partition("/")
    if prefix != "integrations" or not integration_id:
        raise BadRequestException(
            f"Invalid target {target}: it must be of the form integrations/{{IntegrationId}}"
        )
    if integration_id not in model.integrations:
        raise NotFoundException(
            f"Invalid Integration identifier specified {integration_id}", ResourceType="Integration"
        )


class RouteOperations:
    store: ApiStore

    def create_route(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        check_route_key(params["RouteKey"], model)
        check_authorization(params, model)
        check_target(params.get("Target"), model)
        route: Resource = {"ApiKeyRequired": False, "AuthorizationType": "NONE", "RouteId": new_id(7)}
        if params.get("AuthorizerId") and "AuthorizationType" not in params:
            authorizer = model.authorizers[params["AuthorizerId"]]
            route["AuthorizationType"] = "JWT" if authorizer["AuthorizerType"] == "JWT" else "CUSTOM"
        merge(route, params)
        model.routes[route["RouteId"]] = route
        model.changed()
        return route

    def get_route(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return child(model.routes, params["RouteId"], "Route")

    def get_routes(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(model.routes.values()), params, "RouteId")

    def update_route(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        route = child(model.routes, params["RouteId"], "Route")
        if "RouteKey" in params:
            check_route_key(params["RouteKey"], model, route["RouteId"])
        if "AuthorizerId" in params and "AuthorizationType" not in params:
            raise BadRequestException("Unable to update route. Authorizer type is invalid or null.")
        check_authorization({**route, **params} if "AuthorizerId" in params else params, model)
        check_target(params.get("Target"), model)
        merge(route, params, skip=("ApiId", "RouteId"))
        if route.get("AuthorizationType") in ("NONE", "AWS_IAM"):
            route.pop("AuthorizerId", None)
        model.changed()
        return route

    def delete_route(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        child(model.routes, params["RouteId"], "Route")
        del model.routes[params["RouteId"]]
        model.route_responses.pop(params["RouteId"], None)
        model.changed()
        return {}

    def delete_route_request_parameter(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        route = child(model.routes, params["RouteId"], "Route")
        route.get("RequestParameters", {}).pop(params["RequestParameterKey"], None)
        model.changed()
        return {}
