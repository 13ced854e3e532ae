"""PynamoDB against the emulator: the request shapes a real ORM sends, and what it expects back.

PynamoDB turns off botocore's parameter validation, always asks for consumed
capacity, sends ``ConsistentRead`` explicitly and builds every expression with
generated ``#n``/``:v`` names; its exceptions carry AWS's error code and message.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    NumberSetAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.connection import Connection
from pynamodb.exceptions import (
    DeleteError,
    DoesNotExist,
    GetError,
    PutError,
    QueryError,
    ScanError,
    TableDoesNotExist,
    TableError,
    TransactGetError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection, LocalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactGet, TransactWrite

from emulator.testing import EmulatorProcess
from emulator.testing.process import CLIENT_ENV

CONDITION_FAILED = ("ConditionalCheckFailedException", "The conditional request failed")


class Address(MapAttribute[str, Any]):
    street = UnicodeAttribute()
    zip_code = NumberAttribute(null=True)


class ByCategory(GlobalSecondaryIndex["Order"]):
    class Meta:
        index_name = "by_category"
        projection = AllProjection()

    category = UnicodeAttribute(hash_key=True)
    amount = NumberAttribute(range_key=True)


class ByAmount(LocalSecondaryIndex["Order"]):
    class Meta:
        index_name = "by_amount"
        projection = KeysOnlyProjection()

    customer = UnicodeAttribute(hash_key=True)
    amount = NumberAttribute(range_key=True)


class Order(Model):
    class Meta:
        table_name = "orders"
        billing_mode = "PAY_PER_REQUEST"
        region = CLIENT_ENV["AWS_DEFAULT_REGION"]
        aws_access_key_id = CLIENT_ENV["AWS_ACCESS_KEY_ID"]
        aws_secret_access_key = CLIENT_ENV["AWS_SECRET_ACCESS_KEY"]
        max_retry_attempts = 0

    customer = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute(range_key=True)
    category = UnicodeAttribute(null=True)
    amount = NumberAttribute(default=0)
    tags = UnicodeSetAttribute(null=True)
    sizes = NumberSetAttribute(null=True)
    notes = ListAttribute[str](of=UnicodeAttribute, null=True)
    address = Address(null=True)
    blob = BinaryAttribute(null=True, legacy_encoding=False)
    document = JSONAttribute(null=True)
    created = UTCDateTimeAttribute(null=True)
    paid = BooleanAttribute(null=True)
    expires = TTLAttribute(null=True)
    version = VersionAttribute()

    by_category = ByCategory()
    by_amount = ByAmount()


class Counter(Model):
    class Meta:
        table_name = "counters"
        read_capacity_units = 5
        write_capacity_units = 5
        region = CLIENT_ENV["AWS_DEFAULT_REGION"]
        aws_access_key_id = CLIENT_ENV["AWS_ACCESS_KEY_ID"]
        aws_secret_access_key = CLIENT_ENV["AWS_SECRET_ACCESS_KEY"]
        max_retry_attempts = 0

    name = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)


MODELS: tuple[type[Model], ...] = (Order, Counter)


@pytest.fixture
def models(server: EmulatorProcess) -> Iterator[None]:
    """Both tables created through PynamoDB on the test's fresh emulator."""
    for model in MODELS:
        use_server(model, server)
        model.create_table(wait=True)
    yield


def use_server(model: type[Model], server: EmulatorProcess) -> None:
    """Point ``model`` at ``server``, keeping its connection while the server stays the same
    (a new botocore client costs a tenth of a second)."""
    if getattr(model.Meta, "host", None) != server.url:
        model.Meta.host = server.url
        model._connection = None


def order(customer: str = "alice", order_id: str = "o1", **values: Any) -> Order:
    return Order(customer, order_id, **values)


# --- tables -------------------------------------------------------------------------------


def test_create_table_describes_both_indexes_and_exists(models: None, server: EmulatorProcess) -> None:
    assert Order.exists() and Counter.exists()
    description = Order.describe_table()
    assert description["TableStatus"] == "ACTIVE"
    assert description["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert [index["IndexName"] for index in description["GlobalSecondaryIndexes"]] == ["by_category"]
    assert description["LocalSecondaryIndexes"][0]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert Counter.describe_table()["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


def test_delete_table_then_exists_is_false(models: None) -> None:
    Counter.delete_table()
    assert not Counter.exists()


def test_operations_on_a_missing_table_raise_pynamodb_errors_with_aws_cause(models: None, server: EmulatorProcess) -> None:
    Counter.delete_table()
    missing = ("ResourceNotFoundException", "Requested resource not found")
    for error, call in (
        (GetError, lambda: Counter.get("c")),
        (PutError, lambda: Counter("c").save()),
        (QueryError, lambda: list(Counter.query("c"))),
        (ScanError, lambda: list(Counter.scan())),
        (DeleteError, lambda: Counter("c").delete()),
    ):
        with pytest.raises(error) as excinfo:
            call()
        assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == missing
    with pytest.raises(TableDoesNotExist) as described:
        Counter.describe_table()
    assert "Requested resource not found: Table: counters not found" in str(described.value)
    with pytest.raises(TransactGetError) as excinfo, TransactGet(connection=pynamodb_connection(server)) as reads:
        reads.get(Counter, "c")
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == missing


# --- items --------------------------------------------------------------------------------


def test_every_attribute_type_round_trips_exactly(models: None) -> None:
    created = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
    saved = order(
        category="books",
        amount=12.5,
        tags={"a", "ü"},
        sizes={1, 2.5, -3},
        notes=["x", "y"],
        address=Address(street="Main", zip_code=12345),
        blob=b"\x00\xffbytes",
        document={"nested": [1, {"k": None}]},
        created=created,
        paid=False,
    )
    saved.save()
    assert saved.version == 1
    loaded = Order.get("alice", "o1", consistent_read=True)
    assert loaded.serialize() == saved.serialize()
    assert loaded.created == created
    assert loaded.blob == b"\x00\xffbytes"
    assert loaded.sizes == {1, 2.5, -3}
    assert loaded.address.zip_code == 12345


def test_get_of_a_missing_item_raises_does_not_exist(models: None) -> None:
    with pytest.raises(Order.DoesNotExist):
        Order.get("nobody", "none")
    assert isinstance(Order.DoesNotExist(), DoesNotExist)


def test_refresh_reads_the_stored_item(models: None) -> None:
    mine = order(amount=1)
    mine.save()
    other = Order.get("alice", "o1")
    other.update(actions=[Order.amount.set(7)])
    mine.refresh(consistent_read=True)
    assert (mine.amount, mine.version) == (7, 2)


def test_delete_removes_the_item(models: None) -> None:
    saved = order()
    saved.save()
    saved.delete()
    assert Order.count("alice") == 0


def test_conditional_save_failure_is_a_put_error_with_aws_cause(models: None) -> None:
    Counter("c", value=1).save()
    with pytest.raises(PutError) as excinfo:
        Counter("c", value=2).save(condition=Counter.name.does_not_exist())
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == CONDITION_FAILED
    Counter("c", value=3).save(condition=Counter.value == 1)
    assert Counter.get("c").value == 3


def test_conditional_delete_failure_is_a_delete_error(models: None) -> None:
    Counter("c", value=1).save()
    with pytest.raises(DeleteError) as excinfo:
        Counter("c").delete(condition=Counter.value > 5)
    assert excinfo.value.cause_response_code == "ConditionalCheckFailedException"
    Counter("c").delete(condition=Counter.value.between(0, 1) & Counter.name.exists())
    assert Counter.count() == 0


# --- updates ------------------------------------------------------------------------------


def test_update_actions_apply_and_return_all_new(models: None) -> None:
    saved = order(amount=1, tags={"a", "b"}, sizes={1, 2}, notes=["x"], category="old")
    saved.save()
    saved.update(
        actions=[
            Order.amount.add(2),
            Order.tags.delete({"a"}),
            Order.sizes.add({3}),
            Order.notes.set(Order.notes.append(["y"])),
            Order.category.remove(),
            Order.paid.set(Order.paid | True),
            Order.document.set({"k": [1, 2]}),
            Order.address.set(Address(street="Elm")),
        ]
    )
    assert (saved.amount, saved.tags, saved.sizes, saved.notes) == (3, {"b"}, {1, 2, 3}, ["x", "y"])
    assert (saved.category, saved.paid, saved.document, saved.version) == (None, True, {"k": [1, 2]}, 2)
    stored = Order.get("alice", "o1", consistent_read=True)
    assert stored.serialize() == saved.serialize()


def test_update_of_a_nested_map_path_and_list_prepend(models: None) -> None:
    saved = order(address=Address(street="Main"), notes=["b"])
    saved.save()
    saved.update(actions=[Order.address.zip_code.set(99), Order.notes.set(Order.notes.prepend(["a"]))])
    assert Order.get("alice", "o1").address.zip_code == 99
    assert saved.notes == ["a", "b"]
    with pytest.raises(UpdateError) as excinfo:
        saved.update(actions=[Order.notes.set(["c"]), Order.notes[5].remove()])
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == (
        "ValidationException",
        "1 validation error detected: Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [notes], path two: [notes, [5]]",
    )


def test_deleting_the_last_set_element_removes_the_attribute(models: None) -> None:
    saved = order(tags={"only"})
    saved.save()
    saved.update(actions=[Order.tags.delete({"only"})])
    assert saved.tags is None
    assert "tags" not in Order._get_connection().get_item("alice", "o1")["Item"]


def test_update_with_a_failed_condition_raises_update_error(models: None) -> None:
    Counter("c").save()
    with pytest.raises(UpdateError) as excinfo:
        Counter("c").update(actions=[Counter.value.add(1)], condition=Counter.value >= 1)
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == CONDITION_FAILED


def test_update_creates_a_missing_item_with_if_not_exists(models: None) -> None:
    counter = Counter("fresh")
    counter.update(actions=[Counter.value.set((Counter.value | 10) + 1)])
    counter.update(actions=[Counter.value.set((Counter.value | 10) + 1)])
    assert Counter.get("fresh").value == 12


# --- optimistic locking -------------------------------------------------------------------


def test_stale_version_save_and_update_are_refused(models: None) -> None:
    first = order(amount=1)
    first.save()
    stale = Order.get("alice", "o1")
    first.update(actions=[Order.amount.set(2)])
    with pytest.raises(PutError) as put_error:
        stale.save()
    assert (put_error.value.cause_response_code, put_error.value.cause_response_message) == CONDITION_FAILED
    with pytest.raises(UpdateError) as update_error:
        stale.update(actions=[Order.amount.set(3)])
    assert update_error.value.cause_response_code == "ConditionalCheckFailedException"
    with pytest.raises(DeleteError):
        stale.delete()
    assert Order.get("alice", "o1").version == 2


def test_a_second_new_item_with_the_same_key_is_refused(models: None) -> None:
    order().save()
    with pytest.raises(PutError) as excinfo:
        order().save()  # version None: PynamoDB requires the item to be absent
    assert excinfo.value.cause_response_code == "ConditionalCheckFailedException"


# --- ttl ----------------------------------------------------------------------------------


def test_create_table_enables_ttl_on_the_model_attribute(models: None, server: EmulatorProcess) -> None:
    with pytest.raises(TableError) as excinfo:
        Order.update_ttl(ignore_update_ttl_errors=False)  # create_table enabled it already
    assert (excinfo.value.cause_response_code, excinfo.value.cause_response_message) == ("ValidationException", "TimeToLive is already enabled")
    description = server.client("dynamodb").describe_time_to_live(TableName="orders")["TimeToLiveDescription"]
    assert description == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    expires = datetime(2030, 1, 1, tzinfo=UTC)
    saved = order(expires=expires)
    saved.save()
    raw = Order._get_connection().get_item("alice", "o1")["Item"]["expires"]
    assert raw == {"N": str(int(expires.timestamp()))}
    assert Order.get("alice", "o1").expires == expires


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


def test_count_with_conditions_and_limit(models: None) -> None:
    save_orders("alice", 12)
    assert Order.count() == 12
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
    assert Counter.count() == 130
    keys = [f"c{number}" for number in range(130)] + ["missing"]
    got = {item.name: item.value for item in Counter.batch_get(keys, consistent_read=True)}
    assert got == {f"c{number}": number for number in range(130)}
    with Counter.batch_write() as batch:
        for number in range(0, 130, 2):
            batch.delete(Counter(f"c{number}"))
    assert Counter.count() == 65


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
    assert first_count * 390_000 <= 16 * 1024 * 1024 < (first_count + 1) * 390_000


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


def pynamodb_connection(server: EmulatorProcess) -> Connection:
    return Connection(
        host=server.url,
        region=CLIENT_ENV["AWS_DEFAULT_REGION"],
        aws_access_key_id=CLIENT_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CLIENT_ENV["AWS_SECRET_ACCESS_KEY"],
        max_retry_attempts=0,
    )


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
    assert Counter.count() == 1


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
    assert Counter.count() == 0 and Elsewhere.count() == 0


def test_a_client_request_token_replays_and_refuses_other_parameters(models: None, server: EmulatorProcess) -> None:
    connection = pynamodb_connection(server)
    for _ in range(2):
        with TransactWrite(connection=connection, client_request_token="same") as transaction:
            transaction.update(Counter("c"), actions=[Counter.value.add(1)])
    assert Counter.get("c").value == 1
    with pytest.raises(TransactWriteError) as excinfo, TransactWrite(connection=connection, client_request_token="same") as transaction:
        transaction.update(Counter("c"), actions=[Counter.value.add(2)])
    assert excinfo.value.cause_response_code == "IdempotentParameterMismatchException"


# --- polymorphism and table options -------------------------------------------------------


class Animal(Model):
    class Meta:
        table_name = "animals"
        region = CLIENT_ENV["AWS_DEFAULT_REGION"]
        aws_access_key_id = CLIENT_ENV["AWS_ACCESS_KEY_ID"]
        aws_secret_access_key = CLIENT_ENV["AWS_SECRET_ACCESS_KEY"]
        read_capacity_units = 1
        write_capacity_units = 1
        stream_view_type = "NEW_AND_OLD_IMAGES"
        tags = {"team": "zoo"}
        max_retry_attempts = 0

    owner = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()


class Cat(Animal, discriminator="cat"):
    indoor = BooleanAttribute(default=True)


class Dog(Animal, discriminator="dog"):
    pass


@pytest.fixture
def animals(server: EmulatorProcess) -> None:
    use_server(Animal, server)
    Animal.create_table(wait=True)


def test_subclass_queries_filter_on_the_discriminator(animals: None) -> None:
    Cat("ann", "tom").save()
    Dog("ann", "rex").save()
    Cat("bob", "kit", indoor=False).save()
    assert sorted((type(animal).__name__, animal.name) for animal in Animal.query("ann")) == [("Cat", "tom"), ("Dog", "rex")]
    assert [animal.name for animal in Cat.query("ann")] == ["tom"]
    assert [animal.name for animal in Dog.scan()] == ["rex"]
    assert Cat.count("ann") == 1
    assert not Cat.get("bob", "kit").indoor
    with pytest.raises(ValueError):
        Dog.get("ann", "tom")  # PynamoDB checks the stored discriminator


def test_meta_stream_view_type_and_tags_reach_the_table(animals: None, server: EmulatorProcess) -> None:
    description = Animal.describe_table()
    assert description["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    client = server.client("dynamodb")
    assert client.list_tags_of_resource(ResourceArn=description["TableArn"])["Tags"] == [{"Key": "team", "Value": "zoo"}]
    assert description["LatestStreamArn"].startswith(description["TableArn"] + "/stream/")


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
