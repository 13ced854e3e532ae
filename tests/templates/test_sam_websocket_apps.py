"""WebSocket chats as users write them, each relaying a message between two real clients.

The CloudFormation form of aws-samples/simple-websockets-chat-app (ApiGatewayV2
resources written out, beside resources the emulator skips), and the same room
with SAM's AWS::Serverless::WebSocketApi and a $connect authorizer.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import websockets
from sam_project import deploy, write_project

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

CHAT_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: A chat room on a WebSocket API, with a static site the emulator does not host.
Parameters:
  TableName:
    Type: String
    Default: 'chat_connections'
    MinLength: 3
    MaxLength: 50
    AllowedPattern: ^[A-Za-z_]+$
Resources:
  ChatSocket:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: ChatSocket
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: "$request.body.action"
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: $connect
      AuthorizationType: NONE
      OperationName: ConnectRoute
      Target: !Join ['/', ['integrations', !Ref ConnectInteg]]
  ConnectInteg:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatSocket
      Description: Connect Integration
      IntegrationType: AWS_PROXY
      IntegrationUri:
        Fn::Sub: arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OnConnectFunction.Arn}/invocations
  DisconnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: $disconnect
      AuthorizationType: NONE
      Target: !Join ['/', ['integrations', !Ref DisconnectInteg]]
  DisconnectInteg:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatSocket
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OnDisconnectFunction.Arn}/invocations
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref ChatSocket
      RouteKey: sendmessage
      AuthorizationType: NONE
      Target: !Join ['/', ['integrations', !Ref SendInteg]]
  SendInteg:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref ChatSocket
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${SendMessageFunction.Arn}/invocations
  Deployment:
    Type: AWS::ApiGatewayV2::Deployment
    DependsOn: [ConnectRoute, SendRoute, DisconnectRoute]
    Properties:
      ApiId: !Ref ChatSocket
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      StageName: Prod
      Description: Prod Stage
      DeploymentId: !Ref Deployment
      ApiId: !Ref ChatSocket
  ConnectionsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: connectionId, AttributeType: S}]
      KeySchema: [{AttributeName: connectionId, KeyType: HASH}]
      BillingMode: PAY_PER_REQUEST
      SSESpecification: {SSEEnabled: true}
      TableName: !Ref TableName
  OnConnectFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: onconnect/
      Handler: app.handler
      MemorySize: 256
      Runtime: python3.12
      Environment: {Variables: {TABLE_NAME: !Ref TableName}}
      Policies: [{DynamoDBCrudPolicy: {TableName: !Ref TableName}}]
  OnConnectPermission:
    Type: AWS::Lambda::Permission
    DependsOn: [ChatSocket]
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref OnConnectFunction
      Principal: apigateway.amazonaws.com
  OnDisconnectFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ondisconnect/
      Handler: app.handler
      Runtime: python3.12
      Environment: {Variables: {TABLE_NAME: !Ref TableName}}
  SendMessageFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: sendmessage/
      Handler: app.handler
      Runtime: python3.12
      Environment: {Variables: {TABLE_NAME: !Ref TableName}}
      Policies:
        - Statement:
          - Effect: Allow
            Action: ['execute-api:ManageConnections']
            Resource: [!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${ChatSocket}/*']
  SiteBucket:
    Type: AWS::S3::Bucket
  SiteDistribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Origins: [{Id: site, DomainName: !GetAtt SiteBucket.DomainName}]
Outputs:
  WebSocketURI:
    Value: !Join ['', ['wss://', !Ref ChatSocket, '.execute-api.', !Ref 'AWS::Region', '.amazonaws.com/', !Ref 'Stage']]
  WebsitePublicUrl:
    Value: !Join ['', ['https://', !GetAtt SiteDistribution.DomainName]]
"""

CHAT_FILES = {
    "onconnect/app.py": """
        import os

        import boto3

        table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


        def handler(event, context):
            table.put_item(Item={"connectionId": event["requestContext"]["connectionId"]})
            return {"statusCode": 200, "body": "Connected."}
        """,
    "ondisconnect/app.py": """
        import os

        import boto3

        table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


        def handler(event, context):
            table.delete_item(Key={"connectionId": event["requestContext"]["connectionId"]})
            return {"statusCode": 200, "body": "Disconnected."}
        """,
    "sendmessage/app.py": """
        import json
        import os

        import boto3

        table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


        def handler(event, context):
            request = event["requestContext"]
            endpoint = f"https://{request['domainName']}/{request['stage']}"
            api = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
            data = json.loads(event["body"])["data"].encode()
            for item in table.scan(ProjectionExpression="connectionId")["Items"]:
                try:
                    api.post_to_connection(ConnectionId=item["connectionId"], Data=data)
                except api.exceptions.GoneException:
                    table.delete_item(Key={"connectionId": item["connectionId"]})
            return {"statusCode": 200, "body": "Data sent."}
        """,
}


def test_websocket_chat_relays_a_message_between_two_clients(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "simple-chat", CHAT_TEMPLATE, CHAT_FILES)
    result = deploy(server, template)
    url = result.outputs["WebSocketURI"]
    assert url.startswith("ws://") and url.endswith(f".execute-api.localhost:{server.port}/Prod")
    skipped = [note for note in result.notes if "not emulated" in note]
    assert skipped == ["not emulated, skipped: SiteBucket (AWS::S3::Bucket), SiteDistribution (AWS::CloudFront::Distribution)"]
    assert result.outputs["WebsitePublicUrl"].startswith("https://")

    api_id = url.split("://", 1)[1].split(".", 1)[0]
    socket_url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/Prod"

    async def chat() -> tuple[str, str]:
        async with websockets.connect(socket_url) as alice, websockets.connect(socket_url) as bob:
            await alice.send(json.dumps({"action": "sendmessage", "data": "hello bob"}))
            return await asyncio.wait_for(bob.recv(), 15), await asyncio.wait_for(alice.recv(), 15)

    assert asyncio.run(chat()) == ("hello bob", "hello bob")
    dynamodb = server.client("dynamodb")
    # Closing the sockets ran $disconnect, which forgot both connections.
    wait_until(lambda: dynamodb.scan(TableName="chat_connections")["Count"] == 0, timeout=15)


SAM_CHAT_TEMPLATE = """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Environment: {Variables: {TABLE_NAME: !Ref Connections}}
  WebSocketApi:
    StageVariables: {room: lobby}
Resources:
  Connections:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey: {Name: connectionId, Type: String}
  ChatApi:
    Type: AWS::Serverless::WebSocketApi
    Properties:
      RouteSelectionExpression: $request.body.action
      StageName: prod
      Auth:
        AuthType: CUSTOM
        AuthArn: !GetAtt AuthorizeFunction.Arn
        IdentitySource: [route.request.querystring.token]
      Routes:
        $connect: {FunctionArn: !GetAtt ConnectFunction.Arn}
        $disconnect: {FunctionArn: !GetAtt DisconnectFunction.Arn}
        sendmessage: {FunctionArn: !GetAtt SendMessageFunction.Arn}
  AuthorizeFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            token = (event.get("queryStringParameters") or {}).get("token")
            effect = "Allow" if token == "letmein" else "Deny"
            return {"principalId": "chatter", "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
  ConnectFunction:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: onconnect/, Handler: app.handler}
  DisconnectFunction:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: ondisconnect/, Handler: app.handler}
  SendMessageFunction:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: sendmessage/, Handler: app.handler}
Outputs:
  WebSocketURI:
    Value: !Sub "wss://${ChatApi}.execute-api.${AWS::Region}.amazonaws.com/${ChatApi.Stage}"
"""


def test_serverless_websocket_api_chat_with_a_connect_authorizer(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "sam-chat", SAM_CHAT_TEMPLATE, CHAT_FILES)
    first = deploy(server, template)
    result = deploy(server, template)  # redeploying keeps the API and rebuilds its routes
    url = result.outputs["WebSocketURI"]
    assert url == first.outputs["WebSocketURI"] and url.endswith("/prod")
    api_id = url.split("://", 1)[1].split(".", 1)[0]
    assert server.client("apigatewayv2").get_stage(ApiId=api_id, StageName="prod")["StageVariables"] == {"room": "lobby"}
    socket_url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/prod"

    async def chat() -> tuple[str, str]:
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(socket_url + "?token=wrong"):
                pass
        assert refused.value.response.status_code == 403
        async with websockets.connect(socket_url + "?token=letmein") as alice, websockets.connect(
            socket_url + "?token=letmein"
        ) as bob:
            await alice.send(json.dumps({"action": "sendmessage", "data": "hi"}))
            return await asyncio.wait_for(bob.recv(), 15), await asyncio.wait_for(alice.recv(), 15)

    assert asyncio.run(chat()) == ("hi", "hi")
