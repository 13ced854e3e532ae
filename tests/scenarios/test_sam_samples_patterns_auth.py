"""aws-samples/serverless-patterns apigw-lambda-authorizer: a REST API behind a Node.js TOKEN authorizer.

The template (written out in CloudFormation resources) is deployed with the deployer ``emulator
deploy`` runs; the requests are those the authorizer's four token cases invite.
"""

from __future__ import annotations

from pathlib import Path

from sam_samples import deploy, request, write_sample

from emulator.testing import EmulatorProcess

AUTHORIZER_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    CodeUri: src/
Resources:
  AppApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: apigw-lambda-authorizer
      Description: Lambda Token Authorizer REST API demo
  RootMethodGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref AppApi
      ResourceId: !GetAtt AppApi.RootResourceId
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref AuthorizersLambdaToken
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt AppFunction.Arn, '/invocations']]
  AuthorizersLambdaToken:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      Name: LambdaAuthorizerToken
      Type: TOKEN
      RestApiId: !Ref AppApi
      IdentitySource: method.request.header.authorizationToken
      AuthorizerUri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt TokenAuthorizerFunction.Arn, '/invocations']]
  AppFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
  TokenAuthorizerFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: tokenauthorizer.handler
  AppFunctionPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref AppFunction
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${AppApi}/*/GET/
  TokenAuthorizerFunctionPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref TokenAuthorizerFunction
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${AppApi}/authorizers/${AuthorizersLambdaToken}
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
    Value: !Sub "https://${AppApi}.execute-api.${AWS::Region}.amazonaws.com/Prod"
"""

AUTHORIZER_CODE = {
    # The pattern's authorizer, callback style: allow, deny, "Unauthorized", or any other error.
    "src/tokenauthorizer.js": """
        "use strict";

        const policy = (effect, resource) => ({
          principalId: "user",
          policyDocument: {
            Version: "2012-10-17",
            Statement: [{ Action: "execute-api:Invoke", Effect: effect, Resource: resource }],
          },
          context: { stringKey: "stringval", numberKey: 123, booleanKey: true },
        });

        exports.handler = function (event, context, callback) {
          setTimeout(() => {
            switch (event.authorizationToken) {
              case "Bearer allow":
                return callback(null, policy("Allow", event.methodArn));
              case "Bearer deny":
                return callback(null, policy("Deny", event.methodArn));
              case "unauthorized":
                return callback("Unauthorized");
              default:
                return callback("Error: Invalid token");
            }
          }, 1);
        };
    """,
    # The pattern's "dummy function" is not in the repository: this one shows what the authorizer passed on.
    "src/app.js": """
        exports.handler = async (event) => ({
          statusCode: 200,
          body: JSON.stringify({ principal: event.requestContext.authorizer.principalId,
                                 stringKey: event.requestContext.authorizer.stringKey,
                                 numberKey: event.requestContext.authorizer.numberKey }),
        });
    """,
}


def test_apigw_lambda_token_authorizer(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(tmp_path / "apigw-lambda-authorizer", AUTHORIZER_TEMPLATE, AUTHORIZER_CODE)
    endpoint = deploy(server, template, "token-auth").outputs["AppApiEndpoint"]

    def call(token: str | None) -> tuple[int, object, str]:
        headers = {} if token is None else {"authorizationToken": token}
        response = request(server, endpoint, headers=headers)
        return response.status_code, response.json(), response.headers.get("x-amzn-errortype", "")

    # The authorizer's context reaches the function as strings (numbers and booleans included).
    assert call("Bearer allow") == (
        200,
        {"principal": "user", "stringKey": "stringval", "numberKey": "123"},
        "",
    )
    assert call("Bearer deny") == (
        403,
        {"Message": "User is not authorized to access this resource with an explicit deny"},
        "AccessDeniedException",
    )
    assert call("unauthorized") == (401, {"message": "Unauthorized"}, "UnauthorizedException")
    assert call("something else") == (500, {"message": None}, "AuthorizerConfigurationException")
    # Without the token header the authorizer is not even called.
    assert call(None) == (401, {"message": "Unauthorized"}, "UnauthorizedException")
