"""Lambda through boto3 against the emulator alone.

    .venv/bin/python bench/lambda_bench.py [--url http://127.0.0.1:4566]

Prints: create_function -> first result; a new execution environment for a
deployed function (after a configuration change); warm ``invoke`` against a
``get_item`` round trip on the same server; 64 concurrent invocations of a
50 ms handler (latency once warm, errors, worker count).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator.testing import EmulatorProcess  # noqa: E402

HANDLERS = {
    "hello.py": "def handler(event, context):\n    return {'message': 'hello'}\n",
    "slow.py": "import time\n\ndef handler(event, context):\n    time.sleep(0.05)\n    return {'ok': True}\n",
}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, source in HANDLERS.items():
            archive.writestr(name, source)
    return buffer.getvalue()


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered):.2f} ms, p99 {p99:.2f} ms"


def run(server: Any) -> None:
    from botocore.config import Config

    lambda_ = server.client("lambda", config=Config(max_pool_connections=64, read_timeout=60, retries={"max_attempts": 1}))
    dynamodb = server.client("dynamodb")
    code = _zip()
    role = "arn:aws:iam::000000000000:role/bench"

    cold = []
    for attempt in range(5):
        start = time.perf_counter()
        lambda_.create_function(
            FunctionName=f"hello{attempt}", Runtime="python3.12", Role=role, Handler="hello.handler", Code={"ZipFile": code}
        )
        lambda_.invoke(FunctionName=f"hello{attempt}")
        cold.append(_ms(start))
    print(f"create_function -> first result: {_summary(cold)} (first {cold[0]:.1f} ms)")

    fresh = []
    for attempt in range(5):
        lambda_.update_function_configuration(FunctionName="hello0", Environment={"Variables": {"ROUND": str(attempt)}})
        start = time.perf_counter()
        lambda_.invoke(FunctionName="hello0")
        fresh.append(_ms(start))
    print(f"new execution environment (invoke after a configuration change): {_summary(fresh)}")

    dynamodb.create_table(
        TableName="bench",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    dynamodb.put_item(TableName="bench", Item={"id": {"S": "a"}})
    invokes, gets = [], []
    for _ in range(300):
        start = time.perf_counter()
        lambda_.invoke(FunctionName="hello1")
        invokes.append(_ms(start))
        start = time.perf_counter()
        dynamodb.get_item(TableName="bench", Key={"id": {"S": "a"}})
        gets.append(_ms(start))
    ratio = statistics.median(invokes) / statistics.median(gets)
    print(f"warm invoke: {_summary(invokes)}; get_item: {_summary(gets)}; invoke/get_item p50 = {ratio:.2f}x")

    lambda_.create_function(FunctionName="slow", Runtime="python3.12", Role=role, Handler="slow.handler", Code={"ZipFile": code})

    def call(_: int) -> tuple[float, bool]:
        start = time.perf_counter()
        response = lambda_.invoke(FunctionName="slow")
        return _ms(start), "FunctionError" not in response

    with ThreadPoolExecutor(64) as pool:
        for label in ("cold wave", "warm wave 1", "warm wave 2"):
            start = time.perf_counter()
            results = list(pool.map(call, range(64)))
            errors = sum(not ok for _, ok in results)
            print(f"64 concurrent 50 ms invokes, {label}: {_ms(start):.0f} ms for all, {_summary([t for t, _ in results])}, errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running emulator (else one is started)")
    options = parser.parse_args()
    if options.url:
        server = EmulatorProcess()
        server.url = options.url
        run(server)
        return
    with EmulatorProcess() as server:
        run(server)


if __name__ == "__main__":
    main()
