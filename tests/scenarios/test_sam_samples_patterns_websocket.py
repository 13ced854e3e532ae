"""aws-samples/serverless-patterns apigw-websocket-api-connection-dynamodb, deployed and inspected.

Its wscat session is not replayed: the $connect/$disconnect AWS integrations to DynamoDB actions
and the two-way $default route (a route response, no RouteResponseSelectionExpression) are not
served as API Gateway serves them.
"""

from __future__ import annotations

from pathlib import Path

from sam_samples import api_id_of, deploy, write_sample

from emulator.testing import EmulatorProcess

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
    template = write_sample(tmp_path / "ws-tracking", WEBSOCKET_TRACKING_TEMPLATE)
    outputs = deploy(server, template, "ws-tracking").outputs
    assert outputs["SessionsTable"] == "ws-tracking-Sessions"
    api_id = api_id_of(outputs["APIEndpoint"])
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
