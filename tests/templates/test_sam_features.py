"""SAM and CloudFormation features users' templates lean on, each deployed and exercised.

Shapes from SAM's resource reference and its translator tests (function_with_alias,
function_with_function_url_config, dynamodb events with FilterCriteria,
layers_with_intrinsics, globals_for_function) and CloudFormation's template reference.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sam_project import call, deploy, write_project

from emulator.templates.loader import TemplateError
from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

STREAM_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    AutoPublishAlias: live
    Environment:
      Variables:
        AUDIT_TABLE: !Ref AuditTable
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: pk, AttributeType: S}
        - {AttributeName: sk, AttributeType: S}
        - {AttributeName: status, AttributeType: S}
      KeySchema:
        - {AttributeName: pk, KeyType: HASH}
        - {AttributeName: sk, KeyType: RANGE}
      GlobalSecondaryIndexes:
        - IndexName: byStatus
          KeySchema: [{AttributeName: status, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
          Projection: {ProjectionType: ALL}
      LocalSecondaryIndexes:
        - IndexName: byStatusLocal
          KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: status, KeyType: RANGE}]
          Projection: {ProjectionType: KEYS_ONLY}
      StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
      TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
      Tags: [{Key: team, Value: orders}]
  AuditTable:
    Type: AWS::Serverless::SimpleTable
  AuditFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: audit/
      Handler: app.handler
      Events:
        Inserts:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt OrdersTable.StreamArn
            StartingPosition: LATEST
            BatchSize: 10
            MaximumBatchingWindowInSeconds: 0
            FilterCriteria:
              Filters:
                - Pattern: '{"eventName": ["INSERT"]}'
Outputs:
  TableArn: {Value: !GetAtt OrdersTable.Arn}
  StreamArn: {Value: !GetAtt OrdersTable.StreamArn}
  AuditAlias: {Value: !Ref AuditFunction.Alias}
"""

AUDIT_HANDLER = """
import os

import boto3

audit = boto3.resource("dynamodb").Table(os.environ["AUDIT_TABLE"])


def handler(event, context):
    for record in event["Records"]:
        keys = record["dynamodb"]["Keys"]
        audit.put_item(Item={"id": keys["pk"]["S"] + "/" + keys["sk"]["S"], "event": record["eventName"],
                             "version": context.function_version})
    return {"batchItemFailures": []}
"""


def test_dynamodb_stream_event_filters_and_runs_the_published_alias(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "orders", STREAM_TEMPLATE, {"audit/app.py": AUDIT_HANDLER})
    result = deploy(server, template)
    dynamodb = server.client("dynamodb")
    table = dynamodb.describe_table(TableName="orders-OrdersTable")["Table"]
    assert result.outputs["TableArn"] == table["TableArn"]
    assert result.outputs["StreamArn"] == table["LatestStreamArn"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert [index["IndexName"] for index in table["GlobalSecondaryIndexes"]] == ["byStatus"]
    assert [index["IndexName"] for index in table["LocalSecondaryIndexes"]] == ["byStatusLocal"]
    assert dynamodb.describe_time_to_live(TableName="orders-OrdersTable")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED",
        "AttributeName": "expiresAt",
    }
    backups = dynamodb.describe_continuous_backups(TableName="orders-OrdersTable")["ContinuousBackupsDescription"]
    assert backups["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert result.outputs["AuditAlias"] == "arn:aws:lambda:us-east-1:000000000000:function:orders-AuditFunction:live"

    mappings = server.client("lambda").list_event_source_mappings(FunctionName="orders-AuditFunction:live")
    (mapping,) = mappings["EventSourceMappings"]
    assert mapping["FunctionArn"] == result.outputs["AuditAlias"]
    assert mapping["BatchSize"] == 10
    assert mapping["FilterCriteria"] == {"Filters": [{"Pattern": '{"eventName": ["INSERT"]}'}]}
    wait_until(lambda: server.client("lambda").get_event_source_mapping(UUID=mapping["UUID"])["State"] == "Enabled")

    dynamodb.put_item(TableName="orders-OrdersTable", Item={"pk": {"S": "o1"}, "sk": {"S": "a"}, "status": {"S": "new"}})
    dynamodb.put_item(TableName="orders-OrdersTable", Item={"pk": {"S": "o1"}, "sk": {"S": "a"}, "status": {"S": "paid"}})
    dynamodb.put_item(TableName="orders-OrdersTable", Item={"pk": {"S": "o2"}, "sk": {"S": "b"}, "status": {"S": "new"}})

    def audited() -> list[dict] | None:
        items = dynamodb.scan(TableName="orders-AuditTable", ConsistentRead=True)["Items"]
        return items if len(items) == 2 else None

    items = wait_until(audited, timeout=30, interval=0.1)
    # Only the INSERTs passed the filter (the MODIFY of o1/a did not), and the alias's version ran.
    assert sorted((item["id"]["S"], item["event"]["S"], item["version"]["S"]) for item in items) == [
        ("o1/a", "INSERT", "1"),
        ("o2/b", "INSERT", "1"),
    ]


CLOUDFORMATION_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
Mappings:
  Settings:
    dev: {LogLevel: DEBUG, Memory: 256}
    prod: {LogLevel: WARN, Memory: 1024}
  Regions:
    us-east-1: {Label: virginia}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Resources:
  ProdOnlyTable:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      MemorySize: !FindInMap [Settings, !Ref Env, Memory]
      InlineCode: |
        import os
        def handler(event, context):
            return {k: v for k, v in os.environ.items() if k.startswith("APP_")}
      Environment:
        Variables:
          APP_LOG_LEVEL: !FindInMap [Settings, !Ref Env, LogLevel]
          APP_REGION_LABEL: !FindInMap [Regions, !Ref "AWS::Region", Label]
          APP_WHERE: !Sub
            - "${Stack} in ${AWS::Region} of ${AWS::Partition} (${AWS::AccountId}) at ${Suffix}"
            - {Stack: !Ref "AWS::StackName", Suffix: !Ref "AWS::URLSuffix"}
          APP_MODE: !If [IsProd, strict, relaxed]
          APP_DEBUG: !If [IsDev, true, !Ref "AWS::NoValue"]
          APP_PROD_TABLE: !If [IsProd, !Ref ProdOnlyTable, none]
  ProdOnlyFunction:
    Type: AWS::Serverless::Function
    Condition: IsProd
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return "prod only"
      Events:
        Prod:
          Type: HttpApi
          Properties: {Path: /prod, Method: get}
  AlwaysFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return "always"
      Events:
        Always:
          Type: HttpApi
          Properties: {Path: /always, Method: get}
Outputs:
  ProdTable:
    Condition: IsProd
    Value: !Ref ProdOnlyTable
  Name:
    Value: !Ref Inline
  HttpUrl:
    Value: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.amazonaws.com"
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ("dev", {"APP_LOG_LEVEL": "DEBUG", "APP_MODE": "relaxed", "APP_DEBUG": "true", "APP_PROD_TABLE": "none"}),
        ("prod", {"APP_LOG_LEVEL": "WARN", "APP_MODE": "strict", "APP_PROD_TABLE": "cfn-ProdOnlyTable"}),
    ],
)
def test_mappings_conditions_sub_maps_and_pseudo_parameters(
    tmp_path: Path, server: EmulatorProcess, env: str, expected: dict[str, str]
) -> None:
    template = write_project(tmp_path / "cfn", CLOUDFORMATION_TEMPLATE, {})
    result = deploy(server, template, parameter_overrides={"Env": env})
    lambda_ = server.client("lambda")
    answer = json.loads(lambda_.invoke(FunctionName=result.outputs["Name"])["Payload"].read())
    assert answer == {
        **expected,
        "APP_REGION_LABEL": "virginia",
        "APP_WHERE": "cfn in us-east-1 of aws (000000000000) at amazonaws.com",
    }
    memory = lambda_.get_function_configuration(FunctionName="cfn-Inline")["MemorySize"]
    assert memory == (1024 if env == "prod" else 256)
    tables = server.client("dynamodb").list_tables()["TableNames"]
    assert ("cfn-ProdOnlyTable" in tables) == (env == "prod")
    assert ("ProdTable" in result.outputs) == (env == "prod")
    # A function's Condition applies to its events too.
    assert call(server, result.outputs["HttpUrl"] + "/always").text == "always"
    assert call(server, result.outputs["HttpUrl"] + "/prod").status_code == (200 if env == "prod" else 404)


NODE_TEMPLATE = """
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 3
Resources:
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello-world/
      Handler: app.lambdaHandler
      Runtime: nodejs20.x
      Architectures: [x86_64]
      Events:
        HelloWorld:
          Type: Api
          Properties: {Path: /hello, Method: get}
Outputs:
  HelloWorldApi:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/hello/"
"""

NODE_APP = """
export const lambdaHandler = async (event, context) => {
  return { statusCode: 200, body: JSON.stringify({ message: 'hello world', path: event.path }) };
};
"""


def test_nodejs_hello_world_with_an_es_module_handler(tmp_path: Path, server: EmulatorProcess) -> None:
    package = '{"type": "module", "dependencies": {"left-pad": "^1.3.0"}}'
    template = write_project(
        tmp_path / "node-app", NODE_TEMPLATE, {"hello-world/app.mjs": NODE_APP, "hello-world/package.json": package}
    )
    result = deploy(server, template)
    # sam build would npm install; the emulator says what node_modules lacks.
    assert result.notes == [
        "HelloWorldFunction: the emulator runs hello-world/ unbuilt; package.json dependencies not found "
        "in node_modules: left-pad (run npm install there)"
    ]
    url = result.outputs["HelloWorldApi"]
    response = call(server, url)
    assert response.status_code == 200, response.text
    assert response.json() == {"message": "hello world", "path": "/hello/"}


URL_TEMPLATE = """
Transform: AWS::Serverless-2016-10-31
Resources:
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: shared/
      CompatibleRuntimes: [python3.12]
    Metadata:
      BuildMethod: python3.12
  UrlFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: fn/
      Handler: app.handler
      Runtime: python3.12
      Layers: [!Ref SharedLayer]
      AutoPublishAlias: live
      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}
      VpcConfig: {SecurityGroupIds: [sg-1], SubnetIds: [subnet-1]}
      DeploymentPreference:
        Type: Canary10Percent5Minutes
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
Outputs:
  Url: {Value: !GetAtt UrlFunctionUrl.FunctionUrl}
  Version: {Value: !Ref UrlFunction.Version}
"""


def test_function_url_alias_and_a_layer_built_by_build_method(tmp_path: Path, server: EmulatorProcess) -> None:
    files = {
        "shared/greetings.py": "def greet(name):\n    return f'hello {name}'\n",
        "fn/app.py": """
            import greetings


            def handler(event, context):
                return {"greeting": greetings.greet(event["rawPath"]), "version": context.function_version}
            """,
    }
    template = write_project(tmp_path / "url-app", URL_TEMPLATE, files)
    result = deploy(server, template)
    assert result.outputs["Url"].startswith("http://") and ".lambda-url.us-east-1.localhost:" in result.outputs["Url"]
    assert result.outputs["Version"].endswith(":url-app-UrlFunction:1")
    assert call(server, result.outputs["Url"] + "world").json() == {"greeting": "hello /world", "version": "1"}
    notes = "\n".join(result.notes)
    assert "UrlFunction: event Nightly (Schedule) is not emulated" in notes
    assert "DeploymentPreference shifts all traffic to the new version at once" in notes
    assert "UrlFunction: VpcConfig, ProvisionedConcurrencyConfig not applied by the emulator" in notes

    # A redeploy publishes the next version behind the same alias and URL.
    again = deploy(server, template)
    assert again.outputs["Url"] == result.outputs["Url"]
    assert again.outputs["Version"].endswith(":2")
    assert call(server, result.outputs["Url"] + "again").json()["version"] == "2"


INCLUDE_TEMPLATE = """
Transform: [AWS::Serverless-2016-10-31]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: api/openapi.yaml}
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {"statusCode": 200, "body": event["resource"]}
Outputs:
  Url: {Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Api.Stage}/echo"}
"""

OPENAPI = """
openapi: 3.0.1
info: {title: included, version: "1"}
paths:
  /echo:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Echo.Arn}/invocations
"""


def test_definition_body_included_from_a_local_openapi_file(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "included", INCLUDE_TEMPLATE, {"api/openapi.yaml": OPENAPI})
    url = deploy(server, template).outputs["Url"]
    assert call(server, url).text == "/echo"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Functions: {Timeout: 3}\nResources: {}\n",
            "'Globals' section is invalid. 'Functions' is not supported.",
        ),
        (
            "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: s3://bucket/code.zip\n",
            "F: code must be a local folder next to the template; 's3://bucket/code.zip' is in S3",
        ),
        (
            "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: v1\n"
            "      DefinitionBody:\n        Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/api.yaml}}\n",
            "Fn::Transform AWS::Include: s3://b/api.yaml is not a local file (the emulator has no S3)",
        ),
        (
            "Mappings:\n  M: {dev: {Size: 1}}\nResources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n"
            "    Properties:\n      TableName: !FindInMap [M, prod, Size]\n",
            "Unable to get mapping for M::prod::Size",
        ),
        (
            "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      Runtime: python3.12\n      Handler: index.handler\n      InlineCode: x\n"
            "      Events:\n        Get: {Type: Api, Properties: {Method: get}}\n",
            "F: Api event Get needs Path and Method",
        ),
        (
            "Resources:\n  Raw:\n    Type: AWS::ApiGateway::RestApi\n  F:\n    Type: AWS::Serverless::Function\n"
            "    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      InlineCode: x\n"
            "      Events:\n        Get: {Type: Api, Properties: {RestApiId: !Ref Raw, Path: /, Method: get}}\n",
            "event refers to API Raw, which is a AWS::ApiGateway::RestApi, not an AWS::Serverless::Api",
        ),
    ],
)
def test_unsupported_template_shapes_are_refused_in_words(
    tmp_path: Path, server: EmulatorProcess, template: str, message: str
) -> None:
    # A TemplateError is what the CLI prints as one line, with no traceback (test_deploy.py checks that path).
    path = write_project(tmp_path / "bad", template, {})
    with pytest.raises(TemplateError) as refused:
        deploy(server, path)
    assert message in str(refused.value)


def test_code_uri_may_name_a_built_zip(tmp_path: Path, server: EmulatorProcess) -> None:
    project = tmp_path / "zipped"
    (project / "dist").mkdir(parents=True)
    with zipfile.ZipFile(project / "dist" / "fn.zip", "w") as archive:
        archive.writestr("main.py", "def handler(event, context):\n    return 'from the zip'\n")
    template = (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        "    Properties: {CodeUri: dist/fn.zip, Handler: main.handler, Runtime: python3.12}\n"
        "Outputs:\n  Name: {Value: !Ref Fn}\n"
    )
    result = deploy(server, write_project(project, template, {}))
    payload = server.client("lambda").invoke(FunctionName=result.outputs["Name"])["Payload"].read()
    assert json.loads(payload) == "from the zip"


SAMCONFIG = """
version = 0.1
[default.global.parameters]
stack_name = "ignored-by-deploy-section"

[default.deploy.parameters]
stack_name = "orders-service"
resolve_s3 = true
capabilities = "CAPABILITY_IAM"
parameter_overrides = "Env=\\"prod\\" Owner=\\"team a\\""
"""


def test_samconfig_names_the_stack_and_its_parameters(tmp_path: Path, server: EmulatorProcess) -> None:
    template = """
    Transform: AWS::Serverless-2016-10-31
    Parameters:
      Env: {Type: String, Default: dev}
      Owner: {Type: String, Default: nobody}
    Resources:
      Table:
        Type: AWS::Serverless::SimpleTable
        Properties:
          TableName: !Sub "${AWS::StackName}-${Env}"
          Tags: {owner: !Ref Owner}
    """
    path = write_project(tmp_path / "sam-app", template, {"samconfig.toml": SAMCONFIG})
    deploy(server, path)
    dynamodb = server.client("dynamodb")
    arn = dynamodb.describe_table(TableName="orders-service-prod")["Table"]["TableArn"]
    assert dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "owner", "Value": "team a"}]
    # What the command line gives wins over samconfig.toml.
    deploy(server, path, stack_name="mine", parameter_overrides={"Env": "qa"})
    assert "mine-qa" in dynamodb.list_tables()["TableNames"]
