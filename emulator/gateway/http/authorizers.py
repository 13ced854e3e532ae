"""Authorizers: REQUEST (Lambda) for HTTP and WebSocket APIs, JWT for HTTP APIs."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException
from .store import ApiModel, ApiStore, Resource, child, merge, page

_TYPES = {"HTTP": ("REQUEST", "JWT"), "WEBSOCKET": ("REQUEST",)}
_HTTP_IDENTITY_PREFIXES = ("$request.header.", "$request.querystring.", "$context.", "$stageVariables.")
_WS_IDENTITY_PREFIXES = ("route.request.header.", "route.request.querystring.", "context.", "stageVariables.")


def _check(model: ApiModel, authorizer: Resource) -> None:
    kind = authorizer["AuthorizerType"]
    if kind not in _TYPES[model.protocol]:
        raise BadRequestException(f"AuthorizerType {kind} is not supported for {model.protocol} APIs")
    if kind == "JWT":
        # Any value, false or not, as AWS words it.
        for member in ("EnableSimpleResponses", "AuthorizerPayloadFormatVersion"):
            if authorizer.get(member) is not None:
                raise BadRequestException(f"{member} can only be set for REQUEST authorizer")
        jwt = authorizer.get("JwtConfiguration")
        if not jwt or not jwt.get("Issuer"):
            raise BadRequestException("JwtConfiguration with an Issuer is required for JWT authorizers")
        if not authorizer.get("IdentitySource"):
            raise BadRequestException("IdentitySource is required for JWT authorizers")
        return
    if not authorizer.get("AuthorizerUri"):
        raise BadRequestException("AuthorizerUri is a required field in an Authorizer")
    prefixes = _WS_IDENTITY_PREFIXES if model.is_websocket else _HTTP_IDENTITY_PREFIXES
    for source in authorizer.get("IdentitySource") or ():
        if not source.startswith(prefixes):
            raise BadRequestException(f"Invalid identity source {source}")
    if model.is_websocket:
        return
    version = authorizer.get("AuthorizerPayloadFormatVersion")
    if version is None:
        raise BadRequestException("AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer")
    if version not in ("1.0", "2.0"):
        raise BadRequestException("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers")
    if authorizer.get("EnableSimpleResponses") and version != "2.0":
        raise BadRequestException(
            "EnableSimpleResponses is supported only with AuthorizerPayloadFormatVersion 2.0"
        )
    ttl = authorizer.get("AuthorizerResultTtlInSeconds", 0)
    if ttl and not authorizer.get("IdentitySource"):
        raise BadRequestException("IdentitySource is required when authorizer caching is enabled")


class AuthorizerOperations:
    store: ApiStore

    def create_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        authorizer: Resource = {"AuthorizerId": new_id(6)}
        if params["AuthorizerType"] == "REQUEST" and not model.is_websocket:
            authorizer["AuthorizerResultTtlInSeconds"] = 0
        merge(authorizer, params)
        _check(model, authorizer)
        model.authorizers[authorizer["AuthorizerId"]] = authorizer
        model.changed()
        return authorizer

    def get_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return child(model.authorizers, params["AuthorizerId"], "Authorizer")

    def get_authorizers(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(model.authorizers.values()), params, "AuthorizerId")

    def update_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        authorizer = child(model.authorizers, params["AuthorizerId"], "Authorizer")
        updated = merge(dict(authorizer), params, skip=("ApiId", "AuthorizerId"))
        _check(model, updated)
        authorizer.update(updated)
        model.changed()
        return authorizer

    def delete_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        authorizer_id = params["AuthorizerId"]
        authorizer = child(model.authorizers, authorizer_id, "Authorizer")
        route = next((r for r in model.routes.values() if r.get("AuthorizerId") == authorizer_id), None)
        if route is not None:
            # AWS's words, as a deployment tool recorded them (sst#5586); Terraform's
            # aws_apigatewayv2_authorizer retries its delete on this ConflictException.
            raise ConflictException(
                f"Cannot delete authorizer '{authorizer['Name']}', is referenced in route: {route['RouteKey']}"
            )
        del model.authorizers[authorizer_id]
        model.changed()
        return {}

    def reset_authorizers_cache(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        model.authorizer_cache.clear()
        return {}
