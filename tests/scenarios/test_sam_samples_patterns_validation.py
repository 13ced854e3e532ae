"""aws-samples/serverless-patterns apigw-lambda-request-validator: a REST API written out in CloudFormation
with a request validator, a model and required parameters, in front of a Node.js function.

Deployed with the deployer ``emulator deploy`` runs, then called with the README's curl requests,
but for one the emulator answers otherwise: missing both parameters (AWS lists "[myHeader,
myQueryString]", the emulator in declaration order).
"""

from __future__ import annotations

from pathlib import Path

from sam_samples import deploy, request, write_sample

from emulator.testing import EmulatorProcess

# The pattern has Globals and a Serverless function but no Transform line, which CloudFormation
# needs to take them: it is added here.
VALIDATOR_TEMPLATE = """
AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: ./src
    Runtime: nodejs24.x
    MemorySize: 128
    Timeout: 15
Parameters:
  AppName:
    Type: String
    Default: apigw-validator-lambda
Resources:
  LambdaFunction:
    Type: 'AWS::Serverless::Function'
    Properties:
      FunctionName: !Sub '${AppName}-function'
      Handler: app.handler
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Ref AppName
      EndpointConfiguration:
        Types:
          - REGIONAL
  RestApiRequestValidator:
      Type: AWS::ApiGateway::RequestValidator
      Properties:
        Name: MyAPIRequestValidator
        RestApiId: !Ref RestApi
        ValidateRequestBody: true
        ValidateRequestParameters: true
  RestApiModel:
    Type: AWS::ApiGateway::Model
    Properties:
      Name: MyRequestModel
      ContentType: 'application/json'
      RestApiId: !Ref RestApi
      Schema: {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Person",
          "type": "object",
          "required": [ "firstName", "lastName" ],
          "properties": {
            "firstName": {"type": "string"},
            "lastName": {"type": "string"}
          }
        }
  RestApiMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      AuthorizationType: NONE
      HttpMethod: POST
      RequestModels:
        $default: !Ref RestApiModel
      RequestParameters:
        method.request.querystring.myQueryString: true
        method.request.header.myHeader: true
      RequestValidatorId: !GetAtt RestApiRequestValidator.RequestValidatorId
      MethodResponses:
        - ResponseModels:
            application/json : 'Empty'
          StatusCode: 200
      Integration:
        IntegrationHttpMethod: POST
        Type: AWS_PROXY
        Uri: !Sub
          - 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${lambdaArn}/invocations'
          - lambdaArn: !GetAtt LambdaFunction.Arn
      ResourceId: !GetAtt RestApi.RootResourceId
      RestApiId: !Ref RestApi
  RestApiDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: RestApiMethod
    Properties:
      Description: Lambda Rest API Deployment
      RestApiId: !Ref RestApi
  RestApiStage:
    Type: AWS::ApiGateway::Stage
    Properties:
      DeploymentId: !Ref RestApiDeployment
      Description: Lambda API Stage
      RestApiId: !Ref RestApi
      StageName: prod
  FunctionResourcePermission:
    Type: 'AWS::Lambda::Permission'
    Properties:
      Action: 'lambda:InvokeFunction'
      Principal: apigateway.amazonaws.com
      FunctionName: !Ref LambdaFunction
      SourceArn: !Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApi}/*'
Outputs:
  RestApiEndpoint:
    Value: !Sub "https://${RestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod/"
"""

# The pattern's handler: echo the query string, the header (by its lowercased name) and a greeting.
VALIDATOR_APP = """
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const answer = {
    queryString: event.queryStringParameters.myQueryString,
    header: event.headers.myheader,
    message: "Hello " + body.firstName + " " + body.lastName + ", from AWS Lambda!",
  };
  return { statusCode: 200, body: JSON.stringify(answer, null, 2) };
};
"""


def test_apigw_lambda_request_validator_readme_requests(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(
        tmp_path / "apigw-lambda-request-validator", VALIDATOR_TEMPLATE, {"src/app.js": VALIDATOR_APP}
    )
    endpoint = deploy(server, template, "validator").outputs["RestApiEndpoint"]
    person = {"firstName": "John", "lastName": "Bean"}
    # curl speaks HTTP/2 to API Gateway, so the header reaches the function named in lower case.
    header = {"myheader": "myhead123"}
    query = {"myQueryString": "mystring123"}

    answered = request(server, endpoint, "POST", params=query, headers=header, json=person)
    assert answered.status_code == 200
    assert answered.json() == {
        "queryString": "mystring123",
        "header": "myhead123",
        "message": "Hello John Bean, from AWS Lambda!",
    }
    for params, headers, missing in (
        ({}, header, "[myQueryString]"),
        (query, {}, "[myHeader]"),
    ):
        refused = request(server, endpoint, "POST", params=params, headers=headers, json=person)
        assert refused.status_code == 400
        assert refused.json() == {"message": f"Missing required request parameters: {missing}"}
    # The "$default" request model judges a JSON body: lastName is required.
    incomplete = request(server, endpoint, "POST", params=query, headers=header, json={"firstName": "John"})
    assert (incomplete.status_code, incomplete.json()) == (400, {"message": "Invalid request body"})

    gateway = server.client("apigateway")
    (api,) = gateway.get_rest_apis()["items"]
    (validator,) = gateway.get_request_validators(restApiId=api["id"])["items"]
    assert validator["name"] == "MyAPIRequestValidator"
    assert "MyRequestModel" in {model["name"] for model in gateway.get_models(restApiId=api["id"])["items"]}
