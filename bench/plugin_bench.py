"""The pytest plugin's costs: session start and per-test reset.

    .venv/bin/python bench/plugin_bench.py [--rounds 5]

Prints, as medians over rounds:
- emulator start: launching ``python -m emulator start --in-memory --port 0``
  until it prints that it is ready (what the plugin's first ``emulator``
  fixture waits for);
- reset: ``POST /_emulator/reset`` on an emulator with nothing in it, and with
  a table of 1,000 items and a warm Lambda function (what each test pays);
- a whole pytest session of the sample project (tests/plugin_project, three
  tests) against the same session with the plugin disabled and no tests
  needing it, so the difference is the plugin's share.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from emulator.testing import EmulatorProcess  # noqa: E402


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def emulator_start(rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        process = EmulatorProcess().start()
        samples.append(_ms(start))
        process.stop()
    return samples


def reset_costs(rounds: int) -> tuple[list[float], list[float]]:
    empty, loaded = [], []
    with EmulatorProcess() as emulator:
        for _ in range(rounds * 4):
            start = time.perf_counter()
            emulator.reset()
            empty.append(_ms(start))
        dynamodb = emulator.client("dynamodb")
        lambda_ = emulator.client("lambda")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("app.py", "def handler(event, context):\n    return 1\n")
        for _ in range(rounds):
            dynamodb.create_table(
                TableName="bench_table",
                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                BillingMode="PAY_PER_REQUEST",
            )
            for start_index in range(0, 1000, 25):
                dynamodb.batch_write_item(
                    RequestItems={"bench_table": [{"PutRequest": {"Item": {"id": {"S": str(n)}}}} for n in range(start_index, start_index + 25)]}
                )
            lambda_.create_function(
                FunctionName="f", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                Handler="app.handler", Code={"ZipFile": buffer.getvalue()},
            )
            lambda_.invoke(FunctionName="f")
            start = time.perf_counter()
            emulator.reset()
            loaded.append(_ms(start))
    return empty, loaded


def pytest_session(plugin: bool) -> float:
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    if not plugin:
        args += ["-p", "no:emulator", "--collect-only"]
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT / "tests" / "plugin_project", capture_output=True, check=plugin)
    return _ms(start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds

    starts = emulator_start(rounds)
    print(f"emulator start -> ready: median {statistics.median(starts):.0f} ms (min {min(starts):.0f})")
    empty, loaded = reset_costs(rounds)
    print(f"reset, empty emulator: median {statistics.median(empty):.2f} ms")
    print(f"reset, 1,000 items + a warm function: median {statistics.median(loaded):.2f} ms")
    with_plugin = statistics.median(pytest_session(True) for _ in range(rounds))
    baseline = statistics.median(pytest_session(False) for _ in range(rounds))
    print(f"pytest session of the sample project: {with_plugin:.0f} ms; pytest alone (collect, no plugin): {baseline:.0f} ms")


if __name__ == "__main__":
    main()
