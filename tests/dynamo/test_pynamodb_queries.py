"""PynamoDB against the emulator: queries, scans, batches and transactions."""

from __future__ import annotations

from typing import Any

import pytest
from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactGet, TransactWrite
from pynamodb_models import Counter, Order, create_models, order, pynamodb_connection, stored

from emulator.testing import EmulatorProcess
from emulator.testing.process import CLIENT_ENV


@pytest.fixture
def models(server: EmulatorProcess) -> None:
    create_models(server)


# --- queries and scans --------------------------------------------------------------------


def save_orders(customer: str, count: int, **values: Any) -> None:
    with Order.batch_write() as batch:
        for number in range(count):
            batch.save(Order(customer, f"o{number:03d}", amount=number, category="even" if number % 2 == 0 else "odd", **values))


def test_query_with_range_key_condition_filter_and_direction(models: None) -> None:
    save_orders("alice", 10)
    save_orders("bob", 3)
    ids = [item.order_id for item in Order.query("alice", Order.order_id.between("o002", "o005"))]
    assert ids == ["o002", "o003", "o004", "o005"]
    backwards = Order.query("alice", Order.order_id.startswith("o00"), scan_index_forward=False, filter_condition=Order.category == "odd")
    assert [item.order_id for item in backwards] == ["o009", "o007", "o005", "o003", "o001"]
    picked = Order.query("alice", Order.order_id < "o003", attributes_to_get=["order_id", "amount"], consistent_read=True)
    assert [(item.order_id, item.amount, item.category) for item in picked] == [("o000", 0, None), ("o001", 1, None), ("o002", 2, None)]


def test_query_limit_and_page_size_page_with_last_evaluated_key(models: None) -> None:
    save_orders("alice", 10)
    pages = Order.query("alice", page_size=4)
    assert [item.order_id for item in pages] == [f"o{number:03d}" for number in range(10)]
    assert pages.page_iter.total_scanned_count == 10
    limited = Order.query("alice", limit=3, page_size=2)
    assert len(list(limited)) == 3
    assert limited.last_evaluated_key == {"customer": {"S": "alice"}, "order_id": {"S": "o002"}}
    rest = Order.query("alice", last_evaluated_key=limited.last_evaluated_key, rate_limit=1000)
    assert [item.order_id for item in rest][0] == "o003"
    filtered = Order.query("alice", filter_condition=Order.amount >= 8, page_size=3)
    assert [item.order_id for item in filtered] == ["o008", "o009"]
    assert filtered.page_iter.total_scanned_count == 10


def test_index_queries_read_the_projected_attributes(models: None) -> None:
    save_orders("alice", 6, tags={"x"})
    Order("bob", "b1", category="even", amount=3).save()
    by_category = list(Order.by_category.query("even", Order.amount > 0, scan_index_forward=False))
    assert [(item.customer, item.amount) for item in by_category] == [("alice", 4), ("bob", 3), ("alice", 2)]
    assert by_category[0].tags == {"x"}  # ALL projection
    keys_only = list(Order.by_amount.query("alice", Order.amount >= 4))
    assert [(item.order_id, item.amount, item.category) for item in keys_only] == [("o004", 4, None), ("o005", 5, None)]
    assert Order.by_category.count("odd") == 3


def test_count_by_hash_key_with_conditions(models: None) -> None:
    save_orders("alice", 12)
    assert Order.count("alice") == 12
    assert Order.count("alice", Order.order_id >= "o010") == 2
    assert Order.count("alice", filter_condition=Order.category == "odd") == 6
    assert Order.count("alice", Order.order_id.startswith("o00"), rate_limit=100) == 10
    assert Order.count("nobody") == 0


def test_scan_in_parallel_segments_covers_each_item_once(models: None) -> None:
    for customer in ("a", "b", "c", "d", "e", "f", "g", "h"):
        save_orders(customer, 3)
    seen = []
    for segment in range(3):
        seen += [(item.customer, item.order_id) for item in Order.scan(segment=segment, total_segments=3, page_size=2)]
    assert sorted(seen) == sorted((customer, f"o{number:03d}") for customer in "abcdefgh" for number in range(3))
    odd = list(Order.scan(Order.category == "odd", limit=2))
    assert len(odd) == 2 and all(item.category == "odd" for item in odd)


# --- batches ------------------------------------------------------------------------------


def test_batch_write_and_get_beyond_the_request_limits(models: None) -> None:
    with Counter.batch_write() as batch:
        for number in range(130):
            batch.save(Counter(f"c{number}", value=number))
    assert stored(Counter) == 130
    keys = [f"c{number}" for number in range(130)] + ["missing"]
    got = {item.name: item.value for item in Counter.batch_get(keys, consistent_read=True)}
    assert got == {f"c{number}": number for number in range(130)}
    with Counter.batch_write() as batch:
        for number in range(0, 130, 2):
            batch.delete(Counter(f"c{number}"))
    assert stored(Counter) == 65


def test_batch_get_past_16_mb_finishes_with_the_unprocessed_keys(models: None) -> None:
    answers: list[tuple[int, int]] = []

    def record(parsed: dict[str, Any], **_: Any) -> None:
        unprocessed = parsed["UnprocessedKeys"].get("orders", {}).get("Keys", [])
        answers.append((len(parsed["Responses"]["orders"]), len(unprocessed)))

    note = "n" * 390_000
    with Order.batch_write() as batch:
        for number in range(50):
            batch.save(Order("big", f"{number:03d}", notes=[note]))
    events = Order._get_connection().connection.client.meta.events
    events.register("after-call.dynamodb.BatchGetItem", record)
    try:
        got = list(Order.batch_get([("big", f"{number:03d}") for number in range(50)]))
    finally:
        events.unregister("after-call.dynamodb.BatchGetItem", record)
    assert sorted(item.order_id for item in got) == [f"{number:03d}" for number in range(50)]
    first_count, left = answers[0]
    assert left == 50 - first_count > 0
    assert first_count * 390_000 <= 16 * 1024 * 1024  # never more than the 16 MB limit


def test_an_item_over_400_kb_is_refused(models: None) -> None:
    with pytest.raises(PutError) as excinfo:
        Order("alice", "big", notes=["n" * 410_000]).save()
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == (
        "ValidationException",
        "Item size has exceeded the maximum allowed size",
    )


def test_batch_get_with_attributes_to_get(models: None) -> None:
    save_orders("alice", 3, tags={"t"})
    items = list(Order.batch_get([("alice", "o001"), ("alice", "o002")], attributes_to_get=["order_id", "tags"]))
    assert sorted((item.order_id, item.tags, item.amount) for item in items) == [("o001", {"t"}, 0), ("o002", {"t"}, 0)]


# --- transactions -------------------------------------------------------------------------


def test_transact_write_applies_every_action(models: None, server: EmulatorProcess) -> None:
    Counter("kept", value=1).save()
    Counter("gone").save()
    Counter("checked").save()
    connection = pynamodb_connection(server)
    with TransactWrite(connection=connection, client_request_token="token-1") as transaction:
        transaction.save(Counter("new", value=5), condition=Counter.name.does_not_exist())
        transaction.update(Counter("kept"), actions=[Counter.value.add(10)], condition=Counter.value == 1)
        transaction.delete(Counter("gone"))
        transaction.condition_check(Counter, "checked", condition=Counter.value == 0)
    assert {item.name: item.value for item in Counter.scan()} == {"new": 5, "kept": 11, "checked": 0}
    with TransactGet(connection=connection) as reads:
        new = reads.get(Counter, "new")
        missing = reads.get(Counter, "gone")
    assert new.get().value == 5
    with pytest.raises(Counter.DoesNotExist):
        missing.get()


def test_cancelled_transaction_reasons_as_pynamodb_surfaces_them(models: None, server: EmulatorProcess) -> None:
    Counter("taken", value=1).save()
    connection = pynamodb_connection(server)
    with pytest.raises(TransactWriteError) as excinfo, TransactWrite(connection=connection) as transaction:
        transaction.save(Counter("fine"))
        transaction.save(Counter("taken", value=2), condition=Counter.name.does_not_exist(), return_values="ALL_OLD")
    error = excinfo.value
    assert error.cause_response_code == "TransactionCanceledException"
    assert error.cause_response_message == "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"
    first, second = error.cancellation_reasons
    assert first is None
    assert second is not None and (second.code, second.message) == ("ConditionalCheckFailed", "The conditional request failed")
    assert second.raw_item == {"name": {"S": "taken"}, "value": {"N": "1"}}
    assert Counter.from_raw_data(second.raw_item).value == 1
    assert stored(Counter) == 1


def test_transaction_with_a_stale_version_is_cancelled(models: None, server: EmulatorProcess) -> None:
    saved = order()
    saved.save()
    stale = Order.get("alice", "o1")
    saved.save()
    connection = pynamodb_connection(server)
    with pytest.raises(TransactWriteError) as excinfo, TransactWrite(connection=connection) as transaction:
        transaction.save(stale)
    reasons = excinfo.value.cancellation_reasons
    assert [reason.code if reason else None for reason in reasons] == ["ConditionalCheckFailed"]


def test_a_transaction_names_a_table_of_another_region_as_not_found(models: None, server: EmulatorProcess) -> None:
    class Elsewhere(Model):
        class Meta:
            table_name = "elsewhere"
            region = "eu-west-1"
            host = server.url
            aws_access_key_id = CLIENT_ENV["AWS_ACCESS_KEY_ID"]
            aws_secret_access_key = CLIENT_ENV["AWS_SECRET_ACCESS_KEY"]
            billing_mode = "PAY_PER_REQUEST"

        name = UnicodeAttribute(hash_key=True)

    Elsewhere.create_table(wait=True)
    # The transaction goes to the connection's region, us-east-1, where the table does not exist.
    with pytest.raises(TransactWriteError) as excinfo, TransactWrite(connection=pynamodb_connection(server)) as transaction:
        transaction.save(Counter("here"))
        transaction.save(Elsewhere("there"))
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == (
        "ResourceNotFoundException",
        "Requested resource not found",
    )
    assert stored(Counter) == 0 and stored(Elsewhere) == 0


def test_a_client_request_token_replays_and_refuses_other_parameters(models: None, server: EmulatorProcess) -> None:
    connection = pynamodb_connection(server)
    for _ in range(2):
        with TransactWrite(connection=connection, client_request_token="same") as transaction:
            transaction.update(Counter("c"), actions=[Counter.value.add(1)])
    assert Counter.get("c").value == 1
    with pytest.raises(TransactWriteError) as excinfo, TransactWrite(connection=connection, client_request_token="same") as transaction:
        transaction.update(Counter("c"), actions=[Counter.value.add(2)])
    assert excinfo.value.cause_response_code == "IdempotentParameterMismatchException"


def test_a_bad_path_in_a_transaction_is_a_validation_error_reason(models: None, server: EmulatorProcess) -> None:
    Order("alice", "o1").save()  # no address: its street cannot be set
    with pytest.raises(TransactWriteError) as excinfo, TransactWrite(connection=pynamodb_connection(server)) as transaction:
        transaction.save(Counter("fine"))
        transaction.update(Order("alice", "o1"), actions=[Order.address.street.set("Elm")], add_version_condition=False)
    assert excinfo.value.cause_response_message == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]"
    )
    reasons = [(reason.code, reason.message) if reason else None for reason in excinfo.value.cancellation_reasons]
    assert reasons == [None, ("ValidationError", "The document path provided in the update expression is invalid for update")]

