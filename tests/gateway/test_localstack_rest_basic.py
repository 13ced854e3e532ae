"""REST control-plane answers replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_basic.snapshot.json): each test names the recording."""

from __future__ import annotations

import json
import re

from test_rest_support import create_function, lambda_uri

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


ECHO_PROXY_SHAPE = """
import json

def handler(event, context):
    body = "response from localstack lambda: " + json.dumps(event)
    return {"statusCode": 200, "body": json.dumps(body), "isBase64Encoded": False, "headers": {}}
"""


# LocalStack's AWS-validated snapshot test_apigateway_basic.snapshot.json::TestAPIGateway::
# test_apigw_test_invoke_method_api
def test_invoke_method_logs_the_lambda_call_and_answers_its_trace(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "test-invoke", ECHO_PROXY_SHAPE)
    client = server.client("apigateway")
    api = client.create_rest_api(name="test-invoke")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="foo")
    where = {"restApiId": api["id"], "resourceId": resource["id"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="AWS", integrationHttpMethod="POST", uri=lambda_uri(function_arn))
    client.put_method_response(**where, statusCode="200")
    client.put_integration_response(**where, statusCode="200")

    result = client.test_invoke_method(**where, pathWithQueryString="/foo")
    assert result["status"] == 200
    assert json.loads(result["body"])["body"] == '"response from localstack lambda: {}"'
    assert list(result["headers"]) == ["X-Amzn-Trace-Id", "Content-Type"]
    trace = result["headers"]["X-Amzn-Trace-Id"]
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0;lineage=[0-9a-f]{8}:0", trace)
    assert result["multiValueHeaders"] == {"X-Amzn-Trace-Id": [trace], "Content-Type": ["application/json"]}
    steps = [line.split(" : ", 1)[1] for line in result["log"].splitlines()[1:]]
    endpoint = f"https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/{function_arn}/invocations"
    assert [step.split(":", 1)[0] for step in steps] == [
        "Starting execution for request",
        "HTTP Method",
        "Method request path",
        "Method request query string",
        "Method request headers",
        "Method request body before transformations",
        "Endpoint request URI",
        "Endpoint request headers",
        "Endpoint request body after transformations",
        "Sending request to https",
        "Received response. Status",
        "Endpoint response headers",
        "Endpoint response body before transformations",
        "Method response body after transformations",
        "Method response headers",
        "Successfully completed execution",
        "Method completed with status",
    ]
    assert steps[6] == f"Endpoint request URI: {endpoint}"
    assert steps[8] == "Endpoint request body after transformations: "
    assert steps[9] == f"Sending request to {endpoint}"
    assert re.fullmatch(r"Received response\. Status: 200, Integration latency: \d+ ms", steps[10])
    assert steps[12] == f"Endpoint response body before transformations: {result['body']}"
    assert steps[14] == f"Method response headers: {{X-Amzn-Trace-Id={trace}, Content-Type=application/json}}"

    with_body = client.test_invoke_method(
        **where, pathWithQueryString="/foo", body='{"test": "val123"}', headers={"content-type": "application/json"}
    )
    steps = [line.split(" : ", 1)[1] for line in with_body["log"].splitlines()[1:]]
    assert steps[4] == "Method request headers: {content-type=application/json}"
    assert steps[8] == 'Endpoint request body after transformations: {"test": "val123"}'
