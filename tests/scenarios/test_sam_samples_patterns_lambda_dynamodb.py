"""aws-samples/serverless-patterns: API Gateway (REST, HTTP) to Lambda to DynamoDB, and streams to Lambda.

Each test writes the pattern's template (and handlers, in our words) to a folder, deploys it with
the deployer ``emulator deploy`` runs, then does what the pattern's README tests with; stream
consumers are checked through their CloudWatch Logs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sam_samples import deploy, request, write_sample

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

# -- apigw-lambda-dynamodb ---------------------------------------------------------------------


def test_apigw_lambda_dynamodb_post_inserts_the_weather(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(
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
    template = write_sample(
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


# -- apigw-http-api-cors-sam ---------------------------------------------------------------------


def test_apigw_http_api_cors_answers_preflights_and_adds_headers(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_sample(
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
    template = write_sample(tmp_path / "apigw-lambda-dynamodb-stream-lambda", STREAM_TEMPLATE, STREAM_CODE)
    endpoint = deploy(server, template, "stream-pattern").outputs["EndpointUrl"]
    (mapping,) = server.client("lambda").list_event_source_mappings(FunctionName="ConsumerFunction")[
        "EventSourceMappings"
    ]
    assert (mapping["BatchSize"], mapping["StartingPosition"]) == (100, "LATEST")
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


# -- dynamodb-lambda -----------------------------------------------------------------------------


def test_dynamodb_lambda_node_trigger_logs_the_item(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(
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
