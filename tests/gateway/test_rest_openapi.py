"""ImportRestApi and PutRestApi from OpenAPI 3 (YAML) and Swagger 2 (JSON), then every route called."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError
from test_rest_support import call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

AUTHORIZER = """
def handler(event, context):
    effect = "Allow" if event["authorizationToken"] == "good" else "Deny"
    return {"principalId": "me", "policyDocument": {"Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
"""


def openapi3(echo_arn: str, authorizer_arn: str) -> str:
    return f"""
openapi: "3.0.1"
info:
  title: pets
  version: "1.0"
x-amazon-apigateway-binary-media-types: ["image/png"]
x-amazon-apigateway-request-validators:
  body:
    validateRequestBody: true
    validateRequestParameters: false
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "{lambda_uri(echo_arn)}"
    post:
      security:
        - api_key: []
      x-amazon-apigateway-request-validator: body
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Pet"
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "{lambda_uri(echo_arn)}"
  /pets/{{petId}}:
    get:
      parameters:
        - name: petId
          in: path
          required: true
          schema: {{type: string}}
      responses:
        "200":
          description: ok
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates:
          application/json: '{{"statusCode": 200}}'
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '{{"pet": "$input.params(''petId'')"}}'
  /private:
    get:
      security:
        - tokenAuth: []
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "{lambda_uri(echo_arn)}"
  /{{proxy+}}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "{lambda_uri(echo_arn)}"
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {{type: string}}
  securitySchemes:
    api_key:
      type: apiKey
      name: x-api-key
      in: header
    tokenAuth:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: "{lambda_uri(authorizer_arn)}"
        authorizerResultTtlInSeconds: 0
"""


def test_import_openapi3_yaml_and_call_every_route(server: EmulatorProcess) -> None:
    echo_arn = create_function(server, "echo")
    authorizer_arn = create_function(server, "authorizer", AUTHORIZER)
    client = server.client("apigateway")
    api = client.import_rest_api(body=openapi3(echo_arn, authorizer_arn).encode())
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["name"] == "pets" and api["version"] == "1.0"
    assert api["binaryMediaTypes"] == ["image/png"]
    resources = {r["path"]: r for r in client.get_resources(restApiId=api["id"], embed=["methods"])["items"]}
    assert sorted(resources) == ["/", "/pets", "/pets/{petId}", "/private", "/{proxy+}"]
    assert resources["/pets"]["resourceMethods"]["POST"]["apiKeyRequired"] is True
    assert resources["/private"]["resourceMethods"]["GET"]["authorizationType"] == "CUSTOM"
    assert resources["/pets/{petId}"]["resourceMethods"]["GET"]["requestParameters"] == {
        "method.request.path.petId": True
    }
    assert resources["/{proxy+}"]["resourceMethods"]["ANY"]["methodIntegration"]["type"] == "AWS_PROXY"
    authorizers = client.get_authorizers(restApiId=api["id"])["items"]
    assert [(a["name"], a["type"], a["identitySource"]) for a in authorizers] == [
        ("tokenAuth", "TOKEN", "method.request.header.Authorization")
    ]
    client.create_deployment(restApiId=api["id"], stageName="v1")
    plan = client.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "v1"}])
    key = client.create_api_key(name="k", enabled=True)
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")

    listed = call(server, api["id"], "GET", "/v1/pets")
    assert listed.status_code == 200 and listed.json()["resource"] == "/pets"
    assert call(server, api["id"], "POST", "/v1/pets", json={}).status_code == 403
    created = call(
        server, api["id"], "POST", "/v1/pets", json={"name": "rex"}, headers={"x-api-key": key["value"]}
    )
    assert created.status_code == 200 and json.loads(created.json()["body"]) == {"name": "rex"}
    invalid = call(
        server, api["id"], "POST", "/v1/pets", json={"age": 1}, headers={"x-api-key": key["value"]}
    )
    assert invalid.status_code == 400 and invalid.json() == {"message": "Invalid request body"}
    assert resources["/pets"]["resourceMethods"]["POST"]["requestModels"] == {"application/json": "Pet"}
    assert call(server, api["id"], "GET", "/v1/pets/9").json() == {"pet": "9"}
    assert call(server, api["id"], "GET", "/v1/private", headers={"Authorization": "good"}).status_code == 200
    assert call(server, api["id"], "GET", "/v1/private", headers={"Authorization": "bad"}).status_code == 403
    assert call(server, api["id"], "GET", "/v1/private").status_code == 401
    anything = call(server, api["id"], "DELETE", "/v1/some/where")
    assert anything.status_code == 200 and anything.json()["pathParameters"] == {"proxy": "some/where"}


def swagger2(echo_arn: str) -> str:
    document = {
        "swagger": "2.0",
        "info": {"title": "legacy", "version": "2"},
        "basePath": "/api",
        "paths": {
            "/hello": {
                "get": {
                    "x-amazon-apigateway-integration": {
                        "type": "aws_proxy",
                        "httpMethod": "POST",
                        "uri": lambda_uri(echo_arn),
                    }
                }
            }
        },
    }
    return json.dumps(document)


def test_import_swagger2_json_and_put_rest_api_overwrite(server: EmulatorProcess) -> None:
    echo_arn = create_function(server, "echo")
    client = server.client("apigateway")
    api = client.import_rest_api(body=swagger2(echo_arn).encode())
    assert api["name"] == "legacy"
    client.create_deployment(restApiId=api["id"], stageName="s")
    assert call(server, api["id"], "GET", "/s/hello").json()["resource"] == "/hello"
    replacement = json.loads(swagger2(echo_arn))
    replacement["paths"] = {"/bye": replacement["paths"]["/hello"]}
    client.put_rest_api(restApiId=api["id"], mode="overwrite", body=json.dumps(replacement).encode())
    paths = sorted(r["path"] for r in client.get_resources(restApiId=api["id"])["items"])
    assert paths == ["/", "/bye"]
    client.put_rest_api(restApiId=api["id"], mode="merge", body=swagger2(echo_arn).encode())
    paths = sorted(r["path"] for r in client.get_resources(restApiId=api["id"])["items"])
    assert paths == ["/", "/bye", "/hello"]
    client.create_deployment(restApiId=api["id"], stageName="s")
    assert call(server, api["id"], "GET", "/s/bye").status_code == 200


def test_import_rejects_a_non_openapi_body(server: EmulatorProcess) -> None:
    with pytest.raises(ClientError) as info:
        server.client("apigateway").import_rest_api(body=b"just: text")
    assert info.value.response["Error"]["Code"] == "BadRequestException"


def test_export_round_trips_through_import(server: EmulatorProcess) -> None:
    echo_arn = create_function(server, "echo")
    client = server.client("apigateway")
    api = client.import_rest_api(body=swagger2(echo_arn).encode())
    client.create_deployment(restApiId=api["id"], stageName="s")
    exported = client.get_export(
        restApiId=api["id"], stageName="s", exportType="oas30", parameters={"extensions": "integrations"}
    )
    document = json.loads(exported["body"].read())
    assert document["openapi"] == "3.0.1" and document["info"]["title"] == "legacy"
    yaml_export = client.get_export(restApiId=api["id"], stageName="s", exportType="oas30", accepts="application/yaml")
    assert yaml_export["contentType"] == "application/yaml"  # one Content-Type header, the export's own
    assert yaml_export["body"].read().startswith(b"openapi:")
    integration = document["paths"]["/hello"]["get"]["x-amazon-apigateway-integration"]
    assert integration["type"] == "aws_proxy" and integration["uri"].endswith(f"{echo_arn}/invocations")
    swagger = json.loads(
        client.get_export(restApiId=api["id"], stageName="s", exportType="swagger")["body"].read()
    )
    assert swagger["swagger"] == "2.0" and swagger["basePath"] == "/s"
    assert "x-amazon-apigateway-integration" not in swagger["paths"]["/hello"]["get"]
    copy = client.import_rest_api(body=json.dumps(document).encode())
    client.create_deployment(restApiId=copy["id"], stageName="again")
    assert call(server, copy["id"], "GET", "/again/hello").json()["resource"] == "/hello"


def test_imported_api_has_only_its_documents_models(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    document = {
        "swagger": "2.0",
        "info": {"title": "Pets", "version": "1.0"},
        "paths": {},
        "definitions": {"Pet": {"type": "object", "properties": {"id": {"type": "integer"}}}},
    }
    api_id = client.import_rest_api(body=json.dumps(document).encode())["id"]
    assert [model["name"] for model in client.get_models(restApiId=api_id)["items"]] == ["Pet"]
    created = client.create_rest_api(name="plain")["id"]
    assert sorted(model["name"] for model in client.get_models(restApiId=created)["items"]) == ["Empty", "Error"]
