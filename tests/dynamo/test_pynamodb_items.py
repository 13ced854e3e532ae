"""PynamoDB against the emulator: tables, items, updates, optimistic locking, TTL, polymorphism."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pynamodb.attributes import BooleanAttribute, DiscriminatorAttribute, UnicodeAttribute
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
    UpdateError,
)
from pynamodb.models import Model
from pynamodb.transactions import TransactGet
from pynamodb_models import (
    CONDITION_FAILED,
    Address,
    Counter,
    Order,
    create_models,
    order,
    pynamodb_connection,
    stored,
    use_server,
)

from emulator.testing import EmulatorProcess
from emulator.testing.process import CLIENT_ENV


@pytest.fixture
def models(server: EmulatorProcess) -> None:
    create_models(server)


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


def unordered_sets(serialized: dict) -> dict:
    """A serialized item with its sets sorted: a set's order is the client's hashing, not the item's."""
    return {
        name: {kind: sorted(value) if kind in ("SS", "NS", "BS") else value for kind, value in attribute.items()}
        for name, attribute in serialized.items()
    }


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
    assert unordered_sets(loaded.serialize()) == unordered_sets(saved.serialize())
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
    assert stored(Counter) == 0


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
    reloaded = Order.get("alice", "o1", consistent_read=True)
    assert reloaded.serialize() == saved.serialize()


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
    assert description["AttributeName"] == "expires"
    assert description["TimeToLiveStatus"] in ("ENABLING", "ENABLED")  # AWS takes a while to finish
    expires = datetime(2030, 1, 1, tzinfo=UTC)
    saved = order(expires=expires)
    saved.save()
    raw = Order._get_connection().get_item("alice", "o1")["Item"]["expires"]
    assert raw == {"N": str(int(expires.timestamp()))}
    assert Order.get("alice", "o1").expires == expires


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


