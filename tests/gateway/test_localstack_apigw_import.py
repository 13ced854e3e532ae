"""ImportRestApi replayed from LocalStack's AWS-validated snapshot
(tests/aws/services/apigateway/test_apigateway_import.snapshot.json::TestApiGatewayImportRestApi::
test_import_with_http_method_integration): a mock integration keeps no HTTP method, an AWS one does."""

from __future__ import annotations

import json

from emulator.testing import EmulatorProcess

_LAMBDA = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:imported/invocations"
)
_TEMPLATE = {"application/json": '{"statusCode": 200}'}
SPEC = {
    "openapi": "3.0.1",
    "info": {"title": "test-http-method", "version": "2022-04-12T15:36:55Z"},
    "paths": {
        "/": {
            "get": {
                "responses": {"200": {"description": "200 response"}},
                "x-amazon-apigateway-integration": {
                    "type": "aws",
                    "httpMethod": "POST",
                    "uri": _LAMBDA,
                    "responses": {"default": {"statusCode": "200"}},
                    "passthroughBehavior": "when_no_templates",
                    "contentHandling": "CONVERT_TO_TEXT",
                },
            },
            "options": {
                "responses": {"200": {"description": "200 response"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "httpMethod": "POST",
                    "requestTemplates": _TEMPLATE,
                    "passthroughBehavior": "when_no_match",
                    "responses": {"default": {"statusCode": "200"}},
                },
            },
        }
    },
}


def test_an_imported_mock_integration_drops_its_http_method(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    imported = client.import_rest_api(body=json.dumps(SPEC), failOnWarnings=True)
    where = {"restApiId": imported["id"], "resourceId": imported["rootResourceId"]}
    mock = client.get_integration(**where, httpMethod="OPTIONS")
    assert mock["type"] == "MOCK" and "httpMethod" not in mock
    assert (mock["passthroughBehavior"], mock["requestTemplates"]) == ("WHEN_NO_MATCH", _TEMPLATE)
    aws = client.get_integration(**where, httpMethod="GET")
    assert (aws["type"], aws["httpMethod"], aws["uri"]) == ("AWS", "POST", _LAMBDA)
    assert (aws["passthroughBehavior"], aws["contentHandling"]) == ("WHEN_NO_TEMPLATES", "CONVERT_TO_TEXT")
