"""What durability costs: write throughput per mode, snapshots and recovery of 1M items.

    .venv/bin/python bench/ddb_durability.py [--writes 20000] [--items 1000000]

1. For ``--durability none``, ``batch`` and ``fsync``: an emulator on a fresh data
   directory, PutItem from 4 client processes x 8 keep-alive connections (raw
   HTTP), writes/s and the log's bytes per write. ``batch`` only waits for the
   group commit where the provider's writes await ``persistence.barrier.durable``.
2. In process, ``--items`` items in one table: the snapshot's time, the longest
   pause of the event loop while it is written (what a request would wait),
   its size, and recovery (snapshot + 10% more items in the log) into a fresh
   store; then a real emulator restart on that data directory, against the
   start-up time of an empty one.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import multiprocessing
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator.dynamo.persistence import Persistence  # noqa: E402
from emulator.dynamo.persistence.records import LOG_MAGIC, SNAPSHOT_MAGIC, RecordReader  # noqa: E402
from emulator.dynamo.persistence.store_view import StoreView  # noqa: E402
from emulator.dynamo.store import Store  # noqa: E402
from emulator.testing import EmulatorProcess  # noqa: E402

HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
}
REGION = "us-east-1"
CLIENTS = 4
#: Connections per client process: group commit needs writes in flight together.
CONNECTIONS = 8


def call(connection: http.client.HTTPConnection, operation: str, body: dict[str, Any]) -> None:
    headers = {**HEADERS, "X-Amz-Target": f"DynamoDB_20120810.{operation}"}
    connection.request("POST", "/", json.dumps(body), headers)
    response = connection.getresponse()
    payload = response.read()
    if response.status != 200:
        raise RuntimeError(payload.decode())


def writer(port: int, lane: int, count: int) -> None:
    """One client process: CONNECTIONS threads, each with its own keep-alive connection."""

    def put_items(first: int, step: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        for n in range(first, count * CLIENTS, step):
            item = {"pk": {"S": f"user-{n:08d}"}, "name": {"S": f"name {n}"}, "n": {"N": str(n)}}
            call(connection, "PutItem", {"TableName": "bench", "Item": item})

    step = CLIENTS * CONNECTIONS
    threads = [threading.Thread(target=put_items, args=(lane + CLIENTS * i, step)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def throughput(durability: str, writes: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as directory:
        emulator = EmulatorProcess(
            "--data-dir", directory, "--durability", durability, "--log-level", "warning",
            env={"EMULATOR_SNAPSHOT_INTERVAL_S": "3600"},  # the whole run stays in the log, to measure it
        ).start()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", emulator.port)
            call(connection, "CreateTable", {
                "TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            })
            per_client = writes // CLIENTS
            processes = [multiprocessing.Process(target=writer, args=(emulator.port, lane, per_client))
                         for lane in range(CLIENTS)]
            started = time.perf_counter()
            for process in processes:
                process.start()
            for process in processes:
                process.join()
            elapsed = time.perf_counter() - started
            log_bytes = sum(path.stat().st_size for path in Path(directory).glob("log-*.wal"))
        finally:
            emulator.kill()
        return per_client * CLIENTS / elapsed, log_bytes / (per_client * CLIENTS)


def definition() -> dict[str, Any]:
    return {
        "TableName": "big", "TableArn": f"arn:aws:dynamodb:{REGION}:000000000000:table/big", "TableId": "bench",
        "CreationDateTime": time.time(), "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST",
        "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
    }


def item(n: int) -> dict[str, Any]:
    return {"pk": {"S": f"user-{n:08d}"}, "name": {"S": f"name {n}"}, "n": {"N": str(n)}}


async def snapshot_with_pause(persistence: Persistence) -> tuple[Any, float]:
    """Snapshot while a 1 ms ticker measures the longest stall of the event loop."""
    longest = 0.0
    running = True

    async def ticker() -> None:
        nonlocal longest
        while running:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            longest = max(longest, time.perf_counter() - before - 0.001)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    result = await persistence.snapshot()
    running = False
    await task
    return result, longest


def large_table(count: int, directory: Path) -> None:
    started = time.perf_counter()
    store = Store()
    table = store.restore_table(REGION, definition(), (item(n) for n in range(count)))
    print(f"  loaded {count} items into the store in {time.perf_counter() - started:.1f} s")
    persistence = Persistence(directory, "batch", StoreView(store))
    persistence.open()
    result, pause = asyncio.run(snapshot_with_pause(persistence))
    print(f"  snapshot: {result.total_s:.2f} s, {result.size / 2**20:.0f} MiB; "
          f"longest event-loop pause {pause * 1000:.0f} ms (capture {result.capture_s * 1000:.0f} ms)")
    extra = count // 10
    for n in range(count, count + extra):
        new = item(n)
        store.write(table, *table.keys.item_key(new), None, new)
    persistence.close(final_snapshot=False)
    log_bytes = sum(path.stat().st_size for path in directory.glob("log-*.wal"))
    print(f"  then {extra} more writes in the log: {log_bytes / 2**20:.0f} MiB")

    started = time.perf_counter()
    read = sum(len(record[3]) for record in RecordReader(directory / "snapshot.snap", SNAPSHOT_MAGIC)
               if record[0] == "items")
    read += sum(1 for path in directory.glob("log-*.wal") for _ in RecordReader(path, LOG_MAGIC))
    print(f"  reading and decoding the snapshot and the log alone ({read} entries): "
          f"{time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    recovered = Store()
    again = Persistence(directory, "batch", StoreView(recovered))
    again.open()
    elapsed = time.perf_counter() - started
    assert recovered.tables(REGION)["big"].items.count == count + extra
    again.close(final_snapshot=False)
    print(f"  recovery of {count + extra} items (snapshot + log) in process: {elapsed:.1f} s")


def restart_time(directory: Path | None) -> float:
    with tempfile.TemporaryDirectory() as empty:
        started = time.perf_counter()
        emulator = EmulatorProcess("--data-dir", str(directory or empty), "--log-level", "warning").start(timeout=300)
        elapsed = time.perf_counter() - started
        emulator.kill()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=20000)
    parser.add_argument("--items", type=int, default=1_000_000)
    args = parser.parse_args()

    print(f"PutItem throughput, {CLIENTS} client processes x {CONNECTIONS} connections, {args.writes} writes:")
    rates = {}
    for durability in ("none", "batch", "fsync"):
        rate, per_write = throughput(durability, args.writes)
        rates[durability] = rate
        print(f"  {durability:5}: {rate:7.0f} writes/s, log {per_write:.0f} bytes/write")
    print(f"  batch keeps {rates['batch'] / rates['none']:.0%} of none's throughput")

    print(f"{args.items} items:")
    with tempfile.TemporaryDirectory() as directory:
        large_table(args.items, Path(directory))
        empty, full = restart_time(None), restart_time(Path(directory))
        print(f"  emulator start-up: empty data dir {empty:.1f} s, with {args.items} items {full:.1f} s "
              f"(recovery ~{full - empty:.1f} s)")


if __name__ == "__main__":
    main()
