"""aws-samples/serverless-test-samples, python-test-samples/: the SAM apps deployed as their users deploy them.

Each test writes the sample's template and handlers (in our words) to a folder, deploys it with the
deployer ``emulator deploy`` runs, then does what the sample's integration tests or README do.
The CRUD-local pair and hexagonal-architectures have files of their own.

Not replayed: apigw-lambda, apigw-lambda-layer and python-test-intro (their handlers list S3
buckets), async-lambda-dynamodb (S3 buckets and S3 events), serverless-test-workshop's inventory
half (S3 presigned uploads).
"""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from boto3.dynamodb.conditions import Key
from sam_samples import deploy, invoke, request, write_sample

from emulator.testing import EmulatorProcess

# -- apigw-lambda-dynamodb ---------------------------------------------------------------

HELLO_PERSON_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: SAM Template for apigw-lambda-dynamodb
Globals:
  Function:
    Timeout: 30
Resources:
  DynamoDBTable:
    Type: AWS::DynamoDB::Table
    UpdateReplacePolicy: Delete
    Properties:
      AttributeDefinitions:
      - AttributeName: PK
        AttributeType: S
      - AttributeName: SK
        AttributeType: S
      KeySchema:
      - AttributeName: PK
        KeyType: HASH
      - AttributeName: SK
        KeyType: RANGE
      BillingMode: PAY_PER_REQUEST
      SSESpecification:
        SSEEnabled: true
    Metadata:
      SamResourceId: DynamoDBTable
  PythonTestDemo:
    Type: AWS::Serverless::Function
    Properties:
      Tracing: Active
      Policies:
        - AWSXrayWriteOnlyAccess
        - DynamoDBCrudPolicy:
            TableName: !Ref DynamoDBTable
      CodeUri: src/
      Handler: app.lambda_handler
      Runtime: python3.9
      Architectures:
        - x86_64
      Environment:
        Variables:
          DYNAMODB_TABLE_NAME:
            Ref: DynamoDBTable
      Events:
        HelloPerson:
          Type: Api
          Properties:
            Path: /hello/{id}
            Method: get
Outputs:
  HelloPersonApi:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/hello/{id}"
  PythonTestDemo:
    Value: !GetAtt PythonTestDemo.Arn
  DynamoDBTableName:
    Value: !Ref DynamoDBTable
  PythonTestDemoIamRole:
    Value: !GetAtt PythonTestDemoRole.Arn
"""

# The sample's handler: Powertools' validator on the response, X-Ray patching, a name looked up by
# id and every greeting logged back under a DT# sort key. It calls patch_all(); here X-Ray patches
# botocore alone, as patch_all() would also patch the pynamodb the emulator's environment holds
# (its tracing reads a region from a dotless endpoint host and fails).
HELLO_PERSON_APP = """
from datetime import datetime
from os import environ

import boto3
from aws_lambda_powertools.utilities.validation import validator
from aws_xray_sdk.core import patch

from schemas import OUTPUT_SCHEMA

patch(["botocore"])


@validator(outbound_schema=OUTPUT_SCHEMA)
def lambda_handler(event, context):
    table = boto3.resource("dynamodb").Table(environ["DYNAMODB_TABLE_NAME"])
    person_id = event["pathParameters"]["id"]
    found = table.get_item(Key={"PK": person_id, "SK": "NAME#"}).get("Item") or {}
    if "data" in found:
        message, status = f"Hello {found['data']}!", 200
    else:
        message, status = f"NOTFOUND: Name Not Found for ID {person_id}", 404
    stamp = "DT#" + datetime.now().strftime("%Y%m%dT%H%M%S.%f")
    table.put_item(Item={"PK": person_id, "SK": stamp, "data": message})
    print(f"Message: {message} - {stamp}")
    return {"statusCode": status, "body": message}
"""

HELLO_PERSON_SCHEMAS = """
OUTPUT_SCHEMA = {
    "type": "object",
    "required": ["statusCode", "body"],
    "properties": {"statusCode": {"type": "integer"}, "body": {"type": "string"}},
}
"""


def test_apigw_lambda_dynamodb_greets_known_ids_and_logs_every_greeting(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_sample(
        tmp_path / "apigw-lambda-dynamodb",
        HELLO_PERSON_TEMPLATE,
        {"src/app.py": HELLO_PERSON_APP, "src/schemas.py": HELLO_PERSON_SCHEMAS},
    )
    outputs = deploy(server, template, "apigw-lambda-dynamodb").outputs
    assert (
        outputs["PythonTestDemo"]
        == "arn:aws:lambda:us-east-1:000000000000:function:apigw-lambda-dynamodb-PythonTestDemo"
    )
    # The integration test seeds a name under an id unique to the run.
    postfix = "_" + str(uuid.uuid4())
    table = server.resource("dynamodb").Table(outputs["DynamoDBTableName"])
    table.put_item(Item={"PK": "TEST001" + postfix, "SK": "NAME#", "data": "Unit Test Name Data"})

    known = request(server, outputs["HelloPersonApi"].replace("{id}", "TEST001" + postfix))
    assert (known.status_code, known.text) == (200, "Hello Unit Test Name Data!")
    unknown = request(server, outputs["HelloPersonApi"].replace("{id}", "TEST002" + postfix))
    assert (unknown.status_code, unknown.text) == (404, f"NOTFOUND: Name Not Found for ID TEST002{postfix}")

    # Its tear-down finds the logged greetings by querying each id's partition.
    logged = table.query(KeyConditionExpression=Key("PK").eq("TEST001" + postfix))["Items"]
    # Sort keys in byte order: the greeting's DT# before the NAME# record.
    greeting, name = logged
    assert greeting["SK"].startswith("DT#") and name["SK"] == "NAME#"
    assert greeting["data"] == "Hello Unit Test Name Data!"
    (missing,) = table.query(KeyConditionExpression=Key("PK").eq("TEST002" + postfix))["Items"]
    assert missing["data"].startswith("NOTFOUND")
    for item in logged + [missing]:
        table.delete_item(Key={"PK": item["PK"], "SK": item["SK"]})
    assert table.scan()["Count"] == 0


# -- serverless-test-workshop ----------------------------------------------------------------

WORKSHOP_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: SAM Template for serverless-test-workshop
Globals:
  Function:
    Timeout: 30
Resources:
  UnicornInventoryTable:
    Type: AWS::DynamoDB::Table
    UpdateReplacePolicy: Delete
    Properties:
      AttributeDefinitions:
      - AttributeName: PK
        AttributeType: S
      - AttributeName: LOCATION
        AttributeType: S
      - AttributeName: STATUS
        AttributeType: S
      KeySchema:
      - AttributeName: PK
        KeyType: HASH
      GlobalSecondaryIndexes:
        - IndexName: "GSI_LOCATION"
          KeySchema:
            - AttributeName: "LOCATION"
              KeyType: "HASH"
            - AttributeName: "STATUS"
              KeyType: "RANGE"
          Projection:
            ProjectionType: "ALL"
      BillingMode: PAY_PER_REQUEST
      SSESpecification:
        SSEEnabled: true
  UnicornInventoryBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "unicorn-inv-${AWS::StackName}-${AWS::AccountId}"
  CheckoutFunction:
    Type: AWS::Serverless::Function
    Properties:
      Tracing: Active
      Policies:
        - AWSXrayWriteOnlyAccess
        - DynamoDBCrudPolicy:
            TableName: !Ref UnicornInventoryTable
      CodeUri: src/Checkout/
      Handler: app.lambda_handler
      Runtime: python3.9
      Architectures:
        - arm64
      Environment:
        Variables:
          DYNAMODB_TABLE_NAME:
            Ref: UnicornInventoryTable
      Events:
        Checkout:
          Type: Api
          Properties:
            Path: /checkout/{uname}
            Method: get
  GetInventoryFunction:
    Type: AWS::Serverless::Function
    Properties:
      Tracing: Active
      Policies:
        - AWSXrayWriteOnlyAccess
        - DynamoDBCrudPolicy:
            TableName: !Ref UnicornInventoryTable
      CodeUri: src/GetInventory/
      Handler: app.lambda_handler
      Runtime: python3.9
      Architectures:
        - arm64
      Environment:
        Variables:
          DYNAMODB_TABLE_NAME:
            Ref: UnicornInventoryTable
          DYNAMODB_INDEX_NAME:
            "GSI_LOCATION"
      Events:
        Checkout:
          Type: Api
          Properties:
            Path: /list/{location}
            Method: get
            RequestParameters:
            - method.request.header.Authorization
            - method.request.querystring.page_token:
                Required: false
                Caching: false
  InventoryProcessing:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/InventoryProcessing/
      Handler: app.lambda_handler
      Runtime: python3.9
      Environment:
        Variables:
          DYNAMODB_TABLE_NAME:
            Ref: UnicornInventoryTable
      Events:
        FilePostingToS3:
          Type: S3
          Properties:
            Bucket: !Ref UnicornInventoryBucket
            Events:
              - 's3:ObjectCreated:*'
Outputs:
  ApiEndpoint:
    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"
  DynamoDBTableName:
    Value: !Ref UnicornInventoryTable
"""

# Both API handlers validate their response with Powertools and trace botocore (see HELLO_PERSON_APP).
WORKSHOP_PRELUDE = """
import json
from os import environ

import boto3
from aws_lambda_powertools.utilities.validation import validator
from aws_xray_sdk.core import patch
from boto3.dynamodb.conditions import Key

from schemas import OUTPUT_SCHEMA

patch(["botocore"])
table = boto3.resource("dynamodb").Table(environ["DYNAMODB_TABLE_NAME"])
"""

WORKSHOP_CODE = {
    "src/Checkout/schemas.py": HELLO_PERSON_SCHEMAS,
    "src/GetInventory/schemas.py": HELLO_PERSON_SCHEMAS,
    # Reserve a unicorn that is AVAILABLE; anything else is a 400.
    "src/Checkout/app.py": WORKSHOP_PRELUDE
    + """

@validator(outbound_schema=OUTPUT_SCHEMA)
def lambda_handler(event, context):
    name = event["pathParameters"]["uname"]
    item = table.get_item(Key={"PK": name}).get("Item")
    if item is None or item["STATUS"] != "AVAILABLE":
        return {"statusCode": 400, "body": f"{name} Not Available"}
    table.update_item(
        Key={"PK": name},
        UpdateExpression="SET #s = :val1",
        ExpressionAttributeValues={":val1": "RESERVED"},
        ExpressionAttributeNames={"#s": "STATUS"},
    )
    return {"statusCode": 200, "body": "OK"}
""",
    # The unicorns at a location through the GSI, a page at a time (page_token: the last key, as JSON).
    "src/GetInventory/app.py": WORKSHOP_PRELUDE
    + """

@validator(outbound_schema=OUTPUT_SCHEMA)
def lambda_handler(event, context):
    query = {"IndexName": environ["DYNAMODB_INDEX_NAME"], "KeyConditionExpression": Key("LOCATION").eq(event["pathParameters"]["location"])}
    page_token = (event.get("queryStringParameters") or {}).get("page_token")
    if page_token is not None:
        query["ExclusiveStartKey"] = json.loads(page_token)
    response = table.query(**query)
    unicorns = [{"Name": item["PK"], "Location": item["LOCATION"], "Status": item["STATUS"]} for item in response["Items"]]
    body = {"unicorn_list": unicorns, "page_token": response.get("LastEvaluatedKey", "END")}
    return {"statusCode": 200, "body": json.dumps(body)}
""",
    "src/InventoryProcessing/app.py": """
        def lambda_handler(event, context):
            raise NotImplementedError("fed by S3 uploads, which the emulator does not have")
    """,
}


def test_serverless_test_workshop_inventory_and_checkout(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(tmp_path / "serverless-test-workshop", WORKSHOP_TEMPLATE, WORKSHOP_CODE)
    result = deploy(server, template, "urs")
    # The inventory upload half (an S3 bucket and its event) is left out, and said so.
    assert "InventoryProcessing: event FilePostingToS3 (S3) is not emulated" in result.notes
    assert any("UnicornInventoryBucket (AWS::S3::Bucket)" in note for note in result.notes)
    endpoint = result.outputs["ApiEndpoint"]
    # What InventoryProcessing would have loaded from the uploaded CSV.
    table = server.resource("dynamodb").Table(result.outputs["DynamoDBTableName"])
    for name, location, status in (
        ("Sparkles", "Dublin", "AVAILABLE"),
        ("Glitter", "Dublin", "RETIRED"),
        ("Rainbow", "Cork", "AVAILABLE"),
    ):
        table.put_item(Item={"PK": name, "LOCATION": location, "STATUS": status})

    listed = request(server, endpoint + "list/Dublin", headers={"Authorization": "any"})
    assert listed.status_code == 200
    assert listed.json() == {
        "unicorn_list": [
            {"Name": "Sparkles", "Location": "Dublin", "Status": "AVAILABLE"},
            {"Name": "Glitter", "Location": "Dublin", "Status": "RETIRED"},
        ],
        "page_token": "END",
    }
    # A page token resumes after the key it names.
    after = json.dumps({"PK": "Sparkles", "LOCATION": "Dublin", "STATUS": "AVAILABLE"})
    resumed = request(server, endpoint + "list/Dublin", params={"page_token": after})
    assert [unicorn["Name"] for unicorn in resumed.json()["unicorn_list"]] == ["Glitter"]

    checkout = request(server, endpoint + "checkout/Sparkles")
    assert (checkout.status_code, checkout.text) == (200, "OK")
    assert table.get_item(Key={"PK": "Sparkles"})["Item"]["STATUS"] == "RESERVED"
    for name in ("Sparkles", "Glitter", "Nobody"):
        refused = request(server, endpoint + f"checkout/{name}")
        assert (refused.status_code, refused.text) == (400, f"{name} Not Available")
    statuses = [
        unicorn["Status"] for unicorn in request(server, endpoint + "list/Dublin").json()["unicorn_list"]
    ]
    assert statuses == ["RESERVED", "RETIRED"]


# -- lambda-sam-helloworld -------------------------------------------------------------------

HELLO_LOCAL_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: AWS SAM Template for Lambda SAM local testing - Hello World
Resources:
  LambdaHelloWorld:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.lambda_handler
      CodeUri: lambda_helloworld_src/
      Runtime: python3.9
      Events:
        ApiEvent:
          Type: Api
          Properties:
            Path: /path
            Method: get
"""

# The handler is not in the repository; its tests fix what it answers, whatever the event.
HELLO_LOCAL_APP = """
import json


def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"message": "Hello World! This is local Run!"})}
"""


def test_lambda_sam_helloworld_invoked_directly_and_concurrently(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    template = write_sample(
        tmp_path / "lambda-sam-helloworld",
        HELLO_LOCAL_TEMPLATE,
        {"lambda_helloworld_src/app.py": HELLO_LOCAL_APP},
    )
    deploy(server, template, "hello-local")
    expected = {"statusCode": 200, "body": json.dumps({"message": "Hello World! This is local Run!"})}
    events = [
        {},
        {"field": None},
        {"large_field": "x" * 1000},
        {"special_chars": "!@#$%^&*()[]{}|;':\",./<>?"},
        {"unicode": "Hello 世界 🌍"},
        {"boolean": True, "number": 42, "float": 3.14},
    ]
    for event in events:
        response, payload = invoke(server, "hello-local-LambdaHelloWorld", event)
        assert (response["StatusCode"], "FunctionError" in response, payload) == (200, False, expected)

    # Five invocations at once, as its concurrency test makes them.
    with ThreadPoolExecutor(5) as pool:
        answers = list(
            pool.map(lambda n: invoke(server, "hello-local-LambdaHelloWorld", {"thread_id": n}), range(5))
        )
    assert [payload for _, payload in answers] == [expected] * 5

    (api,) = server.client("apigateway").get_rest_apis()["items"]
    answered = request(server, f"http://{api['id']}.execute-api.localhost:{server.port}/Prod/path")
    assert (answered.status_code, answered.json()) == (200, {"message": "Hello World! This is local Run!"})
