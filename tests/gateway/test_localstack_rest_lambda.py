"""REST Lambda integrations replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json): each test names the recording."""

from __future__ import annotations

from test_rest_support import call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

PROXY = """
import json

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}
"""


# LocalStack's AWS-validated snapshot test_apigateway_lambda.snapshot.json::
# test_lambda_aws_proxy_integration_non_post_method
def test_a_lambda_proxy_integration_not_called_with_post_fails(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "proxied", PROXY)
    client = server.client("apigateway")
    api = client.create_rest_api(name="non-post")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    where = {"restApiId": api["id"], "resourceId": resource["id"], "httpMethod": "ANY"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="AWS_PROXY", integrationHttpMethod="GET", uri=lambda_uri(function_arn))
    # An INTEGRATION_FAILURE response put without a status keeps the failure's 500 (its default says 504).
    client.put_gateway_response(restApiId=api["id"], responseType="INTEGRATION_FAILURE", responseParameters={})
    client.create_deployment(restApiId=api["id"], stageName="test")

    response = call(server, api["id"], "GET", "/test/test-path")
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}
    assert response.headers["x-amzn-errortype"] == "InternalServerErrorException"

    client.update_integration(**where, patchOperations=[{"op": "replace", "path": "/httpMethod", "value": "POST"}])
    client.create_deployment(restApiId=api["id"], stageName="test")
    assert call(server, api["id"], "GET", "/test/test-path").json()["path"] == "/test-path"
