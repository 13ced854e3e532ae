"""aws-samples/serverless-patterns: SAM patterns on API Gateway, Lambda, DynamoDB and CloudWatch Logs.

Each test writes the pattern's template (and handlers, in our words) to a folder, deploys it with
the deployer ``emulator deploy`` runs, then does what the pattern's README tests with.

apigw-websocket-api-connection-dynamodb is deployed and inspected but its wscat session is not
replayed: its $connect/$disconnect AWS integrations to DynamoDB actions and its two-way $default
route (a route response, no RouteResponseSelectionExpression) are not served as API Gateway does.
apigw-cloudwatch's access log lines are not read back: REST stages keep the settings but the
emulator writes no access log.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from emulator.templates.deploy import Deployer, DeployResult
from emulator.templates.loader import TemplateError
from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until


def write_pattern(root: Path, template: str, files: dict[str, str] | None = None) -> Path:
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    root.mkdir(parents=True, exist_ok=True)
    template_path = root / "template.yaml"
    template_path.write_text(textwrap.dedent(template).lstrip())
    return template_path


def deploy(server: EmulatorProcess, template: Path, stack_name: str) -> DeployResult:
    return Deployer(template, server.url, stack_name=stack_name).deploy()


def request(server: EmulatorProcess, url: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
    """Call an API URL as Outputs print it: connect to the server, send the API's Host."""
    host, _, path = url.split("://", 1)[1].partition("/")
    headers = {"Host": host, **kwargs.pop("headers", {})}
    return httpx.request(method, f"{server.url}/{path}", headers=headers, timeout=30, **kwargs)


# -- apigw-lambda-dynamodb ---------------------------------------------------------------------


def test_apigw_lambda_dynamodb_post_inserts_the_weather(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_pattern(
        tmp_path / "apigw-lambda-dynamodb",
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Description: Serverless patterns - Amazon API Gateway to AWS Lambda to Amazon DynamoDB
        Resources:
          LambdaFunction:
            Type: AWS::Serverless::Function
            Description: 'Lambda function inserts data into DynamoDB table'
            Properties:
              FunctionName: WeatherFunction
              Handler: index.lambda_handler
              Runtime: python3.14
              CodeUri: src/
              Policies:
                DynamoDBCrudPolicy:
                  TableName: !Ref DynamoDBTable
              Events:
                ApiEvent:
                  Type: Api
                  Properties:
                    Path: /
                    Method: POST
          DynamoDBTable:
            Type: AWS::Serverless::SimpleTable
            Properties:
              TableName: WeatherData
        Outputs:
          EndpointUrl:
            Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod'
        """,
        {
            "src/index.py": """
                import boto3

                dynamodb = boto3.client("dynamodb")


                def lambda_handler(event, context):
                    dynamodb.put_item(TableName="WeatherData", Item={"id": {"S": "1"}, "Weather": {"S": "Sunny"}})
                    return {"statusCode": 200, "body": "Successfully inserted data!"}
            """
        },
    )
    endpoint = deploy(server, template, "weather").outputs["EndpointUrl"]
    assert endpoint.endswith(f".execute-api.localhost:{server.port}/Prod")
    # The README: POST to the endpoint without a body, then find the item in the table.
    response = request(server, endpoint + "/", "POST")
    assert (response.status_code, response.text) == (200, "Successfully inserted data!")
    items = server.client("dynamodb").scan(TableName="WeatherData")["Items"]
    assert items == [{"id": {"S": "1"}, "Weather": {"S": "Sunny"}}]
    # SimpleTable's default key is a string "id", on demand.
    table = server.client("dynamodb").describe_table(TableName="WeatherData")["Table"]
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


# -- apigw-http-api-lambda-python ----------------------------------------------------------------


def test_apigw_http_api_lambda_python_inline_code(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_pattern(
        tmp_path / "apigw-http-api-lambda-python",
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Resources:
          ApiFunction:
            Type: AWS::Serverless::Function
            Properties:
              Events:
                ApiEvent:
                  Type: HttpApi
              Handler: index.handler
              InlineCode: |
                def handler(event, context):
                    return {'body': 'Hello World! This is the HTTP API', 'statusCode': 200}
              Runtime: python3.14
        Outputs:
          HttpApiEndpoint:
            Value: !Ref ServerlessHttpApi
        """,
    )
    api_id = deploy(server, template, "http-python").outputs["HttpApiEndpoint"]
    # The README curls https://{api-id}.execute-api.{region}.amazonaws.com/: the $default route takes any path.
    for path in ("", "anything/else"):
        response = request(server, f"http://{api_id}.execute-api.localhost:{server.port}/{path}")
        assert (response.status_code, response.text) == (200, "Hello World! This is the HTTP API")


# -- apigw-lambda-dynamodb-stream-lambda ---------------------------------------------------------

STREAM_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  DynamoDBTableName:
    Type: String
    Default: DemoStreamDynamoDBToLambda
Resources:
  ProducerFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ProducerFunction
      Handler: apiHandler.lambda_handler
      Runtime: python3.14
      CodeUri: src/
      Policies:
        DynamoDBCrudPolicy:
          TableName: !Ref DynamoDBTable
      Events:
        ApiEvent:
          Type: Api
          Properties:
            Path: /
            Method: POST
  DynamoDBTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
        - AttributeName: id
          AttributeType: S
      KeySchema:
        - AttributeName: id
          KeyType: HASH
      ProvisionedThroughput:
        ReadCapacityUnits: 5
        WriteCapacityUnits: 5
      StreamSpecification:
        StreamViewType: NEW_IMAGE
      TableName: !Ref DynamoDBTableName
  ConsumerFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: ConsumerFunction
      Handler: messageHandler.lambda_handler
      Runtime: python3.14
      CodeUri: src/
      Policies:
      - DynamoDBStreamReadPolicy:
          TableName: !Ref DynamoDBTableName
          StreamName: !Select [3, !Split ["/", !GetAtt DynamoDBTable.StreamArn]]
      Events:
        Stream:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt DynamoDBTable.StreamArn
            StartingPosition: LATEST
            BatchSize: 100
Outputs:
  EndpointUrl:
    Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod'
"""

STREAM_CODE = {
    "src/apiHandler.py": """
        import json

        import boto3

        table = boto3.resource("dynamodb").Table("DemoStreamDynamoDBToLambda")


        def lambda_handler(event, context):
            item = json.loads(event["body"])
            table.put_item(Item={key: item[key] for key in ("id", "name", "description", "customer")})
            return {"statusCode": 200, "body": "Successfully inserted data!"}
    """,
    # The pattern's consumer is not in the repository: this one logs each record's new image.
    "src/messageHandler.py": """
        import json


        def lambda_handler(event, context):
            for record in event["Records"]:
                print(json.dumps({"event": record["eventName"], "image": record["dynamodb"]["NewImage"]}))
    """,
}


def test_apigw_lambda_dynamodb_stream_lambda_consumer_logs_the_new_image(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_pattern(tmp_path / "apigw-lambda-dynamodb-stream-lambda", STREAM_TEMPLATE, STREAM_CODE)
    endpoint = deploy(server, template, "stream-pattern").outputs["EndpointUrl"]
    (mapping,) = server.client("lambda").list_event_source_mappings(FunctionName="ConsumerFunction")[
        "EventSourceMappings"
    ]
    assert (mapping["BatchSize"], mapping["State"]) == (100, "Enabled")
    assert mapping["EventSourceArn"].startswith(
        "arn:aws:dynamodb:us-east-1:000000000000:table/DemoStreamDynamoDBToLambda/stream/"
    )

    order = {"id": "o-1", "name": "Unicorn", "description": "A pink one", "customer": "Jane"}
    response = request(server, endpoint + "/", "POST", json=order)
    assert (response.status_code, response.text) == (200, "Successfully inserted data!")

    logs = server.client("logs")

    def logged() -> list[dict[str, Any]]:
        if not logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/ConsumerFunction")["logGroups"]:
            return []
        events = logs.filter_log_events(logGroupName="/aws/lambda/ConsumerFunction", filterPattern='"INSERT"')
        return [json.loads(event["message"]) for event in events["events"]]

    (record,) = wait_until(logged, timeout=15)
    assert record == {"event": "INSERT", "image": {key: {"S": value} for key, value in order.items()}}


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
    template = write_pattern(
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
    # $inputRoot.Items prints as API Gateway prints an object in a template: Java's Map form, not JSON.
    assert listed.text.startswith("[{") and listed.text.endswith("}]")
    for rendered in (
        f"id={{S={item_id}}}",
        "message={S=Changed my mind}",
        "id={S=chosen}",
        "message={S=Mine}",
    ):
        assert rendered in listed.text

    deleted = request(server, f"{endpoint}{item_id}", "DELETE")
    assert (deleted.status_code, deleted.json()) == (200, {"message": "item deleted"})
    # A missing item: GetItem answers {} and the template prints empty strings.
    assert request(server, f"{endpoint}{item_id}").json() == {"id": "", "message": ""}


# -- apigw-websocket-api-connection-dynamodb -----------------------------------------------------

WEBSOCKET_TRACKING_TEMPLATE = r"""
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  ApiStageName:
    Type: String
    Default: api
Resources:
  WebSocketApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: !Sub "${AWS::StackName}-WebSocketApi"
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: "$request.body.action"
  Deployment:
    Type: AWS::ApiGatewayV2::Deployment
    DependsOn:
      - DefaultRoute
    Properties:
      ApiId: !Ref WebSocketApi
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      StageName: !Ref ApiStageName
      DeploymentId: !Ref Deployment
      ApiId: !Ref WebSocketApi
  DefaultRouteFunction:
    Type: AWS::Serverless::Function
    Properties:
      # The pattern's nodejs16.x, moved to a runtime Lambda still supports.
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: 'exports.handler = async (event) => {return {statusCode: 200, body: JSON.stringify(event)}}'
  DefaultRouteFunctionPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref DefaultRouteFunction
      Principal: apigateway.amazonaws.com
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WebSocketApi
      RouteKey: $default
      AuthorizationType: NONE
      OperationName: DefaultRoute
      Target: !Join [/, [integrations, !Ref DefaultRouteIntegration]]
  DefaultRouteIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${DefaultRouteFunction.Arn}/invocations"
  DefaultRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      RouteId: !Ref DefaultRoute
      ApiId: !Ref WebSocketApi
      RouteResponseKey: $default
  DefaultRouteIntegrationResponse:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationId: !Ref DefaultRouteIntegration
      IntegrationResponseKey: $default
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WebSocketApi
      RouteKey: $connect
      AuthorizationType: NONE
      OperationName: ConnectRoute
      Target: !Join [/, [integrations, !Ref ConnectRouteIntegration]]
  ConnectRouteIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationType: AWS
      IntegrationMethod: POST
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:dynamodb:action/PutItem"
      CredentialsArn: !Sub "${SessionsTableAccessRole.Arn}"
      TemplateSelectionExpression: \$default
      RequestTemplates:
        "$default":
          Fn::Sub: >
            #set($ttl = $context.requestTimeEpoch + 86400)
            {
                "TableName": "${SessionsTable}",
                "Item": {
              "connectionid": {"S": "$context.connectionId"},
              "headers": {"S": "$input.params().get('header')"},
              "querystring": {"S": "$input.params().get('querystring')"},
              "ttl": {"N": "$ttl"}
                }
            }
  ConnectRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      RouteId: !Ref ConnectRoute
      ApiId: !Ref WebSocketApi
      RouteResponseKey: $default
  ConnectRouteIntegrationResponse:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationId: !Ref ConnectRouteIntegration
      IntegrationResponseKey: /200/
      TemplateSelectionExpression: \$default
  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WebSocketApi
      RouteKey: $disconnect
      AuthorizationType: NONE
      OperationName: DisconnectRoute
      Target: !Join [/, [integrations, !Ref DisconnectRouteIntegration]]
  DisconnectRouteResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties:
      RouteId: !Ref DisconnectRoute
      ApiId: !Ref WebSocketApi
      RouteResponseKey: $default
  DisconnectRouteIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationType: AWS
      IntegrationMethod: POST
      IntegrationUri: !Sub "arn:aws:apigateway:${AWS::Region}:dynamodb:action/DeleteItem"
      CredentialsArn: !Sub "${SessionsTableAccessRole.Arn}"
      TemplateSelectionExpression: \$default
      RequestTemplates:
        "$default":
          Fn::Sub: >
            {"TableName": "${SessionsTable}", "Key": {"connectionid": {"S": "$context.connectionId"}}}
  DisconnectRouteIntegrationResponse:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref WebSocketApi
      IntegrationId: !Ref DisconnectRouteIntegration
      IntegrationResponseKey: /200/
      TemplateSelectionExpression: \$default
  SessionsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub ${AWS::StackName}-Sessions
      AttributeDefinitions:
        - AttributeName: connectionid
          AttributeType: S
      KeySchema:
        - AttributeName: connectionid
          KeyType: HASH
      TimeToLiveSpecification:
          AttributeName: ttl
          Enabled: true
      BillingMode: PAY_PER_REQUEST
  SessionsTableAccessRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Action: ["sts:AssumeRole"]
            Effect: Allow
            Principal:
              Service: [apigateway.amazonaws.com]
Outputs:
  APIEndpoint:
    Value: !Sub "wss://${WebSocketApi}.execute-api.${AWS::Region}.amazonaws.com/${ApiStageName}"
  SessionsTable:
    Value: !Ref SessionsTable
"""


def test_apigw_websocket_api_connection_tracking_deploys(tmp_path: Path, server: EmulatorProcess) -> None:
    # The README's wscat session is not replayed: see the module docstring.
    template = write_pattern(tmp_path / "ws-tracking", WEBSOCKET_TRACKING_TEMPLATE)
    outputs = deploy(server, template, "ws-tracking").outputs
    assert outputs["SessionsTable"] == "ws-tracking-Sessions"
    api_id = outputs["APIEndpoint"].split("://", 1)[1].split(".", 1)[0]
    assert outputs["APIEndpoint"] == f"ws://{api_id}.execute-api.localhost:{server.port}/api"
    ttl = server.client("dynamodb").describe_time_to_live(TableName="ws-tracking-Sessions")[
        "TimeToLiveDescription"
    ]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}

    gateway = server.client("apigatewayv2")
    routes = {route["RouteKey"]: route for route in gateway.get_routes(ApiId=api_id)["Items"]}
    assert sorted(routes) == ["$connect", "$default", "$disconnect"]
    integrations = {item["IntegrationId"]: item for item in gateway.get_integrations(ApiId=api_id)["Items"]}
    connect = integrations[routes["$connect"]["Target"].removeprefix("integrations/")]
    assert connect["IntegrationUri"] == "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem"
    # YAML keeps the backslash of \$default: the escaped selection expression names the $default template.
    assert connect["TemplateSelectionExpression"] == "\\$default"
    assert '"TableName": "ws-tracking-Sessions"' in connect["RequestTemplates"]["$default"]
    (response,) = gateway.get_integration_responses(ApiId=api_id, IntegrationId=connect["IntegrationId"])[
        "Items"
    ]
    assert response["IntegrationResponseKey"] == "/200/"
    for key in ("$connect", "$default", "$disconnect"):
        (route_response,) = gateway.get_route_responses(ApiId=api_id, RouteId=routes[key]["RouteId"])["Items"]
        assert route_response["RouteResponseKey"] == "$default"
    assert [stage["StageName"] for stage in gateway.get_stages(ApiId=api_id)["Items"]] == ["api"]


# -- apigw-data-validation -----------------------------------------------------------------------


def test_apigw_data_validation_rejects_bodies_outside_the_model(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_pattern(
        tmp_path / "apigw-data-validation",
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 3
        Resources:
          MainApi:
            Type: AWS::Serverless::Api
            Properties:
              StageName: Prod
              Models:
                Vehicle:
                  type: object
                  required:
                    - make
                    - model
                    - year
                  properties:
                    make:
                      type: string
                    model:
                      type: string
                    year:
                      type: integer
                      minimum: 2010
                    color:
                      type: string
                      enum:
                        - green
                        - red
                        - blue
          ProcessFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: src/
              Handler: app.lambda_handler
              Runtime: python3.14
              Architectures:
                - arm64
              Events:
                Process:
                  Type: Api
                  Properties:
                    RestApiId: !Ref MainApi
                    Path: /vehicle
                    Method: post
                    RequestModel:
                      Model: Vehicle
                      Required: true
                      ValidateBody: true
        Outputs:
          ProcessApi:
            Value: !Sub "https://${MainApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod/"
        """,
        {
            "src/app.py": """
                import json


                def lambda_handler(event, context):
                    body = json.loads(event["body"])
                    return {"statusCode": 200, "body": json.dumps({"message": "Data validation succeeded", "data": body})}
            """
        },
    )
    endpoint = deploy(server, template, "data-validation").outputs["ProcessApi"]
    valid = {"make": "MINI", "model": "Countryman", "year": 2020}
    accepted = request(server, endpoint + "vehicle", "POST", json=valid)
    assert (accepted.status_code, accepted.json()) == (
        200,
        {"message": "Data validation succeeded", "data": valid},
    )
    # The README's second request (a year before 2010) and a few other combinations it invites.
    for invalid in (
        {**valid, "year": 2009},
        {"make": "MINI", "model": "Countryman"},
        {**valid, "color": "yellow"},
        {**valid, "year": "2020"},
    ):
        refused = request(server, endpoint + "vehicle", "POST", json=invalid)
        assert (refused.status_code, refused.json()) == (400, {"message": "Invalid request body"}), invalid
        assert refused.headers["x-amzn-errortype"] == "BadRequestException"


# -- apigw-http-api-cors-sam ---------------------------------------------------------------------


def test_apigw_http_api_cors_answers_preflights_and_adds_headers(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_pattern(
        tmp_path / "apigw-http-api-cors-sam",
        """
        AWSTemplateFormatVersion: 2010-09-09
        Transform: AWS::Serverless-2016-10-31
        Resources:
          handlerFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: src/
              Handler: app.lambda_handler
              Runtime: python3.10
              MemorySize: 128
              Timeout: 100
              Events:
                ApiGet:
                  Type: HttpApi
                  Properties:
                    ApiId:
                      Ref: HttpApi
                    Path: /test
                    Method: ANY
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              CorsConfiguration:
                AllowOrigins:
                - '*'
                AllowHeaders:
                - '*'
                AllowMethods:
                - '*'
        Outputs:
          ApiURL:
            Value: !Sub "https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com/test"
        """,
        {
            "src/app.py": """
                import json


                def lambda_handler(event, context):
                    return {"statusCode": 200, "body": json.dumps({"message": "Hello there! You just created an HTTP API with CORS"})}
            """
        },
    )
    url = deploy(server, template, "http-cors").outputs["ApiURL"]
    origin = {"Origin": "https://test-cors.org"}
    response = request(server, url, "POST", headers=origin)
    assert response.status_code == 200
    assert response.json() == {"message": "Hello there! You just created an HTTP API with CORS"}
    assert response.headers["access-control-allow-origin"] == "*"
    # Without an Origin the request is not a CORS one: no CORS headers.
    assert "access-control-allow-origin" not in request(server, url).headers
    # API Gateway answers the preflight itself: there is no OPTIONS route.
    preflight = request(
        server,
        url,
        "OPTIONS",
        headers={
            **origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "x-custom",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.text == ""


# -- apigw-api-key -------------------------------------------------------------------------------


def test_apigw_api_key_required_on_the_rest_api(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_pattern(
        tmp_path / "apigw-api-key",
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: nodejs24.x
            CodeUri: src/
        Resources:
          AppApi:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: apigw-api-key
              Description: API key REST API demo
          RootMethodGet:
            Type: AWS::ApiGateway::Method
            Properties:
              RestApiId: !Ref AppApi
              ResourceId: !GetAtt AppApi.RootResourceId
              HttpMethod: GET
              AuthorizationType: NONE
              ApiKeyRequired: True
              Integration:
                Type: AWS_PROXY
                IntegrationHttpMethod: POST
                Uri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt AppFunction.Arn, '/invocations']]
          AppFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
          AppFunctionPermission:
            Type: AWS::Lambda::Permission
            Properties:
              FunctionName: !Ref AppFunction
              Action: lambda:InvokeFunction
              Principal: apigateway.amazonaws.com
              SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${AppApi}/*/GET/
          UsagePlan:
            Type: AWS::ApiGateway::UsagePlan
            Properties:
              ApiStages:
                - ApiId: !Ref AppApi
                  Stage: !Ref Stage
          ApiKey:
            Type: AWS::ApiGateway::ApiKey
            Properties:
              Enabled: True
          UsagePlanKey:
            Type: AWS::ApiGateway::UsagePlanKey
            Properties:
              KeyId: !Ref ApiKey
              KeyType: API_KEY
              UsagePlanId: !Ref UsagePlan
          Deployment:
            Type: AWS::ApiGateway::Deployment
            DependsOn:
            - RootMethodGet
            Properties:
              RestApiId: !Ref AppApi
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties:
              StageName: Prod
              RestApiId: !Ref AppApi
              DeploymentId: !Ref Deployment
        Outputs:
          AppApiEndpoint:
            Value: !Sub "https://${AppApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod"
        """,
        {
            "src/app.js": """
                exports.handler = async (event) => ({
                  statusCode: 200,
                  body: JSON.stringify({ message: "Hello from the API key demo", key: event.requestContext.identity.apiKey }),
                });
            """
        },
    )
    endpoint = deploy(server, template, "api-key").outputs["AppApiEndpoint"]
    gateway = server.client("apigateway")
    # "You can retrieve the API key contents from the API Gateway console."
    (key,) = gateway.get_api_keys(includeValues=True)["items"]
    assert key["enabled"] is True and len(key["value"]) >= 20

    refused = request(server, endpoint)
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert refused.headers["x-amzn-errortype"] == "ForbiddenException"
    answered = request(server, endpoint, headers={"x-api-key": key["value"]})
    assert answered.status_code == 200
    assert answered.json() == {"message": "Hello from the API key demo", "key": key["value"]}
    wrong = request(server, endpoint, headers={"x-api-key": "not-" + key["value"]})
    assert wrong.status_code == 403


# -- apigw-cors-proxy ----------------------------------------------------------------------------

CORS_PROXY_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
    ApiGatewayRestApi:
      Type: AWS::ApiGateway::RestApi
      Properties:
        Description: API with Cors Support
        EndpointConfiguration:
          Types:
            - REGIONAL
        Name: cors-api
    ApiGatewayResource:
      Type: AWS::ApiGateway::Resource
      Properties:
        ParentId: !GetAtt ApiGatewayRestApi.RootResourceId
        PathPart: 'helloworld'
        RestApiId: !Ref ApiGatewayRestApi
    ApiGatewayGetMethod:
      Type: AWS::ApiGateway::Method
      Properties:
        AuthorizationType: NONE
        HttpMethod: GET
        Integration:
          IntegrationHttpMethod: POST
          IntegrationResponses:
           -
            ResponseParameters:
               method.response.header.Access-Control-Allow-Headers: "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"
               method.response.header.Access-Control-Allow-Methods: "'POST,GET,OPTIONS'"
               method.response.header.Access-Control-Allow-Origin: "'*'"
            StatusCode: '200'
          Type: AWS
          Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${MyFunction.Arn}/invocations"
        MethodResponses:
         -
           ResponseParameters:
             method.response.header.Access-Control-Allow-Headers: true
             method.response.header.Access-Control-Allow-Methods: true
             method.response.header.Access-Control-Allow-Origin: true
           StatusCode: '200'
        OperationName: 'helloworld'
        ResourceId: !Ref ApiGatewayResource
        RestApiId: !Ref ApiGatewayRestApi
    ApiGatewayOptionsMethod:
      Type: AWS::ApiGateway::Method
      Properties:
        AuthorizationType: NONE
        HttpMethod: OPTIONS
        Integration:
          IntegrationHttpMethod: POST
          Type: AWS_PROXY
          Uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${MyFunctionOptions.Arn}/invocations"
        OperationName: 'helloworld'
        ResourceId: !Ref ApiGatewayResource
        RestApiId: !Ref ApiGatewayRestApi
    MyFunction:
        Type: AWS::Serverless::Function
        Properties:
            Handler: index.handler
            Runtime: python3.14
            InlineCode: |
                import json
                def handler(event, context):
                    return {
                "statusCode": 200,
                "body": json.dumps({ "message" : "Hello from Lambda!"}),
                }
    MyFunctionPermission:
        Type: AWS::Lambda::Permission
        DependsOn:
        - ApiGatewayRestApi
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: !Ref MyFunction
          Principal: apigateway.amazonaws.com
    MyFunctionOptions:
        Type: AWS::Serverless::Function
        DependsOn: ApiGatewayRestApi
        Properties:
            Handler: index.handler
            Runtime: python3.14
            InlineCode: |
                import json
                def handler(event, context):
                    return {
                        "statusCode": 200,
                        "headers": {
                            "Access-Control-Allow-Origin": '*',
                            "Access-Control-Allow-Headers": 'Content-Type,Authorization,X-AMZ-Date,X-Api-Key,X-AMZ-Security-Token',
                            "Access-Control-Allow-Methods": 'GET,POST,OPTIONS'
                            }
                }
    MyFunctionOptionsPermission:
        Type: AWS::Lambda::Permission
        DependsOn:
        - ApiGatewayRestApi
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: !Ref MyFunctionOptions
          Principal: apigateway.amazonaws.com
    Deployment:
      Type: AWS::ApiGateway::Deployment
      DependsOn: ApiGatewayGetMethod
      Properties:
        RestApiId: !Ref ApiGatewayRestApi
        StageName: prod
"""


def test_apigw_cors_proxy_rest_api_written_out(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_pattern(tmp_path / "apigw-cors-proxy", CORS_PROXY_TEMPLATE)
    deploy(server, template, "cors-proxy")
    (api,) = server.client("apigateway").get_rest_apis()["items"]
    assert (api["name"], api["endpointConfiguration"]["types"]) == ("cors-api", ["REGIONAL"])
    url = f"http://{api['id']}.execute-api.localhost:{server.port}/prod/helloworld"

    # GET is a non-proxy (AWS) Lambda integration: the function's whole result is the body.
    answered = request(server, url, headers={"Origin": "https://example.com"})
    assert answered.status_code == 200
    assert answered.json() == {"statusCode": 200, "body": json.dumps({"message": "Hello from Lambda!"})}
    assert answered.headers["access-control-allow-origin"] == "*"
    assert answered.headers["access-control-allow-methods"] == "POST,GET,OPTIONS"
    assert (
        answered.headers["access-control-allow-headers"]
        == "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"
    )
    # OPTIONS is a proxy integration whose function sets the CORS headers itself.
    preflight = request(server, url, "OPTIONS", headers={"Origin": "https://example.com"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-methods"] == "GET,POST,OPTIONS"
    assert preflight.headers["access-control-allow-origin"] == "*"


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


# -- dynamodb-lambda -----------------------------------------------------------------------------


def test_dynamodb_lambda_node_trigger_logs_the_item(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_pattern(
        tmp_path / "dynamodb-lambda",
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: 'AWS::Serverless-2016-10-31'
        Resources:
          DynamoDBProcessStreamFunction:
            Type: 'AWS::Serverless::Function'
            Properties:
              Handler: app.handler
              Runtime: nodejs20.x
              CodeUri: src/
              MemorySize: 128
              Timeout: 3
              Events:
                MyDynamoDBtable:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt MyDynamoDBtable.StreamArn
                    StartingPosition: TRIM_HORIZON
                    BatchSize: 100
          MyDynamoDBtable:
            Type: 'AWS::DynamoDB::Table'
            Properties:
              AttributeDefinitions:
                - AttributeName: id
                  AttributeType: S
              KeySchema:
                - AttributeName: id
                  KeyType: HASH
              ProvisionedThroughput:
                ReadCapacityUnits: 5
                WriteCapacityUnits: 5
              StreamSpecification:
                StreamViewType: NEW_IMAGE
        """,
        {
            "src/app.js": """
                exports.handler = async (event) => {
                  for (const record of event.Records) {
                    console.log("DynamoDB Record: %j", record.dynamodb);
                  }
                  return `Successfully processed ${event.Records.length} records.`;
                };
            """
        },
    )
    deploy(server, template, "ddb-trigger")
    dynamodb = server.client("dynamodb")
    (table,) = dynamodb.list_tables()["TableNames"]
    assert table.startswith("ddb-trigger-MyDynamoDBtable")
    # "After deployment, add an item to the DynamoDB table. Go to the CloudWatch Logs for the function."
    dynamodb.put_item(TableName=table, Item={"id": {"S": "42"}, "note": {"S": "logged"}})
    logs = server.client("logs")
    group = "/aws/lambda/ddb-trigger-DynamoDBProcessStreamFunction"

    def records() -> list[dict[str, Any]]:
        if not logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
            return []
        events = logs.filter_log_events(logGroupName=group, filterPattern='"DynamoDB Record"')["events"]
        return [json.loads(event["message"].split("DynamoDB Record: ", 1)[1]) for event in events]

    (record,) = wait_until(records, timeout=15)
    assert record["Keys"] == {"id": {"S": "42"}}
    assert record["NewImage"] == {"id": {"S": "42"}, "note": {"S": "logged"}}
    assert record["StreamViewType"] == "NEW_IMAGE"


# -- apigw-cloudwatch ----------------------------------------------------------------------------


def test_apigw_cloudwatch_stage_logs_and_traces(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_pattern(
        tmp_path / "apigw-cloudwatch",
        """
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Resources:
          MyLogGroup:
            Type: AWS::Logs::LogGroup
          MyApi:
            Type: AWS::Serverless::Api
            Properties:
              StageName: Prod
              EndpointConfiguration: REGIONAL
              TracingEnabled: true
              AccessLogSetting:
                DestinationArn: !GetAtt MyLogGroup.Arn
                Format: >
                  {"requestId":"$context.requestId",
                  "integration-status":"$context.integration.status",
                  "response-latency":"$context.responseLatency",
                  "status":"$context.status"}
          MyLambdaFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: src/
              Handler: app.lambda_handler
              Runtime: python3.14
              Events:
                RootGet:
                  Type: Api
                  Properties:
                    Path: /
                    Method: get
                    RestApiId: !Ref MyApi
        Outputs:
          ApiEndpoint:
            Value: !Sub https://${MyApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/Prod
          LogGroupName:
            Value: !Ref MyLogGroup
        """,
        {
            "src/app.py": """
                def lambda_handler(event, context):
                    return {"statusCode": 200, "body": "Hello from the micro-service"}
            """
        },
    )
    outputs = deploy(server, template, "apigw-cloudwatch")
    endpoint, group = outputs.outputs["ApiEndpoint"], outputs.outputs["LogGroupName"]
    answered = request(server, endpoint + "/")
    assert (answered.status_code, answered.text) == (200, "Hello from the micro-service")
    # The stage carries the template's tracing and access log settings (the log lines themselves are
    # not written by the emulator: see the module docstring).
    api_id = endpoint.split("://", 1)[1].split(".", 1)[0]
    stage = server.client("apigateway").get_stage(restApiId=api_id, stageName="Prod")
    assert stage["tracingEnabled"] is True
    assert stage["accessLogSettings"]["destinationArn"].startswith(
        f"arn:aws:logs:us-east-1:000000000000:log-group:{group}"
    )
    assert json.loads(stage["accessLogSettings"]["format"]) == {
        "requestId": "$context.requestId",
        "integration-status": "$context.integration.status",
        "response-latency": "$context.responseLatency",
        "status": "$context.status",
    }


# -- apigw-execution-logs ------------------------------------------------------------------------

EXECUTION_LOGS_TEMPLATE = r"""
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    OpenApiVersion: 3.0.1
Parameters:
 AccessLogGroup:
   Type: String
   Default: Enter a name for the CloudWatch access log group
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    DependsOn: ApiCWLRoleArn
    Properties:
      StageName: prod
      AccessLogSetting:
        DestinationArn: !GetAtt MyLogGroup.Arn
        Format: "{ \"requestId\":\"$context.requestId\", \"ip\": \"$context.identity.sourceIp\", \"status\":\"$context.status\" }"
      MethodSettings:
        - MetricsEnabled: True
          ResourcePath: '/*'
          HttpMethod: '*'
          LoggingLevel: INFO
  MyLogGroup:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub '${AccessLogGroup}'
  ApiCWLRoleArn:
    Type: AWS::ApiGateway::Account
    Properties:
      CloudWatchRoleArn: !GetAtt CloudWatchRole.Arn
  CloudWatchRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Version: '2012-10-17'
          Statement:
            Action: 'sts:AssumeRole'
            Effect: Allow
            Principal:
              Service: apigateway.amazonaws.com
        ManagedPolicyArns:
          - 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'
  MyFunction:
        Type: AWS::Serverless::Function
        Properties:
            Handler: index.handler
            Runtime: RUNTIME
            InlineCode: |
                import json
                def handler(event, context):
                    return {
                "statusCode": 200,
                "body": json.dumps({ "message" : "Hello from Lambda!"}),
                }
            Events:
                HelloWorld:
                    Type: Api
                    Properties:
                        RestApiId: !Ref MyApi
                        Path: /
                        Method: get
"""


def test_apigw_execution_logs_stage_settings(tmp_path: Path, server: EmulatorProcess) -> None:
    root = tmp_path / "apigw-execution-logs"
    overrides = {"AccessLogGroup": "my-api-access-logs"}
    # As written the function runs on python3.7, which Lambda no longer takes for new functions.
    template = write_pattern(root, EXECUTION_LOGS_TEMPLATE.replace("RUNTIME", "python3.7"))
    with pytest.raises(TemplateError) as refused:
        Deployer(template, server.url, stack_name="exec-logs", parameter_overrides=overrides).deploy()
    assert str(refused.value).endswith(
        "The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. "
        "We recommend you use a supported runtime while creating or updating functions."
    )
    template = write_pattern(root, EXECUTION_LOGS_TEMPLATE.replace("RUNTIME", "python3.13"))
    Deployer(template, server.url, stack_name="exec-logs", parameter_overrides=overrides).deploy()

    (api,) = server.client("apigateway").get_rest_apis()["items"]
    answered = request(server, f"http://{api['id']}.execute-api.localhost:{server.port}/prod/")
    assert (answered.status_code, answered.json()) == (200, {"message": "Hello from Lambda!"})
    stage = server.client("apigateway").get_stage(restApiId=api["id"], stageName="prod")
    assert stage["methodSettings"]["*/*"]["metricsEnabled"] is True
    assert stage["methodSettings"]["*/*"]["loggingLevel"] == "INFO"
    assert stage["accessLogSettings"]["destinationArn"].startswith(
        "arn:aws:logs:us-east-1:000000000000:log-group:my-api-access-logs"
    )
    groups = server.client("logs").describe_log_groups(logGroupNamePrefix="my-api-access-logs")["logGroups"]
    assert [group["logGroupName"] for group in groups] == ["my-api-access-logs"]
