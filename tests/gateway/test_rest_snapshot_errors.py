"""REST control-plane errors as AWS answers them (compared with AWS-recorded responses).

Several operations name their own target, not the API, when the API is unknown;
gateway responses and methods refuse patches AWS's way.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

UNCHECKED = Config(parameter_validation=False, retries={"max_attempts": 1})


def refused(call: Any, **params: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return error_of(info)


@pytest.fixture
def api(server: EmulatorProcess) -> tuple[Any, str, str]:
    client = server.client("apigateway", config=UNCHECKED)
    created = client.create_rest_api(name="errors")
    return client, created["id"], created["rootResourceId"]


def test_unknown_api_named_as_the_operation_target(api: tuple[Any, str, str]) -> None:
    client, _, root = api
    assert refused(client.get_model, restApiId="fake", modelName="MySchema") == (
        "NotFoundException", "Invalid model name specified: MySchema", 404
    )
    assert refused(client.delete_model, restApiId="fake", modelName="MySchema") == (
        "NotFoundException", "Invalid model name specified: MySchema", 404
    )
    assert refused(client.create_request_validator, restApiId="fake", name="v") == (
        "BadRequestException", "Invalid REST API identifier specified", 400
    )
    for call in (client.get_request_validator, client.delete_request_validator):
        assert refused(call, restApiId="fake", requestValidatorId="x") == (
            "NotFoundException", "Invalid Request Validator identifier specified", 404
        )
    assert refused(
        client.create_authorizer,
        restApiId="fake",
        name="a",
        type="TOKEN",
        authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations",
        identitySource="method.request.header.Authorization",
    ) == (
        "ConflictException",
        "Unable to complete operation due to concurrent modification. Please try again later.",
        409,
    )
    assert refused(client.put_method, restApiId="fake", resourceId=root, httpMethod="GET", authorizationType="NONE") == (
        "NotFoundException", "Invalid Resource identifier specified", 404
    )
    # GetModels still names the API.
    assert refused(client.get_models, restApiId="fake")[1] == "Invalid API identifier specified 000000000000:fake"


def test_model_name_must_be_non_empty(api: tuple[Any, str, str]) -> None:
    client, api_id, _ = api
    assert refused(
        client.create_model, restApiId=api_id, name="", contentType="application/json", schema='{"type": "object"}'
    ) == ("BadRequestException", "Model name must be non-empty", 400)


def test_update_method_patch_refusals(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE")

    def patch(op: str, path: str, value: str = "x") -> tuple[str, str, int]:
        return refused(
            client.update_method,
            restApiId=api_id,
            resourceId=root,
            httpMethod="ANY",
            patchOperations=[{"op": op, "path": path, "value": value}],
        )

    bad_op = ("BadRequestException", "Invalid patch operation specified. Must be one of: [replace]", 400)
    assert patch("add", "/operationName") == bad_op
    assert patch("add", "/requestValidatorId", "wrong-id") == bad_op
    assert patch("add", "/httpMethod", "PUT") == ("BadRequestException", "Invalid patch path /httpMethod", 400)
    assert patch("replace", "/requestParameters") == (
        "BadRequestException", "Invalid patch path /requestParameters", 400
    )
    assert patch("add", "/requestModels/application/json", "Empty") == (
        "BadRequestException", "Invalid patch path /requestModels/application/json", 400
    )
    updated = client.update_method(
        restApiId=api_id,
        resourceId=root,
        httpMethod="ANY",
        patchOperations=[
            {"op": "add", "path": "/requestModels/application~1json", "value": "Empty"},
            {"op": "add", "path": "/requestParameters/method.request.querystring.optional", "value": "true"},
            {"op": "replace", "path": "/apiKeyRequired", "value": "whatever"},
        ],
    )
    assert updated["requestModels"] == {"application/json": "Empty"}
    assert updated["requestParameters"] == {"method.request.querystring.optional": True}
    assert updated["apiKeyRequired"] is False
    assert refused(
        client.update_method, restApiId="fake", resourceId=root, httpMethod="ANY", patchOperations=[]
    ) == ("NotFoundException", "Invalid Resource identifier specified", 404)


def test_gateway_response_refusals(api: tuple[Any, str, str]) -> None:
    client, api_id, _ = api
    assert refused(client.delete_gateway_response, restApiId=api_id, responseType="DEFAULT_4XX") == (
        "NotFoundException", "Gateway response type not defined on api", 404
    )
    code, message, status = refused(client.get_gateway_response, restApiId=api_id, responseType="FAKE")
    assert (code, status) == ("ValidationException", 400)
    assert message == (
        "1 validation error detected: Value 'FAKE' at 'responseType' failed to satisfy constraint: Member must "
        "satisfy enum value set: [REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, "
        "MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, "
        "AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, "
        "QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]"
    )

    def patch(**operation: Any) -> tuple[str, str, int]:
        return refused(
            client.update_gateway_response, restApiId=api_id, responseType="DEFAULT_4XX", patchOperations=[operation]
        )

    assert patch(op="wrong-op", path="/statusCode", value="444") == (
        "ValidationException",
        "1 validation error detected: Value 'wrong-op' at 'updateGatewayResponseInput.patchOperations.1.member.op' "
        "failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
        400,
    )
    assert patch(op="add", path="/statusCode", value="444") == (
        "BadRequestException", "Invalid patch path /statusCode", 400
    )
    assert patch(op="add", value="444") == ("BadRequestException", "Invalid patch path null", 400)
    assert patch(op="add", path="/wrongPath", value="x") == ("BadRequestException", "Invalid patch path /wrongPath", 400)
    assert patch(op="replace", path="/responseParameters/gatewayresponse.header.x-nope", value="'a'") == (
        "NotFoundException", "Invalid parameter name specified", 404
    )
    assert patch(op="replace", path="/responseTemplates/application~1json") == (
        "BadRequestException", "Invalid null or empty value in responseTemplates", 400
    )
    updated = client.update_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        patchOperations=[{"op": "replace", "path": "/statusCode", "value": "444"}],
    )
    assert updated == {
        **{k: v for k, v in updated.items() if k == "ResponseMetadata"},
        "defaultResponse": False,
        "responseParameters": {},
        "responseTemplates": {"application/json": '{"message":$context.error.messageString}'},
        "responseType": "DEFAULT_4XX",
        "statusCode": "444",
    }


def test_documentation_parts_and_test_invoke_for_unknown_api(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    missing_part = ("NotFoundException", "Invalid Documentation part identifier specified", 404)
    assert refused(client.get_documentation_part, restApiId="fake", documentationPartId="x") == missing_part
    assert refused(
        client.update_documentation_part, restApiId="fake", documentationPartId="x", patchOperations=[]
    ) == missing_part
    assert refused(client.delete_documentation_part, restApiId="fake", documentationPartId="x")[1] == (
        "Invalid API identifier specified 000000000000:fake"
    )
    assert refused(client.test_invoke_method, restApiId="fake", resourceId=root, httpMethod="GET") == (
        "NotFoundException", "Invalid Resource identifier specified", 404
    )
    code, message, _ = refused(
        client.create_documentation_part, restApiId=api_id, location={"type": "INVALID"}, properties="{}"
    )
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value 'INVALID' at 'createDocumentationPartInput.location.type' failed to "
        "satisfy constraint: Member must satisfy enum value set: [RESPONSE_BODY, RESPONSE, METHOD, MODEL, "
        "AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]"
    )


def test_gateway_responses_fill_defaults_and_inherit_a_customized_default_5xx(api: tuple[Any, str, str]) -> None:
    client, api_id, _ = api
    default_template = {"application/json": '{"message":$context.error.messageString}'}
    status_only = client.put_gateway_response(
        restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN", statusCode="404"
    )
    assert (status_only["responseParameters"], status_only["responseTemplates"]) == ({}, default_template)
    assert status_only["defaultResponse"] is False
    templates_only = client.put_gateway_response(
        restApiId=api_id, responseType="ACCESS_DENIED", responseTemplates={"application/json": "{}"}
    )
    assert templates_only["statusCode"] == "403"
    header = {"gatewayresponse.header.x-request-header": "method.request.header.Accept"}
    client.put_gateway_response(
        restApiId=api_id, responseType="DEFAULT_5XX", statusCode="599", responseParameters=header
    )
    items = {item["responseType"]: item for item in client.get_gateway_responses(restApiId=api_id)["items"]}
    for inherited in ("API_CONFIGURATION_ERROR", "AUTHORIZER_CONFIGURATION_ERROR", "INTEGRATION_FAILURE"):
        assert items[inherited]["defaultResponse"] is True
        assert (items[inherited]["statusCode"], items[inherited]["responseParameters"]) == ("599", header)
    assert items["THROTTLED"]["statusCode"] == "429" and items["THROTTLED"]["responseParameters"] == {}
    assert "statusCode" not in items["DEFAULT_4XX"]
    single = client.get_gateway_response(restApiId=api_id, responseType="INTEGRATION_TIMEOUT")
    assert single["statusCode"] == "599"


def test_method_and_integration_operations_call_the_resource_missing(api: tuple[Any, str, str]) -> None:
    client, _, root = api
    target = {"restApiId": "fake", "resourceId": root, "httpMethod": "GET"}
    missing = ("NotFoundException", "Invalid Resource identifier specified", 404)
    assert refused(client.get_method, **target) == missing
    assert refused(client.put_integration, **target, type="MOCK") == missing
    assert refused(client.get_integration, **target) == missing
    assert refused(client.put_method_response, **target, statusCode="200") == missing
    assert refused(client.put_integration_response, **target, statusCode="200") == missing
    assert refused(client.get_integration_response, **target, statusCode="200") == missing


def test_number_where_a_string_belongs_is_named_as_coral_names_it(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    assert refused(
        client.put_integration_response,
        restApiId=api_id,
        resourceId=root,
        httpMethod="GET",
        statusCode="200",
        responseTemplates={"application/json": 123},
    ) == (
        "SerializationException",
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
        400,
    )


def test_endpoint_configuration_checks(api: tuple[Any, str, str]) -> None:
    client, api_id, _ = api
    assert refused(client.create_rest_api, name="e", endpointConfiguration={"types": []}) == (
        "BadRequestException", "REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.", 400
    )
    assert refused(client.create_rest_api, name="e", endpointConfiguration={"types": ["EDGE", "REGIONAL"]}) == (
        "BadRequestException", "Cannot create an api with multiple Endpoint Types.", 400
    )
    private_ipv4 = ("BadRequestException", "Only dualstack ipAddressType is supported for Private APIs.", 400)
    assert refused(
        client.create_rest_api, name="e", endpointConfiguration={"types": ["PRIVATE"], "ipAddressType": "ipv4"}
    ) == private_ipv4
    assert refused(
        client.create_rest_api, name="e", endpointConfiguration={"types": ["wrong"], "ipAddressType": "wrong"}
    ) == (
        "ValidationException",
        "2 validation errors detected: Value '[wrong]' at 'createRestApiInput.endpointConfiguration.types' failed "
        "to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
        "[PRIVATE, EDGE, REGIONAL]]; Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
        400,
    )

    def patch(api: str, op: str, path: str, value: str) -> tuple[str, str, int]:
        return refused(
            client.update_rest_api, restApiId=api, patchOperations=[{"op": op, "path": path, "value": value}]
        )

    private = client.create_rest_api(name="p", endpointConfiguration={"types": ["PRIVATE"]})["id"]
    assert patch(private, "replace", "/endpointConfiguration/ipAddressType", "ipv4") == private_ipv4
    assert patch(api_id, "replace", "/endpointConfiguration/ipAddressType", "wrong") == (
        "BadRequestException", "ipAddressType must be either ipv4 or dualstack.", 400
    )
    assert patch(api_id, "add", "/endpointConfiguration/ipAddressType", "ipv4") == (
        "BadRequestException", "Invalid patch operation specified. Must be one of: [replace]", 400
    )
    assert patch(api_id, "replace", "/endpointConfiguration/types/EDGE", "wrong") == (
        "BadRequestException", "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE", 400
    )
    assert patch(api_id, "add", "/endpointConfiguration/types/EDGE", "REGIONAL") == (
        "BadRequestException", "Invalid patch operation specified. Must be 'add'|'remove'|'replace'", 400
    )


def test_root_resource_delete_integration_response_doc_import_and_vpc_link_refusals(
    api: tuple[Any, str, str],
) -> None:
    client, api_id, root = api
    for member in ("pathPart", "parentId"):
        assert refused(
            client.update_resource,
            restApiId=api_id,
            resourceId=root,
            patchOperations=[{"op": "replace", "path": f"/{member}", "value": "x"}],
        ) == ("BadRequestException", f"Root resource cannot update its {member}.", 400)
    target = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET", "statusCode": "200"}
    assert refused(client.delete_integration_response, **target) == (
        "NotFoundException", "Invalid Integration identifier specified", 404
    )
    assert refused(client.import_documentation_parts, restApiId=api_id, body=b"not: [valid") == (
        "BadRequestException", "Unable to build importer with provided input.", 400
    )
    assert refused(client.create_vpc_link, name="v", targetArns=["invalid-arn"]) == (
        "BadRequestException", "Invalid ARN. ARN is not well formed invalid-arn", 400
    )
    nlb = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/1"
    assert refused(client.create_vpc_link, name="", targetArns=[nlb]) == (
        "BadRequestException", "Name cannot be empty", 400
    )
    assert refused(client.get_vpc_link, vpcLinkId="nope") == (
        "NotFoundException", "Invalid Vpc Link identifier specified", 404
    )
    client.create_vpc_link(name="v", targetArns=[nlb])
    assert "tags" not in client.get_vpc_links()["items"][0]


def test_get_update_and_put_show_an_empty_tag_map_create_and_listings_do_not(api: tuple[Any, str, str]) -> None:
    client, api_id, _ = api
    assert "tags" not in client.create_rest_api(name="fresh")
    assert client.get_rest_api(restApiId=api_id)["tags"] == {}
    patch = [{"op": "replace", "path": "/description", "value": "d"}]
    assert client.update_rest_api(restApiId=api_id, patchOperations=patch)["tags"] == {}
    assert all("tags" not in item for item in client.get_rest_apis()["items"])
    key = client.create_api_key(name="k")
    assert "tags" not in key
    assert client.get_api_key(apiKey=key["id"])["tags"] == {}
    assert "tags" not in client.get_api_keys()["items"][0]
    plan = client.create_usage_plan(name="p")
    assert "tags" not in plan
    assert client.get_usage_plan(usagePlanId=plan["id"])["tags"] == {}
    assert client.update_usage_plan(usagePlanId=plan["id"], patchOperations=patch)["tags"] == {}
    assert "tags" not in client.get_usage_plans()["items"][0]


def test_aws_integration_uri_refusals(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    target = {"restApiId": api_id, "resourceId": root, "httpMethod": "GET", "type": "AWS", "integrationHttpMethod": "POST"}
    assert refused(client.put_integration, **target, uri="not-an-arn") == (
        "BadRequestException", "Invalid ARN specified in the request", 400
    )
    assert refused(client.put_integration, **target, uri="arn:aws:apigateway:us-east-1:s3:b/k") == (
        "BadRequestException", "AWS ARN for integration must contain path or action", 400
    )
    created = client.put_integration(**target, uri="arn:aws:apigateway:us-east-1:s3:path/b/k")
    assert "connectionType" not in created and created["cacheNamespace"] == root


def test_compression_size_takes_only_replace_and_empty_binary_media_types_are_left_out(
    api: tuple[Any, str, str],
) -> None:
    client, api_id, _ = api
    assert refused(
        client.update_rest_api,
        restApiId=api_id,
        patchOperations=[{"op": "add", "path": "/minimumCompressionSize", "value": "10"}],
    ) == ("BadRequestException", "Invalid patch operation specified. Must be one of: [replace]", 400)
    assert "binaryMediaTypes" not in client.create_rest_api(name="plain", binaryMediaTypes=[])


def test_update_method_ignores_an_authorizer_for_a_method_without_one(api: tuple[Any, str, str]) -> None:
    client, api_id, root = api
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="ANY", authorizationType="NONE")
    updated = client.update_method(
        restApiId=api_id,
        resourceId=root,
        httpMethod="ANY",
        patchOperations=[{"op": "replace", "path": "/authorizerId", "value": "abc123"}],
    )
    assert "authorizerId" not in updated and updated["authorizationType"] == "NONE"
