"""AWS::Serverless::Api: a REST API built from function events or an OpenAPI body.

Redeploying keeps the API (found by name) and so its id and URLs: its
resources are rebuilt and a new deployment is made to the stage.
"""

from __future__ import annotations

import json
from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource, Route

_CORS_METHODS = "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'"


def lambda_uri(region: str, function_arn: str) -> str:
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def deploy_serverless_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    name = properties.get("Name") or (deployer.stack_name if resource.logical_id == "ServerlessRestApi" else deployer.physical_name(resource.logical_id))
    stage = str(properties.get("StageName", "Prod"))
    if properties.get("Auth"):
        deployer.note(f"{resource.logical_id}: Auth on AWS::Serverless::Api is not applied by the template deployer")
    api = next((item for item in _all_rest_apis(client) if item["name"] == name), None)
    if api is None:
        api = client.create_rest_api(name=name, binaryMediaTypes=properties.get("BinaryMediaTypes") or [])
    api_id = api["id"]
    body = properties.get("DefinitionBody")
    if body is not None:
        client.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(body).encode())
    else:
        _rebuild_resources(deployer, client, api_id, resource.routes, properties.get("Cors"))
    variables = {k: str(v) for k, v in (properties.get("Variables") or {}).items()}
    client.create_deployment(restApiId=api_id, stageName=stage, variables=variables)
    root_id = next(item["id"] for item in client.get_resources(restApiId=api_id, limit=500)["items"] if item["path"] == "/")
    url = deployer.api_url(api_id, stage)
    return Deployed(api_id, {"RootResourceId": root_id}, f"REST API  {resource.logical_id}: {url}")


def _all_rest_apis(client: Any) -> list[dict[str, Any]]:
    return [api for page in client.get_paginator("get_rest_apis").paginate() for api in page.get("items", [])]


def _rebuild_resources(deployer: Deployer, client: Any, api_id: str, routes: list[Route], cors: Any) -> None:
    resources = client.get_resources(restApiId=api_id, limit=500)["items"]
    root_id = next(item["id"] for item in resources if item["path"] == "/")
    for item in sorted(resources, key=lambda r: r["path"].count("/"), reverse=True):
        if item.get("parentId") == root_id:
            client.delete_resource(restApiId=api_id, resourceId=item["id"])
    ids = {"/": root_id}
    for route in routes:
        resource_id = _ensure_path(client, api_id, ids, route.path)
        function_arn = deployer.arns[route.function]
        method = "ANY" if route.method in ("ANY", "X-AMAZON-APIGATEWAY-ANY-METHOD") else route.method
        client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod=method, authorizationType="NONE")
        client.put_integration(
            restApiId=api_id,
            resourceId=resource_id,
            httpMethod=method,
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=lambda_uri(deployer.region, function_arn),
        )
    if cors:
        for resource_id in ids.values():
            _add_cors_preflight(client, api_id, resource_id, cors)


def _ensure_path(client: Any, api_id: str, ids: dict[str, str], path: str) -> str:
    current = ""
    parent = ids["/"]
    for part in [p for p in path.split("/") if p]:
        current += "/" + part
        if current not in ids:
            ids[current] = client.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]
        parent = ids[current]
    return parent


def _add_cors_preflight(client: Any, api_id: str, resource_id: str, cors: Any) -> None:
    origin = cors if isinstance(cors, str) else cors.get("AllowOrigin", "'*'")
    headers = "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'" if isinstance(cors, str) else cors.get("AllowHeaders", "'*'")
    methods = _CORS_METHODS if isinstance(cors, str) else cors.get("AllowMethods", _CORS_METHODS)
    parameters = {
        "method.response.header.Access-Control-Allow-Origin": origin,
        "method.response.header.Access-Control-Allow-Headers": headers,
        "method.response.header.Access-Control-Allow-Methods": methods,
    }
    try:
        client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", authorizationType="NONE")
    except client.exceptions.ConflictException:
        return
    client.put_integration(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
    )
    client.put_method_response(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", statusCode="200",
        responseParameters=dict.fromkeys(parameters, False),
    )
    client.put_integration_response(
        restApiId=api_id, resourceId=resource_id, httpMethod="OPTIONS", statusCode="200",
        responseParameters=parameters,
    )
