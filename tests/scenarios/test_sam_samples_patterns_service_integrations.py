"""aws-samples/serverless-patterns whose REST APIs call DynamoDB directly (AWS service integrations).

Each test writes the pattern's template to a folder, deploys it with the deployer ``emulator
deploy`` runs, then does what the pattern's README tests with.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sam_samples import deploy, request, write_sample

from emulator.testing import EmulatorProcess

# -- apigw-ddb-openapi-crud ----------------------------------------------------------------------

CRUD_OPENAPI_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  CrudAPI:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      TracingEnabled: true
      AccessLogSetting:
        DestinationArn: !GetAtt CrudLogGroup.Arn
        Format: >
          {"requestId":"$context.requestId",
          "integration-status":"$context.integration.status",
          "status":"$context.status"}
      DefinitionBody:
        'Fn::Transform':
          Name: 'AWS::Include'
          Parameters:
            Location: './api.yaml'
  CrudLogGroup:
    Type: AWS::Logs::LogGroup
  CrudDDB:
    Type: AWS::Serverless::SimpleTable
  CrudRole:
    Type: "AWS::IAM::Role"
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: "Allow"
            Principal:
              Service: "apigateway.amazonaws.com"
            Action:
              - "sts:AssumeRole"
Outputs:
  CrudApiUrl:
    Value: !Sub "https://${CrudAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod/"
"""


def _dynamodb_method(
    action: str, request_template: str, response_template: str, **extra: Any
) -> dict[str, Any]:
    integration: dict[str, Any] = {
        "type": "aws",
        "credentials": {"Fn::GetAtt": ["CrudRole", "Arn"]},
        "httpMethod": "POST",
        "uri": {"Fn::Sub": f"arn:aws:apigateway:${{AWS::Region}}:dynamodb:action/{action}"},
        "responses": {
            "default": {"statusCode": "200", "responseTemplates": {"application/json": response_template}}
        },
        "requestTemplates": {"application/json": {"Fn::Sub": request_template}},
        "passthroughBehavior": "when_no_templates",
    }
    integration.update(extra)
    return {
        "responses": {"200": {"description": "200 response"}},
        "x-amazon-apigateway-integration": integration,
    }


_KEY_FROM_PATH = '"Key": {"id": {"S": "$input.params().path.id"}}'
_SET_MESSAGE = (
    '"ExpressionAttributeNames": {"#m": "message"}, '
    '"ExpressionAttributeValues": {":m": {"S": $input.json(\'$.message\')}}, '
    '"UpdateExpression": "SET #m = :m", "ReturnValues": "ALL_NEW"'
)


def _on_table(*members: str) -> str:
    """A request template: the pattern's table (by Fn::Sub) and the given members."""
    return "{" + ", ".join(['"TableName": "${CrudDDB}"', *members]) + "}"


def _item_response(member: str) -> str:
    return (
        "#set($inputRoot = $input.path('$'))\n"
        f'{{"id": "$inputRoot.{member}.id.S", "message": "$inputRoot.{member}.message.S"}}'
    )


def crud_openapi() -> str:
    """The pattern's api.yaml: every method an AWS integration to a DynamoDB action, mapped by VTL."""
    by_id = {
        "get": _dynamodb_method("GetItem", _on_table(_KEY_FROM_PATH), _item_response("Item")),
        "put": _dynamodb_method(
            "UpdateItem",
            _on_table(_KEY_FROM_PATH, _SET_MESSAGE),
            _item_response("Attributes"),
        ),
        "delete": _dynamodb_method("DeleteItem", _on_table(_KEY_FROM_PATH), '{"message": "item deleted"}'),
    }
    for method in by_id.values():
        method["parameters"] = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    listing = _dynamodb_method(
        "Scan",
        _on_table(),
        "",
        responses={
            "200": {
                "statusCode": "200",
                "responseParameters": {
                    "method.response.header.Cache-Control": "'no-cache, no-store'",
                    "method.response.header.Access-Control-Allow-Origin": "'*'",
                },
                "responseTemplates": {
                    "application/json": "#set($inputRoot = $input.path('$'))\n$inputRoot.Items"
                },
            }
        },
    )
    listing["responses"]["200"]["headers"] = {
        "Cache-Control": {"schema": {"type": "string"}},
        "Access-Control-Allow-Origin": {"schema": {"type": "string"}},
    }
    create = _dynamodb_method(
        "UpdateItem",
        _on_table('"Key": {"id": {"S": "$context.requestId"}}', _SET_MESSAGE),
        _item_response("Attributes"),
    )
    document = {
        "openapi": "3.0.1",
        "info": {"title": "DynamoDB Crud API", "version": "1.0.0"},
        "paths": {"/{id}": by_id, "/": {"get": listing, "post": create}},
    }
    return json.dumps(document, indent=2)


def test_apigw_ddb_openapi_crud(tmp_path: Path, server: EmulatorProcess) -> None:
    # The pattern's POST template misses a closing quote after the table name (DynamoDB would answer
    # a SerializationException); it is written whole here, to replay the README's create-then-read.
    template = write_sample(
        tmp_path / "apigw-ddb-openapi-crud", CRUD_OPENAPI_TEMPLATE, {"api.yaml": crud_openapi()}
    )
    endpoint = deploy(server, template, "crud-openapi").outputs["CrudApiUrl"]

    created = request(server, endpoint, "POST", json={"message": "Whatever you want to say"})
    assert created.status_code == 200
    item_id = created.json()["id"]
    assert item_id and created.json() == {"id": item_id, "message": "Whatever you want to say"}

    fetched = request(server, f"{endpoint}{item_id}")
    assert (fetched.status_code, fetched.json()) == (
        200,
        {"id": item_id, "message": "Whatever you want to say"},
    )

    updated = request(server, f"{endpoint}{item_id}", "PUT", json={"message": "Changed my mind"})
    assert updated.json() == {"id": item_id, "message": "Changed my mind"}
    # PUT on an id not yet stored creates it (UpdateItem upserts).
    assert request(server, f"{endpoint}chosen", "PUT", json={"message": "Mine"}).json() == {
        "id": "chosen",
        "message": "Mine",
    }

    listed = request(server, endpoint)
    assert listed.status_code == 200
    assert listed.headers["cache-control"] == "no-cache, no-store"
    assert listed.headers["access-control-allow-origin"] == "*"
    # $inputRoot.Items is a JSON array read from the body, which prints as JSON (a JSON object
    # would print in Java's Map form): LocalStack's AWS-validated finding, localstack#12379.
    assert sorted(listed.json(), key=lambda item: item["id"]["S"]) == sorted(
        [
            {"id": {"S": item_id}, "message": {"S": "Changed my mind"}},
            {"id": {"S": "chosen"}, "message": {"S": "Mine"}},
        ],
        key=lambda item: item["id"]["S"],
    )

    deleted = request(server, f"{endpoint}{item_id}", "DELETE")
    assert (deleted.status_code, deleted.json()) == (200, {"message": "item deleted"})
    # A missing item: GetItem answers {} and the template prints empty strings.
    assert request(server, f"{endpoint}{item_id}").json() == {"id": "", "message": ""}


# -- apigw-rest-api-dynamodb ---------------------------------------------------------------------

MUSIC_TEMPLATE = r"""
AWSTemplateFormatVersion: 2010-09-09
Parameters:
  AppName:
    Type: String
    Default: api-music
  StageName:
    Type: String
    Default: v1
Resources:
  DynamoDBTable:
    Type: 'AWS::DynamoDB::Table'
    Properties:
      TableName: Music
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
        - AttributeName: artist
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      ProvisionedThroughput:
        ReadCapacityUnits: 5
        WriteCapacityUnits: 5
      GlobalSecondaryIndexes:
        - IndexName: Artist-Index
          KeySchema:
            - AttributeName: artist
              KeyType: HASH
          Projection:
            ProjectionType: INCLUDE
            NonKeyAttributes:
              - album
          ProvisionedThroughput:
            ReadCapacityUnits: 5
            WriteCapacityUnits: 5
  APIGatewayRole:
    Type: 'AWS::IAM::Role'
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement:
          - Action: ['sts:AssumeRole']
            Effect: Allow
            Principal:
              Service: [apigateway.amazonaws.com]
  Api:
    Type: 'AWS::ApiGateway::RestApi'
    Properties:
      Name: !Sub '${AppName}'
      ApiKeySourceType: HEADER
  MusicResource:
    Type: 'AWS::ApiGateway::Resource'
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: 'music'
  MusicMethodPost:
    Type: 'AWS::ApiGateway::Method'
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref MusicResource
      HttpMethod: POST
      ApiKeyRequired: true
      AuthorizationType: NONE
      Integration:
        Type: AWS
        Credentials: !GetAtt APIGatewayRole.Arn
        IntegrationHttpMethod: POST
        Uri: !Sub 'arn:aws:apigateway:${AWS::Region}:dynamodb:action/PutItem'
        PassthroughBehavior: WHEN_NO_TEMPLATES
        RequestTemplates:
          application/json: "{\"TableName\":\"Music\",\"Item\":{\"id\":{\"S\":\"$context.requestId\"},\"artist\":{\"S\":\"$input.path('$.artist')\"},\"album\":{\"S\":\"$input.path('$.album')\"}}}"
        IntegrationResponses:
          - StatusCode: '200'
            ResponseTemplates:
              application/json: "{}"
      MethodResponses:
        - StatusCode: '200'
  MusicArtistResource:
    Type: 'AWS::ApiGateway::Resource'
    Properties:
      RestApiId: !Ref Api
      ParentId: !Ref MusicResource
      PathPart: '{artist}'
  MusicArtistMethodGet:
    Type: 'AWS::ApiGateway::Method'
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref MusicArtistResource
      HttpMethod: GET
      ApiKeyRequired: true
      AuthorizationType: NONE
      RequestParameters:
        method.request.path.artist: true
      Integration:
        Type: AWS
        Credentials: !GetAtt APIGatewayRole.Arn
        IntegrationHttpMethod: POST
        Uri: !Sub 'arn:aws:apigateway:${AWS::Region}:dynamodb:action/Query'
        PassthroughBehavior: WHEN_NO_TEMPLATES
        RequestParameters:
          integration.request.path.artist: method.request.path.artist
        RequestTemplates:
          application/json: "{\"TableName\":\"Music\",\"IndexName\":\"Artist-Index\",\"KeyConditionExpression\":\"artist=:v1\",\"ExpressionAttributeValues\":{\":v1\":{\"S\":\"$util.urlDecode($input.params('artist'))\"}}}"
        IntegrationResponses:
          - StatusCode: '200'
            ResponseTemplates:
              application/json: "#set($inputRoot = $input.path('$'))\n{\n\t\"music\": [\n\t\t#foreach($field in $inputRoot.Items) {\n\t\t\t\"id\": \"$field.id.S\",\n\t\t\t\"artist\": \"$field.artist.S\",\n\t\t\t\"album\": \"$field.album.S\"\n\t\t}#if($foreach.hasNext),#end\n\t\t#end\n\t]\n}"
      MethodResponses:
        - StatusCode: '200'
  ApiDeployment:
    Type: 'AWS::ApiGateway::Deployment'
    DependsOn:
      - MusicArtistMethodGet
    Properties:
      RestApiId: !Ref Api
      StageName: !Sub '${StageName}'
  ApiKey:
    Type: 'AWS::ApiGateway::ApiKey'
    DependsOn:
      - ApiDeployment
    Properties:
      Enabled: true
      Name: !Sub '${AppName}-apikey'
      StageKeys:
        - RestApiId: !Ref Api
          StageName: !Sub '${StageName}'
  ApiUsagePlan:
    Type: 'AWS::ApiGateway::UsagePlan'
    DependsOn:
      - ApiDeployment
    Properties:
      ApiStages:
        - ApiId: !Ref Api
          Stage: !Sub '${StageName}'
      Throttle:
        RateLimit: 500
        BurstLimit: 1000
      UsagePlanName: !Sub '${AppName}-usage-plan'
      Quota:
        Limit: 10000
        Period: MONTH
  ApiUsagePlanKey:
    Type: 'AWS::ApiGateway::UsagePlanKey'
    Properties:
      KeyType: API_KEY
      KeyId: !Ref ApiKey
      UsagePlanId: !Ref ApiUsagePlan
Outputs:
  ApiRootUrl:
    Value: !Sub
      - 'https://${ApiId}.execute-api.${AWS::Region}.amazonaws.com/${StageName}'
      - ApiId: !Ref Api
  ApiKeyId:
    Value: !Ref ApiKey
"""


def test_apigw_rest_api_dynamodb_music_by_artist(tmp_path: Path, server: EmulatorProcess) -> None:
    root = tmp_path / "apigw-rest-api-dynamodb"
    root.mkdir()
    template = root / "template.yml"
    template.write_text(MUSIC_TEMPLATE.lstrip())
    outputs = deploy(server, template, "music").outputs
    gateway = server.client("apigateway")
    key = gateway.get_api_key(apiKey=outputs["ApiKeyId"], includeValue=True)
    assert (key["name"], key["enabled"]) == ("api-music-apikey", True)
    (plan,) = gateway.get_usage_plans()["items"]
    assert plan["name"] == "api-music-usage-plan"
    assert (plan["throttle"], plan["quota"]) == (
        {"burstLimit": 1000, "rateLimit": 500.0},
        {"limit": 10000, "offset": 0, "period": "MONTH"},
    )
    music = outputs["ApiRootUrl"] + "/music"
    with_key = {"x-api-key": key["value"]}

    for album in ("Abbey Road", "Let It Be"):
        added = request(
            server, music, "POST", headers=with_key, json={"artist": "The Beatles", "album": album}
        )
        assert (added.status_code, added.json()) == (200, {})
    request(server, music, "POST", headers=with_key, json={"artist": "Queen", "album": "Jazz"})
    # The + in the path is a space once the template url-decodes it.
    found = request(server, music + "/The+Beatles", headers=with_key)
    assert found.status_code == 200
    albums = found.json()["music"]
    assert sorted(entry["album"] for entry in albums) == ["Abbey Road", "Let It Be"]
    assert {entry["artist"] for entry in albums} == {"The Beatles"}
    stored = {item["id"]["S"] for item in server.client("dynamodb").scan(TableName="Music")["Items"]}
    assert {entry["id"] for entry in albums} <= stored and len(stored) == 3
    assert request(server, music + "/The+Beatles").status_code == 403
