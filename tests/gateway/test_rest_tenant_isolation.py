"""A REST API in front of a tenant-isolated function: the integration maps the tenant to ``X-Amz-Tenant-Id``.

As the Lambda guide's "Invoking functions with tenant isolation (API Gateway)"
shows: ``integration.request.header.X-Amz-Tenant-Id`` mapped from a request
value is the tenant the function is invoked for.
"""

from __future__ import annotations

import httpx
from test_rest_support import RestApiBuilder, lambda_uri

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

TENANT_ECHO = """
import json

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"tenant": context.tenant_id})}
"""


def test_the_mapped_header_names_the_tenant(server: EmulatorProcess) -> None:
    arn = create_python_function(
        server.client("lambda"), "isolated", TENANT_ECHO, TenancyConfig={"TenantIsolationMode": "PER_TENANT"}
    )["FunctionArn"]
    builder = RestApiBuilder(server)
    integration = {
        "type": "AWS_PROXY",
        "integrationHttpMethod": "POST",
        "uri": lambda_uri(arn),
        "requestParameters": {"integration.request.header.X-Amz-Tenant-Id": "method.request.querystring.tenant"},
    }
    builder.method("/work", "GET", integration, requestParameters={"method.request.querystring.tenant": False})
    builder.deploy("dev")
    url = f"{server.url}/_aws/execute-api/{builder.api_id}/dev/work"
    assert httpx.get(url, params={"tenant": "blue"}, timeout=10).json() == {"tenant": "blue"}
    assert httpx.get(url, params={"tenant": "green"}, timeout=10).json() == {"tenant": "green"}
    missing = httpx.get(url, timeout=10)
    assert (missing.status_code, missing.json()) == (500, {"message": "Internal server error"})
