"""PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .errors import BadRequestException, ConflictException, NotFoundException
from .mapping_checks import check_method_parameters
from .patch import BOOL, LIST, MAP, STR, all_or_nothing, apply_patch, split_path
from .store import RestApi, Store

HTTP_METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"})
AUTHORIZATION_TYPES = frozenset({"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"})
_METHOD_KEYS = (
    "authorizerId",
    "operationName",
    "requestParameters",
    "requestModels",
    "requestValidatorId",
    "authorizationScopes",
)
_METHOD_FIELDS = {
    "authorizationType": STR,
    "authorizerId": STR,
    "apiKeyRequired": BOOL,
    "operationName": STR,
    "requestValidatorId": STR,
    "requestParameters": MAP,
    "requestModels": MAP,
    "authorizationScopes": LIST,
}
_RESPONSE_FIELDS = {"responseParameters": MAP, "responseModels": MAP}
#: A method response's map field -> AWS's refusal to replace or remove an entry it does not hold.
_RESPONSE_ENTRY_MISSING = {
    "responseParameters": "Invalid parameter name specified",
    "responseModels": "Content-Type specified was not found",
}


def add_method(api: RestApi, resource_id: str, http_method: str, params: dict[str, Any]) -> dict[str, Any]:
    """Create a method with AWS's checks (PutMethod and imports)."""
    resource = api.resource(resource_id)
    if http_method not in HTTP_METHODS:
        raise BadRequestException(
            "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
        )
    authorization = params.get("authorizationType") or "NONE"
    if authorization not in AUTHORIZATION_TYPES:
        raise BadRequestException(f"Invalid authorization type specified: {authorization}")
    _check_authorizer(api, authorization, params.get("authorizerId"))
    methods = resource.setdefault("resourceMethods", {})
    if http_method in methods:
        raise ConflictException("Method already exists for this resource")
    method: dict[str, Any] = {
        "httpMethod": http_method,
        "authorizationType": authorization,
        "apiKeyRequired": bool(params.get("apiKeyRequired", False)),
    }
    method.update({key: params[key] for key in _METHOD_KEYS if params.get(key) is not None})
    methods[http_method] = method
    return method


class MethodsOperations:
    store: Store

    def _resource_api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.resource_api(ctx.region, params["restApiId"])

    def put_method(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        api.resource(params["resourceId"])
        check_method_parameters(params.get("requestParameters") or {})
        names = [name.rsplit(".", 1)[-1] for name in params.get("requestParameters") or {}]
        if len(set(names)) != len(names):
            raise BadRequestException("Parameter names must be unique across querystring, header and path")
        _check_references(api, params.get("requestValidatorId"), (params.get("requestModels") or {}).values())
        return add_method(api, params["resourceId"], params["httpMethod"], params)

    def get_method(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._resource_api(ctx, params).method(params["resourceId"], params["httpMethod"])

    def update_method(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        method = api.method(params["resourceId"], params["httpMethod"])
        operations = params.get("patchOperations", [])
        authorization = {"/authorizationType": method["authorizationType"], "/authorizerId": method.get("authorizerId")}
        for operation in operations:
            path = operation.get("path", "")
            kind = _METHOD_FIELDS.get(path.split("/")[1]) if path.startswith("/") else None
            # Maps take one key (``~1`` escapes a slash in it); other fields none.
            if kind is None or path.count("/") > 2 or (kind == MAP and path.count("/") != 2):
                raise BadRequestException(f"Invalid patch path {path}")
            if kind not in (MAP, LIST) and operation.get("op") != "replace":
                raise BadRequestException("Invalid patch operation specified. Must be one of: [replace]")
            if operation.get("op") == "remove":
                continue
            value = operation.get("value")
            if path in authorization:
                authorization[path] = value
            elif path == "/requestValidatorId":
                _check_references(api, value, ())
            elif path.startswith("/requestModels/"):
                _check_references(api, None, (value,))
        _check_authorizer(api, authorization["/authorizationType"], authorization["/authorizerId"])
        with all_or_nothing(method):
            apply_patch(method, operations, _METHOD_FIELDS)
        if not method.get("requestValidatorId"):
            method.pop("requestValidatorId", None)
        if method["authorizationType"] not in ("CUSTOM", "COGNITO_USER_POOLS"):
            # AWS ignores an authorizer for a method that uses none.
            method.pop("authorizerId", None)
        return method

    def delete_method(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        api.method(params["resourceId"], params["httpMethod"])
        resource = api.resource(params["resourceId"])
        del resource["resourceMethods"][params["httpMethod"]]
        if not resource["resourceMethods"]:
            del resource["resourceMethods"]
        return {}

    def put_method_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        method = self._resource_api(ctx, params).method(params["resourceId"], params["httpMethod"])
        responses = method.setdefault("methodResponses", {})
        status = params["statusCode"]
        if status in responses:
            raise ConflictException("Response already exists for this resource")
        response: dict[str, Any] = {"statusCode": status}
        for key in ("responseParameters", "responseModels"):
            if params.get(key) is not None:
                response[key] = params[key]
        responses[status] = response
        return response

    def get_method_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _method_response(self._resource_api(ctx, params), params)

    def update_method_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        response = _method_response(self._resource_api(ctx, params), params)
        with all_or_nothing(response):
            for operation in params.get("patchOperations", []):
                _check_response_patch(response, operation)
                apply_patch(response, [operation], _RESPONSE_FIELDS)
        return response

    def delete_method_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._resource_api(ctx, params)
        _method_response(api, params)
        method = api.method(params["resourceId"], params["httpMethod"])
        del method["methodResponses"][params["statusCode"]]
        return {}


def _check_references(api: RestApi, validator_id: str | None, model_names: Any) -> None:
    """A method may name only this API's request validators and models."""
    if validator_id and validator_id not in api.request_validators:
        raise BadRequestException("Invalid Request Validator identifier specified")
    for name in model_names:
        if name not in api.models:
            raise BadRequestException(f"Invalid model identifier specified: {name}")


def _check_authorizer(api: RestApi, authorization: str | None, authorizer_id: str | None) -> None:
    if authorization in ("CUSTOM", "COGNITO_USER_POOLS") and (not authorizer_id or authorizer_id not in api.authorizers):
        raise BadRequestException(
            "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS "
            "requires a valid authorizer."
        )


def _check_response_patch(response: dict[str, Any], operation: dict[str, Any]) -> None:
    """AWS names an unknown path tersely and will not replace or remove an entry that is not there."""
    path = operation.get("path")
    field, *key = split_path(path or "") or [""]
    if field not in _RESPONSE_FIELDS:
        raise BadRequestException(f"Invalid patch path {'null' if path is None else path}")
    if key and operation.get("op") in ("replace", "remove") and "/".join(key) not in response.get(field, {}):
        raise NotFoundException(_RESPONSE_ENTRY_MISSING[field])


def _method_response(api: RestApi, params: dict[str, Any]) -> dict[str, Any]:
    method = api.method(params["resourceId"], params["httpMethod"])
    found = method.get("methodResponses", {}).get(params["statusCode"])
    if found is None:
        raise NotFoundException("Invalid Response status code specified")
    return found
