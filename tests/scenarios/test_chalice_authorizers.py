"""Chalice's authorizers and standalone functions, deployed by ``chalice deploy``.

``@app.authorizer()`` is a Lambda (TOKEN) authorizer: Chalice deploys it as its own function, declares
it in the Swagger document and adds the permission API Gateway needs to invoke it. ``IAMAuthorizer``
declares the ``awsSigv4`` security scheme (SigV4-signed calls only). ``@app.lambda_function`` is a
plain function, invoked with boto3 or ``chalice invoke``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from chalice_projects import ChaliceProject

from emulator.testing import EmulatorProcess

APP = """
from chalice import AuthResponse, AuthRoute, Chalice, IAMAuthorizer

app = Chalice(app_name="vault")


@app.authorizer(ttl_seconds=0)
def token_check(auth_request):
    if auth_request.token == "Bearer admin":
        return AuthResponse(routes=["*"], principal_id="admin", context={"role": "admin"})
    if auth_request.token == "Bearer reader":
        return AuthResponse(routes=[AuthRoute("/secrets/*", ["GET"])], principal_id="reader", context={"role": "reader"})
    return AuthResponse(routes=[], principal_id="nobody")


@app.route("/secrets/{name}", methods=["GET", "PUT"], authorizer=token_check)
def secret(name):
    authorizer = app.current_request.context["authorizer"]
    return {"name": name, "principal": authorizer["principalId"], "role": authorizer["role"]}


@app.route("/signed", authorizer=IAMAuthorizer())
def signed():
    identity = app.current_request.context["identity"]
    return {"access_key": identity["accessKey"]}


@app.lambda_function(name="resize")
def resize(event, context):
    return {"width": event["width"] // 2, "function": context.function_name}
"""


@pytest.fixture
def vault(server: EmulatorProcess, tmp_path: Path) -> ChaliceProject:
    project = ChaliceProject(server, tmp_path / "vault", "vault")
    project.write(APP, api_gateway_stage="v1")
    project.deploy()
    return project


def test_the_lambda_authorizer_is_deployed_with_its_permission(server: EmulatorProcess, vault: ChaliceProject) -> None:
    deployed = vault.deployed()
    api_id = deployed["rest_api"]["rest_api_id"]
    (authorizer,) = server.client("apigateway").get_authorizers(restApiId=api_id)["items"]
    assert (authorizer["name"], authorizer["type"]) == ("token_check", "TOKEN")
    assert authorizer["identitySource"] == "method.request.header.Authorization"
    assert deployed["token_check"]["lambda_arn"] in authorizer["authorizerUri"]
    policy = json.loads(server.client("lambda").get_policy(FunctionName="vault-dev-token_check")["Policy"])
    assert [s["Principal"] for s in policy["Statement"]] == [{"Service": "apigateway.amazonaws.com"}]


def test_the_lambda_authorizer_allows_denies_and_passes_its_context(vault: ChaliceProject) -> None:
    api = vault.rest_api()
    admin = api.get("/secrets/launch-codes", headers={"Authorization": "Bearer admin"})
    assert admin.status_code == 200
    assert admin.json() == {"name": "launch-codes", "principal": "admin", "role": "admin"}
    assert api.request("PUT", "/secrets/x", headers={"Authorization": "Bearer admin"}).status_code == 200

    reader = api.get("/secrets/menu", headers={"Authorization": "Bearer reader"})
    assert reader.json() == {"name": "menu", "principal": "reader", "role": "reader"}
    # The reader's policy names GET /secrets/* only.
    refused = api.request("PUT", "/secrets/menu", headers={"Authorization": "Bearer reader"})
    assert refused.status_code == 403
    assert refused.json() == {"Message": "User is not authorized to access this resource"}

    stranger = api.get("/secrets/menu", headers={"Authorization": "Bearer stranger"})
    assert stranger.status_code == 403
    assert stranger.headers["x-amzn-errortype"] == "AccessDeniedException"

    anonymous = api.get("/secrets/menu")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"message": "Unauthorized"}
    assert anonymous.headers["x-amzn-errortype"] == "UnauthorizedException"


def test_the_iam_authorizer_takes_signed_calls_only(server: EmulatorProcess, vault: ChaliceProject) -> None:
    api = vault.rest_api()
    unsigned = api.get("/signed")
    assert unsigned.status_code == 403
    assert unsigned.json() == {"message": "Missing Authentication Token"}

    request = AWSRequest(method="GET", url=f"https://{api.host}/{api.stage}/signed")
    SigV4Auth(Credentials("AKIDVAULT", "secret"), "execute-api", "us-east-1").add_auth(request)
    signed = api.get("/signed", headers={k: v for k, v in request.headers.items() if k.lower() != "host"})
    assert signed.status_code == 200
    assert signed.json() == {"access_key": "AKIDVAULT"}

    apigateway = server.client("apigateway")
    api_id = vault.deployed()["rest_api"]["rest_api_id"]
    resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/signed")
    method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET")
    assert (method["authorizationType"], method["apiKeyRequired"]) == ("AWS_IAM", False)


def test_a_lambda_function_is_invoked_with_boto3_and_chalice_invoke(server: EmulatorProcess, vault: ChaliceProject) -> None:
    assert vault.deployed()["resize"]["lambda_arn"] == "arn:aws:lambda:us-east-1:000000000000:function:vault-dev-resize"
    answer = server.client("lambda").invoke(FunctionName="vault-dev-resize", Payload=b'{"width": 640}')
    assert json.loads(answer["Payload"].read()) == {"width": 320, "function": "vault-dev-resize"}

    # ``chalice invoke`` sends its standard input as the payload and prints the function's answer.
    invoked = vault.run("invoke", "--name", "resize", stdin='{"width": 100}')
    assert json.loads(invoked.stdout) == {"width": 50, "function": "vault-dev-resize"}
