"""ImportRestApi and PutRestApi: OpenAPI 3 and Swagger 2 documents (JSON or YAML).

Honours API Gateway's extensions: ``x-amazon-apigateway-integration``,
``x-amazon-apigateway-authorizer`` (+ ``-authtype``), ``x-amazon-apigateway-any-method``,
``x-amazon-apigateway-binary-media-types``, ``x-amazon-apigateway-api-key-source``,
``x-amazon-apigateway-minimum-compression-size``, ``x-amazon-apigateway-policy``,
``x-amazon-apigateway-endpoint-configuration``,
``x-amazon-apigateway-request-validator(s)``, ``x-amazon-apigateway-gateway-responses``,
models from the schemas, and ``apiKey`` security schemes (methods then require an API key, or
IAM authorization when the scheme's ``x-amazon-apigateway-authtype`` is ``awsSigv4``).
"""

from __future__ import annotations

from typing import Any

import orjson

from .apis import new_rest_api
from .authorizers import add_authorizer
from .errors import BadRequestException
from .gateway_responses import RESPONSE_TYPES
from .integrations import set_integration, set_integration_response
from .methods import add_method
from .models import add_model, add_request_validator
from .openapi_warnings import document_warnings, integration_warnings, path_prefix, refuse_if_warned
from .policy_text import stored_policy
from .resources import add_resource
from .store import RestApi

_OPERATIONS = {
    "get": "GET",
    "put": "PUT",
    "post": "POST",
    "delete": "DELETE",
    "patch": "PATCH",
    "head": "HEAD",
    "options": "OPTIONS",
    "x-amazon-apigateway-any-method": "ANY",
}
_IN = {"path": "path", "query": "querystring", "header": "header"}


def parse_document(body: bytes) -> dict[str, Any]:
    import yaml  # imported on the first import of a document, not at start-up

    try:
        document = yaml.safe_load(body.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):  # nested past any real document
        document = None
    if not isinstance(document, dict) or not ("swagger" in document or "openapi" in document):
        raise BadRequestException(
            "Invalid OpenAPI input." if document is not None else "Invalid OpenAPI input, unable to parse"
        )
    return document


def import_new_api(
    region: str, body: bytes, parameters: dict[str, str], fail_on_warnings: bool | None = None
) -> tuple[RestApi, list[str]]:
    """The new API and the document's warnings."""
    document = parse_document(body)
    info = document.get("info") or {}
    if not info.get("title"):
        raise BadRequestException("Invalid OpenAPI input: the document has no info.title")
    warnings = document_warnings(document) + integration_warnings(document, path_prefix(document, parameters))
    refuse_if_warned(warnings, fail_on_warnings)
    settings = {"name": info["title"], **_api_settings(document)}
    if parameters.get("endpointConfigurationTypes"):
        # The endpoint type is an import parameter (``--parameters endpointConfigurationTypes=REGIONAL``).
        settings["endpointConfiguration"] = {"types": [parameters["endpointConfigurationTypes"]]}
    api = new_rest_api(region, settings, default_models=False)
    _set_vpc_endpoints(api, document)
    _import(api, document, parameters)
    return api, warnings


def put_into_api(
    api: RestApi, body: bytes, mode: str, parameters: dict[str, str], fail_on_warnings: bool | None = None
) -> list[str]:
    """Import the document into ``api``; the document's warnings."""
    document = parse_document(body)
    warnings = document_warnings(document) + integration_warnings(document, path_prefix(document, parameters))
    refuse_if_warned(warnings, fail_on_warnings)
    if mode == "overwrite":
        root = api.resources[api.root_id()]
        root.pop("resourceMethods", None)
        api.resources = {root["id"]: root}
        api.authorizers.clear()
        api.request_validators.clear()
        api.gateway_responses.clear()
        for key in ("name", "description", "version", "binaryMediaTypes"):
            api.data.pop(key, None)
    settings = _api_settings(document)
    if mode != "overwrite" and api.data.get("binaryMediaTypes") and settings.get("binaryMediaTypes"):
        # A merge adds the document's binary media types to the API's own.
        kept = api.data["binaryMediaTypes"]
        settings["binaryMediaTypes"] = kept + [kind for kind in settings["binaryMediaTypes"] if kind not in kept]
    # The document's title names the API in either mode.
    title = (document.get("info") or {}).get("title")
    if title:
        settings["name"] = title
    api.data.update(settings)
    _set_vpc_endpoints(api, document)
    _import(api, document, parameters)
    return warnings


def _set_vpc_endpoints(api: RestApi, document: dict[str, Any]) -> None:
    """The document's VPC endpoints (x-amazon-apigateway-endpoint-configuration) replace the API's."""
    endpoint = document.get("x-amazon-apigateway-endpoint-configuration") or {}
    if endpoint.get("vpcEndpointIds"):
        api.data["endpointConfiguration"]["vpcEndpointIds"] = list(endpoint["vpcEndpointIds"])


def _api_settings(document: dict[str, Any]) -> dict[str, Any]:
    info = document.get("info") or {}
    settings: dict[str, Any] = {}
    if info.get("description"):
        settings["description"] = info["description"]
    if info.get("version") is not None:
        settings["version"] = str(info["version"])
    if document.get("x-amazon-apigateway-binary-media-types"):
        settings["binaryMediaTypes"] = list(document["x-amazon-apigateway-binary-media-types"])
    if document.get("x-amazon-apigateway-api-key-source"):
        settings["apiKeySource"] = document["x-amazon-apigateway-api-key-source"]
    if isinstance(document.get("x-amazon-apigateway-minimum-compression-size"), int):
        settings["minimumCompressionSize"] = document["x-amazon-apigateway-minimum-compression-size"]
    if document.get("x-amazon-apigateway-policy"):
        settings["policy"] = stored_policy(document["x-amazon-apigateway-policy"])
    endpoint = document.get("x-amazon-apigateway-endpoint-configuration") or {}
    if isinstance(endpoint.get("disableExecuteApiEndpoint"), bool):
        settings["disableExecuteApiEndpoint"] = endpoint["disableExecuteApiEndpoint"]
    for extension, key in _SECURITY_EXTENSIONS.items():
        if document.get(extension):
            settings[key] = document[extension]
    return settings


#: The TLS settings an API document may carry (API Gateway's OpenAPI extensions).
_SECURITY_EXTENSIONS = {
    "x-amazon-apigateway-security-policy": "securityPolicy",
    "x-amazon-apigateway-endpoint-access-mode": "endpointAccessMode",
}


def _import(api: RestApi, document: dict[str, Any], parameters: dict[str, str]) -> None:
    components = document.get("components") or {}
    schemes = components.get("securitySchemes") or document.get("securityDefinitions") or {}
    authorizer_ids, api_key_schemes, iam_schemes = _import_authorizers(api, schemes)
    _import_models(api, components.get("schemas") or document.get("definitions") or {})
    validators = {
        name: add_request_validator(api, {"name": name, **(spec or {})})["id"]
        for name, spec in (document.get("x-amazon-apigateway-request-validators") or {}).items()
    }
    default_validator = document.get("x-amazon-apigateway-request-validator")
    for response_type, response in (document.get("x-amazon-apigateway-gateway-responses") or {}).items():
        if response_type in RESPONSE_TYPES and isinstance(response, dict):
            api.gateway_responses[response_type] = {
                "responseType": response_type,
                "defaultResponse": False,
                **response,
            }
    default_security = document.get("security") or []
    prefix = path_prefix(document, parameters)
    for path, item in (document.get("paths") or {}).items():
        resource_id = _ensure_resource(api, prefix + path)
        shared_parameters = item.get("parameters") or []
        for key, operation in item.items():
            http_method = _OPERATIONS.get(key.lower())
            if http_method is None or not isinstance(operation, dict):
                continue
            method = _import_operation(
                api,
                resource_id,
                http_method,
                operation,
                shared_parameters,
                default_security,
                authorizer_ids,
                api_key_schemes,
                iam_schemes,
            )
            validator = operation.get("x-amazon-apigateway-request-validator", default_validator)
            if validator in validators:
                method["requestValidatorId"] = validators[validator]


def _import_authorizers(
    api: RestApi, schemes: dict[str, Any]
) -> tuple[dict[str, str], set[str], set[str]]:
    """The schemes' authorizers (name -> id), then the names of API key schemes and of IAM ones."""
    authorizer_ids: dict[str, str] = {}
    api_key_schemes: set[str] = set()
    iam_schemes: set[str] = set()
    for name, scheme in schemes.items():
        extension = scheme.get("x-amazon-apigateway-authorizer")
        if extension is None:
            if scheme.get("type") == "apiKey":
                # awsSigv4, a reserved authtype, names IAM authorization, not an API key.
                is_iam = str(scheme.get("x-amazon-apigateway-authtype", "")).lower() == "awssigv4"
                (iam_schemes if is_iam else api_key_schemes).add(name)
            continue
        kind = str(extension.get("type", "token")).upper()
        params: dict[str, Any] = {
            "name": name,
            "type": kind,
            "authorizerUri": extension.get("authorizerUri"),
            "authorizerCredentials": extension.get("authorizerCredentials"),
            "identityValidationExpression": extension.get("identityValidationExpression"),
            "authorizerResultTtlInSeconds": extension.get("authorizerResultTtlInSeconds"),
            "providerARNs": extension.get("providerARNs"),
            "authType": scheme.get("x-amazon-apigateway-authtype"),
            "identitySource": extension.get("identitySource"),
        }
        if (
            kind in ("TOKEN", "COGNITO_USER_POOLS")
            and not params["identitySource"]
            and scheme.get("in") == "header"
        ):
            params["identitySource"] = f"method.request.header.{scheme.get('name')}"
        authorizer_ids[name] = add_authorizer(api, params)["id"]
    return authorizer_ids, api_key_schemes, iam_schemes


def _ensure_resource(api: RestApi, path: str) -> str:
    by_path = {resource["path"]: resource["id"] for resource in api.resources.values()}
    current = api.root_id()
    built = ""
    for part in (p for p in path.split("/") if p):
        built += "/" + part
        existing = by_path.get(built)
        current = existing if existing is not None else add_resource(api, current, part)["id"]
    return current


def _import_operation(
    api: RestApi,
    resource_id: str,
    http_method: str,
    operation: dict[str, Any],
    shared_parameters: list[dict[str, Any]],
    default_security: list[dict[str, Any]],
    authorizer_ids: dict[str, str],
    api_key_schemes: set[str],
    iam_schemes: set[str],
) -> dict[str, Any]:
    method_params: dict[str, Any] = {"authorizationType": "NONE", "apiKeyRequired": False}
    security = operation.get("security", default_security) or []
    for requirement in security:
        for scheme_name in requirement:
            if scheme_name in api_key_schemes:
                method_params["apiKeyRequired"] = True
            elif scheme_name in iam_schemes:
                method_params["authorizationType"] = "AWS_IAM"
            elif scheme_name in authorizer_ids:
                authorizer = api.authorizers[authorizer_ids[scheme_name]]
                if requirement[scheme_name]:
                    method_params["authorizationScopes"] = list(requirement[scheme_name])
                method_params["authorizationType"] = (
                    "COGNITO_USER_POOLS" if authorizer["type"] == "COGNITO_USER_POOLS" else "CUSTOM"
                )
                method_params["authorizerId"] = authorizer["id"]
    request_parameters = {
        f"method.request.{_IN[p['in']]}.{p['name']}": bool(p.get("required", False))
        for p in [*shared_parameters, *(operation.get("parameters") or [])]
        if isinstance(p, dict) and p.get("in") in _IN
    }
    # Every variable of the resource's path is a required path parameter, declared or not.
    for part in api.resource(resource_id)["path"].split("/"):
        if part.startswith("{") and part.endswith("}"):
            request_parameters.setdefault(f"method.request.path.{part[1:-1].rstrip('+')}", True)
    if request_parameters:
        method_params["requestParameters"] = request_parameters
    if operation.get("operationId"):
        method_params["operationName"] = operation["operationId"]
    request_models = _request_models(operation)
    if request_models:
        method_params["requestModels"] = request_models
    resource = api.resource(resource_id)
    resource.get("resourceMethods", {}).pop(http_method, None)
    method = add_method(api, resource_id, http_method, method_params)
    for status, response in (operation.get("responses") or {}).items():
        if not str(status).isdigit():
            continue
        headers = (response or {}).get("headers") or {}
        entry: dict[str, Any] = {"statusCode": str(status)}
        if headers:
            entry["responseParameters"] = {f"method.response.header.{h}": False for h in headers}
        response_models = _response_models(operation, response or {})
        if response_models:
            entry["responseModels"] = response_models
        method.setdefault("methodResponses", {})[str(status)] = entry
    integration = operation.get("x-amazon-apigateway-integration")
    if integration:
        _import_integration(api, resource_id, http_method, integration)
    return method


def _model_name(reference: Any) -> str | None:
    return reference.rsplit("/", 1)[1] if isinstance(reference, str) and "/" in reference else None


def _request_models(operation: dict[str, Any]) -> dict[str, str]:
    """``{content type: model name}`` from an OpenAPI 3 requestBody or a Swagger 2 body parameter."""
    models: dict[str, str] = {}
    for content_type, media in ((operation.get("requestBody") or {}).get("content") or {}).items():
        name = _model_name(((media or {}).get("schema") or {}).get("$ref"))
        if name:
            models[content_type] = name
    for parameter in operation.get("parameters") or []:
        if isinstance(parameter, dict) and parameter.get("in") == "body":
            name = _model_name((parameter.get("schema") or {}).get("$ref"))
            for content_type in operation.get("consumes") or ["application/json"]:
                if name:
                    models[content_type] = name
    return models


def _response_models(operation: dict[str, Any], response: dict[str, Any]) -> dict[str, str]:
    """``{content type: model name}`` from an OpenAPI 3 response's content or a Swagger 2 response's schema."""
    models: dict[str, str] = {}
    for content_type, media in (response.get("content") or {}).items():
        name = _model_name(((media or {}).get("schema") or {}).get("$ref"))
        if name:
            models[content_type] = name
    name = _model_name((response.get("schema") or {}).get("$ref"))
    if name:
        for content_type in operation.get("produces") or ["application/json"]:
            models[content_type] = name
    return models


def _import_models(api: RestApi, schemas: dict[str, Any]) -> None:
    prefix = f"https://apigateway.amazonaws.com/restapis/{api.id}/models/"
    for name, schema in schemas.items():
        if not str(name).isalnum():
            continue
        text = orjson.dumps(schema).decode()
        text = text.replace('"#/definitions/', '"' + prefix).replace('"#/components/schemas/', '"' + prefix)
        api.models.pop(name, None)
        # A schema's own description describes the model too.
        description = schema.get("description") if isinstance(schema, dict) else None
        add_model(
            api,
            {
                "name": name,
                "schema": text,
                "contentType": "application/json",
                "description": description if isinstance(description, str) else None,
            },
        )


def _import_integration(api: RestApi, resource_id: str, http_method: str, spec: dict[str, Any]) -> None:
    kind = str(spec.get("type", "")).upper()
    params = {
        "type": kind,
        "uri": spec.get("uri"),
        # A mock calls no backend: AWS drops the method an import gives it.
        "integrationHttpMethod": None if kind == "MOCK" else spec.get("httpMethod"),
        "passthroughBehavior": str(spec.get("passthroughBehavior", "")).upper() or None,
        "requestTemplates": spec.get("requestTemplates"),
        # A non-string mapping was warned about (integration_warnings) and is left out.
        "requestParameters": {
            key: value for key, value in (spec.get("requestParameters") or {}).items() if isinstance(value, str)
        }
        or None,
        "timeoutInMillis": spec.get("timeoutInMillis"),
        "contentHandling": spec.get("contentHandling"),
        "credentials": spec.get("credentials"),
        "cacheKeyParameters": spec.get("cacheKeyParameters"),
        "connectionType": spec.get("connectionType"),
        "connectionId": spec.get("connectionId"),
        "responseTransferMode": spec.get("responseTransferMode"),
    }
    set_integration(api, resource_id, http_method, params)
    for pattern, response in (spec.get("responses") or {}).items():
        status = str(response.get("statusCode", "200"))
        response_params = {
            "selectionPattern": None if pattern == "default" else pattern,
            "responseParameters": response.get("responseParameters"),
            "responseTemplates": response.get("responseTemplates"),
            "contentHandling": response.get("contentHandling"),
        }
        set_integration_response(api, resource_id, http_method, status, response_params)
