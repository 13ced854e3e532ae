"""Request validation replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_common.snapshot.json::TestApiGatewayCommon): the order
AWS names missing parameters in, and bodies checked against models combined with oneOf."""

from __future__ import annotations

import json

from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess

_MISSING = "Missing required request parameters: [{}]"


# LocalStack's AWS-validated snapshot test_apigateway_common.snapshot.json::
# TestApiGatewayCommon::test_api_gateway_request_validator
def test_missing_parameters_are_named_in_the_order_of_their_keys(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    validator = builder.client.create_request_validator(
        restApiId=builder.api_id,
        name="test-validator",
        validateRequestParameters=True,
        validateRequestBody=True,
    )["id"]
    resource_id = builder.mock_method(
        "/nested/{test}",
        "POST",
        '{"ok": true}',
        requestValidatorId=validator,
        requestParameters={
            "method.request.path.test": True,
            "method.request.querystring.qs1": True,
            "method.request.header.x-header-param": True,
        },
    )
    # Declared last, the path parameter is still named between the header and the query string.
    builder.client.update_method(
        restApiId=builder.api_id,
        resourceId=resource_id,
        httpMethod="POST",
        patchOperations=[
            {"op": "add", "path": "/requestParameters/method.request.path.issuer", "value": "true"},
            {"op": "remove", "path": "/requestParameters/method.request.path.test", "value": "true"},
        ],
    )
    builder.deploy("local")
    missing = call(server, builder.api_id, "POST", "/local/nested/value", json={"test": "test"})
    assert (missing.status_code, missing.json()) == (
        400,
        {"message": _MISSING.format("x-header-param, issuer, qs1")},
    )
    missing = call(server, builder.api_id, "POST", "/local/nested/value?qs1=test", json={})
    assert missing.json() == {"message": _MISSING.format("x-header-param, issuer")}


# LocalStack's AWS-validated snapshot test_apigateway_common.snapshot.json::
# TestApiGatewayCommon::test_api_gateway_request_validator_with_ref_one_ofmodels
def test_a_body_is_checked_against_a_one_of_of_null_and_a_referenced_model(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    client, api_id = builder.client, builder.api_id
    client.create_model(
        restApiId=api_id,
        name="StatusModel",
        contentType="application/json",
        schema=json.dumps(
            {
                "type": "object",
                "properties": {"Status": {"type": "string"}, "Order": {"type": "integer"}},
                "required": ["Status", "Order"],
            }
        ),
    )
    status_ref = f"https://apigateway.amazonaws.com/restapis/{api_id}/models/StatusModel"
    client.create_model(
        restApiId=api_id,
        name="TestModel",
        contentType="application/json",
        schema=json.dumps(
            {
                "type": "object",
                "properties": {"status": {"oneOf": [{"type": "null"}, {"$ref": status_ref}]}},
                "required": ["status"],
            }
        ),
    )
    validator = client.create_request_validator(restApiId=api_id, name="body", validateRequestBody=True)["id"]
    builder.mock_method(
        "/path",
        "POST",
        '{"data": "ok"}',
        requestValidatorId=validator,
        requestModels={"application/json": "TestModel"},
    )
    builder.deploy("dev")
    for good in ({"status": None}, {"status": {"Status": "active", "Order": 1}}):
        answer = call(server, api_id, "POST", "/dev/path", json=good)
        assert (answer.status_code, answer.json()) == (200, {"data": "ok"})
    for bad in (
        {},
        {"status": {"Status": "active"}},
        {"status": {"Status": 1, "Order": 1}},
        {"status": "active"},
    ):
        answer = call(server, api_id, "POST", "/dev/path", json=bad)
        assert (answer.status_code, answer.json()) == (400, {"message": "Invalid request body"})
