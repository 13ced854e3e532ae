"""Gateway responses: how the gateway's own errors look (PutGatewayResponse, GetGatewayResponses, ...).

A deployment compiles the API's customized responses; an error uses its own
type's response, else DEFAULT_4XX / DEFAULT_5XX, else AWS's built-in body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from ...aws.context import RequestContext
from ...response_headers import carried
from .errors import BadRequestException, NotFoundException
from .gateway_errors import GatewayError
from .patch import MAP, STR, apply_patch, unescape
from .request import GatewayRequest
from .store import RestApi, Store
from .vtl import Template, TemplateError

#: Every response type and its default status (DEFAULT_4XX/5XX take the error's own).
RESPONSE_TYPES: dict[str, str | None] = {
    "ACCESS_DENIED": "403",
    "API_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_CONFIGURATION_ERROR": "500",
    "AUTHORIZER_FAILURE": "500",
    "BAD_REQUEST_PARAMETERS": "400",
    "BAD_REQUEST_BODY": "400",
    "DEFAULT_4XX": None,
    "DEFAULT_5XX": None,
    "EXPIRED_TOKEN": "403",
    "INTEGRATION_FAILURE": "504",
    "INTEGRATION_TIMEOUT": "504",
    "INVALID_API_KEY": "403",
    "INVALID_SIGNATURE": "403",
    "MISSING_AUTHENTICATION_TOKEN": "403",
    "QUOTA_EXCEEDED": "429",
    "REQUEST_TOO_LARGE": "413",
    "RESOURCE_NOT_FOUND": "404",
    "THROTTLED": "429",
    "UNAUTHORIZED": "401",
    "UNSUPPORTED_MEDIA_TYPE": "415",
    "WAF_FILTERED": "403",
}
_DEFAULT_TEMPLATE = {"application/json": '{"message":$context.error.messageString}'}
_FIELDS = {"statusCode": STR, "responseParameters": MAP, "responseTemplates": MAP}


def default_response(response_type: str) -> dict[str, Any]:
    response: dict[str, Any] = {"responseType": response_type, "defaultResponse": True}
    if RESPONSE_TYPES[response_type]:
        response["statusCode"] = RESPONSE_TYPES[response_type]
    response["responseParameters"] = {}
    response["responseTemplates"] = dict(_DEFAULT_TEMPLATE)
    return response


def effective_response(api: RestApi, response_type: str) -> dict[str, Any]:
    """A type's response as GetGatewayResponse shows it.

    A type left at its default takes a customized DEFAULT_4XX's or
    DEFAULT_5XX's parameters, templates and status (as AWS shows and serves it).
    """
    own = api.gateway_responses.get(response_type)
    if own is not None:
        return own
    response = default_response(response_type)
    status = RESPONSE_TYPES[response_type]
    family = api.gateway_responses.get("DEFAULT_5XX" if status.startswith("5") else "DEFAULT_4XX") if status else None
    if family is not None:
        response["responseParameters"] = dict(family.get("responseParameters") or {})
        response["responseTemplates"] = dict(family.get("responseTemplates") or {})
        if family.get("statusCode"):
            response["statusCode"] = family["statusCode"]
    return response


def _check_update(response: dict[str, Any], operations: list[dict[str, Any]]) -> None:
    """AWS's checks of UpdateGatewayResponse's operations, before it applies any of them."""
    for operation in operations:
        op, path = operation.get("op"), operation.get("path") or "null"
        field = path.split("/")[1] if path.startswith("/") else ""
        if field not in _FIELDS or (field == "statusCode" and op in ("add", "remove")):
            raise BadRequestException(f"Invalid patch path {path}")
        if field != "statusCode" and op in ("add", "replace"):
            key = unescape(path.removeprefix(f"/{field}/"))
            if op == "replace" and key not in (response.get(field) or {}):
                raise NotFoundException("Invalid parameter name specified")
            if operation.get("value") is None:
                raise BadRequestException(f"Invalid null or empty value in {field}")


class GatewayResponsesOperations:
    store: Store

    def _api(self, ctx: RequestContext, params: dict[str, Any]) -> RestApi:
        return self.store.api(ctx.region, params["restApiId"], ctx.account_id)

    def put_gateway_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        response_type = params["responseType"]
        # What the call leaves out keeps the type's default.
        response = {**default_response(response_type), "defaultResponse": False}
        for key in ("statusCode", "responseParameters", "responseTemplates"):
            if params.get(key) is not None:
                response[key] = params[key]
        api.gateway_responses[response_type] = response
        return response

    def get_gateway_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        return effective_response(api, params["responseType"])

    def get_gateway_responses(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        return {"items": [effective_response(api, t) for t in RESPONSE_TYPES]}

    def update_gateway_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        response_type = params["responseType"]
        response = api.gateway_responses.get(response_type) or {
            **default_response(response_type),
            "defaultResponse": False,
        }
        operations = params.get("patchOperations", [])
        _check_update(response, operations)
        apply_patch(response, operations, _FIELDS)
        api.gateway_responses[response_type] = response
        return response

    def delete_gateway_response(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self._api(ctx, params)
        if api.gateway_responses.pop(params["responseType"], None) is None:
            raise NotFoundException("Gateway response type not defined on api")
        return {}


@dataclass(slots=True)
class CustomResponse:
    status: int | None
    headers: list[tuple[bytes, bytes]]
    templates: dict[str, Template]


def compile_gateway_responses(api: RestApi) -> dict[str, CustomResponse]:
    compiled: dict[str, CustomResponse] = {}
    for response_type, response in api.gateway_responses.items():
        headers = [
            (target.removeprefix("gatewayresponse.header.").lower().encode(), source[1:-1].encode())
            for target, source in (response.get("responseParameters") or {}).items()
            if target.startswith("gatewayresponse.header.")
            and len(source) >= 2
            and source[0] == source[-1] == "'"
        ]
        # A header HTTP cannot carry (a line break in its value) is left out: the error still answers.
        headers = carried(headers)
        templates: dict[str, Template] = {}
        for content_type, source in (response.get("responseTemplates") or {}).items():
            try:
                templates[content_type.lower()] = Template(source or "")
            except TemplateError:
                templates[content_type.lower()] = Template("")
        # A status left at the type's default does not override the error's own: AWS answers an AWS_PROXY
        # integration's failure 500 under an INTEGRATION_FAILURE response put without a status (504 by
        # default; LocalStack's AWS-validated test_lambda_aws_proxy_integration_non_post_method).
        status = response.get("statusCode")
        if status == RESPONSE_TYPES[response_type]:
            status = None
        compiled[response_type] = CustomResponse(int(status) if status else None, headers, templates)
    return compiled


def customized(
    responses: dict[str, CustomResponse], error: GatewayError, request: GatewayRequest
) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
    """``(status, extra headers, body)`` when the API customizes this error, else None."""
    custom = responses.get(error.response_type) or responses.get(
        "DEFAULT_5XX" if error.status >= 500 else "DEFAULT_4XX"
    )
    if custom is None:
        return None
    body = error.body()
    template = custom.templates.get("application/json") or next(iter(custom.templates.values()), None)
    if template is not None:
        message = error.message
        context = {
            "error": {
                "message": message,
                "messageString": orjson.dumps(message).decode(),
                "responseType": error.response_type,
            },
            "requestId": request.request_id,
            "extendedRequestId": request.extended_request_id,
            "stage": request.stage,
            "apiId": request.api_id,
            "httpMethod": request.method,
        }
        try:
            body = template.render({"context": context}).encode()
        except (TemplateError, TypeError, ValueError):
            pass
    return custom.status or error.status, list(custom.headers), body
