"""Python workers run on every CPU the server may use when they run alone, and off the server's CPU
while other invocations are in flight (see workers/placement.py)."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

#: Holds its worker long enough for each invocation to need a worker of its own.
REPORTS_CPUS = (
    "import os, time\n\n"
    "def handler(event, context):\n"
    "    time.sleep(event.get('hold', 0))\n"
    "    return sorted(os.sched_getaffinity(0))\n"
)


def test_workers_keep_off_the_servers_cpu_only_under_concurrency(create_function: Any, lambda_client: Any) -> None:
    create_function("cpus", REPORTS_CPUS)

    def one(hold: float) -> list[int]:
        payload = json.dumps({"hold": hold})
        return json.loads(lambda_client.invoke(FunctionName="cpus", Payload=payload)["Payload"].read())

    with ThreadPoolExecutor(3) as pool:
        together = list(pool.map(one, [0.5] * 3))
    alone_after = one(0)  # a worker that ran beside others, now alone again

    everywhere = sorted(os.sched_getaffinity(0))  # the server runs with this process's CPUs
    if len(everywhere) < 2:
        assert together == [everywhere] * 3 and alone_after == everywhere  # one CPU: nowhere else to go
        return
    # The first to start ran alone; the two that started beside it were kept off one CPU.
    assert sorted(len(cpus) for cpus in together) == [len(everywhere) - 1] * 2 + [len(everywhere)]
    assert all(set(cpus) <= set(everywhere) for cpus in together)
    assert alone_after == everywhere
