"""PynamoDB models shared by the PynamoDB compatibility tests, pointed at a test's emulator.

PynamoDB turns off botocore's parameter validation, always asks for consumed
capacity, sends ``ConsistentRead`` explicitly and builds every expression with
generated ``#n``/``:v`` names; its exceptions carry AWS's error code and message.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
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
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection, LocalSecondaryIndex
from pynamodb.models import Model

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


def create_models(server: EmulatorProcess) -> None:
    """Both tables created through PynamoDB on the test's fresh emulator."""
    for model in MODELS:
        use_server(model, server)
        model.create_table(wait=True)


def use_server(model: type[Model], server: EmulatorProcess) -> None:
    """Point ``model`` at ``server``, keeping its connection while the server stays the same
    (a new botocore client costs a tenth of a second)."""
    if getattr(model.Meta, "host", None) != server.url:
        model.Meta.host = server.url
        model._connection = None


def order(customer: str = "alice", order_id: str = "o1", **values: Any) -> Order:
    return Order(customer, order_id, **values)



def pynamodb_connection(server: EmulatorProcess) -> Connection:
    return Connection(
        host=server.url,
        region=CLIENT_ENV["AWS_DEFAULT_REGION"],
        aws_access_key_id=CLIENT_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CLIENT_ENV["AWS_SECRET_ACCESS_KEY"],
        max_retry_attempts=0,
    )


def stored(model: type[Model]) -> int:
    """How many items the table holds, by a Scan: ``Model.count()`` without a hash key reads
    DescribeTable's ItemCount, which AWS refreshes only every few hours."""
    return sum(1 for _ in model.scan(consistent_read=True))
