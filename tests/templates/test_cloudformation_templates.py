"""Templates without the SAM transform: CloudFormation written out by hand, and `cdk synth` output."""

from __future__ import annotations

import json
from pathlib import Path

from sam_project import call, deploy, write_project

from emulator.testing import EmulatorProcess

PLAIN_CLOUDFORMATION = """
AWSTemplateFormatVersion: '2010-09-09'
Description: No SAM transform, resources written out as CloudFormation takes them.
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: []}
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Timeout: 5
      TracingConfig: {Mode: Active}
      Tags: [{Key: owner, Value: ops}]
      Code:
        ZipFile: |
          import os
          def handler(event, context):
              return {"statusCode": 200, "body": context.function_version + " " + os.environ["GREETING"]}
      Environment: {Variables: {GREETING: hi}}
  Version:
    Type: AWS::Lambda::Version
    Properties: {FunctionName: !Ref Handler}
  Live:
    Type: AWS::Lambda::Alias
    Properties:
      FunctionName: !Ref Handler
      FunctionVersion: !GetAtt Version.Version
      Name: live
  LiveUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !Ref Handler
      Qualifier: live
      AuthType: NONE
    DependsOn: Live
  LiveUrlPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Live
      Action: lambda:InvokeFunctionUrl
      Principal: "*"
      FunctionUrlAuthType: NONE
Outputs:
  Url: {Value: !GetAtt LiveUrl.FunctionUrl}
  Alias: {Value: !Ref Live}
"""


def test_plain_cloudformation_function_version_alias_and_url(tmp_path: Path, server: EmulatorProcess) -> None:
    result = deploy(server, write_project(tmp_path / "plain", PLAIN_CLOUDFORMATION, {}))
    assert result.outputs["Alias"] == "arn:aws:lambda:us-east-1:000000000000:function:plain-Handler:live"
    assert call(server, result.outputs["Url"]).text == "1 hi"
    configuration = server.client("lambda").get_function(FunctionName="plain-Handler")
    assert configuration["Configuration"]["Role"] == "arn:aws:iam::000000000000:role/Role"
    assert configuration["Configuration"]["TracingConfig"] == {"Mode": "Active"}
    assert configuration["Tags"] == {"owner": "ops"}
    assert result.notes == ["not emulated, skipped: Role (AWS::IAM::Role)"]


def _cdk_template() -> dict:
    """What `cdk synth` writes for a LambdaRestApi in front of one function (shape only, names shortened)."""
    api, root = {"Ref": "Api"}, {"Fn::GetAtt": ["Api", "RootResourceId"]}
    uri = {"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
        ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["Handler", "Arn"]}, "/invocations",
    ]]}  # fmt: skip
    proxy_integration = {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": uri}
    return {
        "Resources": {
            "HandlerRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {}}},
            "Handler": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Code": {"S3Bucket": {"Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"},
                             "S3Key": "0a1b2c.zip"},
                    "Role": {"Fn::GetAtt": ["HandlerRole", "Arn"]},
                    "Handler": "index.handler",
                    "Runtime": "nodejs20.x",
                },
                "DependsOn": ["HandlerRole"],
                "Metadata": {"aws:cdk:path": "Stack/Handler/Resource", "aws:asset:path": "asset.0a1b2c",
                             "aws:asset:is-bundled": False, "aws:asset:property": "Code"},
            },
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "Api"}},
            "ApiAccount": {"Type": "AWS::ApiGateway::Account", "Properties": {}},
            "Proxy": {"Type": "AWS::ApiGateway::Resource",
                      "Properties": {"ParentId": root, "PathPart": "{proxy+}", "RestApiId": api}},
            "ProxyANY": {"Type": "AWS::ApiGateway::Method",
                         "Properties": {"AuthorizationType": "NONE", "HttpMethod": "ANY", "Integration": proxy_integration,
                                        "ResourceId": {"Ref": "Proxy"}, "RestApiId": api}},
            "RootANY": {"Type": "AWS::ApiGateway::Method",
                        "Properties": {"AuthorizationType": "NONE", "HttpMethod": "ANY", "Integration": proxy_integration,
                                       "ResourceId": root, "RestApiId": api}},
            "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["ProxyANY", "RootANY", "Proxy"],
                           "Properties": {"Description": "Automatically created by the RestApi construct", "RestApiId": api}},
            "DeploymentStageprod": {"Type": "AWS::ApiGateway::Stage",
                                    "Properties": {"DeploymentId": {"Ref": "Deployment"}, "RestApiId": api, "StageName": "prod"}},
            "ProxyPermission": {"Type": "AWS::Lambda::Permission", "Properties": {
                "Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Handler", "Arn"]},
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"},
                                                ":", {"Ref": "AWS::AccountId"}, ":", api, "/*/*/*"]]}}},
            "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:H4sI"}},
        },
        "Outputs": {"Endpoint": {"Value": {"Fn::Join": ["", [
            "https://", api, ".execute-api.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/",
            {"Ref": "DeploymentStageprod"}, "/"]]}}},  # fmt: skip
        "Parameters": {"BootstrapVersion": {"Type": "AWS::SSM::Parameter::Value<String>",
                                            "Default": "/cdk-bootstrap/hnb659fds/version"}},
        "Rules": {"CheckBootstrapVersion": {"Assertions": [{"Assert": {"Fn::Not": [{"Fn::Contains": [["1"], "x"]}]},
                                                            "AssertDescription": "bootstrap"}]}},
    }


def test_cdk_synth_output_with_an_asset_folder_and_a_rest_api(tmp_path: Path, server: EmulatorProcess) -> None:
    handler = "exports.handler = async (event) => ({ statusCode: 200, body: `cdk ${event.httpMethod} ${event.path}` });\n"
    out = tmp_path / "cdk.out"
    (out / "asset.0a1b2c").mkdir(parents=True)
    (out / "asset.0a1b2c" / "index.js").write_text(handler)
    (out / "Stack.template.json").write_text(json.dumps(_cdk_template(), indent=1))
    result = deploy(server, out / "Stack.template.json", stack_name="Stack")
    assert result.outputs["Endpoint"].endswith("/prod/")
    assert call(server, result.outputs["Endpoint"] + "items/7", "POST").text == "cdk POST /items/7"
    assert call(server, result.outputs["Endpoint"]).text == "cdk GET /"
    assert result.notes == ["not emulated, skipped: HandlerRole (AWS::IAM::Role), ApiAccount (AWS::ApiGateway::Account)"]
    # A redeploy rebuilds the written-out API.
    again = deploy(server, out / "Stack.template.json", stack_name="Stack")
    assert call(server, again.outputs["Endpoint"] + "again").text == "cdk GET /again"
