"""aws-samples/serverless-patterns on REST APIs: request validation, API keys, CORS, stage logging.

Each test writes the pattern's template (and handlers, in our words) to a folder, deploys it with
the deployer ``emulator deploy`` runs, then does what the pattern's README tests with.
apigw-cloudwatch's access log lines are not read back: REST stages keep the settings but the
emulator writes no access log.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sam_samples import api_id_of, deploy, request, write_sample

from emulator.templates.deploy import Deployer
from emulator.templates.loader import TemplateError
from emulator.testing import EmulatorProcess

# -- apigw-data-validation -----------------------------------------------------------------------


def test_apigw_data_validation_rejects_bodies_outside_the_model(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_sample(
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


# -- apigw-api-key -------------------------------------------------------------------------------


def test_apigw_api_key_required_on_the_rest_api(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(
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
    template = write_sample(tmp_path / "apigw-cors-proxy", CORS_PROXY_TEMPLATE)
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


# -- apigw-cloudwatch ----------------------------------------------------------------------------


def test_apigw_cloudwatch_stage_logs_and_traces(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(
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
    api_id = api_id_of(endpoint)
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
    template = write_sample(root, EXECUTION_LOGS_TEMPLATE.replace("RUNTIME", "python3.7"))
    with pytest.raises(TemplateError) as refused:
        Deployer(template, server.url, stack_name="exec-logs", parameter_overrides=overrides).deploy()
    assert str(refused.value).endswith(
        "The runtime parameter of python3.7 is no longer supported for creating or updating AWS Lambda functions. "
        "We recommend you use a supported runtime while creating or updating functions."
    )
    template = write_sample(root, EXECUTION_LOGS_TEMPLATE.replace("RUNTIME", "python3.13"))
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
