"""REST API integrations straight to DynamoDB (``type: AWS``, ``arn:aws:apigateway:{region}:dynamodb:action/...``),
the pattern of AWS's code library (api-gateway/aws_service) and the API Gateway guide's DynamoDB tutorial;
and null mapping templates, which pass bodies through."""

from __future__ import annotations

import json
from typing import Any

from test_rest_support import RestApiBuilder, call, create_function, lambda_uri

from emulator.testing import EmulatorProcess

ROLE = "arn:aws:iam::000000000000:role/apigateway-dynamodb"
PUT_ITEM = {
    "application/json": json.dumps(
        {
            "TableName": "notes",
            "Item": {"id": {"S": "$input.path('$.id')"}, "text": {"S": "$input.path('$.text')"}},
        }
    )
}
GET_ITEM = {"application/json": '{"TableName": "notes", "Key": {"id": {"S": "$input.params(\'id\')"}}}'}
ITEM_TEXT = {"application/json": '{"text": "$input.path(\'$.Item.text.S\')"}'}


def dynamodb_method(api: RestApiBuilder, path: str, verb: str, action: str, request: dict[str, str], **response: Any) -> str:
    resource_id = api.method(
        path,
        verb,
        {
            "type": "AWS",
            "integrationHttpMethod": "POST",
            "uri": f"arn:aws:apigateway:us-east-1:dynamodb:action/{action}",
            "credentials": ROLE,
            "requestTemplates": request,
            "passthroughBehavior": "WHEN_NO_TEMPLATES",
        },
    )
    for status, pattern, templates in (("200", None, response.get("templates")), ("400", "4\\d{2}", None)):
        api.client.put_method_response(restApiId=api.api_id, resourceId=resource_id, httpMethod=verb, statusCode=status)
        options = {"selectionPattern": pattern} if pattern else {}
        api.client.put_integration_response(
            restApiId=api.api_id, resourceId=resource_id, httpMethod=verb, statusCode=status,
            responseTemplates=templates or {"application/json": ""}, **options,
        )  # fmt: skip
    return resource_id


def test_methods_read_and_write_a_table_through_dynamodb_actions(server: EmulatorProcess) -> None:
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName="notes",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    api = RestApiBuilder(server, "notes")
    dynamodb_method(api, "/notes", "POST", "PutItem", PUT_ITEM)
    dynamodb_method(api, "/notes", "GET", "Scan", {"application/json": '{"TableName": "notes"}'})
    dynamodb_method(api, "/notes/{id}", "GET", "GetItem", GET_ITEM, templates=ITEM_TEXT)
    dynamodb_method(api, "/missing", "GET", "Scan", {"application/json": '{"TableName": "missing"}'})
    api.deploy("prod")

    written = call(server, api.api_id, "POST", "/prod/notes", json={"id": "n1", "text": "buy milk"})
    assert (written.status_code, written.json()) == (200, {})  # PutItem's answer, passed through
    item = dynamodb.get_item(TableName="notes", Key={"id": {"S": "n1"}})["Item"]
    assert item == {"id": {"S": "n1"}, "text": {"S": "buy milk"}}

    read = call(server, api.api_id, "GET", "/prod/notes/n1")
    assert (read.status_code, read.json()) == (200, {"text": "buy milk"})
    scanned = call(server, api.api_id, "GET", "/prod/notes").json()
    assert (scanned["Count"], scanned["Items"]) == (1, [item])

    # DynamoDB's 400 selects the 4xx integration response; its error document is the body.
    missing = call(server, api.api_id, "GET", "/prod/missing")
    assert missing.status_code == 400
    assert missing.json() == {
        "__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
        "message": "Requested resource not found",
    }


def test_a_null_response_template_passes_the_function_result_through(server: EmulatorProcess) -> None:
    """AWS's code library (lambda_with_api_gateway): responseTemplates {"application/json": ""} is kept as
    null, and the Lambda's JSON answer reaches the client unchanged."""
    arn = create_function(server, "calc", 'def handler(event, context):\n    return {"sum": event["a"] + event["b"]}\n')
    api = RestApiBuilder(server, "calc")
    resource_id = api.method("/sum", "PUT", {"type": "AWS", "integrationHttpMethod": "POST", "uri": lambda_uri(arn)})
    api.client.put_method_response(restApiId=api.api_id, resourceId=resource_id, httpMethod="PUT", statusCode="200")
    api.client.put_integration_response(
        restApiId=api.api_id, resourceId=resource_id, httpMethod="PUT", statusCode="200",
        responseTemplates={"application/json": ""},
    )  # fmt: skip
    api.deploy("prod")
    answer = call(server, api.api_id, "PUT", "/prod/sum", json={"a": 2, "b": 3})
    assert (answer.status_code, answer.json()) == (200, {"sum": 5})
