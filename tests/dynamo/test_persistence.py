"""Persistence through real restarts: crashes, damaged files, a second emulator, SIGTERM."""

from __future__ import annotations

import asyncio
import struct
import threading
from pathlib import Path
from typing import Any

import pytest

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.dynamo.provider import DynamoDBProvider
from emulator.dynamo.streams_provider import DynamoDBStreamsProvider
from emulator.testing import EmulatorProcess

TABLE = "orders"


def start(data_dir: Path, *flags: str) -> EmulatorProcess:
    return EmulatorProcess("--data-dir", str(data_dir), *flags).start()


TABLE_PARAMS: dict[str, Any] = {
    "TableName": TABLE,
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [
        {"AttributeName": "id", "AttributeType": "S"},
        {"AttributeName": "customer", "AttributeType": "S"},
    ],
    "GlobalSecondaryIndexes": [
        {
            "IndexName": "by-customer",
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }
    ],
    "BillingMode": "PAY_PER_REQUEST",
}


def create_table(client: Any) -> None:
    client.create_table(**TABLE_PARAMS)


def write_in_process(data_dir: Path, count: int, crash: bool = True, create: bool = True) -> int:
    """Fill a data directory as the emulator would, without the cost of starting one.

    ``crash`` leaves without the final snapshot: everything is in the log.
    Returns how many items the table then holds.
    """

    async def main() -> int:
        dynamodb = DynamoDBProvider(Settings(data_dir=data_dir, in_memory=False))
        streams = DynamoDBStreamsProvider(dynamodb)
        await streams.start()
        ctx = RequestContext(region="us-east-1")
        if create:
            dynamodb.create_table(ctx, TABLE_PARAMS)
        for n in range(count):
            dynamodb.put_item(ctx, {"TableName": TABLE, "Item": order(n)})
        held = dynamodb.scan(ctx, {"TableName": TABLE})["Count"]
        if crash and streams.persistence is not None:
            streams.persistence.close(final_snapshot=False)
            streams.persistence = None
        await streams.stop()
        return held

    return asyncio.run(main())


def order(n: int) -> dict[str, Any]:
    return {"id": {"S": f"order-{n}"}, "customer": {"S": f"c{n % 7}"}, "total": {"N": str(n)}}


def scan_all(client: Any, **kwargs: Any) -> list[dict[str, Any]]:
    return [item for page in client.get_paginator("scan").paginate(TableName=TABLE, **kwargs) for item in page["Items"]]


@pytest.mark.parametrize("durability", ["fsync", "batch"])
def test_every_acknowledged_write_survives_sigkill(tmp_path: Path, durability: str) -> None:
    emulator = start(tmp_path, "--durability", durability)
    create_table(emulator.client("dynamodb"))
    acknowledged: list[list[int]] = [[] for _ in range(4)]
    stop = threading.Event()

    def writer(lane: int) -> None:
        client = emulator.client("dynamodb")
        n = lane
        while not stop.is_set():
            try:
                client.put_item(TableName=TABLE, Item=order(n))
                if n % 5 == 0:
                    client.update_item(
                        TableName=TABLE, Key={"id": {"S": f"order-{n}"}},
                        UpdateExpression="SET customer = :c", ExpressionAttributeValues={":c": {"S": "moved"}},
                    )
            except Exception:
                return  # the crash cut this request off: it was never acknowledged
            acknowledged[lane].append(n)
            n += 4

    threads = [threading.Thread(target=writer, args=(lane,)) for lane in range(4)]
    for thread in threads:
        thread.start()
    while sum(map(len, acknowledged)) < 300 and all(thread.is_alive() for thread in threads):
        threading.Event().wait(0.01)
    assert sum(map(len, acknowledged)) >= 300, "a writer failed before the crash"
    emulator.kill()
    stop.set()
    for thread in threads:
        thread.join()

    emulator = start(tmp_path, "--durability", durability)
    try:
        client = emulator.client("dynamodb")
        stored = {item["id"]["S"]: item for item in scan_all(client)}
        for n in (n for lane in acknowledged for n in lane):
            item = stored[f"order-{n}"]
            assert item["customer"]["S"] == ("moved" if n % 5 == 0 else f"c{n % 7}")
        indexed = scan_all(client, IndexName="by-customer")
        assert sorted(i["id"]["S"] for i in indexed) == sorted(stored)
        moved = client.query(
            TableName=TABLE, IndexName="by-customer",
            KeyConditionExpression="customer = :c", ExpressionAttributeValues={":c": {"S": "moved"}},
        )["Items"]
        assert {i["id"]["S"] for i in moved} == {k for k, v in stored.items() if v["customer"]["S"] == "moved"}
    finally:
        emulator.stop()


def test_sigterm_writes_a_final_snapshot(tmp_path: Path) -> None:
    emulator = start(tmp_path)
    client = emulator.client("dynamodb")
    create_table(client)
    for n in range(20):
        client.put_item(TableName=TABLE, Item=order(n))
    assert emulator.stop() == 0
    assert (tmp_path / "snapshot.snap").exists()
    assert all(path.stat().st_size == 20 for path in tmp_path.glob("log-*.wal"))  # headers only
    assert write_in_process(tmp_path, 0, create=False) == 20


def crash_after_writes(data_dir: Path, count: int) -> Path:
    write_in_process(data_dir, count)
    (segment,) = sorted(data_dir.glob("log-*.wal"))
    return segment


def test_torn_log_tail_is_dropped_and_start_up_continues(tmp_path: Path) -> None:
    segment = crash_after_writes(tmp_path, 5)
    intact = segment.stat().st_size
    with segment.open("ab") as log:
        log.write(struct.pack("<II", 300, 12345) + b'["i","us-east-1","orders"')

    emulator = start(tmp_path)
    try:
        assert len(scan_all(emulator.client("dynamodb"))) == 5
        assert any(f"dropped a torn record at byte offset {intact}" in line for line in emulator.output)
    finally:
        emulator.stop()


def test_corrupt_record_mid_log_stops_start_up(tmp_path: Path) -> None:
    segment = crash_after_writes(tmp_path, 5)
    data = bytearray(segment.read_bytes())
    first = 20
    second = first + 8 + struct.unpack_from("<I", data, first)[0]
    data[second + 8 + 2] ^= 0x20
    segment.write_bytes(bytes(data))

    with pytest.raises(RuntimeError) as failure:
        start(tmp_path)
    assert f"{segment} is corrupt at byte offset {second}: checksum mismatch" in str(failure.value)
    assert segment.read_bytes() == bytes(data)
    assert not (tmp_path / "snapshot.snap").exists()


def test_corrupt_snapshot_stops_start_up(tmp_path: Path) -> None:
    write_in_process(tmp_path, 1, crash=False)
    snapshot = tmp_path / "snapshot.snap"
    data = bytearray(snapshot.read_bytes())
    data[40] ^= 0x01
    snapshot.write_bytes(bytes(data))

    with pytest.raises(RuntimeError) as failure:
        start(tmp_path)
    assert f"{snapshot} is corrupt at byte offset 20: checksum mismatch" in str(failure.value)
    assert snapshot.read_bytes() == bytes(data)


def test_data_dir_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    segment = crash_after_writes(tmp_path, 1)
    data = bytearray(segment.read_bytes())
    struct.pack_into("<I", data, 8, 2)
    segment.write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match=r"was written by a newer emulator \(data format version 2"):
        start(tmp_path)


def test_second_emulator_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    first = start(tmp_path)
    try:
        with pytest.raises(RuntimeError, match=f"data directory {tmp_path} is in use by another emulator"):
            start(tmp_path)
        client = first.client("dynamodb")
        create_table(client)
        client.put_item(TableName=TABLE, Item=order(1))
        assert len(scan_all(client)) == 1
    finally:
        first.stop()


def test_in_memory_leaves_nothing_on_disk(tmp_path: Path) -> None:
    with EmulatorProcess("--in-memory", cwd=tmp_path) as emulator:
        client = emulator.client("dynamodb")
        create_table(client)
        client.put_item(TableName=TABLE, Item=order(1))
    assert list(tmp_path.iterdir()) == []
