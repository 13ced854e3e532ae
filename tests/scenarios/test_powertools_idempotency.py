"""Powertools' idempotency utility on its DynamoDB persistence layer, in functions that ship it.

Powertools claims a key with a conditional PutItem (``attribute_not_exists(#id) OR #expiry < :now OR
(#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry <
:now_in_millis)``, ``ReturnValuesOnConditionCheckFailure=ALL_OLD``), reads the stored record from the
ConditionalCheckFailedException's ``Item``, completes it with UpdateItem and deletes it when the
handler fails. The items it stores and what a repeated, concurrent and expired call answers are
checked here as AWS's documentation and Powertools' describe them.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from frameworks import http_api, rest_api
from powertools_apps import create_powertools_function, invoke

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

#: The handler made idempotent on the event's "order", its "amount" validated against the stored
#: record's. A "gate" makes it wait for that file; "fail" makes it raise.
ORDERS = """
import os, time, uuid
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent

persistence = DynamoDBPersistenceLayer(table_name="idempotency")
config = IdempotencyConfig(event_key_jmespath="order", payload_validation_jmespath="amount",
                           raise_on_no_idempotency_key=True, expires_after_seconds=3600)

@idempotent(config=config, persistence_store=persistence)
def handler(event, context):
    gate = event.get("gate")
    while gate and not os.path.exists(gate):
        time.sleep(0.01)
    if event.get("fail"):
        raise RuntimeError("payment declined")
    return {"order": event["order"], "amount": event["amount"], "receipt": uuid.uuid4().hex}
"""

#: ``@idempotent_function`` on a helper, its records under a composite key (a static partition key,
#: the idempotency key as the sort key); no key is required, so an order without one is processed anyway.
CHECKOUT = """
import uuid
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function

persistence = DynamoDBPersistenceLayer(table_name="records", key_attr="pk", sort_key_attr="sk")
config = IdempotencyConfig(event_key_jmespath="id")

@idempotent_function(data_keyword_argument="order", config=config, persistence_store=persistence)
def process(order):
    return {"id": order.get("id"), "charge": uuid.uuid4().hex}

def handler(event, context):
    config.register_lambda_context(context)
    return [process(order=order) for order in event["orders"]]
"""


def md5_of(value: Any) -> str:
    """Powertools' hash of a value: MD5 of its JSON with sorted keys."""
    return hashlib.md5(json.dumps(value, sort_keys=True).encode()).hexdigest()


def create_idempotency_table(server: EmulatorProcess) -> Any:
    """The persistence layer's table (key ``id``); its DynamoDB client."""
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName="idempotency",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return dynamodb


@pytest.fixture
def orders(server: EmulatorProcess) -> Any:
    dynamodb = create_idempotency_table(server)
    dynamodb.update_time_to_live(
        TableName="idempotency", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiration"}
    )
    lambda_client = server.client("lambda")
    create_powertools_function(lambda_client, "orders", ORDERS)
    return lambda_client


def stored(server: EmulatorProcess, table: str = "idempotency") -> list[dict[str, Any]]:
    return server.client("dynamodb").scan(TableName=table, ConsistentRead=True)["Items"]


ORDER_KEY = {"id": {"S": f"orders.app.handler#{md5_of('o-1')}"}}


def test_a_repeated_call_answers_the_stored_result_from_the_record_it_wrote(server: EmulatorProcess, orders: Any) -> None:
    started = time.time()
    error, first = invoke(orders, "orders", {"order": "o-1", "amount": 10})
    assert error is None and first["order"] == "o-1"
    error, second = invoke(orders, "orders", {"order": "o-1", "amount": 10})
    assert (error, second) == (None, first)

    (item,) = stored(server)
    assert set(item) == {"id", "expiration", "in_progress_expiration", "status", "data", "validation"}
    assert item["id"] == ORDER_KEY["id"]
    assert item["status"] == {"S": "COMPLETED"}
    assert json.loads(item["data"]["S"]) == first
    assert item["validation"] == {"S": md5_of(10)}
    assert abs(int(item["expiration"]["N"]) - (started + 3600)) < 60
    # The claim's lock: the invocation's deadline in milliseconds (its 30 s timeout from the start).
    assert abs(int(item["in_progress_expiration"]["N"]) - (started + 30) * 1000) < 60_000
    # A different order is a different record.
    error, other = invoke(orders, "orders", {"order": "o-2", "amount": 10})
    assert error is None and other["receipt"] != first["receipt"]
    assert len(stored(server)) == 2


def test_a_repeated_key_with_another_payload_fails_validation(server: EmulatorProcess, orders: Any) -> None:
    invoke(orders, "orders", {"order": "o-1", "amount": 10})
    error, answer = invoke(orders, "orders", {"order": "o-1", "amount": 99})
    assert error == "Unhandled"
    assert answer["errorType"] == "IdempotencyValidationError"
    assert "Payload does not match stored record" in answer["errorMessage"]
    # The record is left as the first call completed it.
    (item,) = stored(server)
    assert item["status"] == {"S": "COMPLETED"} and item["validation"] == {"S": md5_of(10)}


def test_an_event_without_the_key_is_refused_when_the_key_is_required(server: EmulatorProcess, orders: Any) -> None:
    error, answer = invoke(orders, "orders", {"amount": 10})
    assert (error, answer["errorType"]) == ("Unhandled", "IdempotencyKeyError")
    assert answer["errorMessage"] == "No data found to create a hashed idempotency_key"
    assert stored(server) == []


def test_a_failed_call_releases_its_claim_so_a_retry_runs(server: EmulatorProcess, orders: Any) -> None:
    error, answer = invoke(orders, "orders", {"order": "o-1", "amount": 10, "fail": True})
    assert (error, answer["errorType"], answer["errorMessage"]) == ("Unhandled", "RuntimeError", "payment declined")
    assert stored(server) == []
    error, answer = invoke(orders, "orders", {"order": "o-1", "amount": 10})
    assert error is None and answer["order"] == "o-1"
    assert [item["status"] for item in stored(server)] == [{"S": "COMPLETED"}]


def test_an_expired_record_is_replaced_by_a_new_call(server: EmulatorProcess, orders: Any) -> None:
    _, first = invoke(orders, "orders", {"order": "o-1", "amount": 10})
    # Expired an hour early (the TTL sweeper may take its time on AWS: Powertools compares itself).
    past = str(int(time.time()) - 5)
    server.client("dynamodb").update_item(
        TableName="idempotency", Key=ORDER_KEY, UpdateExpression="SET expiration = :past",
        ExpressionAttributeValues={":past": {"N": past}},
    )  # fmt: skip
    error, second = invoke(orders, "orders", {"order": "o-1", "amount": 99})
    assert error is None and second["receipt"] != first["receipt"] and second["amount"] == 99
    (item,) = stored(server)
    assert int(item["expiration"]["N"]) > time.time() + 3000
    assert json.loads(item["data"]["S"]) == second and item["validation"] == {"S": md5_of(99)}


def test_a_concurrent_call_is_refused_while_the_first_is_in_progress(
    server: EmulatorProcess, orders: Any, tmp_path: Path
) -> None:
    gate = tmp_path / "gate"
    event = {"order": "o-1", "amount": 10, "gate": str(gate)}
    answers: list[tuple[str | None, Any]] = []
    first = threading.Thread(target=lambda: answers.append(invoke(orders, "orders", event)))
    first.start()
    try:
        claim = wait_until(lambda: stored(server), timeout=30)
        assert claim[0]["status"] == {"S": "INPROGRESS"} and "data" not in claim[0]
        error, answer = invoke(orders, "orders", event)
        assert (error, answer["errorType"]) == ("Unhandled", "IdempotencyAlreadyInProgressError")
        assert answer["errorMessage"].startswith("Execution already in progress with idempotency key: ")
    finally:
        gate.touch()
        first.join(30)
    ((error, result),) = answers
    assert error is None
    # Once the first completed, the same request gets its answer.
    assert invoke(orders, "orders", event) == (None, result)


@pytest.mark.parametrize(
    ("lock_offset_ms", "runs"),
    [(-1000, True), (60_000, False), (None, False)],
    ids=["lock-expired", "lock-held", "no-lock"],
)
def test_an_in_progress_record_is_taken_over_once_its_lock_expired(
    server: EmulatorProcess, orders: Any, lock_offset_ms: int | None, runs: bool
) -> None:
    """A record an invocation left INPROGRESS (it timed out) blocks the key until its in_progress_expiration;
    one without (written by a function that never registered its Lambda context) until the record expires."""
    now = time.time()
    abandoned = {
        **ORDER_KEY,
        "expiration": {"N": str(int(now) + 3600)},
        "status": {"S": "INPROGRESS"},
        "validation": {"S": md5_of(10)},
    }
    if lock_offset_ms is not None:
        abandoned["in_progress_expiration"] = {"N": str(int(now * 1000) + lock_offset_ms)}
    server.client("dynamodb").put_item(TableName="idempotency", Item=abandoned)
    error, answer = invoke(orders, "orders", {"order": "o-1", "amount": 10})
    if runs:
        assert error is None and answer["order"] == "o-1"
        assert [item["status"] for item in stored(server)] == [{"S": "COMPLETED"}]
    else:
        assert (error, answer["errorType"]) == ("Unhandled", "IdempotencyAlreadyInProgressError")
        assert stored(server) == [abandoned]


def test_idempotent_function_records_under_a_composite_key(server: EmulatorProcess) -> None:
    dynamodb = server.client("dynamodb")
    dynamodb.create_table(
        TableName="records",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    lambda_client = server.client("lambda")
    create_powertools_function(lambda_client, "checkout", CHECKOUT)
    orders = [{"id": "a"}, {"id": "b"}, {"id": "a"}, {"note": "no id"}, {"note": "no id"}]
    error, charges = invoke(lambda_client, "checkout", {"orders": orders})
    assert error is None
    assert charges[0] == charges[2] and charges[0] != charges[1]
    # Without a key, each call is processed and nothing is stored.
    assert charges[3]["id"] is None and charges[3] != charges[4]
    items = stored(server, "records")
    assert {item["pk"]["S"] for item in items} == {"idempotency#checkout"}
    assert sorted(item["sk"]["S"] for item in items) == sorted(
        f"checkout.app.process#{md5_of(key)}" for key in ("a", "b")
    )
    assert {item["status"]["S"] for item in items} == {"COMPLETED"}
    # A second invocation (a warm environment, or a new one) finds the records.
    error, again = invoke(lambda_client, "checkout", {"orders": [{"id": "b"}]})
    assert (error, again) == (None, [charges[1]])


def test_a_call_that_timed_out_holds_the_key_only_until_its_deadline(server: EmulatorProcess, tmp_path: Path) -> None:
    """Powertools locks the key until the invocation's deadline (context.get_remaining_time_in_millis): once
    Lambda timed the invocation out, the next call with the key runs ("Handling Lambda timeouts")."""
    create_idempotency_table(server)
    lambda_client = server.client("lambda")
    create_powertools_function(lambda_client, "orders", ORDERS, Timeout=2)
    started = time.time()
    error, answer = invoke(lambda_client, "orders", {"order": "o-1", "amount": 10, "gate": str(tmp_path / "never")})
    assert error == "Unhandled" and answer["errorType"] == "Sandbox.Timedout"
    (claim,) = stored(server)
    assert claim["status"] == {"S": "INPROGRESS"}
    deadline_ms = int(claim["in_progress_expiration"]["N"])
    assert started * 1000 < deadline_ms <= (started + 2) * 1000 + 500
    # The lock ended with the invocation: a retry runs the handler and completes the record.
    error, answer = invoke(lambda_client, "orders", {"order": "o-1", "amount": 10})
    assert error is None and answer["order"] == "o-1"
    assert [item["status"] for item in stored(server)] == [{"S": "COMPLETED"}]


#: Powertools' documented pattern for APIs: the handler idempotent on the request's JSON body.
PAYMENTS_API = """
import os, uuid
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, APIGatewayRestResolver
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent

app = {"rest": APIGatewayRestResolver, "http": APIGatewayHttpResolver}[os.environ["RESOLVER"]]()
persistence = DynamoDBPersistenceLayer(table_name="idempotency")
config = IdempotencyConfig(event_key_jmespath="powertools_json(body)", raise_on_no_idempotency_key=True)

@app.post("/payments")
def pay():
    return {"payment": uuid.uuid4().hex, "amount": app.current_event.json_body["amount"]}, 201

@idempotent(config=config, persistence_store=persistence)
def handler(event, context):
    return app.resolve(event, context)
"""


@pytest.mark.parametrize("front", ["rest", "http"])
def test_an_api_request_repeated_with_the_same_body_gets_the_same_answer(server: EmulatorProcess, front: str) -> None:
    server.client("dynamodb").create_table(
        TableName="idempotency",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    environment = {"Variables": {"RESOLVER": front}}
    arn = create_powertools_function(server.client("lambda"), "payments", PAYMENTS_API, Environment=environment)[
        "FunctionArn"
    ]
    api_id, stage = (rest_api(server, arn), "/prod") if front == "rest" else (http_api(server, arn, "2.0"), "")
    url = f"http://127.0.0.1:{server.port}{stage}/payments"
    headers = {"Host": f"{api_id}.execute-api.localhost:{server.port}", "content-type": "application/json"}

    def pay(body: bytes) -> httpx.Response:
        return httpx.post(url, content=body, headers=headers, timeout=30)

    first, again, other = pay(b'{"amount": 10}'), pay(b'{"amount": 10}'), pay(b'{"amount": 11}')
    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 201)
    assert again.json() == first.json() and other.json()["payment"] != first.json()["payment"]
    # The stored answer is the whole proxy result (status and headers too), keyed on the body's hash.
    items = {item["id"]["S"]: item for item in stored(server)}
    assert set(items) == {f"payments.app.handler#{md5_of({'amount': amount})}" for amount in (10, 11)}
    assert json.loads(items[f"payments.app.handler#{md5_of({'amount': 10})}"]["data"]["S"])["statusCode"] == 201
    # No body: no key, refused by the idempotency utility: a function error, which a REST API answers
    # as a 502 and an HTTP API as a 500.
    assert pay(b"").status_code == (502 if front == "rest" else 500)
