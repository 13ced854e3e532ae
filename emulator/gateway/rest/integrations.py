"""PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and integration responses."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .errors import BadRequestException, NotFoundException
from .mapping_checks import check_request_mappings, check_response_mappings
from .patch import BOOL, INT, LIST, MAP, STR, all_or_nothing, apply_patch
from .store import RestApi, Store

INTEGRATION_TYPES = frozenset({"AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"})
_OPTIONAL_KEYS = (
    "connectionType",
    "connectionId",
    "credentials",
    "requestParameters",
    "requestTemplates",
    "contentHandling",
    "tlsConfig",
    "integrationTarget",
)
TRANSFER_MODES = ("BUFFERED", "STREAM")


def _transfer_mode(value: str | None) -> str:
    """A patched mode is checked against the enum PutIntegration's input declares."""
    if value not in TRANSFER_MODES:
        raise BadRequestException(
            f"1 validation error detected: Value '{value}' at 'responseTransferMode' failed to satisfy "
            "constraint: Member must satisfy enum value set: [BUFFERED, STREAM]"
        )
    return value


def _timeout(value: Any) -> int:
    """A patched timeout is held to PutIntegration's bounds (a terraform update of timeout_milliseconds
    patches it, and fails past the quota the same way)."""
    timeout = INT(value)
    check_timeout(timeout)
    return timeout


def check_timeout(timeout: int) -> None:
    if not 50 <= timeout <= 29000:
        raise BadRequestException("Timeout should be between 50 ms and 29000 ms")


_INTEGRATION_FIELDS = {
    "uri": STR,
    "httpMethod": STR,
    "credentials": STR,
    "passthroughBehavior": STR,
    "contentHandling": STR,
    "timeoutInMillis": _timeout,
    "connectionType": STR,
    "connectionId": STR,
    "requestParameters": MAP,
    "requestTemplates": MAP,
    "cacheKeyParameters": LIST,
    "cacheNamespace": STR,
    "responseTransferMode": _transfer_mode,
    "integrationTarget": STR,
}
_TLS_FIELDS = {"insecureSkipVerification": BOOL}
_RESPONSE_FIELDS = {
    "selectionPattern": STR,
    "contentHandling": STR,
    "responseParameters": MAP,
    "responseTemplates": MAP,
}


def _check_aws_uri(uri: str) -> None:
    """``arn:aws:apigateway:{region}:{service}:path/...`` or ``...:action/...``."""
    parts = uri.split(":", 5)
    if not uri.startswith("arn:") or len(parts) < 6:
        raise BadRequestException("Invalid ARN specified in the request")
    if not parts[5].startswith(("path", "action")):
        raise BadRequestException("AWS ARN for integration must contain path or action")


def set_integration(
    api: RestApi, resource_id: str, http_method: str, params: dict[str, Any]
) -> dict[str, Any]:
    """Create or replace a method's integration with AWS's checks (PutIntegration and imports)."""
    method = api.method(resource_id, http_method)
    kind = params["type"]
    if kind not in INTEGRATION_TYPES:
        raise BadRequestException(f"Invalid integration type specified: {kind}")
    uri = params.get("uri")
    # The integration's own method travels as ``httpMethod`` in the body; imports pass it directly.
    integration_method = params.get("integrationHttpMethod")
    if kind != "MOCK":
        if not uri:
            raise BadRequestException(
                "Invalid HTTP endpoint specified for URI"
                if kind.startswith("HTTP")
                else "Invalid ARN specified in the request"
            )
        if kind.startswith("HTTP") and not uri.startswith(("http://", "https://")):
            raise BadRequestException("Invalid HTTP endpoint specified for URI")
        if kind.startswith("AWS"):
            _check_aws_uri(uri)
        if kind == "AWS_PROXY" and ":lambda:" not in uri and ":firehose:" not in uri:
            raise BadRequestException(
                "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream "
                "invocations."
            )
        integration_method = integration_method or ("POST" if kind.startswith("AWS") else http_method)
    timeout = params.get("timeoutInMillis") or 29000
    check_timeout(timeout)
    integration: dict[str, Any] = {"type": kind}
    if integration_method:
        integration["httpMethod"] = integration_method
    if uri:
        integration["uri"] = uri
    if kind.startswith("HTTP"):
        integration["connectionType"] = "INTERNET"
    integration.update({key: params[key] for key in _OPTIONAL_KEYS if params.get(key) is not None})
    integration["passthroughBehavior"] = params.get("passthroughBehavior") or "WHEN_NO_MATCH"
    integration["timeoutInMillis"] = timeout
    # AWS shows the mode on every integration, BUFFERED unless asked otherwise.
    integration["responseTransferMode"] = params.get("responseTransferMode") or "BUFFERED"
    integration["cacheNamespace"] = params.get("cacheNamespace") or resource_id
    integration["cacheKeyParameters"] = params.get("cacheKeyParameters") or []
    previous = method.get("methodIntegration")
    if previous and previous.get("integrationResponses"):
        integration["integrationResponses"] = previous["integrationResponses"]
    method["methodIntegration"] = integration
    return integration


def set_integration_response(
    api: RestApi, resource_id: str, http_method: str, status: str, params: dict[str, Any]
) -> dict[str, Any]:
    integration = api.integration(resource_id, http_method)
    response: dict[str, Any] = {"statusCode": status}
    for key in ("selectionPattern", "responseParameters", "responseTemplates", "contentHandling"):
        if params.get(key) is not None:
            response[key] = params[key]
    if response.get("responseTemplates"):
        # AWS keeps an empty template as no template (null).
        response["responseTemplates"] = {kind: text or None for kind, text in response["responseTemplates"].items()}
    integration.setdefault("integrationResponses", {})[status] = response
    return response


class IntegrationsOperations:
    store: Store

    def _resource_api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.resource_api(ctx.region, params["restApiId"])

    def put_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if params["type"] != "MOCK" and not params.get("integrationHttpMethod"):
            raise BadRequestException("Enumeration value for HttpMethod must be non-empty")
        api = self._resource_api(ctx, params)
        check_request_mappings(api.method(params["resourceId"], params["httpMethod"]), params.get("requestParameters"))
        return set_integration(api, params["resourceId"], params["httpMethod"], params)

    def get_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._resource_api(ctx, params).integration(params["resourceId"], params["httpMethod"])

    def update_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        integration = self._resource_api(ctx, params).integration(params["resourceId"], params["httpMethod"])
        operations = params.get("patchOperations", [])
        tls = [op for op in operations if op.get("path", "").startswith("/tlsConfig/")]
        with all_or_nothing(integration):
            if tls:
                tls_config = integration.setdefault("tlsConfig", {})
                tls_ops = [{**op, "path": op["path"].removeprefix("/tlsConfig")} for op in tls]
                apply_patch(tls_config, tls_ops, _TLS_FIELDS)
            apply_patch(integration, [op for op in operations if op not in tls], _INTEGRATION_FIELDS)
        integration.setdefault("cacheKeyParameters", [])
        return integration

    def delete_integration(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        api.integration(params["resourceId"], params["httpMethod"])
        del api.method(params["resourceId"], params["httpMethod"])["methodIntegration"]
        return {}

    def put_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        method = api.method(params["resourceId"], params["httpMethod"])
        api.integration(params["resourceId"], params["httpMethod"])
        check_response_mappings(method, params["statusCode"], params.get("responseParameters"))
        for content_type in params.get("responseTemplates") or {}:
            if "/" not in content_type:
                raise BadRequestException(
                    f"Validation Result: warnings : [], errors : [Invalid content type specified: {content_type}]"
                )
        return set_integration_response(api, params["resourceId"], params["httpMethod"], params["statusCode"], params)

    def get_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _integration_response(self._resource_api(ctx, params), params)

    def update_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        response = _integration_response(self._resource_api(ctx, params), params)
        apply_patch(response, params.get("patchOperations", []), _RESPONSE_FIELDS)
        return response

    def delete_integration_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        if params["httpMethod"] not in api.resource(params["resourceId"]).get("resourceMethods", {}):
            # Unlike the other integration operations, this one calls a missing method a missing integration.
            raise NotFoundException("Invalid Integration identifier specified")
        _integration_response(api, params)
        del api.integration(params["resourceId"], params["httpMethod"])["integrationResponses"][
            params["statusCode"]
        ]
        return {}


def _integration_response(api: RestApi, params: dict[str, Any]) -> dict[str, Any]:
    integration = api.integration(params["resourceId"], params["httpMethod"])
    found = integration.get("integrationResponses", {}).get(params["statusCode"])
    if found is None:
        raise NotFoundException("Invalid Response status code specified")
    return found
