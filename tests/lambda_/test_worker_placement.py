"""The server's event loop keeps to one CPU; a Python worker runs on it while its invocation is the only
one in flight, and on the other CPUs beside other invocations or once it has run a while; processes the
server starts may use every CPU (see workers/placement.py)."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from emulator.testing.functions import ROLE, make_zip
from emulator.testing.process import EmulatorProcess

#: The worker's CPUs as the invocation starts and after it held the worker ``hold`` seconds.
REPORTS_CPUS = (
    "import os, time\n\n"
    "def handler(event, context):\n"
    "    first = sorted(os.sched_getaffinity(0))\n"
    "    time.sleep(event.get('hold', 0))\n"
    "    return [first, sorted(os.sched_getaffinity(0))]\n"
)

#: Node.js counts the CPUs its process may run on.
NODE_COUNTS_CPUS = "const os = require('os');\nexports.handler = async () => os.availableParallelism();\n"


def test_workers_share_the_servers_cpu_only_when_alone(server: EmulatorProcess, create_function: Any, lambda_client: Any) -> None:
    create_function("cpus", REPORTS_CPUS)

    def one(hold: float) -> list[list[int]]:
        payload = json.dumps({"hold": hold})
        return json.loads(lambda_client.invoke(FunctionName="cpus", Payload=payload)["Payload"].read())

    everywhere = sorted(os.sched_getaffinity(0))  # the server started with this process's CPUs
    assert server.process is not None
    server_cpus = sorted(os.sched_getaffinity(server.process.pid))  # its main thread: the event loop
    alone = one(0)
    if len(everywhere) < 2:
        assert server_cpus == everywhere and alone == [everywhere, everywhere]  # one CPU: nowhere else to go
        return
    assert len(server_cpus) == 1 and set(server_cpus) <= set(everywhere)
    others = sorted(set(everywhere) - set(server_cpus))
    assert alone == [server_cpus, server_cpus]

    # A lone invocation that runs on leaves the server's CPU.
    assert one(0.3) == [server_cpus, others]

    with ThreadPoolExecutor(3) as pool:
        together = list(pool.map(one, [0.5] * 3))
    # The first to start ran alone until it had run a while; the two that started beside it, off the server's CPU.
    assert sorted(started for started, _ in together) == sorted([server_cpus, others, others])
    assert all(ended == others for _, ended in together)
    assert one(0) == [server_cpus, server_cpus]  # alone again


def test_runtime_api_workers_may_use_every_cpu(lambda_client: Any) -> None:
    lambda_client.create_function(
        FunctionName="node-cpus",
        Runtime="nodejs20.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": NODE_COUNTS_CPUS})},
    )
    count = json.loads(lambda_client.invoke(FunctionName="node-cpus")["Payload"].read())
    assert count == len(os.sched_getaffinity(0))
