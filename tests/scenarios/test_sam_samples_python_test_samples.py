"""aws-samples/serverless-test-samples, python-test-samples/: the SAM apps deployed as their users deploy them.

Each test writes the sample's template and handlers (in our words) to a folder, deploys it with the
deployer ``emulator deploy`` runs, then does what the sample's integration tests or README do.

Not replayed here: apigw-lambda, apigw-lambda-layer and python-test-intro (their handlers list S3
buckets), async-lambda-dynamodb (S3 buckets and S3 events), serverless-test-workshop's inventory
half (S3 presigned uploads).
"""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key
from sam_samples import deploy, invoke, request, write_sample

from emulator.templates.loader import TemplateError
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


# -- apigw-lambda-dynamodb-crud-local and dynamodb-crud-lambda-local ------------------------------

# Both samples give every function the same environment, meant for `sam local` against DynamoDB Local.
CRUD_ENVIRONMENT = """
      Environment:
        Variables:
          DYNAMODB_TABLE: CRUDLocalTable
          AWS_ACCESS_KEY_ID: DUMMYIDEXAMPLE
          AWS_SECRET_ACCESS_KEY: DUMMYEXAMPLEKEY
          REGION: eu-west-1"""

CRUD_TABLE = """
  CRUDLocalTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: CRUDLocalTable
      AttributeDefinitions:
        - AttributeName: Id
          AttributeType: S
      KeySchema:
        - AttributeName: Id
          KeyType: HASH
      ProvisionedThroughput:
        ReadCapacityUnits: 5
        WriteCapacityUnits: 5
"""

CRUD_API_FUNCTION = """
  CRUDLambda{action}Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: lambda_crud_src/lambda_crud_{folder}_src
      Handler: app.lambda_handler
      Runtime: python3.9
      Timeout: 30{environment}
      Events:
        Event{action}:
          Type: Api
          Properties:
            Path: /{folder}
            Method: {method}
            RestApiId: !Ref APIGatewayCRUD
"""

CRUD_API_ACTIONS = [
    ("Init", "init", "get"),
    ("Create", "create", "post"),
    ("Read", "read", "get"),
    ("Delete", "delete", "get"),
    ("Update", "update", "post"),
]


def crud_api_template(environment: str) -> str:
    header = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: CRUD operations with API Gateway and Python Lambda Functions
Resources:
  APIGatewayCRUD:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
"""
    functions = "".join(
        CRUD_API_FUNCTION.format(action=action, folder=folder, method=method, environment=environment)
        for action, folder, method in CRUD_API_ACTIONS
    )
    return header + CRUD_TABLE + functions


def crud_handlers(arguments_from_body: bool) -> dict[str, str]:
    """The five handlers. Behind the API each reads its arguments from the body; invoked directly,
    read and delete take them from the event itself (as dynamodb-crud-lambda-local's do)."""
    arguments = "json.loads(event['body'])" if arguments_from_body else "event"
    table = "boto3.resource('dynamodb').Table(os.environ['DYNAMODB_TABLE'])"
    prelude = "import json\nimport os\n\nimport boto3\n\n\ndef lambda_handler(event, context):\n"
    return {
        "lambda_crud_src/lambda_crud_init_src/app.py": prelude
        + """
    table = boto3.resource('dynamodb').create_table(
        TableName='CRUDLocalTable',
        KeySchema=[{'AttributeName': 'Id', 'KeyType': 'HASH'}],
        AttributeDefinitions=[{'AttributeName': 'Id', 'AttributeType': 'S'}],
        ProvisionedThroughput={'ReadCapacityUnits': 5, 'WriteCapacityUnits': 5},
    )
    table.wait_until_exists()
    return {'statusCode': 200, 'body': table.table_name}
""",
        "lambda_crud_src/lambda_crud_create_src/app.py": prelude
        + f"""
    response = {table}.put_item(Item=json.loads(event['body']))
    return {{'statusCode': 200, 'body': json.dumps({{'message': 'Item added', 'response': response}})}}
""",
        "lambda_crud_src/lambda_crud_read_src/app.py": prelude
        + f"""
    item_id = {arguments}['Id']
    item = {table}.get_item(Key={{'Id': item_id}}).get('Item')
    if item:
        return {{'statusCode': 200, 'body': json.dumps(item)}}
    body = {{'error': 'Item not found', 'message': f'No item with Id {{item_id}} found'}}
    return {{'statusCode': 404, 'body': json.dumps(body)}}
""",
        "lambda_crud_src/lambda_crud_update_src/app.py": prelude
        + f"""
    body = json.loads(event['body'])
    response = {table}.update_item(
        Key={{'Id': body['Id']}},
        UpdateExpression='SET #name = :name',
        ExpressionAttributeNames={{'#name': 'name'}},
        ExpressionAttributeValues={{':name': body['name']}},
        ReturnValues='UPDATED_NEW',
    )
    return {{'statusCode': 200, 'body': json.dumps({{'message': 'Item updated successfully', 'response': response}})}}
""",
        "lambda_crud_src/lambda_crud_delete_src/app.py": prelude
        + f"""
    response = {table}.delete_item(Key={{'Id': {arguments}['Id']}})
    return {{'statusCode': 200, 'body': json.dumps({{'message': 'Item deleted', 'response': response}})}}
""",
    }


RESERVED_KEYS_MESSAGE = (
    "Lambda was unable to configure your environment variables because the environment variables you have "
    "provided contains reserved keys that are currently not supported for modification. Reserved keys used "
    "in this request: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
)


def test_crud_local_sample_as_written_is_refused_as_lambda_refuses_its_credentials(
    tmp_path: Path, server: EmulatorProcess
) -> None:
    # The sample's functions set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for `sam local`: Lambda
    # (so `sam deploy`) refuses them, naming the reserved keys.
    template = write_sample(tmp_path / "crud-local", crud_api_template(CRUD_ENVIRONMENT), crud_handlers(True))
    with pytest.raises(TemplateError) as refused:
        deploy(server, template, "crud-local")
    assert "(InvalidParameterValueException)" in str(refused.value)
    assert str(refused.value).endswith(RESERVED_KEYS_MESSAGE)


def test_apigw_lambda_dynamodb_crud_readme_requests(tmp_path: Path, server: EmulatorProcess) -> None:
    environment = "\n".join(line for line in CRUD_ENVIRONMENT.splitlines() if "AWS_" not in line)
    template = write_sample(tmp_path / "crud-local", crud_api_template(environment), crud_handlers(True))
    deploy(server, template, "crud-local")
    (api,) = server.client("apigateway").get_rest_apis()["items"]
    base = f"http://{api['id']}.execute-api.localhost:{server.port}/Prod"

    # /init creates the table the template already made: the function fails, API Gateway answers 502.
    init = request(server, f"{base}/init")
    assert (init.status_code, init.json()) == (502, {"message": "Internal server error"})

    created = request(server, f"{base}/create", "POST", json={"Id": "123", "name": "Batman"})
    assert created.status_code == 200 and created.json()["message"] == "Item added"
    # The README reads and deletes with a JSON body on GET (curl -X GET -d ...).
    read = request(server, f"{base}/read", "GET", json={"Id": "123"})
    assert (read.status_code, read.json()) == (200, {"Id": "123", "name": "Batman"})
    updated = request(server, f"{base}/update", "POST", json={"Id": "123", "name": "Robin"})
    assert updated.status_code == 200
    assert updated.json()["message"] == "Item updated successfully"
    assert updated.json()["response"]["Attributes"] == {"name": "Robin"}
    assert request(server, f"{base}/read", json={"Id": "123"}).json()["name"] == "Robin"
    deleted = request(server, f"{base}/delete", json={"Id": "123"})
    assert (deleted.status_code, deleted.json()["message"]) == (200, "Item deleted")
    gone = request(server, f"{base}/read", json={"Id": "123"})
    assert gone.status_code == 404
    assert gone.json() == {"error": "Item not found", "message": "No item with Id 123 found"}


def test_dynamodb_crud_lambda_local_invoked_directly(tmp_path: Path, server: EmulatorProcess) -> None:
    # This sample's template (under tests/) has the same functions without events, code in ../lambda_crud_src.
    environment = "\n".join(line for line in CRUD_ENVIRONMENT.splitlines() if "AWS_" not in line)
    functions = "".join(
        f"""
  CRUDLambda{action}Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../lambda_crud_src/lambda_crud_{folder}_src
      Handler: app.lambda_handler
      Runtime: python3.10
      Timeout: 60{environment}
"""
        for action, folder, _ in CRUD_API_ACTIONS
    )
    root = tmp_path / "dynamodb-crud-lambda-local"
    body = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n"
    template = write_sample(root, body + CRUD_TABLE + functions, crud_handlers(False), "tests/template.yaml")
    deploy(server, template, "crud")
    names = {f["FunctionName"] for f in server.client("lambda").list_functions()["Functions"]}
    assert names == {f"crud-CRUDLambda{action}Function" for action, _, _ in CRUD_API_ACTIONS}

    # The sample's tests start by deleting the table, then let the init function create it again.
    server.client("dynamodb").delete_table(TableName="CRUDLocalTable")
    response, payload = invoke(server, "crud-CRUDLambdaInitFunction", {"test_type": "init"})
    assert (response["StatusCode"], "FunctionError" in response) == (200, False)
    assert payload == {"statusCode": 200, "body": "CRUDLocalTable"}
    # A second init finds the table there: the function fails with DynamoDB's error.
    response, payload = invoke(server, "crud-CRUDLambdaInitFunction", {"test_type": "init"})
    assert response["FunctionError"] == "Unhandled"
    assert payload["errorType"] == "ResourceInUseException"
    assert payload["errorMessage"].endswith("Table already exists: CRUDLocalTable")

    def call(action: str, event: dict[str, Any]) -> dict[str, Any]:
        response, payload = invoke(server, f"crud-CRUDLambda{action}Function", event)
        assert "FunctionError" not in response, payload
        return payload

    assert (
        json.loads(call("Create", {"body": json.dumps({"Id": "123", "name": "Batman"})})["body"])["message"]
        == "Item added"
    )
    assert json.loads(call("Read", {"Id": "123"})["body"]) == {"Id": "123", "name": "Batman"}
    updated = json.loads(call("Update", {"body": json.dumps({"Id": "123", "name": "Robin"})})["body"])
    assert updated["message"] == "Item updated successfully"
    assert json.loads(call("Read", {"Id": "123"})["body"])["name"] == "Robin"
    assert json.loads(call("Delete", {"Id": "123"})["body"])["message"] == "Item deleted"
    assert call("Read", {"Id": "123"})["statusCode"] == 404


# -- hexagonal-architectures ---------------------------------------------------------------

STOCKS_TEMPLATE = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: hexagonal-arch-sample
Globals:
  Function:
    Timeout: 20
Resources:
  StocksConverterFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./
      Handler: src.app.lambda_handler
      Runtime: python3.9
      MemorySize: 256
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref StocksTable
        - DynamoDBReadPolicy:
            TableName: !Ref CurrenciesTable
      Environment:
        Variables:
          STOCKS_DB_TABLE: !Ref StocksTable
          CURRENCIES_DB_TABLE: !Ref CurrenciesTable
      Events:
        StocksConverter:
          Type: HttpApi
          Properties:
            ApiId: !Ref StocksGateway
            Path: /stock/{StockID}
            Method: get
  StocksTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
      - AttributeName: STOCK_ID
        AttributeType: S
      KeySchema:
      - AttributeName: STOCK_ID
        KeyType: HASH
      BillingMode: PAY_PER_REQUEST
  CurrenciesTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions:
      - AttributeName: CURRENCY
        AttributeType: S
      KeySchema:
      - AttributeName: CURRENCY
        KeyType: HASH
      BillingMode: PAY_PER_REQUEST
  StocksGateway:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowMethods:
          - GET
          - POST
        AllowOrigins:
          - "*"
Outputs:
  StocksTableName:
    Value: !Ref StocksTable
  CurrenciesTableName:
    Value: !Ref CurrenciesTable
"""

# The sample's layers: an HTTP adapter calls the domain through a port, the domain reads the stock
# (in euros) and the rates through ports backed by DynamoDB adapters. An unknown stock is a ValueError.
STOCKS_CODE = {
    "src/app.py": """
        from src.adapters import handle_stock_request


        def lambda_handler(event, context):
            try:
                return handle_stock_request.get_stocks_request(event["pathParameters"]["StockID"])
            except ValueError:
                return {"statusCode": 404, "body": "Stock not found"}
    """,
    "src/adapters/handle_stock_request.py": """
        import json

        from src.ports import http_handler


        def get_stocks_request(stock_id):
            return {"statusCode": 200, "body": json.dumps({"message": http_handler.retrieve_stock(stock_id)})}
    """,
    "src/ports/http_handler.py": """
        from src.domains import stock


        def retrieve_stock(stock_id):
            return stock.retrieve_stock_values(stock_id)
    """,
    "src/domains/stock.py": """
        from decimal import Decimal

        from src.ports import currencies_service, stocks_service

        CURRENCIES = ["USD", "CAD", "AUD"]


        def retrieve_stock_values(stock_id):
            item = stocks_service.get_stock_data(stock_id)["Item"]
            rates = currencies_service.get_currencies_data(CURRENCIES)
            values = {"EUR": float(item["Value"])}
            for currency in CURRENCIES:
                values[currency] = float(Decimal(item["Value"]) * rates[currency])
            return {"stock": item["STOCK_ID"], "values": values}
    """,
    "src/ports/stocks_service.py": """
        from src.adapters import stocks_db


        def get_stock_data(stock_id):
            return stocks_db.get_stock_value(stock_id)
    """,
    "src/ports/currencies_service.py": """
        from src.adapters import currency_exchange_db


        def get_currencies_data(currencies):
            return currency_exchange_db.get_currencies(currencies)
    """,
    "src/adapters/stocks_db.py": """
        from os import environ

        import boto3


        def get_stock_value(stock_id):
            response = boto3.resource("dynamodb").Table(environ["STOCKS_DB_TABLE"]).get_item(Key={"STOCK_ID": stock_id})
            if "Item" not in response:
                raise ValueError("Stock not found")
            return response
    """,
    "src/adapters/currency_exchange_db.py": """
        from os import environ

        import boto3


        def get_currencies(currencies):
            table = boto3.resource("dynamodb").Table(environ["CURRENCIES_DB_TABLE"])
            rates = {}
            for currency in currencies:
                item = table.get_item(Key={"CURRENCY": currency})["Item"]
                rates[item["CURRENCY"]] = item["Rate"]
            return rates
    """,
}


def test_hexagonal_architecture_stock_converter(tmp_path: Path, server: EmulatorProcess) -> None:
    template = write_sample(tmp_path / "hexagonal-architectures", STOCKS_TEMPLATE, STOCKS_CODE)
    outputs = deploy(server, template, "hexagonal").outputs
    dynamodb = server.resource("dynamodb")
    currencies = dynamodb.Table(outputs["CurrenciesTableName"])
    for currency, rate in (("USD", "1.31"), ("CAD", "1.41"), ("AUD", "1.51")):
        currencies.put_item(Item={"CURRENCY": currency, "Rate": Decimal(rate)})
    dynamodb.Table(outputs["StocksTableName"]).put_item(Item={"STOCK_ID": "1", "Value": 3})

    (api,) = server.client("apigatewayv2").get_apis()["Items"]
    endpoint = f"http://{api['ApiId']}.execute-api.localhost:{server.port}/stock/{{stock_id}}"
    found = request(server, endpoint.replace("{stock_id}", "1"), headers={"Origin": "https://example.com"})
    assert found.status_code == 200
    assert found.json() == {
        "message": {"stock": "1", "values": {"EUR": 3.0, "USD": 3.93, "CAD": 4.23, "AUD": 4.53}}
    }
    # The HTTP API's CORS configuration answers any origin.
    assert found.headers["access-control-allow-origin"] == "*"
    missing = request(server, endpoint.replace("{stock_id}", "2"))
    assert (missing.status_code, missing.text) == (404, "Stock not found")
