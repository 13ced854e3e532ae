"""A short DynamoDB benchmark against the emulator alone.

    .venv/bin/python bench/ddb_quick.py [--items 100000] [--url http://127.0.0.1:4566]

Starts an in-memory emulator (unless ``--url`` names a running one) and prints:
start-up time, CreateTable -> ACTIVE, boto3 single-client latency (p50/p99) of
PutItem / GetItem / Query, raw-HTTP throughput and server CPU per operation
from 4 client processes, bulk load rate (BatchWriteItem), a 100-item range
Query in a hot partition, a full paginated Scan, and peak RSS.

For the side-by-side comparison with other emulators, use the shared harness
(``../shared/bench/ddb_bench.py``); this script is for quick checks while
working on the store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator.testing import EmulatorProcess  # noqa: E402

HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def timed(function: Any, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), percentile(samples, 0.99)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _hammer(args: tuple[str, int, str, float]) -> int:
    host_port, worker, operation, seconds = args
    host, port = host_port.split(":")
    connection = http.client.HTTPConnection(host, int(port))
    headers = {**HEADERS, "X-Amz-Target": f"DynamoDB_20120810.{operation}"}
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        key = f"k{worker}-{done % 1000}"
        if operation == "PutItem":
            body = {"TableName": "bench", "Item": {"pk": {"S": key}, "sk": {"S": "a"}, "v": {"N": str(done)}}}
        else:
            body = {"TableName": "bench", "Key": {"pk": {"S": key}, "sk": {"S": "a"}}}
        connection.request("POST", "/", json.dumps(body), headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{operation} answered {response.status}")
        done += 1
    return done


def throughput(url: str, pid: int | None, operation: str, clients: int = 4, seconds: float = 3.0) -> dict[str, float]:
    host_port = url.split("://", 1)[1]
    before = cpu_seconds(pid) if pid else 0.0
    start = time.perf_counter()
    with multiprocessing.Pool(clients) as pool:
        counts = pool.map(_hammer, [(host_port, worker, operation, seconds) for worker in range(clients)])
    elapsed = time.perf_counter() - start
    total = sum(counts)
    result = {"ops_per_s": total / elapsed}
    if pid:
        result["server_cpu_us_per_op"] = (cpu_seconds(pid) - before) / total * 1e6
    return result


def _load(args: tuple[str, int, int, int]) -> None:
    url, worker, workers, items = args
    import boto3

    client = boto3.client(
        "dynamodb", endpoint_url=url, region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
    )
    batch: list[dict[str, Any]] = []
    for index in range(worker, items, workers):
        partition = "hot" if index % 5 == 0 else f"p{index % 997}"
        item = {"pk": {"S": partition}, "sk": {"S": f"{index:08d}"}, "payload": {"S": "x" * 100}, "n": {"N": str(index)}}
        batch.append({"PutRequest": {"Item": item}})
        if len(batch) == 25:
            client.batch_write_item(RequestItems={"bench": batch})
            batch = []
    if batch:
        client.batch_write_item(RequestItems={"bench": batch})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--url", help="a running emulator (else one is started)")
    parser.add_argument("--seconds", type=float, default=3.0)
    options = parser.parse_args()

    process = None
    if options.url:
        url, pid = options.url, None
    else:
        start = time.perf_counter()
        process = EmulatorProcess().start()
        print(f"start-up to ready: {(time.perf_counter() - start) * 1000:.0f} ms")
        url, pid = process.url, process.process.pid if process.process else None
    try:
        run(url, pid, options)
    finally:
        if process:
            process.stop()


def run(url: str, pid: int | None, options: argparse.Namespace) -> None:
    import boto3

    client = boto3.client(
        "dynamodb", endpoint_url=url, region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
    )
    schema = {
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "BillingMode": "PAY_PER_REQUEST",
    }

    def cycle() -> None:
        client.create_table(TableName="cycle", **schema)
        client.get_waiter("table_exists").wait(TableName="cycle", WaiterConfig={"Delay": 0.005})
        client.delete_table(TableName="cycle")

    median, p99 = timed(cycle, 20)
    print(f"CreateTable -> ACTIVE + DeleteTable: p50 {median:.2f} ms, p99 {p99:.2f} ms")
    client.create_table(TableName="bench", **schema)

    item = {"pk": {"S": "one"}, "sk": {"S": "a"}, "v": {"N": "1"}}
    for name, call in (
        ("PutItem", lambda: client.put_item(TableName="bench", Item=item)),
        ("GetItem", lambda: client.get_item(TableName="bench", Key={"pk": item["pk"], "sk": item["sk"]})),
        ("GetItem eventual", lambda: client.get_item(TableName="bench", Key={"pk": item["pk"], "sk": item["sk"]}, ConsistentRead=False)),
    ):
        median, p99 = timed(call, 300)
        print(f"boto3 {name}: p50 {median:.2f} ms, p99 {p99:.2f} ms")

    for operation in ("PutItem", "GetItem"):
        figures = throughput(url, pid, operation, seconds=options.seconds)
        cpu = f", server CPU {figures['server_cpu_us_per_op']:.0f} µs/op" if "server_cpu_us_per_op" in figures else ""
        print(f"raw HTTP {operation}, 4 clients: {figures['ops_per_s']:.0f} ops/s{cpu}")

    start = time.perf_counter()
    with multiprocessing.Pool(4) as pool:
        pool.map(_load, [(url, worker, 4, options.items) for worker in range(4)])
    elapsed = time.perf_counter() - start
    print(f"load {options.items} items by BatchWriteItem (4 procs): {elapsed:.1f} s ({options.items / elapsed:.0f} items/s)")

    low, high = f"{options.items // 3:08d}", f"{options.items // 3 + 500:08d}"

    def range_query() -> None:
        answer = client.query(
            TableName="bench",
            KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b",
            ExpressionAttributeValues={":p": {"S": "hot"}, ":a": {"S": low}, ":b": {"S": high}},
        )
        assert answer["Count"] == 100, answer["Count"]

    median, p99 = timed(range_query, 50)
    print(f"Query 100 items of the hot partition ({options.items // 5} items): p50 {median:.2f} ms, p99 {p99:.2f} ms")

    start = time.perf_counter()
    pages = count = 0
    for page in client.get_paginator("scan").paginate(TableName="bench"):
        pages += 1
        count += page["Count"]
    print(f"full Scan: {time.perf_counter() - start:.2f} s, {count} items in {pages} pages")
    if pid:
        print(f"peak RSS: {peak_rss_mib(pid):.0f} MiB")


if __name__ == "__main__":
    main()
