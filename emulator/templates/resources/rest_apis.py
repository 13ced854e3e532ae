"""AWS::Serverless::Api: a REST API built from function events or an OpenAPI body.

Redeploying keeps the API (found by name) and so its id and URLs: its
resources are rebuilt and a new deployment is made to the stage. Besides the
API, SAM generates ``<Api><Stage>Stage`` and a deployment, which templates
reach as ``!Ref MyApi.Stage`` and ``!Ref MyApi.Deployment``.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ..deploy import Deployed, Deployer
from ..loader import TemplateError
from ..sam import Resource, Route
from .functions import invocation_uri
from .rest_auth import RestAuth, deploy_usage_plan
from .rest_cors import preflight_headers, put_preflight
from .rest_models import RequestModels
from .rest_stage_settings import apply_stage_settings


def deploy_serverless_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    logical_id = resource.logical_id
    name = properties.get("Name") or (deployer.stack_name if logical_id == "ServerlessRestApi" else deployer.physical_name(logical_id))
    stage = str(properties.get("StageName", "Prod"))
    # SAM lets templates write '/' as '~1' in media types (it is JSON-pointer escaped there).
    binary_types = [str(kind).replace("~1", "/") for kind in properties.get("BinaryMediaTypes") or []]
    api = next((item for item in _all_rest_apis(client) if item["name"] == name), None)
    if api is None:
        api = client.create_rest_api(name=name, binaryMediaTypes=binary_types)
    api_id = api["id"]
    body = _definition(deployer, resource, properties)
    if body is not None:
        client.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(body).encode())
        if properties.get("Auth") or properties.get("Cors"):
            deployer.note(f"{logical_id}: Auth and Cors are applied to event routes only, not to a DefinitionBody")
    else:
        root_id = _clear_resources(client, api_id)
        auth = RestAuth(deployer, api_id, logical_id, properties.get("Auth") or {})
        auth.create_authorizers()  # after the methods that used the old ones are gone
        models = RequestModels(client, api_id, logical_id, properties.get("Models"))
        routes = deployer.deployed_routes(resource)
        _build_resources(deployer, client, api_id, root_id, routes, properties.get("Cors"), auth, models)
    for response_type, response in (properties.get("GatewayResponses") or {}).items():
        _put_gateway_response(client, api_id, response_type, response)
    variables = {k: str(v) for k, v in (properties.get("Variables") or {}).items()}
    deployment = client.create_deployment(restApiId=api_id, stageName=stage, variables=variables)
    apply_stage_settings(client, api_id, stage, properties)
    root_id = next(item["id"] for item in client.get_resources(restApiId=api_id, limit=500)["items"] if item["path"] == "/")
    url = deployer.api_url(api_id, stage)
    deployed = Deployed(api_id, {"RootResourceId": root_id}, f"REST API  {logical_id}: {url}")
    stage_resource, deployment_resource = Deployed(stage), Deployed(deployment["id"])
    deployed.generated.update({
        f"{logical_id}{stage}Stage": stage_resource,
        f"{logical_id}.Stage": stage_resource,
        f"{logical_id}Deployment": deployment_resource,
        f"{logical_id}.Deployment": deployment_resource,
    })  # fmt: skip
    usage_plan = (properties.get("Auth") or {}).get("UsagePlan")
    if usage_plan:
        deployed.generated.update(deploy_usage_plan(deployer, logical_id, api_id, stage, usage_plan))
    return deployed


def _definition(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Any:
    if properties.get("DefinitionBody") is not None:
        return properties["DefinitionBody"]
    location = properties.get("DefinitionUri")
    if location is None:
        return None
    if not isinstance(location, str) or location.startswith("s3://"):
        raise TemplateError(f"{resource.logical_id}: DefinitionUri must be a local file (the emulator has no S3)")
    try:
        return yaml.safe_load(deployer.path(location).read_text())
    except (OSError, yaml.YAMLError) as error:
        raise TemplateError(f"{resource.logical_id}: DefinitionUri {location}: {error}") from None


def _all_rest_apis(client: Any) -> list[dict[str, Any]]:
    return [api for page in client.get_paginator("get_rest_apis").paginate() for api in page.get("items", [])]


def _clear_resources(client: Any, api_id: str) -> str:
    """Delete every resource and the root's methods; return the root's id."""
    resources = client.get_resources(restApiId=api_id, limit=500)["items"]
    root = next(item for item in resources if item["path"] == "/")
    for item in resources:
        if item.get("parentId") == root["id"]:
            client.delete_resource(restApiId=api_id, resourceId=item["id"])
    for method in root.get("resourceMethods") or {}:
        client.delete_method(restApiId=api_id, resourceId=root["id"], httpMethod=method)
    return str(root["id"])


def _build_resources(
    deployer: Deployer,
    client: Any,
    api_id: str,
    root_id: str,
    routes: list[Route],
    cors: Any,
    auth: RestAuth,
    models: RequestModels,
) -> None:
    ids = {"/": root_id}
    methods_by_path: dict[str, set[str]] = {}
    for route in routes:
        resource_id = _ensure_path(client, api_id, ids, route.path)
        method = "ANY" if route.method in ("ANY", "X-AMAZON-APIGATEWAY-ANY-METHOD") else route.method
        methods_by_path.setdefault(route.path, set()).add(method)
        client.put_method(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod=method,
            requestParameters=_request_parameters(route.properties.get("RequestParameters") or []),
            **auth.for_route(route).put_method_params(),
            **models.put_method_params(route.properties.get("RequestModel"), f"{route.function} event {method} {route.path}"),
        )
        client.put_integration(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod=method,
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=invocation_uri(deployer.region, deployer.arns[route.function]),
        )
    if cors:
        preflight_auth = auth.for_preflight().put_method_params()
        for path, methods in methods_by_path.items():
            if "OPTIONS" not in methods:
                headers = preflight_headers(cors, methods, auth.logical_id)
                put_preflight(client, api_id, _ensure_path(client, api_id, ids, path), headers, preflight_auth)


def _request_parameters(declared: list[Any]) -> dict[str, bool]:
    """SAM's event RequestParameters: names, or one-key maps of a name to ``{Required, Caching}``."""
    parameters: dict[str, bool] = {}
    for entry in declared:
        if isinstance(entry, str):
            parameters[entry] = False
        elif isinstance(entry, dict):
            for name, settings in entry.items():
                parameters[name] = bool((settings or {}).get("Required", False))
    return parameters


def _ensure_path(client: Any, api_id: str, ids: dict[str, str], path: str) -> str:
    current = ""
    parent = ids["/"]
    for part in [p for p in path.split("/") if p]:
        current += "/" + part
        if current not in ids:
            ids[current] = client.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]
        parent = ids[current]
    return parent


def _put_gateway_response(client: Any, api_id: str, response_type: str, response: dict[str, Any]) -> None:
    # SAM nests headers under ResponseParameters.Headers (also Paths, QueryStrings) without the prefix.
    parameters = response.get("ResponseParameters") or {}
    mapped = {
        f"gatewayresponse.{kind}.{name}": str(value)
        for group, kind in (("Headers", "header"), ("Paths", "path"), ("QueryStrings", "querystring"))
        for name, value in (parameters.get(group) or {}).items()
    }
    params: dict[str, Any] = {"responseParameters": mapped}
    if response.get("StatusCode"):
        params["statusCode"] = str(response["StatusCode"])
    if response.get("ResponseTemplates"):
        params["responseTemplates"] = response["ResponseTemplates"]
    client.put_gateway_response(restApiId=api_id, responseType=response_type, **params)
