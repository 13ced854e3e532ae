"""AWS's code library cross-service examples that need only DynamoDB, Lambda and API Gateway.

Sources (awsdocs/aws-doc-sdk-examples, python/cross_service):
- dynamodb_item_tracker/storage.py: the work-item store behind a Flask service (its SES report is
  left out): scans filtered on ``archived``, gets, puts with a generated id, legacy
  ``AttributeUpdates`` updates.
- apigateway_covid-19_tracker (app.py, chalicelib/covid_data.py, client_demo.py): a Chalice REST
  API, i.e. one Lambda function behind Lambda proxy methods on /states, /states/{state} and
  /states/{state}/{date}, storing records in a state/date table; client_demo.py's requests are
  replayed. Chalice and CloudFormation are not used: the API is built with the calls Chalice makes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import httpx
from boto3.dynamodb.conditions import Attr

from emulator.testing import EmulatorProcess
from emulator.testing.functions import ROLE

# -- dynamodb_item_tracker ---------------------------------------------------------------


def add_or_update_work_item(table: Any, item: dict[str, Any]) -> str:
    """Storage.add_or_update_work_item: a new id and PutItem, else UpdateItem with AttributeUpdates."""
    if item.get("iditem") is None:
        item["iditem"] = str(uuid4())
        table.put_item(Item=item)
    else:
        updates = {key: {"Value": value, "Action": "PUT"} for key, value in item.items() if key != "iditem"}
        table.update_item(Key={"iditem": item["iditem"]}, AttributeUpdates=updates)
    return item["iditem"]


def work_items(table: Any, archived: bool | None = None) -> list[dict[str, Any]]:
    if archived is None:
        return table.scan().get("Items", [])
    return table.scan(FilterExpression=Attr("archived").eq(archived)).get("Items", [])


def test_item_tracker_storage(server: EmulatorProcess) -> None:
    dynamodb = server.resource("dynamodb")
    table = dynamodb.create_table(
        TableName="doc-example-work-item-tracker",
        KeySchema=[{"AttributeName": "iditem", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "iditem", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    table.wait_until_exists()

    first = add_or_update_work_item(
        table,
        {
            "description": "Fix the docs",
            "guide": "python",
            "status": "open",
            "username": "ana",
            "archived": False,
        },
    )
    second = add_or_update_work_item(
        table,
        {"description": "Add a test", "guide": "java", "status": "open", "username": "bo", "archived": False},
    )
    # A client that sends no 'archived' field: the item is in neither filtered list.
    third = add_or_update_work_item(
        table, {"description": "Triage", "guide": "go", "status": "new", "username": "cy"}
    )

    # PUT /api/items/<id>:archive sends the item's fields back with archived set.
    archived = add_or_update_work_item(
        table, {"iditem": second, "description": "Add a test", "status": "done", "archived": True}
    )
    assert archived == second
    assert table.get_item(Key={"iditem": second})["Item"] == {
        "iditem": second,
        "description": "Add a test",
        "guide": "java",
        "status": "done",
        "username": "bo",
        "archived": True,
    }

    assert [item["iditem"] for item in work_items(table, archived=False)] == [first]
    assert [item["iditem"] for item in work_items(table, archived=True)] == [second]
    assert {item["iditem"] for item in work_items(table)} == {first, second, third}
    # GET /api/items/<unknown>: get_item(...).get("Item", {}) -- no Item member at all.
    assert "Item" not in table.get_item(Key={"iditem": "no-such-item"})


# -- apigateway_covid-19_tracker ---------------------------------------------------------

#: The Chalice app's three routes, dispatched on the proxy event's resource and method.
COVID_HANDLER = """
import datetime
import json
import os
import random
import urllib.parse

import boto3
from boto3.dynamodb.conditions import Key

STATES = {"Alabama", "Alaska", "New York", "Ohio", "Texas", "Utah"}
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def reply(status, body=None):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body, default=int)}


def check(state, date=None, data=None):
    if state not in STATES:
        return f"Unknown state '{state}'."
    if data is not None and data["state"] != state:
        return f"The state '{data['state']}' in the body does not match '{state}'."
    day = date if date is not None else (data or {}).get("date")
    if day is not None and not datetime.date(2020, 1, 1) <= datetime.date.fromisoformat(day) <= datetime.date.today():
        return f"{day} is out of range."
    return None


def state_records(state):
    items = table.query(KeyConditionExpression=Key("state").eq(state)).get("Items", [])
    if not items:
        items.append({"state": state, "date": datetime.date.today().isoformat(),
                      "cases": random.randint(1, 1000), "deaths": random.randint(1, 100)})
        table.put_item(Item=items[0])
    return items


def lambda_handler(event, context):
    method, resource = event["httpMethod"], event["resource"]
    if resource == "/states":
        return reply(200, {"states": ", ".join(sorted(STATES))})
    state = urllib.parse.unquote(event["pathParameters"]["state"])
    if resource == "/states/{state}":
        data = json.loads(event["body"]) if event.get("body") else None
        problem = check(state, data=data)
        if problem:
            return reply(400, {"Code": "BadRequestError", "Message": problem})
        if method == "GET":
            return reply(200, state_records(state))
        if method in ("PUT", "POST"):
            table.put_item(Item=data)
        elif method == "DELETE":
            items = table.query(KeyConditionExpression=Key("state").eq(state)).get("Items", [])
            with table.batch_writer() as batch:
                for item in items:
                    batch.delete_item(Key={"state": item["state"], "date": item["date"]})
        return reply(200)
    date = urllib.parse.unquote(event["pathParameters"]["date"])
    problem = check(state, date=date)
    if problem:
        return reply(400, {"Code": "BadRequestError", "Message": problem})
    if method == "GET":
        item = table.get_item(Key={"state": state, "date": date}).get("Item")
        if item is None:
            return reply(404, {"Code": "NotFoundError", "Message": f"No data found for {state} on {date}."})
        return reply(200, item)
    table.delete_item(Key={"state": state, "date": date})
    return reply(200)
"""

ROUTES = {"states": ["GET"], "{state}": ["DELETE", "GET", "POST", "PUT"], "{date}": ["DELETE", "GET"]}


def deploy_covid_api(server: EmulatorProcess) -> str:
    """The table, the function and the REST API a Chalice deployment of app.py creates."""
    server.client("dynamodb").create_table(
        TableName="fictional-covid",
        KeySchema=[
            {"AttributeName": "state", "KeyType": "HASH"},
            {"AttributeName": "date", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "state", "AttributeType": "S"},
            {"AttributeName": "date", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", COVID_HANDLER)
    lambda_ = server.client("lambda")
    function_arn = lambda_.create_function(
        FunctionName="fictional-covid-dev",
        Runtime="python3.12",
        Role=ROLE,
        Handler="app.lambda_handler",
        Code={"ZipFile": buffer.getvalue()},
        Environment={"Variables": {"TABLE_NAME": "fictional-covid"}},
    )["FunctionArn"]
    lambda_.get_waiter("function_active_v2").wait(FunctionName=function_arn, WaiterConfig={"Delay": 1})

    apigateway = server.client("apigateway")
    api_id = apigateway.create_rest_api(name="fictional-covid")["id"]
    parent = next(
        item["id"] for item in apigateway.get_resources(restApiId=api_id)["items"] if item["path"] == "/"
    )
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    for part, methods in ROUTES.items():
        parent = apigateway.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]
        for method in methods:
            apigateway.put_method(
                restApiId=api_id, resourceId=parent, httpMethod=method, authorizationType="NONE"
            )
            apigateway.put_integration(
                restApiId=api_id,
                resourceId=parent,
                httpMethod=method,
                type="AWS_PROXY",
                integrationHttpMethod="POST",
                uri=uri,
            )
    apigateway.create_deployment(restApiId=api_id, stageName="api")
    lambda_.add_permission(
        FunctionName=function_arn,
        StatementId="fictional-covid-invoke",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/*",
    )
    return api_id


def test_covid_tracker_client_demo(server: EmulatorProcess) -> None:
    api_id = deploy_covid_api(server)
    today = datetime.date.today()
    with httpx.Client(
        base_url=f"http://127.0.0.1:{server.port}/api/",
        headers={"Host": f"{api_id}.execute-api.us-east-1.amazonaws.com"},
        timeout=30,
    ) as http:
        states = http.get("states")
        assert states.status_code == 200
        assert states.json()["states"].split(", ") == [
            "Alabama",
            "Alaska",
            "New York",
            "Ohio",
            "Texas",
            "Utah",
        ]

        # A state with a space travels percent-encoded, as requests sends it.
        state_url = f"states/{quote('New York')}"
        generated = http.get(state_url)
        assert generated.status_code == 200
        [record] = generated.json()
        assert (record["state"], record["date"]) == ("New York", today.isoformat())

        history = [
            {
                "state": "New York",
                "date": (today - datetime.timedelta(days=n)).isoformat(),
                "cases": n * 7,
                "deaths": n,
            }
            for n in range(1, 11)
        ]
        for entry in history:
            assert http.put(state_url, json=entry).status_code == 200
        assert len(http.get(state_url).json()) == 11

        past = history[4]
        date_url = f"{state_url}/{past['date']}"
        assert http.get(date_url).json() == past
        assert http.delete(date_url).status_code == 200
        missing = http.get(date_url)
        assert missing.status_code == 404
        assert missing.json()["Message"] == f"No data found for New York on {past['date']}."

        assert http.put(state_url, json={**history[0], "state": "Ohio"}).status_code == 400
        assert http.get("states/Atlantis").status_code == 400

        assert http.delete(state_url).status_code == 200
        [fresh] = http.get(state_url).json()
        assert fresh["date"] == today.isoformat()
