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


# LocalStack's AWS-validated snapshot test_apigateway_lambda.snapshot.json::
# test_lambda_aws_proxy_integration_request_data_mapping
def test_a_lambda_proxy_event_ignores_parameter_mappings_and_respells_user_agent(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "mapped", PROXY)
    client = server.client("apigateway")
    api = client.create_rest_api(name="data-mapping")
    resource = client.create_resource(
        restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{pathVariable}"
    )
    mappings = {
        "integration.request.header.headerVar": "method.request.header.foobar",
        "integration.request.path.pathVar": "method.request.path.pathVariable",
        "integration.request.querystring.testQs": "method.request.querystring.testQueryString",
    }
    where = {"restApiId": api["id"], "resourceId": resource["id"], "httpMethod": "ANY"}
    client.put_method(
        **where, authorizationType="NONE", requestParameters={source: True for source in mappings.values()}
    )
    client.put_integration(
        **where,
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=lambda_uri(function_arn),
        requestParameters=mappings,
    )
    client.create_deployment(restApiId=api["id"], stageName="test")

    event = call(
        server,
        api["id"],
        "POST",
        "/test/foobar?testQueryString=foo&testVar=bar",
        content=b'{"message": "hello world"}',
        headers={"foobar": "mapped-value", "user-Agent": "test/integration", "headerVar": "request-value"},
    ).json()
    assert event["headers"]["User-Agent"] == event["multiValueHeaders"]["User-Agent"][0] == "test/integration"
    assert "user-Agent" not in event["headers"]
    assert (event["headers"]["foobar"], event["headers"]["headerVar"]) == ("mapped-value", "request-value")
    assert event["queryStringParameters"] == {"testQueryString": "foo", "testVar": "bar"}
    assert event["pathParameters"] == {"pathVariable": "foobar"}
    assert event["requestContext"]["identity"]["userAgent"] == "test/integration"
