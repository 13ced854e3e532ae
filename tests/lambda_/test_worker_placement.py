"""Python workers run on every CPU the server may use but the one the server runs on."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

#: Holds its worker long enough for each invocation to need a worker of its own.
REPORTS_CPUS = (
    "import os, time\n\n"
    "def handler(event, context):\n"
    "    time.sleep(0.5)\n"
    "    return sorted(os.sched_getaffinity(0))\n"
)


def test_workers_keep_off_one_cpu(create_function: Any, lambda_client: Any) -> None:
    create_function("cpus", REPORTS_CPUS)

    def one(_: int) -> list[int]:
        return json.loads(lambda_client.invoke(FunctionName="cpus")["Payload"].read())

    with ThreadPoolExecutor(3) as pool:
        seen = list(pool.map(one, range(3)))

    everywhere = sorted(os.sched_getaffinity(0))  # the server runs with this process's CPUs
    if len(everywhere) < 2:
        assert seen == [everywhere] * 3  # one CPU: nowhere else to go
        return
    for cpus in seen:
        assert len(cpus) == len(everywhere) - 1
        assert set(cpus) < set(everywhere)
