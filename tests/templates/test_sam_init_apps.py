"""Projects shaped like ``sam init``'s quick starts, deployed and used as their users use them.

Hello World (Api event on the implicit ServerlessRestApi), Hello World with
Powertools, and the web backend (CRUD over a SimpleTable, handlers under
src/handlers with no CodeUri). The WebSocket chat is in test_sam_websocket_apps.py.
"""

from __future__ import annotations

from pathlib import Path

from sam_project import call, deploy, write_project

from emulator.templates.deploy import Deployer
from emulator.testing import EmulatorProcess

HELLO_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: >
  sam-app

  Sample SAM Template for sam-app
Globals:
  Function:
    Timeout: 3
    MemorySize: 128
    Architectures: [x86_64]
    Tracing: Active
  Api:
    TracingEnabled: true
    OpenApiVersion: 3.0.1
    BinaryMediaTypes: ["image~1png"]
Resources:
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello_world/
      Handler: app.lambda_handler
      Runtime: python3.12
      Architectures:
        - arm64
      Events:
        HelloWorld:
          Type: Api
          Properties:
            Path: /hello
            Method: get
Outputs:
  HelloWorldApi:
    Description: "API Gateway endpoint URL for Prod stage for Hello World function"
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/hello/"
  HelloWorldFunction:
    Value: !GetAtt HelloWorldFunction.Arn
  HelloWorldFunctionIamRole:
    Value: !GetAtt HelloWorldFunctionRole.Arn
"""

HELLO_APP = """
import json


def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"message": "hello world"})}
"""


def test_hello_world_answers_on_the_output_url(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(
        tmp_path / "sam-app",
        HELLO_TEMPLATE,
        {"hello_world/app.py": HELLO_APP, "hello_world/requirements.txt": "boto3>=1.26\nsam-app-private-lib==1.0\n"},
    )
    deployer = Deployer(template, server.url)
    result = deployer.deploy()
    # sam build would install requirements.txt; the emulator says which packages its Python lacks.
    (missing,) = [note for note in result.notes if "requirements.txt" in note]
    assert missing.endswith("not installed there: sam-app-private-lib (pip install them into the emulator's environment)")

    assert result.outputs["HelloWorldApi"].endswith(f".execute-api.localhost:{server.port}/Prod/hello/")
    response = call(server, result.outputs["HelloWorldApi"])
    assert response.status_code == 200
    assert response.json() == {"message": "hello world"}
    assert result.outputs["HelloWorldFunction"] == "arn:aws:lambda:us-east-1:000000000000:function:sam-app-HelloWorldFunction"
    assert result.outputs["HelloWorldFunctionIamRole"].startswith("arn:aws:iam::000000000000:role/")

    api_id = result.outputs["HelloWorldApi"].split("://", 1)[1].split(".", 1)[0]
    assert server.client("apigateway").get_rest_api(restApiId=api_id)["binaryMediaTypes"] == ["image/png"]
    # The watcher redeploys an edited template with the same deployer: the notes are the new deploy's own.
    assert deployer.deploy().notes == result.notes

    configuration = server.client("lambda").get_function_configuration(FunctionName="sam-app-HelloWorldFunction")
    # The function's own Architectures replaces the global one (SAM's merge strategy for this property).
    assert configuration["Architectures"] == ["arm64"]
    assert configuration["TracingConfig"] == {"Mode": "Active"}
    assert (configuration["Timeout"], configuration["MemorySize"]) == (3, 128)


POWERTOOLS_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: >
    pt-app

    Powertools example
Globals:
    Function:
        Timeout: 5
        MemorySize: 128
        Runtime: python3.12
Resources:
    HelloWorldFunction:
        Type: AWS::Serverless::Function
        Properties:
            Handler: app.lambda_handler
            CodeUri: hello_world
            Description: Hello World function
            Architectures:
                - x86_64
            Tracing: Active
            Layers:
                - !Sub arn:aws:lambda:${AWS::Region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7
            Events:
                HelloPath:
                    Type: Api
                    Properties:
                        Path: /hello
                        Method: GET
            Environment:
                Variables:
                    POWERTOOLS_SERVICE_NAME: PowertoolsHelloWorld
                    POWERTOOLS_METRICS_NAMESPACE: Powertools
                    LOG_LEVEL: INFO
            Tags:
                LambdaPowertools: python
Outputs:
    HelloWorldApi:
      Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/hello"
    HelloWorldFunction:
      Value: !GetAtt HelloWorldFunction.Arn
"""

POWERTOOLS_APP = """
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit

app = APIGatewayRestResolver()
tracer = Tracer()
logger = Logger()
metrics = Metrics()


@app.get("/hello")
@tracer.capture_method
def hello():
    metrics.add_metric(name="HelloWorldInvocations", unit=MetricUnit.Count, value=1)
    logger.info("Hello world API - HTTP 200")
    return {"message": "hello world"}


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event, context):
    return app.resolve(event, context)
"""


def test_powertools_hello_world_routes_logs_and_tags(tmp_path: Path, server: EmulatorProcess) -> None:
    files = {"hello_world/app.py": POWERTOOLS_APP, "hello_world/requirements.txt": "aws-lambda-powertools[tracer]\n"}
    result = deploy(server, write_project(tmp_path / "pt-app", POWERTOOLS_TEMPLATE, files))
    assert not [note for note in result.notes if "requirements.txt" in note], result.notes
    # AWS's public Powertools layer is another account's: it is left out, the installed package serves.
    assert any("017000801446:layer:AWSLambdaPowertoolsPythonV3" in note for note in result.notes), result.notes

    response = call(server, result.outputs["HelloWorldApi"])
    assert response.status_code == 200, response.text
    assert response.json() == {"message": "hello world"}
    assert call(server, result.outputs["HelloWorldApi"].replace("/hello", "/nope")).status_code == 403

    lambda_ = server.client("lambda")
    assert lambda_.list_tags(Resource=result.outputs["HelloWorldFunction"])["Tags"] == {
        "LambdaPowertools": "python",
        "lambda:createdBy": "SAM",
    }


CRUD_TEMPLATE = """
AWSTemplateFormatVersion: 2010-09-09
Description: >-
  web-backend
Transform:
  - AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    MemorySize: 128
    Timeout: 100
    Environment:
      Variables:
        SAMPLE_TABLE: !Ref SampleTable
  Api:
    Cors:
      AllowMethods: "'GET,POST,DELETE,OPTIONS'"
      AllowHeaders: "'content-type'"
      AllowOrigin: "'*'"
Resources:
  listItemsFunctionToTableConnector:
    Type: AWS::Serverless::Connector
    Properties:
      Source: {Id: listItemsFunction}
      Destination: {Id: SampleTable}
      Permissions: [Read]
  listItemsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handlers/items.list_items
      Events:
        Api:
          Type: Api
          Properties: {Path: /, Method: GET}
  getItemFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handlers/items.get_item
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref SampleTable
      Events:
        Api:
          Type: Api
          Properties: {Path: "/{id}", Method: GET}
  putItemFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handlers/items.put_item
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref SampleTable
      Events:
        Api:
          Type: Api
          Properties: {Path: /, Method: POST}
  deleteItemFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handlers/items.delete_item
      Policies: AWSLambdaBasicExecutionRole
      Events:
        Api:
          Type: Api
          Properties: {Path: "/{id}", Method: DELETE}
  SampleTable:
    Type: AWS::Serverless::SimpleTable
    Properties:
      PrimaryKey:
        Name: id
        Type: String
      ProvisionedThroughput:
        ReadCapacityUnits: 2
        WriteCapacityUnits: 2
Outputs:
  WebEndpoint:
    Description: "API Gateway endpoint URL for Prod stage"
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"
"""

CRUD_HANDLERS = """
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["SAMPLE_TABLE"])


def reply(status, body):
    return {"statusCode": status, "headers": {"Access-Control-Allow-Origin": "*"}, "body": json.dumps(body)}


def list_items(event, context):
    return reply(200, sorted(table.scan()["Items"], key=lambda item: item["id"]))


def get_item(event, context):
    item = table.get_item(Key={"id": event["pathParameters"]["id"]}).get("Item")
    return reply(200, item) if item else reply(404, {"message": "not found"})


def put_item(event, context):
    body = json.loads(event["body"])
    table.put_item(Item={"id": body["id"], "name": body["name"]})
    return reply(200, body)


def delete_item(event, context):
    table.delete_item(Key={"id": event["pathParameters"]["id"]})
    return reply(200, {"deleted": event["pathParameters"]["id"]})
"""


def test_web_backend_creates_reads_lists_and_deletes_items(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_project(tmp_path / "web-backend", CRUD_TEMPLATE, {"src/handlers/items.py": CRUD_HANDLERS})
    result = deploy(server, template)
    url = result.outputs["WebEndpoint"]
    assert any("not enforced" in note and "Connector" in note for note in result.notes), result.notes
    assert not any("not emulated" in note for note in result.notes), result.notes

    for item_id, name in (("1", "first"), ("2", "second")):
        created = call(server, url, "POST", json={"id": item_id, "name": name})
        assert created.status_code == 200, created.text
    assert call(server, url).json() == [{"id": "1", "name": "first"}, {"id": "2", "name": "second"}]
    assert call(server, url + "2").json() == {"id": "2", "name": "second"}
    assert call(server, url + "2", "DELETE").json() == {"deleted": "2"}
    assert call(server, url + "2").status_code == 404
    assert [item["id"] for item in call(server, url).json()] == ["1"]

    # Globals' Api Cors reaches the implicit API: a browser's preflight succeeds.
    preflight = call(
        server, url + "1", "OPTIONS", headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "DELETE"}
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,POST,DELETE,OPTIONS"
    assert preflight.headers["Access-Control-Allow-Headers"] == "content-type"

    description = server.client("dynamodb").describe_table(TableName="web-backend-SampleTable")["Table"]
    assert description["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert description["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
