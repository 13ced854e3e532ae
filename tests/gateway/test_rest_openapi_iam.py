"""An imported document's IAM security scheme: an ``apiKey`` scheme whose ``x-amazon-apigateway-authtype``
is ``awsSigv4`` (AWS's reserved term for IAM authorization, the scheme Chalice's ``IAMAuthorizer`` writes)
makes its methods ``AWS_IAM``, not API-key methods."""

from __future__ import annotations

import json

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from test_rest_support import call, create_function, lambda_uri

from emulator.testing import EmulatorProcess


def swagger(echo_arn: str) -> bytes:
    integration = {"type": "aws_proxy", "httpMethod": "POST", "uri": lambda_uri(echo_arn)}
    return json.dumps(
        {
            "swagger": "2.0",
            "info": {"title": "iam", "version": "1.0"},
            "paths": {
                "/signed": {"get": {"security": [{"sigv4": []}], "x-amazon-apigateway-integration": integration}},
                "/keyed": {"get": {"security": [{"api_key": []}], "x-amazon-apigateway-integration": integration}},
            },
            "securityDefinitions": {
                "sigv4": {
                    "in": "header",
                    "type": "apiKey",
                    "name": "Authorization",
                    "x-amazon-apigateway-authtype": "awsSigv4",
                },
                "api_key": {"in": "header", "type": "apiKey", "name": "x-api-key"},
            },
        }
    ).encode()


def test_an_awssigv4_scheme_makes_iam_methods(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.import_rest_api(body=swagger(create_function(server, "echo")))["id"]
    resources = {r["path"]: r for r in client.get_resources(restApiId=api_id, embed=["methods"])["items"]}
    signed = resources["/signed"]["resourceMethods"]["GET"]
    assert (signed["authorizationType"], signed["apiKeyRequired"]) == ("AWS_IAM", False)
    keyed = resources["/keyed"]["resourceMethods"]["GET"]
    assert (keyed["authorizationType"], keyed["apiKeyRequired"]) == ("NONE", True)
    assert client.get_authorizers(restApiId=api_id)["items"] == []
    client.create_deployment(restApiId=api_id, stageName="s")

    unsigned = call(server, api_id, "GET", "/s/signed")
    assert unsigned.status_code == 403
    assert unsigned.json() == {"message": "Missing Authentication Token"}

    host = f"{api_id}.execute-api.localhost:{server.port}"
    request = AWSRequest(method="GET", url=f"http://{host}/s/signed")
    SigV4Auth(Credentials("AKIDCHALICE", "secret"), "execute-api", "us-east-1").add_auth(request)
    answered = call(server, api_id, "GET", "/s/signed", headers=dict(request.headers.items()))
    assert answered.status_code == 200
    assert answered.json()["requestContext"]["identity"]["accessKey"] == "AKIDCHALICE"


def test_an_export_keeps_iam_methods_for_a_round_trip(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.import_rest_api(body=swagger(create_function(server, "echo")))["id"]
    client.create_deployment(restApiId=api_id, stageName="s")
    exported = json.loads(
        client.get_export(restApiId=api_id, stageName="s", exportType="swagger", parameters={"extensions": "integrations"})["body"].read()
    )
    assert exported["paths"]["/signed"]["get"]["security"] == [{"sigv4": []}]
    assert exported["securityDefinitions"]["sigv4"] == {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4",
    }  # fmt: skip
    again = client.import_rest_api(body=json.dumps(exported).encode())["id"]
    resources = {r["path"]: r for r in client.get_resources(restApiId=again, embed=["methods"])["items"]}
    assert resources["/signed"]["resourceMethods"]["GET"]["authorizationType"] == "AWS_IAM"
