"""CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer."""

from __future__ import annotations

import re
from typing import Any

from ...aws.context import RequestContext
from ..ids import new_id
from .errors import BadRequestException, ConflictException
from .pages import page
from .patch import INT, LIST, REPLACE_ONLY, STR, apply_patch, require_documented_ops
from .store import RestApi, Store

AUTHORIZER_TYPES = frozenset({"TOKEN", "REQUEST", "COGNITO_USER_POOLS"})
_KEYS = (
    "providerARNs",
    "authType",
    "authorizerUri",
    "authorizerCredentials",
    "identitySource",
    "identityValidationExpression",
    "authorizerResultTtlInSeconds",
)
_FIELDS = {
    "name": STR,
    "type": STR,
    "authorizerUri": STR,
    "authorizerCredentials": STR,
    "identitySource": STR,
    "identityValidationExpression": STR,
    "authorizerResultTtlInSeconds": INT,
    "authType": STR,
    "providerARNs": LIST,
}

#: What a TOKEN or REQUEST authorizer's URI must be: an API Gateway ARN invoking a Lambda function.
_LAMBDA_INVOCATION = re.compile(
    r"arn:aws[a-z-]*:apigateway:[a-z]{2}(-[a-z]+)+-\d+:lambda:path/2015-03-31/functions/.+/invocations"
)
#: The ops UpdateAuthorizer's rows of the patch-operations table support (API reference).
_OPS = {
    "authorizerUri": REPLACE_ONLY,
    "authorizerCredentials": REPLACE_ONLY,
    "authorizerResultTtlInSeconds": REPLACE_ONLY,
    "authType": REPLACE_ONLY,
    "identitySource": frozenset({"add", "replace", "remove"}),
    "identityValidationExpression": REPLACE_ONLY,
    "name": REPLACE_ONLY,
    "type": REPLACE_ONLY,
}


#: The auth type CreateAuthorizer gives each authorizer type.
_AUTH_TYPES = {"TOKEN": "custom", "REQUEST": "custom", "COGNITO_USER_POOLS": "cognito_user_pools"}


def add_authorizer(api: RestApi, params: dict[str, Any]) -> dict[str, Any]:
    kind = params["type"]
    if kind not in AUTHORIZER_TYPES:
        raise BadRequestException(f"Invalid authorizer type specified: {kind}")
    if kind in ("TOKEN", "REQUEST") and not params.get("authorizerUri"):
        raise BadRequestException("Authorizer URI must be specified for TOKEN and REQUEST authorizers")
    if kind == "COGNITO_USER_POOLS" and not params.get("providerARNs"):
        raise BadRequestException("Provider ARNs must be specified for COGNITO_USER_POOLS authorizers")
    if kind == "TOKEN" and not params.get("identitySource"):
        raise BadRequestException("Identity Source must be specified for TOKEN authorizers")
    authorizer: dict[str, Any] = {"id": new_id(6), "name": params["name"], "type": kind}
    # A TTL left out is shown left out (the data plane caches for 300 s, as documented).
    authorizer.update({key: params[key] for key in _KEYS if params.get(key) is not None})
    api.authorizers[authorizer["id"]] = authorizer
    return authorizer


class AuthorizersOperations:
    store: Store

    def _api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.api(ctx.region, params["restApiId"], ctx.account_id)

    def create_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        # AWS's answer for an unknown API here, odd as it reads.
        missing = ConflictException("Unable to complete operation due to concurrent modification. Please try again later.")
        api = self.store.api_or(ctx.region, params["restApiId"], missing)
        if params["type"] in ("TOKEN", "REQUEST") and params.get("authorizerUri"):
            _check_uri(params["authorizerUri"])
        # CreateAuthorizer names the auth type when the call does not (the AWS CLI's create-authorizer
        # examples; LocalStack's AWS-validated test_apigateway_basic::test_apigateway_with_custom_authorization_method).
        return add_authorizer(api, {**params, "authType": params.get("authType") or _AUTH_TYPES.get(params["type"])})

    def get_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self._api(ctx, params).authorizer(params["authorizerId"])

    def get_authorizers(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return page(list(self._api(ctx, params).authorizers.values()), params)

    def update_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        authorizer = self._api(ctx, params).authorizer(params["authorizerId"])
        operations = params.get("patchOperations", [])
        require_documented_ops(operations, _OPS)
        for operation in operations:
            if operation.get("path") == "/authorizerUri" and authorizer["type"] in ("TOKEN", "REQUEST"):
                _check_uri(operation.get("value") or "")
        apply_patch(authorizer, operations, _FIELDS)
        return authorizer

    def delete_authorizer(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        api.authorizer(params["authorizerId"])
        for resource in api.resources.values():
            for method in resource.get("resourceMethods", {}).values():
                if method.get("authorizerId") == params["authorizerId"]:
                    raise BadRequestException("Cannot delete authorizer, is referenced in method")
        del api.authorizers[params["authorizerId"]]
        return {}


def _check_uri(uri: str) -> None:
    """The API reference: a TOKEN or REQUEST authorizer's URI "must be a well-formed Lambda function URI"."""
    if _LAMBDA_INVOCATION.fullmatch(uri) is None:
        raise BadRequestException(
            f"Invalid Authorizer URI: {uri}. Authorizer URI should be a valid API Gateway ARN that represents "
            "a Lambda function invocation."
        )
