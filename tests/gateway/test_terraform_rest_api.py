"""terraform-provider-aws's REST API acceptance tests replayed through boto3.

Each test names the acceptance test (internal/service/apigateway/*_test.go) whose requests it
replays: the create call, the PutRestApi of its OpenAPI ``body`` and the patches terraform sends.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing.process import EmulatorProcess

TITLE = {"title": "test", "version": "2017-04-20T04:08:08Z"}
GET_OK = {
    "get": {
        "responses": {"200": {"description": "OK"}},
        "x-amazon-apigateway-integration": {
            "httpMethod": "GET",
            "type": "HTTP",
            "responses": {"default": {"statusCode": 200}},
            "uri": "https://api.example.com/",
        },
    }
}
ALLOW_FROM_IP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": "execute-api:Invoke",
            "Condition": {"IpAddress": {"aws:SourceIp": "123.123.123.123/32"}},
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Resource": "*",
        }
    ],
}


@pytest.fixture
def apigateway(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def swagger(path: str = "/test", **extensions: Any) -> str:
    """The Swagger 2 body terraform's rest_api tests put, with the given top-level extensions."""
    return json.dumps(
        {"swagger": "2.0", "info": TITLE, "schemes": ["https"], "paths": {path: GET_OK}, **extensions}
    )


def paths(apigateway: Any, api_id: str) -> list[str]:
    return sorted(item["path"] for item in apigateway.get_resources(restApiId=api_id)["items"])


def unescaped(policy: str) -> Any:
    """terraform's flattenAPIPolicy: the answer is the policy's JSON escaped once more."""
    return json.loads(json.loads(f'"{policy}"'))


def test_defaults_of_a_named_api(apigateway: Any) -> None:
    # terraform-provider-aws rest_api_test.go::TestAccAPIGatewayRestAPI_basic
    api = apigateway.get_rest_api(restApiId=apigateway.create_rest_api(name="tf-acc-test")["id"])
    assert api["apiKeySource"] == "HEADER"
    assert api["disableExecuteApiEndpoint"] is False
    assert api["endpointConfiguration"]["types"] == ["EDGE"]
    assert api["rootResourceId"].isalnum()
    for absent in ("description", "binaryMediaTypes", "minimumCompressionSize", "policy"):
        assert absent not in api


def test_policy_is_answered_escaped(apigateway: Any) -> None:
    # rest_api_test.go::TestAccAPIGatewayRestAPI_Policy_basic; rest_api.go's flattenAPIPolicy: the API returns
    # the policy as an escaped JSON string ({\"Version\":\"2012-10-17\",...}) with escaped slashes in CIDRs
    api_id = apigateway.create_rest_api(name="tf-acc-test", policy=json.dumps(ALLOW_FROM_IP))["id"]
    policy = apigateway.get_rest_api(restApiId=api_id)["policy"]
    assert policy.startswith('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{')
    assert '\\"aws:SourceIp\\":\\"123.123.123.123\\/32\\"' in policy
    assert unescaped(policy) == ALLOW_FROM_IP
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": "*"}
        ],
    }
    updated = apigateway.update_rest_api(
        restApiId=api_id, patchOperations=[{"op": "replace", "path": "/policy", "value": json.dumps(deny)}]
    )
    assert unescaped(updated["policy"]) == deny


def test_settings_set_by_the_body(apigateway: Any) -> None:
    # rest_api_test.go::TestAccAPIGatewayRestAPI_{MinimumCompressionSize,Policy,DisableExecuteAPIEndpoint,
    # APIKeySource,BinaryMediaTypes,Description}_setByBody: PutRestApi (overwrite) of a body carrying them
    api_id = apigateway.create_rest_api(name="tf-acc-test")["id"]
    body = json.loads(
        swagger(
            **{
                "x-amazon-apigateway-minimum-compression-size": 1048576,
                "x-amazon-apigateway-policy": ALLOW_FROM_IP,
                "x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": True},
                "x-amazon-apigateway-api-key-source": "AUTHORIZER",
                "x-amazon-apigateway-binary-media-types": ["application/octet-stream"],
            }
        )
    )
    body["info"]["description"] = "oasdescription1"
    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(body))
    api = apigateway.get_rest_api(restApiId=api_id)
    assert api["minimumCompressionSize"] == 1048576
    assert unescaped(api["policy"]) == ALLOW_FROM_IP
    assert api["disableExecuteApiEndpoint"] is True
    assert api["apiKeySource"] == "AUTHORIZER"
    assert api["binaryMediaTypes"] == ["application/octet-stream"]
    assert api["description"] == "oasdescription1"
    assert paths(apigateway, api_id) == ["/", "/test"]


def test_vpc_endpoints_set_by_the_body(apigateway: Any) -> None:
    # rest_api_test.go::TestAccAPIGatewayRestAPI_EndpointVPCEndpointIDs_setByBody (a PRIVATE API)
    api_id = apigateway.create_rest_api(name="tf-acc-test", endpointConfiguration={"types": ["PRIVATE"]})[
        "id"
    ]
    body = swagger(
        **{"x-amazon-apigateway-endpoint-configuration": {"vpcEndpointIds": ["vpce-0123456789abcdef0"]}}
    )
    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=body)
    endpoint = apigateway.get_rest_api(restApiId=api_id)["endpointConfiguration"]
    assert (endpoint["types"], endpoint["vpcEndpointIds"]) == (["PRIVATE"], ["vpce-0123456789abcdef0"])


def test_base_path_parameter(apigateway: Any) -> None:
    # rest_api_test.go::TestAccAPIGatewayRestAPI_parameters (basePath /foo/bar/baz; basepath prepend, then ignore)
    body = swagger(basePath="/foo/bar/baz")
    prepended = apigateway.create_rest_api(name="tf-acc-test")["id"]
    apigateway.put_rest_api(
        restApiId=prepended, mode="overwrite", body=body, parameters={"basepath": "prepend"}
    )
    assert paths(apigateway, prepended) == ["/", "/foo", "/foo/bar", "/foo/bar/baz", "/foo/bar/baz/test"]
    ignored = apigateway.create_rest_api(name="tf-acc-test")["id"]
    apigateway.put_rest_api(restApiId=ignored, mode="overwrite", body=body, parameters={"basepath": "ignore"})
    assert paths(apigateway, ignored) == ["/", "/test"]


def test_fail_on_warnings(apigateway: Any) -> None:
    # rest_api_test.go::TestAccAPIGatewayRestAPI_FailOnWarnings ('BadRequestException: Warnings found during
    # import' with fail_on_warnings; without it the API takes the body and its /users route)
    body = json.dumps(
        {
            "openapi": "3.0.0",
            "info": {"title": "Sample API", "description": "original", "version": "0.1.9"},
            "servers": [{"url": "http://api.example.com/v1"}],
            "components": {"invalid_key_will_warn": "a_value"},
            "paths": {
                "/users": {
                    "get": {
                        "summary": "Returns a list of users.",
                        "responses": {"200": {"description": "A JSON array"}},
                    }
                }
            },
        }
    )
    api_id = apigateway.create_rest_api(name="tf-acc-test", description="original")["id"]
    with pytest.raises(ClientError) as excinfo:
        apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=body, failOnWarnings=True)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("BadRequestException", 400)
    assert message.startswith("Warnings found during import")
    assert paths(apigateway, api_id) == ["/"]
    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=body)
    assert paths(apigateway, api_id) == ["/", "/users"]
    assert apigateway.get_rest_api(restApiId=api_id)["description"] == "original"


def test_minimum_compression_size_removed_by_an_empty_value(apigateway: Any) -> None:
    # rest_api_test.go::TestAccAPIGatewayRestAPI_minimumCompressionSize (1; -1 removes it; 5242880)
    api_id = apigateway.create_rest_api(name="tf-acc-test", minimumCompressionSize=1)["id"]
    path = "/minimumCompressionSize"
    removed = apigateway.update_rest_api(
        restApiId=api_id, patchOperations=[{"op": "replace", "path": path, "value": ""}]
    )
    assert "minimumCompressionSize" not in removed
    updated = apigateway.update_rest_api(
        restApiId=api_id, patchOperations=[{"op": "replace", "path": path, "value": "5242880"}]
    )
    assert updated["minimumCompressionSize"] == 5242880


def test_integration_updates(apigateway: Any) -> None:
    # integration_test.go::TestAccAPIGatewayIntegration_basic: the update step's patches (parameters and
    # templates by key, timeout 2000), then timeouts past PutIntegration's bounds, refused as there
    api_id = apigateway.create_rest_api(name="tf-acc-test")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    ids = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET"}
    apigateway.put_method(**ids, authorizationType="NONE")
    created = apigateway.put_integration(
        **ids,
        type="HTTP",
        integrationHttpMethod="GET",
        uri="https://www.google.de",
        requestParameters={
            "integration.request.header.X-Authorization": "'static'",
            "integration.request.header.X-Foo": "'Bar'",
        },
        requestTemplates={
            "application/json": "",
            "application/xml": "#set($inputRoot = $input.path('$'))\n{ }",
        },
        contentHandling="CONVERT_TO_TEXT",
    )
    assert (created["passthroughBehavior"], created["timeoutInMillis"]) == ("WHEN_NO_MATCH", 29000)
    assert "credentials" not in created and "tlsConfig" not in created
    operations = [
        {
            "op": "replace",
            "path": "/requestParameters/integration.request.header.X-Authorization",
            "value": "'updated'",
        },
        {"op": "remove", "path": "/requestParameters/integration.request.header.X-Foo"},
        {"op": "add", "path": "/requestParameters/integration.request.header.X-FooBar", "value": "'Baz'"},
        {"op": "replace", "path": "/requestTemplates/application~1json", "value": "{'foobar': 'bar}"},
        {"op": "remove", "path": "/requestTemplates/application~1xml"},
        {"op": "add", "path": "/requestTemplates/text~1html", "value": "<html>Foo</html>"},
        {"op": "replace", "path": "/timeoutInMillis", "value": "2000"},
    ]
    updated = apigateway.update_integration(**ids, patchOperations=operations)
    assert updated["requestParameters"] == {
        "integration.request.header.X-Authorization": "'updated'",
        "integration.request.header.X-FooBar": "'Baz'",
    }
    assert updated["requestTemplates"] == {
        "application/json": "{'foobar': 'bar}",
        "text/html": "<html>Foo</html>",
    }
    assert updated["timeoutInMillis"] == 2000
    for timeout in ("49", "29001"):
        with pytest.raises(ClientError) as excinfo:
            apigateway.update_integration(
                **ids, patchOperations=[{"op": "replace", "path": "/timeoutInMillis", "value": timeout}]
            )
        assert error_of(excinfo) == (
            "BadRequestException",
            "Timeout should be between 50 ms and 29000 ms",
            400,
        )
    assert apigateway.get_integration(**ids)["timeoutInMillis"] == 2000


def test_method_settings_defaults(apigateway: Any) -> None:
    # method_settings_test.go::testAccMethodSettings_basic (settings {}: terraform patches only the -1
    # throttling defaults; AWS fills in the rest and names no logging level)
    api_id = apigateway.create_rest_api(name="tf-acc-test")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    resource_id = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="test")["id"]
    apigateway.put_method(
        restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE"
    )
    apigateway.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod="GET", type="MOCK")
    deployment = apigateway.create_deployment(restApiId=api_id)["id"]
    apigateway.create_stage(restApiId=api_id, stageName="dev", deploymentId=deployment)
    stage = apigateway.update_stage(
        restApiId=api_id,
        stageName="dev",
        patchOperations=[
            {"op": "replace", "path": "/test/GET/throttling/burstLimit", "value": "-1"},
            {"op": "replace", "path": "/test/GET/throttling/rateLimit", "value": "-1"},
        ],
    )
    assert stage["methodSettings"]["test/GET"] == {
        "metricsEnabled": False,
        "dataTraceEnabled": False,
        "throttlingBurstLimit": -1,
        "throttlingRateLimit": -1.0,
        "cachingEnabled": False,
        "cacheTtlInSeconds": 300,
        "cacheDataEncrypted": False,
        "requireAuthorizationForCacheControl": True,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
    }


def test_stage_cache_size_with_the_cache_disabled(apigateway: Any) -> None:
    # stage_test.go::TestAccAPIGatewayStage_cache_size_cache_disabled (issue 22866: size 0.5, cache off)
    api_id = apigateway.create_rest_api(name="tf-acc-test")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = apigateway.create_deployment(restApiId=api_id)["id"]
    stage = apigateway.create_stage(
        restApiId=api_id,
        stageName="prod",
        deploymentId=deployment,
        cacheClusterEnabled=False,
        cacheClusterSize="0.5",
    )
    assert (stage["cacheClusterEnabled"], stage["cacheClusterSize"]) == (False, "0.5")
    assert (stage["tracingEnabled"], "description" in stage, "variables" in stage) == (False, False, False)
    enabled = apigateway.update_stage(
        restApiId=api_id,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/cacheClusterEnabled", "value": "true"}],
    )
    assert (enabled["cacheClusterEnabled"], enabled["cacheClusterSize"]) == (True, "0.5")
