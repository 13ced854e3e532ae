"""REST control-plane answers replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_basic.snapshot.json): each test names the recording."""

from __future__ import annotations

from emulator.testing import EmulatorProcess

FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:authorizer"
URI = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"


# LocalStack's AWS-validated snapshot test_apigateway_basic.snapshot.json::TestAPIGateway::
# test_apigateway_with_custom_authorization_method (and the AWS CLI's create-authorizer examples)
def test_create_authorizer_names_the_auth_type_and_leaves_an_unset_ttl_out(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api = client.create_rest_api(name="test-api")
    token = client.create_authorizer(
        restApiId=api["id"],
        name="lambda_authorizer",
        type="TOKEN",
        authorizerUri=URI,
        identitySource="method.request.header.Auth",
    )
    assert {k: v for k, v in token.items() if k != "ResponseMetadata"} == {
        "authType": "custom",
        "authorizerUri": URI,
        "id": token["id"],
        "identitySource": "method.request.header.Auth",
        "name": "lambda_authorizer",
        "type": "TOKEN",
    }
    method = client.put_method(
        restApiId=api["id"],
        resourceId=api["rootResourceId"],
        httpMethod="GET",
        authorizationType="CUSTOM",
        authorizerId=token["id"],
        apiKeyRequired=True,
    )
    assert (method["authorizerId"], method["apiKeyRequired"]) == (token["id"], True)

    request = client.create_authorizer(
        restApiId=api["id"], name="req", type="REQUEST", authorizerUri=URI, authorizerResultTtlInSeconds=0
    )
    assert (request["authType"], request["authorizerResultTtlInSeconds"]) == ("custom", 0)
    pool = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_pool"
    cognito = client.create_authorizer(
        restApiId=api["id"],
        name="pool",
        type="COGNITO_USER_POOLS",
        providerARNs=[pool],
        identitySource="method.request.header.Authorization",
    )
    assert cognito["authType"] == "cognito_user_pools" and "authorizerResultTtlInSeconds" not in cognito
    named = client.create_authorizer(
        restApiId=api["id"], name="named", type="TOKEN", authorizerUri=URI,
        identitySource="method.request.header.Auth", authType="oauth2",
    )
    assert client.get_authorizer(restApiId=api["id"], authorizerId=named["id"])["authType"] == "oauth2"


# LocalStack's AWS-validated snapshot test_apigateway_basic.snapshot.json::TestAPIGateway::
# test_update_rest_api_deployment
def test_update_deployment_description(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api = client.create_rest_api(name="deployed")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="MOCK")
    deployment = client.create_deployment(restApiId=api["id"])["id"]
    updated = client.update_deployment(
        restApiId=api["id"],
        deploymentId=deployment,
        patchOperations=[{"op": "replace", "path": "/description", "value": "new-description"}],
    )
    assert sorted(k for k in updated if k != "ResponseMetadata") == ["createdDate", "description", "id"]
    assert (updated["id"], updated["description"]) == (deployment, "new-description")
