"""REST API control plane through boto3: APIs, resources, methods, integrations and their errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def test_create_rest_api_returns_aws_defaults(apigw: Any) -> None:
    api = apigw.create_rest_api(name="shop", description="the shop", binaryMediaTypes=["image/png"])
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(api["id"]) == 10 and api["id"].isalnum()
    assert api["name"] == "shop"
    assert api["description"] == "the shop"
    assert api["binaryMediaTypes"] == ["image/png"]
    assert api["apiKeySource"] == "HEADER"
    assert api["endpointConfiguration"]["types"] == ["EDGE"]
    assert api["disableExecuteApiEndpoint"] is False
    assert "createdDate" in api
    resources = apigw.get_resources(restApiId=api["id"])["items"]
    assert resources == [{"id": api["rootResourceId"], "path": "/"}]


def test_get_rest_apis_lists_and_pages(apigw: Any) -> None:
    ids = [apigw.create_rest_api(name=f"api{i}")["id"] for i in range(3)]
    listed = apigw.get_rest_apis()["items"]
    assert sorted(a["id"] for a in listed) == sorted(ids)
    first = apigw.get_rest_apis(limit=2)
    assert len(first["items"]) == 2 and "position" in first
    rest = apigw.get_rest_apis(limit=2, position=first["position"])
    assert len(rest["items"]) == 1 and "position" not in rest


def test_unknown_rest_api_is_not_found_with_account_and_id(apigw: Any) -> None:
    with pytest.raises(ClientError) as info:
        apigw.get_rest_api(restApiId="abc")
    assert error_of(info) == ("NotFoundException", "Invalid API identifier specified 000000000000:abc", 404)


def test_update_rest_api_patch_operations(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="old")["id"]
    updated = apigw.update_rest_api(
        restApiId=api_id,
        patchOperations=[
            {"op": "replace", "path": "/name", "value": "new"},
            {"op": "replace", "path": "/description", "value": "described"},
            {"op": "add", "path": "/binaryMediaTypes/image~1jpeg"},
        ],
    )
    assert updated["name"] == "new"
    assert updated["description"] == "described"
    assert updated["binaryMediaTypes"] == ["image/jpeg"]
    assert apigw.get_rest_api(restApiId=api_id)["name"] == "new"
    with pytest.raises(ClientError) as info:
        apigw.update_rest_api(
            restApiId=api_id, patchOperations=[{"op": "replace", "path": "/nope", "value": "x"}]
        )
    assert error_of(info)[0] == "BadRequestException"


def test_delete_rest_api(apigw: Any) -> None:
    api_id = apigw.create_rest_api(name="gone")["id"]
    assert apigw.delete_rest_api(restApiId=api_id)["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as info:
        apigw.get_rest_api(restApiId=api_id)
    assert error_of(info)[0] == "NotFoundException"


def test_resources_with_params_and_greedy_paths(apigw: Any) -> None:
    api = apigw.create_rest_api(name="r")
    root = api["rootResourceId"]
    items = apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="items")
    assert items["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert {k: items[k] for k in ("parentId", "pathPart", "path")} == {
        "parentId": root,
        "pathPart": "items",
        "path": "/items",
    }
    item = apigw.create_resource(restApiId=api["id"], parentId=items["id"], pathPart="{id}")
    assert item["path"] == "/items/{id}"
    proxy = apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="{proxy+}")
    assert proxy["path"] == "/{proxy+}"
    paths = sorted(r["path"] for r in apigw.get_resources(restApiId=api["id"])["items"])
    assert paths == ["/", "/items", "/items/{id}", "/{proxy+}"]
    assert apigw.get_resource(restApiId=api["id"], resourceId=item["id"])["pathPart"] == "{id}"


def test_resource_errors(apigw: Any) -> None:
    api = apigw.create_rest_api(name="r")
    root = api["rootResourceId"]
    apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="items")
    with pytest.raises(ClientError) as info:
        apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="items")
    assert error_of(info) == (
        "ConflictException",
        "Another resource with the same parent already has this name: items",
        409,
    )
    with pytest.raises(ClientError) as info:
        apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="bad path")
    assert error_of(info)[0] == "BadRequestException"
    with pytest.raises(ClientError) as info:
        apigw.get_resource(restApiId=api["id"], resourceId="nope")
    assert error_of(info) == ("NotFoundException", "Invalid Resource identifier specified", 404)


def test_delete_resource_removes_its_children(apigw: Any) -> None:
    api = apigw.create_rest_api(name="r")
    parent = apigw.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="a")
    apigw.create_resource(restApiId=api["id"], parentId=parent["id"], pathPart="b")
    apigw.delete_resource(restApiId=api["id"], resourceId=parent["id"])
    assert [r["path"] for r in apigw.get_resources(restApiId=api["id"])["items"]] == ["/"]


def test_methods_record_authorization_and_api_key(apigw: Any) -> None:
    api = apigw.create_rest_api(name="m")
    root = api["rootResourceId"]
    method = apigw.put_method(
        restApiId=api["id"],
        resourceId=root,
        httpMethod="GET",
        authorizationType="AWS_IAM",
        apiKeyRequired=True,
        requestParameters={"method.request.querystring.q": True},
    )
    assert method["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert method["httpMethod"] == "GET"
    assert method["authorizationType"] == "AWS_IAM"
    assert method["apiKeyRequired"] is True
    assert method["requestParameters"] == {"method.request.querystring.q": True}
    plain = apigw.put_method(
        restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE"
    )
    assert plain["apiKeyRequired"] is False
    with pytest.raises(ClientError) as info:
        apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    assert error_of(info)[0] == "ConflictException"
    with pytest.raises(ClientError) as info:
        apigw.get_method(restApiId=api["id"], resourceId=root, httpMethod="PUT")
    assert error_of(info) == ("NotFoundException", "Invalid Method identifier specified", 404)
    with pytest.raises(ClientError) as info:
        apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="PUT", authorizationType="CUSTOM")
    assert error_of(info)[0] == "BadRequestException"
    apigw.delete_method(restApiId=api["id"], resourceId=root, httpMethod="POST")
    listed = apigw.get_resources(restApiId=api["id"])["items"][0]
    assert listed["resourceMethods"] == {"GET": {}}


def test_integrations_and_responses(apigw: Any) -> None:
    api = apigw.create_rest_api(name="i")
    root = api["rootResourceId"]
    apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    with pytest.raises(ClientError) as info:
        apigw.get_integration(restApiId=api["id"], resourceId=root, httpMethod="GET")
    assert error_of(info) == ("NotFoundException", "Invalid Integration identifier specified", 404)
    with pytest.raises(ClientError) as info:
        apigw.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    assert error_of(info) == ("NotFoundException", "Invalid Integration identifier specified", 404)
    uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations"
    integration = apigw.put_integration(
        restApiId=api["id"],
        resourceId=root,
        httpMethod="GET",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=uri,
    )
    assert integration["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert integration["type"] == "AWS_PROXY"
    assert integration["httpMethod"] == "POST"
    assert integration["uri"] == uri
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert integration["timeoutInMillis"] == 29000
    assert integration["cacheNamespace"] == root
    assert integration["cacheKeyParameters"] == []
    apigw.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    response = apigw.put_integration_response(
        restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="400", selectionPattern=".*error.*"
    )
    assert response["statusCode"] == "400" and response["selectionPattern"] == ".*error.*"
    method = apigw.get_method(restApiId=api["id"], resourceId=root, httpMethod="GET")
    assert method["methodResponses"] == {"200": {"statusCode": "200"}}
    assert method["methodIntegration"]["integrationResponses"]["400"]["selectionPattern"] == ".*error.*"
    embedded = apigw.get_resources(restApiId=api["id"], embed=["methods"])["items"][0]
    assert embedded["resourceMethods"]["GET"]["methodIntegration"]["uri"] == uri
    with pytest.raises(ClientError) as info:
        apigw.put_integration(
            restApiId=api["id"],
            resourceId=root,
            httpMethod="GET",
            type="HTTP_PROXY",
            integrationHttpMethod="GET",
        )
    assert error_of(info)[0] == "BadRequestException"
    with pytest.raises(ClientError) as info:
        apigw.put_integration(
            restApiId=api["id"], resourceId=root, httpMethod="GET", type="AWS_PROXY", uri=uri
        )
    assert error_of(info) == ("BadRequestException", "Enumeration value for HttpMethod must be non-empty", 400)


def test_update_method_and_integration(apigw: Any) -> None:
    api = apigw.create_rest_api(name="u")
    root = api["rootResourceId"]
    apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    method = apigw.update_method(
        restApiId=api["id"],
        resourceId=root,
        httpMethod="GET",
        patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}],
    )
    assert method["apiKeyRequired"] is True
    integration = apigw.update_integration(
        restApiId=api["id"],
        resourceId=root,
        httpMethod="GET",
        patchOperations=[{"op": "replace", "path": "/timeoutInMillis", "value": "1000"}],
    )
    assert integration["timeoutInMillis"] == 1000


def test_update_resource_path_part_repaths_children(apigw: Any) -> None:
    api = apigw.create_rest_api(name="r")
    root = api["rootResourceId"]
    parent = apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="old")
    apigw.create_resource(restApiId=api["id"], parentId=root, pathPart="taken")
    child = apigw.create_resource(restApiId=api["id"], parentId=parent["id"], pathPart="{id}")
    renamed = apigw.update_resource(
        restApiId=api["id"],
        resourceId=parent["id"],
        patchOperations=[{"op": "replace", "path": "/pathPart", "value": "new"}],
    )
    assert renamed["path"] == "/new"
    assert apigw.get_resource(restApiId=api["id"], resourceId=child["id"])["path"] == "/new/{id}"
    with pytest.raises(ClientError) as info:
        apigw.update_resource(
            restApiId=api["id"],
            resourceId=parent["id"],
            patchOperations=[{"op": "replace", "path": "/pathPart", "value": "taken"}],
        )
    assert error_of(info)[0] == "ConflictException"


def test_http_integrations_default_to_internet_connections(apigw: Any) -> None:
    api = apigw.create_rest_api(name="c")
    root = api["rootResourceId"]
    for verb in ("GET", "POST"):
        apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod=verb, authorizationType="NONE")
    http = apigw.put_integration(
        restApiId=api["id"],
        resourceId=root,
        httpMethod="GET",
        type="HTTP_PROXY",
        integrationHttpMethod="GET",
        uri="https://example.com/",
    )
    assert http["connectionType"] == "INTERNET"
    mock = apigw.put_integration(restApiId=api["id"], resourceId=root, httpMethod="POST", type="MOCK")
    assert "connectionType" not in mock
    got = apigw.get_integration(restApiId=api["id"], resourceId=root, httpMethod="GET")
    assert got["connectionType"] == "INTERNET"


def test_aws_proxy_integrations_need_a_lambda_or_firehose_uri(apigw: Any) -> None:
    api = apigw.create_rest_api(name="p")
    root = api["rootResourceId"]
    apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    with pytest.raises(ClientError) as info:
        apigw.put_integration(
            restApiId=api["id"],
            resourceId=root,
            httpMethod="GET",
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri="arn:aws:apigateway:us-east-1:sqs:path/000000000000/queue",
        )
    assert error_of(info) == (
        "BadRequestException",
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream "
        "invocations.",
        400,
    )


def test_update_integration_cache_keys_and_tls(apigw: Any) -> None:
    api = apigw.create_rest_api(name="t")
    method = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigw.put_method(**method, authorizationType="NONE")
    apigw.put_integration(**method, type="HTTP", integrationHttpMethod="GET", uri="https://example.com/")
    updated = apigw.update_integration(
        **method,
        patchOperations=[
            {"op": "add", "path": "/cacheKeyParameters/method.request.path.id"},
            {"op": "replace", "path": "/tlsConfig/insecureSkipVerification", "value": "true"},
        ],
    )
    assert updated["cacheKeyParameters"] == ["method.request.path.id"]
    assert updated["tlsConfig"] == {"insecureSkipVerification": True}
    updated = apigw.update_integration(
        **method, patchOperations=[{"op": "remove", "path": "/cacheKeyParameters/method.request.path.id"}]
    )
    assert updated["cacheKeyParameters"] == []


def test_rest_apis_keep_their_tls_settings(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    policy = "SecurityPolicy_TLS13_1_3_2025_09"
    created = client.create_rest_api(
        name="tls", securityPolicy=policy, endpointAccessMode="STRICT", endpointConfiguration={"types": ["REGIONAL"]}
    )
    assert (created["securityPolicy"], created["endpointAccessMode"]) == (policy, "STRICT")
    patch = [{"op": "replace", "path": "/endpointAccessMode", "value": "BASIC"}]
    assert client.update_rest_api(restApiId=created["id"], patchOperations=patch)["endpointAccessMode"] == "BASIC"
    assert client.get_rest_api(restApiId=created["id"])["endpointAccessMode"] == "BASIC"
    document = {
        "openapi": "3.0.1",
        "info": {"title": "imported", "version": "1"},
        "x-amazon-apigateway-security-policy": policy,
        "x-amazon-apigateway-endpoint-access-mode": "STRICT",
        "paths": {},
    }
    imported = client.import_rest_api(body=json.dumps(document))
    assert (imported["securityPolicy"], imported["endpointAccessMode"]) == (policy, "STRICT")
