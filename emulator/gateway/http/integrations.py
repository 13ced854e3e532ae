"""Integrations (AWS_PROXY to Lambda, HTTP_PROXY, ...) and their integration responses."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException
from .mapping import check_request_parameters, check_response_parameters
from .store import ApiModel, ApiStore, Resource, child, merge, page

_HTTP_API_TYPES = ("AWS_PROXY", "HTTP_PROXY")
_PAYLOAD_VERSIONS = ("1.0", "2.0")
_MAX_TIMEOUT = {"HTTP": 30000, "WEBSOCKET": 29000}
_STATUS_SELECTION = "${integration.response.statuscode}"
_LAMBDA_ERROR_SELECTION = "${integration.response.body.errorMessage}"
#: What a Lambda function's invocation URI contains.
_LAMBDA_URI = ":lambda:path/"


def _defaults(model: ApiModel, params: dict[str, Any]) -> Resource:
    """The members AWS fills in for an integration of this type and protocol.

    As Terraform's aws_apigatewayv2_integration acceptance tests record them: a
    WebSocket Lambda integration (AWS or AWS_PROXY) is called with POST and, when
    custom (AWS), selects its integration response by the function's error
    message; an HTTP API has no passthrough behaviour, and an AWS service
    integration (IntegrationSubtype) no integration method.
    """
    kind = params["IntegrationType"]
    integration: Resource = {
        "ConnectionType": "INTERNET",
        "IntegrationId": new_id(7),
        "TimeoutInMillis": _MAX_TIMEOUT[model.protocol],
    }
    if model.is_websocket:
        integration["PassthroughBehavior"] = "WHEN_NO_MATCH"
        if kind in ("AWS", "HTTP", "MOCK"):
            integration["IntegrationResponseSelectionExpression"] = (
                _LAMBDA_ERROR_SELECTION
                if kind == "AWS" and _LAMBDA_URI in params.get("IntegrationUri", "")
                else _STATUS_SELECTION
            )
        if kind in ("AWS", "AWS_PROXY"):
            integration["IntegrationMethod"] = "POST"
        integration["PayloadFormatVersion"] = "1.0"
    elif kind == "AWS_PROXY" and "IntegrationSubtype" not in params:
        integration["IntegrationMethod"] = "POST"
    elif kind == "HTTP_PROXY":
        integration["PayloadFormatVersion"] = "1.0"
    return integration


def _ignored(model: ApiModel) -> tuple[str, ...]:
    """Request members an integration does not keep: an HTTP API has no PassthroughBehavior."""
    return () if model.is_websocket else ("PassthroughBehavior",)


#: Parameter maps an update merges into the stored ones rather than replacing them.
_PARAMETER_MAPS = ("RequestParameters", "ResponseParameters")


def _merge_parameters(integration: Resource, member: str, changes: dict[str, Any]) -> None:
    """An empty value ("" or {}) removes its key, the way Terraform removes parameters."""
    merged = dict(integration.get(member) or {})
    for key, value in changes.items():
        if value in ("", {}):
            merged.pop(key, None)
        else:
            merged[key] = value
    if merged:
        integration[member] = merged
    else:
        integration.pop(member, None)


def _check(model: ApiModel, integration: Resource) -> None:
    kind = integration["IntegrationType"]
    if not model.is_websocket and kind not in _HTTP_API_TYPES:
        raise BadRequestException(
            "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations "
            "(AWS_PROXY, HTTP_PROXY)"
        )
    version = integration.get("PayloadFormatVersion")
    if version is not None and version not in _PAYLOAD_VERSIONS:
        raise BadRequestException(f"Unsupported PayloadFormatVersion {version}. Supported versions: 1.0, 2.0")
    if model.is_websocket and version == "2.0":
        raise BadRequestException("PayloadFormatVersion 2.0 is not supported for WEBSOCKET APIs")
    if kind == "AWS_PROXY" and not model.is_websocket and version is None:
        raise BadRequestException("PayloadFormatVersion is required for AWS_PROXY integrations")
    service = "IntegrationSubtype" in integration
    if kind in ("AWS_PROXY", "HTTP_PROXY", "HTTP", "AWS") and not service and not integration.get("IntegrationUri"):
        raise BadRequestException(f"IntegrationUri is required for {kind} integrations")
    if kind == "HTTP_PROXY" and not model.is_websocket and not integration.get("IntegrationMethod"):
        raise BadRequestException("IntegrationMethod is required for HTTP_PROXY integrations")
    if not model.is_websocket:
        # An AWS service integration maps to its action's parameters (QueueUrl, MessageBody ...).
        if not service:
            check_request_parameters(integration.get("RequestParameters"))
        check_response_parameters(integration.get("ResponseParameters"))
    timeout = integration.get("TimeoutInMillis", 50)
    if not 50 <= timeout <= _MAX_TIMEOUT[model.protocol]:
        raise BadRequestException(
            f"Timeout must be between 50 milliseconds and {_MAX_TIMEOUT[model.protocol]} milliseconds"
        )


def _integration_responses(model: ApiModel, integration_id: str) -> dict[str, Resource]:
    child(model.integrations, integration_id, "Integration")
    if not model.is_websocket:
        raise BadRequestException("Integration responses are supported only for WEBSOCKET APIs")
    return model.integration_responses.setdefault(integration_id, {})


class IntegrationOperations:
    store: ApiStore

    def create_integration(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        integration = merge(_defaults(model, params), params, skip=("ApiId", *_ignored(model)))
        _check(model, integration)
        model.integrations[integration["IntegrationId"]] = integration
        model.changed()
        return integration

    def get_integration(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return child(model.integrations, params["IntegrationId"], "Integration")

    def get_integrations(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(model.integrations.values()), params, "IntegrationId")

    def update_integration(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        integration = child(model.integrations, params["IntegrationId"], "Integration")
        skip = ("ApiId", "IntegrationId", *_PARAMETER_MAPS, *_ignored(model))
        updated = merge(dict(integration), params, skip=skip)
        for member in _PARAMETER_MAPS:
            if member in params:
                _merge_parameters(updated, member, params[member])
        _check(model, updated)
        integration.clear()
        integration.update(updated)
        model.changed()
        return integration

    def delete_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        integration_id = params["IntegrationId"]
        child(model.integrations, integration_id, "Integration")
        target = f"integrations/{integration_id}"
        users = [route["RouteId"] for route in model.routes.values() if route.get("Target") == target]
        if users:
            # AWS's words, as deployment tools recorded them (terraform-aws-next-js#247, klotho#348).
            raise ConflictException(
                "Cannot delete Integration because it is referenced by the following Routes with Ids: "
                f"[{', '.join(users)}]"
            )
        del model.integrations[integration_id]
        model.integration_responses.pop(integration_id, None)
        model.changed()
        return {}

    def create_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _integration_responses(model, params["IntegrationId"])
        key = params["IntegrationResponseKey"]
        if any(other["IntegrationResponseKey"] == key for other in responses.values()):
            raise ConflictException(f"IntegrationResponse with key {key} already exists for this Integration")
        response = merge({"IntegrationResponseId": new_id(6)}, params, skip=("ApiId", "IntegrationId"))
        responses[response["IntegrationResponseId"]] = response
        model.changed()
        return response

    def get_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _integration_responses(model, params["IntegrationId"])
        return child(responses, params["IntegrationResponseId"], "IntegrationResponse")

    def get_integration_responses(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        return page(list(_integration_responses(model, params["IntegrationId"]).values()), params, "IntegrationResponseId")

    def update_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> Resource:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _integration_responses(model, params["IntegrationId"])
        response = child(responses, params["IntegrationResponseId"], "IntegrationResponse")
        merge(response, params, skip=("ApiId", "IntegrationId", "IntegrationResponseId"))
        model.changed()
        return response

    def delete_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        model = self.store.get(ctx.region, ctx.account_id, params["ApiId"])
        responses = _integration_responses(model, params["IntegrationId"])
        child(responses, params["IntegrationResponseId"], "IntegrationResponse")
        del responses[params["IntegrationResponseId"]]
        model.changed()
        return {}
