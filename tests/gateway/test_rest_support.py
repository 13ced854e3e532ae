"""Helpers for the REST API tests: functions from inline code, APIs built with boto3, data-plane calls.

Named test_rest_* so that it sits with the REST API tests; it holds no tests.
"""

from __future__ import annotations

from typing import Any

import httpx

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE, create_python_function, make_zip  # noqa: F401 - re-exported to the tests

#: Returns the proxy event it received as its JSON body.
ECHO = """
import json

def handler(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""


def create_function(server: EmulatorProcess, name: str, code: str = ECHO, timeout: int = 3) -> str:
    """A Python function ``app.handler``; returns its ARN."""
    return create_python_function(server.client("lambda"), name, code, Timeout=timeout)["FunctionArn"]


def lambda_uri(function_arn: str, region: str = "us-east-1") -> str:
    return f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


#: One keep-alive client for every data-plane call of a test process.
_CLIENT = httpx.Client(timeout=30)


def call(server: EmulatorProcess, api_id: str, method: str, path: str, **options: Any) -> httpx.Response:
    """A request to an API's host-based URL (connecting to 127.0.0.1, with the Host header)."""
    headers = {"Host": f"{api_id}.execute-api.localhost:{server.port}", **options.pop("headers", {})}
    return _CLIENT.request(method, f"http://127.0.0.1:{server.port}{path}", headers=headers, **options)


class RestApiBuilder:
    """Builds a REST API resource by resource: ``method(path, verb, integration=...)`` then ``deploy``."""

    def __init__(self, server: EmulatorProcess, name: str = "api", **options: Any) -> None:
        self.client = server.client("apigateway")
        created = self.client.create_rest_api(name=name, **options)
        self.api_id: str = created["id"]
        self.ids: dict[str, str] = {"/": created["rootResourceId"]}

    def resource(self, path: str) -> str:
        if path in self.ids:
            return self.ids[path]
        parent, _, part = path.rpartition("/")
        parent_id = self.resource(parent or "/")
        self.ids[path] = self.client.create_resource(
            restApiId=self.api_id, parentId=parent_id, pathPart=part
        )["id"]
        return self.ids[path]

    def method(self, path: str, verb: str, integration: dict[str, Any], **method: Any) -> str:
        resource_id = self.resource(path)
        method.setdefault("authorizationType", "NONE")
        self.client.put_method(restApiId=self.api_id, resourceId=resource_id, httpMethod=verb, **method)
        self.client.put_integration(
            restApiId=self.api_id, resourceId=resource_id, httpMethod=verb, **integration
        )
        return resource_id

    def lambda_method(self, path: str, verb: str, function_arn: str, **method: Any) -> str:
        integration = {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": lambda_uri(function_arn)}
        return self.method(path, verb, integration, **method)

    def mock_method(self, path: str, verb: str, body: str, status: str = "200", **method: Any) -> str:
        """A MOCK integration answering ``status`` with the response template ``body``."""
        template = {"application/json": f'{{"statusCode": {status}}}'}
        resource_id = self.method(path, verb, {"type": "MOCK", "requestTemplates": template}, **method)
        self.client.put_method_response(
            restApiId=self.api_id, resourceId=resource_id, httpMethod=verb, statusCode=status
        )
        self.client.put_integration_response(
            restApiId=self.api_id,
            resourceId=resource_id,
            httpMethod=verb,
            statusCode=status,
            responseTemplates={"application/json": body},
        )
        return resource_id

    def deploy(self, stage: str = "dev", **options: Any) -> str:
        return self.client.create_deployment(restApiId=self.api_id, stageName=stage, **options)["id"]
