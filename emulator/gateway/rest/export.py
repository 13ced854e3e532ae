"""GetExport: a stage's deployment as an OpenAPI 3 (``oas30``) or Swagger 2 (``swagger``) document.

``parameters`` ``extensions=integrations`` (or ``apigateway``) adds
``x-amazon-apigateway-integration`` to each operation; ``authorizers`` adds
the authorizers as security schemes.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import orjson

from ...aws.context import RequestContext
from .errors import BadRequestException
from .export_models import exported_models, model_ref
from .store import Store

_ANY = "x-amazon-apigateway-any-method"
_LOCATIONS = {"path": "path", "querystring": "query", "header": "header"}


#: The integration members an export writes, in AWS's order; a default timeout is left out.
_INTEGRATION_KEYS = ("httpMethod", "uri", "requestParameters", "requestTemplates", "passthroughBehavior")


def _integration(integration: dict[str, Any]) -> dict[str, Any]:
    exported: dict[str, Any] = {"type": integration["type"].lower()}
    for key in ("httpMethod", "uri"):
        if integration.get(key) is not None:
            exported[key] = integration[key]
    responses = {}
    for status, response in (integration.get("integrationResponses") or {}).items():
        entry = {"statusCode": status}
        for key in ("responseParameters", "responseTemplates"):
            if response.get(key):
                entry[key] = response[key]
        responses[response.get("selectionPattern") or "default"] = entry
    if responses:
        exported["responses"] = responses
    for key in _INTEGRATION_KEYS[2:]:
        if integration.get(key) is not None:
            # AWS writes the passthrough behaviour in the lower case an import reads.
            exported[key] = integration[key].lower() if key == "passthroughBehavior" else integration[key]
    if integration.get("timeoutInMillis") not in (None, 29000):
        exported["timeoutInMillis"] = integration["timeoutInMillis"]
    if integration.get("responseTransferMode") == "STREAM":  # BUFFERED is the default an import assumes
        exported["responseTransferMode"] = "STREAM"
    return exported


def _parameters(method: dict[str, Any], swagger: bool) -> list[dict[str, Any]]:
    parameters = []
    for key, required in (method.get("requestParameters") or {}).items():
        parts = key.split(".", 3)
        if len(parts) == 4 and parts[2] in _LOCATIONS:
            parameter: dict[str, Any] = {"name": parts[3], "in": _LOCATIONS[parts[2]]}
            if swagger or required:  # OpenAPI 3 leaves an optional parameter's "required" out
                parameter["required"] = bool(required)
            parameter.update({"type": "string"} if swagger else {"schema": {"type": "string"}})
            parameters.append(parameter)
    if swagger:
        for name in (method.get("requestModels") or {}).values():
            parameters.append({"in": "body", "name": name, "required": True, "schema": model_ref(name, True)})
    return parameters


def _response(status: str, response: dict[str, Any], swagger: bool) -> dict[str, Any]:
    exported: dict[str, Any] = {"description": f"{status} response"}
    models = response.get("responseModels") or {}
    headers = {
        key.rsplit(".", 1)[-1]: ({"type": "string"} if swagger else {"schema": {"type": "string"}})
        for key in response.get("responseParameters") or {}
        if key.startswith("method.response.header.")
    }
    if swagger:
        for name in list(models.values())[:1]:  # Swagger 2 has one schema per response
            exported["schema"] = model_ref(name, True)
        if headers:
            exported["headers"] = headers
    else:
        if headers:
            exported["headers"] = headers
        exported["content"] = {ct: {"schema": model_ref(name, False)} for ct, name in models.items()}
    return exported


def _content_types(method: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Swagger's ``consumes`` and ``produces``: the media types the method's models and templates name."""
    integration = method.get("methodIntegration") or {}
    consumes = {**(method.get("requestModels") or {}), **(integration.get("requestTemplates") or {})}
    produces: dict[str, None] = {}
    for response in (method.get("methodResponses") or {}).values():
        produces.update(dict.fromkeys(response.get("responseModels") or {}))
    for response in (integration.get("integrationResponses") or {}).values():
        produces.update(dict.fromkeys(response.get("responseTemplates") or {}))
    return list(consumes), list(produces)


def _operation(
    method: dict[str, Any], swagger: bool, extensions: set[str], authorizers: dict[str, Any]
) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if method.get("operationName"):
        operation["operationId"] = method["operationName"]
    if swagger:
        consumes, produces = _content_types(method)
        if consumes:
            operation["consumes"] = consumes
        if produces:
            operation["produces"] = produces
    parameters = _parameters(method, swagger)
    if parameters:
        operation["parameters"] = parameters
    if not swagger and method.get("requestModels"):
        content = {ct: {"schema": model_ref(name, False)} for ct, name in method["requestModels"].items()}
        operation["requestBody"] = {"content": content, "required": True}
    responses = method.get("methodResponses")
    operation["responses"] = (
        {status: _response(status, response, swagger) for status, response in responses.items()}
        if responses
        else {"200": {"description": "200 response"}}
    )
    security = []
    if method.get("apiKeyRequired"):
        security.append({"api_key": []})
    if method.get("authorizationType") == "AWS_IAM":
        security.append({"sigv4": []})
    authorizer = authorizers.get(method.get("authorizerId") or "")
    if authorizer is not None:
        security.append({authorizer["name"]: []})
    if security:
        operation["security"] = security
    if extensions & {"integrations", "apigateway"} and method.get("methodIntegration"):
        operation["x-amazon-apigateway-integration"] = _integration(method["methodIntegration"])
    return operation


def _named_models(resources: list[dict[str, Any]]) -> list[str]:
    named = []
    for resource in resources:
        for method in (resource.get("resourceMethods") or {}).values():
            named.extend((method.get("requestModels") or {}).values())
            for response in (method.get("methodResponses") or {}).values():
                named.extend((response.get("responseModels") or {}).values())
    return named


class ExportOperations:
    store: Store

    def get_export(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        stage = api.stage(params["stageName"])
        export_type = params["exportType"]
        if export_type not in ("oas30", "swagger"):
            raise BadRequestException(
                f"Export type '{export_type}' is not supported. Supported types: oas30, swagger"
            )
        deployed = api.deployment(stage["deploymentId"]).snapshot
        swagger = export_type == "swagger"
        extensions = {
            e.strip() for e in (params.get("parameters") or {}).get("extensions", "").split(",") if e.strip()
        }
        used_authorizers = {
            m.get("authorizerId") for r in deployed.resources for m in r.get("resourceMethods", {}).values()
        }
        authorizers = {a_id: a for a_id, a in deployed.authorizers.items() if a_id in used_authorizers}
        paths: dict[str, Any] = {}
        for resource in sorted(deployed.resources, key=lambda r: r["path"]):
            methods = resource.get("resourceMethods") or {}
            if methods:
                paths[resource["path"]] = {
                    (_ANY if verb == "ANY" else verb.lower()): _operation(
                        method, swagger, extensions, authorizers
                    )
                    for verb, method in methods.items()
                }
        created = api.deployment(stage["deploymentId"]).data["createdDate"]
        # The API's own version names the document (and its file); a deployment's date stands in.
        version = deployed.api_data.get("version") or created.strftime("%Y-%m-%dT%H:%M:%SZ")
        title, description = deployed.api_data.get("name", ""), deployed.api_data.get("description")
        info: dict[str, Any] = (
            {"description": description, "version": version, "title": title}
            if swagger
            else {"title": title, "description": description, "version": version}
        )
        if not description:
            del info["description"]
        models = exported_models(api.models, _named_models(deployed.resources), swagger)
        host = f"{api.id}.execute-api.{api.region}.amazonaws.com"
        schemes: dict[str, Any] = {}
        used = {name for p in paths.values() for o in p.values() for s in o.get("security", []) for name in s}
        if "api_key" in used:
            schemes["api_key"] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
        if "sigv4" in used:  # IAM authorization, as ImportRestApi reads it back
            schemes["sigv4"] = {
                "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4",
            }  # fmt: skip
        if "authorizers" in extensions or extensions & {"apigateway"}:
            for authorizer in authorizers.values():
                schemes[authorizer["name"]] = _authorizer_scheme(authorizer)
        if swagger:
            document: dict[str, Any] = {
                "swagger": "2.0",
                "info": info,
                "host": host,
                "basePath": f"/{stage['stageName']}",
            }
            document.update(schemes=["https"], paths=paths)
            if schemes:
                document["securityDefinitions"] = schemes
            if models:
                document["definitions"] = models
        else:
            server = {
                "url": f"https://{host}/{{basePath}}",
                "variables": {"basePath": {"default": stage["stageName"]}},
            }
            document = {"openapi": "3.0.1", "info": info, "servers": [server], "paths": paths}
            components: dict[str, Any] = {}
            if models:
                components["schemas"] = models
            if schemes:
                components["securitySchemes"] = schemes
            document["components"] = components  # AWS writes it even when it is empty
        yaml_wanted = "yaml" in (params.get("accepts") or "")
        body = (
            _yaml().safe_dump(document, sort_keys=False).encode()
            if yaml_wanted
            else orjson.dumps(document, option=orjson.OPT_INDENT_2)
        )
        return {
            "contentType": "application/yaml" if yaml_wanted else "application/octet-stream",
            "contentDisposition": f'attachment; filename="{export_type}_{version}.{"yaml" if yaml_wanted else "json"}"',
            "body": body,
        }


def _authorizer_scheme(authorizer: dict[str, Any]) -> dict[str, Any]:
    header = (authorizer.get("identitySource") or "method.request.header.Authorization").rsplit(".", 1)[-1]
    extension: dict[str, Any] = {"type": authorizer["type"].lower()}
    for key in (
        "authorizerUri",
        "identitySource",
        "identityValidationExpression",
        "authorizerResultTtlInSeconds",
    ):
        if authorizer.get(key) is not None:
            extension[key] = authorizer[key]
    return {
        "type": "apiKey",
        "name": header,
        "in": "header",
        "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": extension,
    }


def _yaml() -> ModuleType:
    # PyYAML is imported when a YAML export is asked for, not at start-up.
    import yaml

    return yaml
