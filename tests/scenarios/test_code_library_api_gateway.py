"""AWS's code library REST API scenarios (API Gateway in front of Lambda), replayed through boto3.

Sources (awsdocs/aws-doc-sdk-examples, python/example_code/lambda): api_gateway_rest.py with its
handler lambda_handler_rest.py (an ANY method with a Lambda proxy integration), and the API lookup
by name of lambda_with_api_gateway.py. The scenarios create an IAM role and ask STS for the account;
here any role ARN and the emulator's account do.
The handlers are written here. Requests go to the API's AWS host name, sent to the emulator's port.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE

ACCOUNT = "000000000000"
REGION = "us-east-1"

#: Greets per HTTP method from a query parameter, a header and a JSON body; refuses DELETE with 405.
REST_HANDLER = """
import json


def lambda_handler(event, context):
    method = event.get("httpMethod")
    name = (event.get("queryStringParameters") or {}).get("name", "D. E. Fault")
    day = (event.get("headers") or {}).get("day", "None day")
    adjective = json.loads(event["body"]).get("adjective", "nice") if event.get("body") is not None else "nice"
    status = 200
    if method == "GET":
        greeting = f"Got your GET, {name}."
    elif method == "POST":
        greeting = f"Nice POST, {name}."
    elif method == "PUT":
        greeting = f"I'll just PUT this here for you, {name}."
    else:
        greeting = f"Sorry, {name}, {method} isn't allowed."
        status = 405
    greeting += f" Have a {adjective} {day}!"
    return {"statusCode": status, "body": json.dumps({"message": greeting, "input": event})}
"""


def deploy_function(server: EmulatorProcess, name: str, module: str, source: str) -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{module}.py", source)
    client = server.client("lambda")
    arn = client.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=ROLE,
        Handler=f"{module}.lambda_handler",
        Code={"ZipFile": buffer.getvalue()},
        Publish=True,
    )["FunctionArn"]
    client.get_waiter("function_active_v2").wait(
        FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
    )
    return arn


def lambda_uri(function_arn: str) -> str:
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"


def root_resource_id(apigateway: Any, api_id: str) -> str:
    return next(
        item["id"] for item in apigateway.get_resources(restApiId=api_id)["items"] if item["path"] == "/"
    )


def api_client(server: EmulatorProcess, api_id: str) -> httpx.Client:
    """Requests to https://{api_id}.execute-api.{region}.amazonaws.com, delivered to the emulator."""
    return httpx.Client(
        base_url=f"http://127.0.0.1:{server.port}",
        headers={"Host": f"{api_id}.execute-api.{REGION}.amazonaws.com"},
        timeout=30,
    )


def test_rest_api_with_a_lambda_proxy_method(server: EmulatorProcess) -> None:
    function_arn = deploy_function(server, "demo-lambda-rest", "lambda_handler_rest", REST_HANDLER)
    apigateway = server.client("apigateway")

    api_id = apigateway.create_rest_api(name="demo-lambda-rest-api")["id"]
    base_id = apigateway.create_resource(
        restApiId=api_id, parentId=root_resource_id(apigateway, api_id), pathPart="demoapi"
    )["id"]
    apigateway.put_method(restApiId=api_id, resourceId=base_id, httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(
        restApiId=api_id,
        resourceId=base_id,
        httpMethod="ANY",
        type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=lambda_uri(function_arn),
    )
    apigateway.create_deployment(restApiId=api_id, stageName="test")
    server.client("lambda").add_permission(
        FunctionName=function_arn,
        StatementId="demo-invoke",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/*/*/demoapi",
    )

    with api_client(server, api_id) as http:
        plain = http.get("/test/demoapi")
        assert plain.status_code == 200
        assert plain.json()["message"] == "Got your GET, D. E. Fault. Have a nice None day!"
        event = plain.json()["input"]
        assert (event["resource"], event["path"], event["httpMethod"]) == ("/demoapi", "/demoapi", "GET")
        assert event["queryStringParameters"] is None and event["body"] is None
        assert event["requestContext"]["stage"] == "test"
        assert event["requestContext"]["resourcePath"] == "/demoapi"
        assert event["requestContext"]["apiId"] == api_id

        named = http.get("/test/demoapi", params={"name": "Martha"}, headers={"day": "Thursday"})
        assert named.json()["message"] == "Got your GET, Martha. Have a nice Thursday!"

        posted = http.post(
            "/test/demoapi",
            params={"name": "Martha"},
            headers={"day": "Thursday"},
            json={"adjective": "fabulous"},
        )
        assert posted.status_code == 200
        assert posted.json()["message"] == "Nice POST, Martha. Have a fabulous Thursday!"
        assert json.loads(posted.json()["input"]["body"]) == {"adjective": "fabulous"}

        refused = http.delete("/test/demoapi", params={"name": "Martha"})
        assert refused.status_code == 405
        assert refused.json()["message"] == "Sorry, Martha, DELETE isn't allowed. Have a nice None day!"

    server.client("lambda").delete_function(FunctionName="demo-lambda-rest")
    apigateway.delete_rest_api(restApiId=api_id)
    with pytest.raises(ClientError) as gone:
        apigateway.get_rest_api(restApiId=api_id)
    assert gone.value.response["Error"]["Code"] == "NotFoundException"


def test_rest_api_found_by_name_and_deleted(server: EmulatorProcess) -> None:
    """lambda_with_api_gateway.py's get_rest_api_id: GetRestApis page by page (position) until the name matches."""
    apigateway = server.client("apigateway")
    created = apigateway.create_rest_api(name="BasicLambdaApi")
    assert created["name"] == "BasicLambdaApi"
    for index in range(3):
        apigateway.create_rest_api(name=f"other-{index}")

    found, page = None, apigateway.get_rest_apis(limit=2)
    while found is None:
        found = next((api["id"] for api in page["items"] if api["name"] == "BasicLambdaApi"), None)
        if found is None:
            assert "position" in page
            page = apigateway.get_rest_apis(limit=2, position=page["position"])
    assert found == created["id"]

    apigateway.delete_rest_api(restApiId=found)
    names = [
        api["name"] for page in apigateway.get_paginator("get_rest_apis").paginate() for api in page["items"]
    ]
    assert sorted(names) == ["other-0", "other-1", "other-2"]
