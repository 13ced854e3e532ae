"""aws-samples/serverless-test-samples: apigw-lambda-dynamodb-crud-local and dynamodb-crud-lambda-local.

Both were written for `sam local` against DynamoDB Local; here they are deployed as `sam deploy`
would deploy them, then driven with the README's requests and the samples' direct invocations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sam_samples import deploy, invoke, request, write_sample

from emulator.templates.loader import TemplateError
from emulator.testing import EmulatorProcess

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
