"""Stale reads reconstruct the table as of their point in time (in-process, on a fake clock).

Each read's point in time is ``now - draw * lag``; the draw is pinned here so a
test chooses which changes a read sees.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.dynamo import consistency
from emulator.dynamo.partitions import token
from emulator.dynamo.provider import DynamoDBProvider

CTX = RequestContext(region="us-east-1")
LAG_MS = 1000


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now


class Draw:
    """Stands for the seeded generator: every read is ``fraction`` of the lag stale."""

    fraction = 0.0

    def random(self) -> float:
        return self.fraction


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(consistency, "time", fake)
    return fake


def S(value: str) -> dict[str, str]:
    return {"S": value}


def make_provider(**settings: Any) -> tuple[DynamoDBProvider, Draw]:
    provider = DynamoDBProvider(Settings(in_memory=True, **settings))
    draw = Draw()
    provider.store.replication.random = draw  # type: ignore[union-attr,assignment]
    return provider, draw


def create(provider: DynamoDBProvider, name: str, *, sorted_: bool = True, tags: list[Any] | None = None) -> None:
    keys = [{"AttributeName": "pk", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}]
    extra: dict[str, Any] = {
        "GlobalSecondaryIndexes": [
            {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ]
    }
    if sorted_:
        keys.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": "S"})
        lsi_keys = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "g", "KeyType": "RANGE"}]
        extra["LocalSecondaryIndexes"] = [{"IndexName": "by_pk_g", "KeySchema": lsi_keys, "Projection": {"ProjectionType": "ALL"}}]
    if tags:
        extra["Tags"] = tags
    provider.create_table(
        CTX, {"TableName": name, "KeySchema": keys, "AttributeDefinitions": definitions, "BillingMode": "PAY_PER_REQUEST", **extra}
    )


def put(provider: DynamoDBProvider, table: str, **attrs: str) -> None:
    provider.put_item(CTX, {"TableName": table, "Item": {k: S(v) for k, v in attrs.items()}})


def delete(provider: DynamoDBProvider, table: str, **key: str) -> None:
    provider.delete_item(CTX, {"TableName": table, "Key": {k: S(v) for k, v in key.items()}})


def labels(items: list[dict[str, Any]]) -> list[str]:
    return [item["pk"]["S"] + item.get("sk", S(""))["S"] + "=" + item["v"]["S"] for item in items]


def history_scenario(provider: DynamoDBProvider, clock: Clock, draw: Draw) -> None:
    """At t=100: a1=old, a2, b1 (all in GSI partition x). At t=100.5: a1=new, a2 gone, a3 and c1 new, b1 gone."""
    create(provider, "tab")
    for pk, sk, v in (("a", "1", "old"), ("a", "2", "v"), ("b", "1", "v")):
        put(provider, "tab", pk=pk, sk=sk, v=v, g="x")
    clock.now = 100.5
    put(provider, "tab", pk="a", sk="1", v="new", g="y")
    delete(provider, "tab", pk="a", sk="2")
    put(provider, "tab", pk="a", sk="3", v="v", g="x")
    put(provider, "tab", pk="c", sk="1", v="v", g="x")
    delete(provider, "tab", pk="b", sk="1")
    clock.now = 100.8
    draw.fraction = 0.5  # reads see t=100.3


def test_get_item_sees_old_updated_and_deleted_items_and_not_new_ones(clock: Clock) -> None:
    provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    history_scenario(provider, clock, draw)

    def get(pk: str, sk: str, consistent: bool = False) -> str | None:
        item = provider.get_item(CTX, {"TableName": "tab", "Key": {"pk": S(pk), "sk": S(sk)}, "ConsistentRead": consistent}).get("Item")
        return item["v"]["S"] if item else None

    assert [get("a", "1"), get("a", "2"), get("a", "3"), get("b", "1"), get("c", "1")] == ["old", "v", None, "v", None]
    assert [get("a", "1", True), get("a", "2", True), get("a", "3", True)] == ["new", None, "v"]
    draw.fraction = 0.1  # t=100.7: every change is visible
    assert [get("a", "1"), get("a", "2"), get("c", "1")] == ["new", None, "v"]


def test_query_pages_in_both_directions_see_their_point_in_time(clock: Clock) -> None:
    provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    history_scenario(provider, clock, draw)
    query = {"TableName": "tab", "KeyConditionExpression": "pk = :a", "ExpressionAttributeValues": {":a": S("a")}}
    assert labels(provider.query(CTX, query)["Items"]) == ["a1=old", "a2=v"]
    assert labels(provider.query(CTX, {**query, "ScanIndexForward": False})["Items"]) == ["a2=v", "a1=old"]
    first = provider.query(CTX, {**query, "Limit": 1})
    second = provider.query(CTX, {**query, "Limit": 1, "ExclusiveStartKey": first["LastEvaluatedKey"]})
    assert labels(first["Items"] + second["Items"]) == ["a1=old", "a2=v"]
    assert labels(provider.query(CTX, {**query, "ConsistentRead": True})["Items"]) == ["a1=new", "a3=v"]
    gone = provider.query(CTX, {**query, "ExpressionAttributeValues": {":a": S("b")}})
    assert labels(gone["Items"]) == ["b1=v"]


def test_scan_and_parallel_scan_see_their_point_in_time(clock: Clock) -> None:
    provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    history_scenario(provider, clock, draw)
    assert sorted(labels(provider.scan(CTX, {"TableName": "tab"})["Items"])) == ["a1=old", "a2=v", "b1=v"]
    paged: list[dict[str, Any]] = []
    start: dict[str, Any] | None = None
    while True:
        page = provider.scan(CTX, {"TableName": "tab", "Limit": 1, **({"ExclusiveStartKey": start} if start else {})})
        paged += page["Items"]
        start = page.get("LastEvaluatedKey")
        if start is None:
            break
    assert sorted(labels(paged)) == ["a1=old", "a2=v", "b1=v"]
    segments = [provider.scan(CTX, {"TableName": "tab", "Segment": i, "TotalSegments": 3})["Items"] for i in range(3)]
    assert sorted(labels([item for items in segments for item in items])) == ["a1=old", "a2=v", "b1=v"]
    assert sorted(labels(provider.scan(CTX, {"TableName": "tab", "ConsistentRead": True})["Items"])) == ["a1=new", "a3=v", "c1=v"]


def test_gsi_reads_are_stale_and_follow_old_index_keys(clock: Clock) -> None:
    provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    history_scenario(provider, clock, draw)
    query = {"TableName": "tab", "IndexName": "by_g", "KeyConditionExpression": "g = :g"}
    on_x = provider.query(CTX, {**query, "ExpressionAttributeValues": {":g": S("x")}})["Items"]
    on_y = provider.query(CTX, {**query, "ExpressionAttributeValues": {":g": S("y")}})["Items"]
    assert sorted(labels(on_x)) == ["a1=old", "a2=v", "b1=v"] and on_y == []
    assert sorted(labels(provider.scan(CTX, {"TableName": "tab", "IndexName": "by_g"})["Items"])) == ["a1=old", "a2=v", "b1=v"]
    draw.fraction = 0.0
    on_x = provider.query(CTX, {**query, "ExpressionAttributeValues": {":g": S("x")}})["Items"]
    assert sorted(labels(on_x)) == ["a3=v", "c1=v"]


def test_batch_get_item_is_stale_unless_consistent(clock: Clock) -> None:
    provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    history_scenario(provider, clock, draw)
    keys = [{"pk": S(pk), "sk": S(sk)} for pk, sk in (("a", "1"), ("a", "2"), ("a", "3"))]
    eventual = provider.batch_get_item(CTX, {"RequestItems": {"tab": {"Keys": keys}}})["Responses"]["tab"]
    strong = provider.batch_get_item(CTX, {"RequestItems": {"tab": {"Keys": keys, "ConsistentRead": True}}})["Responses"]["tab"]
    assert sorted(labels(eventual)) == ["a1=old", "a2=v"]
    assert sorted(labels(strong)) == ["a1=new", "a3=v"]


def test_hash_only_tables_reconstruct_created_and_deleted_partitions(clock: Clock) -> None:
    provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    create(provider, "hashed", sorted_=False)
    put(provider, "hashed", pk="kept", v="old", g="x")
    put(provider, "hashed", pk="deleted", v="v", g="x")
    clock.now = 100.5
    put(provider, "hashed", pk="kept", v="new", g="x")
    put(provider, "hashed", pk="created", v="v", g="x")
    delete(provider, "hashed", pk="deleted")
    clock.now = 100.8
    draw.fraction = 0.5
    assert sorted(labels(provider.scan(CTX, {"TableName": "hashed"})["Items"])) == ["deleted=v", "kept=old"]
    query = {"TableName": "hashed", "KeyConditionExpression": "pk = :k"}
    assert labels(provider.query(CTX, {**query, "ExpressionAttributeValues": {":k": S("deleted")}})["Items"]) == ["deleted=v"]
    assert provider.query(CTX, {**query, "ExpressionAttributeValues": {":k": S("created")}})["Items"] == []


def test_history_keeps_only_the_lag_window(clock: Clock) -> None:
    provider, _ = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    create(provider, "tab")
    for i in range(5):
        clock.now = 100 + i
        put(provider, "tab", pk="a", sk=str(i), v="v", g="x")
    history = provider.store.table("us-east-1", "tab").history
    assert history is not None and [record[0] for record in history.records] == [103, 104]
    assert sorted(history.by_key) == [("a", "3"), ("a", "4")]


def test_strong_tables_keep_no_history_and_the_tag_decides_per_table(clock: Clock) -> None:
    provider, _ = make_provider()
    create(provider, "plain")
    create(provider, "lagged", tags=[{"Key": consistency.LAG_TAG, "Value": "250"}])
    store = provider.store
    assert store.table("us-east-1", "plain").history is None
    lagged = store.table("us-east-1", "lagged").history
    assert lagged is not None and lagged.window_s == 0.25
    arn = store.table("us-east-1", "lagged").arn
    provider.untag_resource(CTX, {"ResourceArn": arn, "TagKeys": [consistency.LAG_TAG]})
    assert store.table("us-east-1", "lagged").history is None
    eventual, _ = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
    create(eventual, "fresh", tags=[{"Key": consistency.LAG_TAG, "Value": "0"}])
    assert eventual.store.table("us-east-1", "fresh").history is None


# -- property: a stale read equals the table's state at its moment ----------------

Op = tuple[str, str, str, str | None, int]  # (put/delete, pk, sk, g, v)
operations = st.lists(
    st.tuples(
        st.sampled_from(["put", "put", "delete"]),
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(["1", "2", "3", "4"]),
        st.sampled_from(["x", "y", None]),
        st.integers(0, 9),
    ),
    max_size=30,
)


def _state_at(ops: list[Op], count: int) -> dict[tuple[str, str], dict[str, Any]]:
    """The reference: the items after the first ``count`` operations."""
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for kind, pk, sk, g, v in ops[:count]:
        if kind == "delete":
            state.pop((pk, sk), None)
        else:
            state[(pk, sk)] = {"pk": S(pk), "sk": S(sk), "v": {"N": str(v)}, **({"g": S(g)} if g else {})}
    return state


@settings(max_examples=60, deadline=None)
@given(ops=operations, seen=st.floats(0.0, 1.0))
def test_every_stale_read_matches_the_state_at_its_moment(ops: list[Op], seen: float) -> None:
    with pytest.MonkeyPatch.context() as patch:
        clock = Clock()
        patch.setattr(consistency, "time", clock)
        provider, draw = make_provider(consistency="eventual", replication_lag_ms=LAG_MS)
        create(provider, "tab")
        for i, (kind, pk, sk, g, v) in enumerate(ops):
            clock.now = 100 + (i + 1) / 100  # operation i at 100.01 * (i + 1)
            if kind == "delete":
                delete(provider, "tab", pk=pk, sk=sk)
            else:
                item = {"pk": S(pk), "sk": S(sk), "v": {"N": str(v)}, **({"g": S(g)} if g else {})}
                provider.put_item(CTX, {"TableName": "tab", "Item": item})
        clock.now = 100 + (len(ops) + 1) / 100
        count = round(seen * len(ops))  # see the first ``count`` operations: stale by the rest
        draw.fraction = ((len(ops) - count) / 100 + 0.005) * 1000 / LAG_MS
        expected = _state_at(ops, count)
        in_order = [expected[key] for key in sorted(expected)]

        assert provider.scan(CTX, {"TableName": "tab"})["Items"] == _scan_order(provider, in_order)
        for pk in "abc":
            query = {"TableName": "tab", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": S(pk)}}
            mine = [item for item in in_order if item["pk"]["S"] == pk]
            assert provider.query(CTX, query)["Items"] == mine
            assert provider.query(CTX, {**query, "ScanIndexForward": False})["Items"] == mine[::-1]
        latest = _state_at(ops, len(ops))
        for pk in "abc":
            query = {"TableName": "tab", "IndexName": "by_pk_g", "KeyConditionExpression": "pk = :p"}
            query["ExpressionAttributeValues"] = {":p": S(pk)}
            for state, consistent in ((expected, False), (latest, True)):
                mine = [item for key, item in sorted(state.items()) if key[0] == pk and "g" in item]
                mine.sort(key=lambda item: item["g"]["S"])  # stable: by sort key within one g
                assert provider.query(CTX, {**query, "ConsistentRead": consistent})["Items"] == mine
        for g in "xy":
            query = {"TableName": "tab", "IndexName": "by_g", "KeyConditionExpression": "g = :g"}
            found = provider.query(CTX, {**query, "ExpressionAttributeValues": {":g": S(g)}})["Items"]
            assert found == [item for item in in_order if item.get("g") == S(g)]
        paged: list[Any] = []
        start = None
        while True:
            page = provider.scan(CTX, {"TableName": "tab", "Limit": 2, **({"ExclusiveStartKey": start} if start else {})})
            paged += page["Items"]
            start = page.get("LastEvaluatedKey")
            if start is None:
                break
        assert sorted(map(repr, paged)) == sorted(map(repr, in_order))
        for pk, sk in expected.keys() | {(op[1], op[2]) for op in ops}:
            got = provider.get_item(CTX, {"TableName": "tab", "Key": {"pk": S(pk), "sk": S(sk)}}).get("Item")
            assert got == expected.get((pk, sk))


def _scan_order(provider: DynamoDBProvider, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in scan order: partitions by their token, then by sort key."""
    return sorted(items, key=lambda item: (token(item["pk"]["S"]), item["pk"]["S"], item["sk"]["S"]))
