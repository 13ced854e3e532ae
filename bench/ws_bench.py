"""WebSocket APIs: memory per open connection, and broadcast rounds per second.

    .venv/bin/python bench/ws_bench.py [--connections 1000] [--receivers 100] [--seconds 10]

1. An emulator with a WebSocket API (a ``$default`` route): ``--connections``
   clients connect and stay open; the server process's RSS (``/proc/<pid>/status``)
   before and after, divided by the number of connections.
2. The websocket-chat example deployed from its template: one sender and
   ``--receivers`` receivers; a round is one ``sendmessage`` that its Lambda
   handler broadcasts through the management API, complete when every
   receiver has the message. Rounds run back to back for ``--seconds``.
   Twice: with the example's handler as written (boto3's PostToConnection,
   whose client-side cost, about 1 ms a call, bounds a round at ~100 calls),
   and with the same handler posting through ``http.client`` (LEAN_POST),
   which shows what the emulator's side of a round costs. "server CPU per
   post" is the server process's own user+system time over the timed rounds
   divided by the posts (the Lambda workers are other processes).

Measured 2026-11-29 on this 2-core machine, shared (load average 6-8),
``.venv/bin/python bench/ws_bench.py --seconds 10``:

- 1,000 connections: 21.8-23.6 KB of server RSS each (target < 100 KB).
- example handler (boto3, 16 posting threads): 4.7-7.7 rounds/s, median
  117-186 ms; server CPU 0.22-0.25 ms per post.
- lean handler: 17.7-22.0 rounds/s, median 43-57 ms; server CPU 0.14-0.15
  ms per post.

A timed handler split a boto3 round (median 196 ms) into 1 ms from the
sender's frame to the handler, 4 ms for the table scan, 189 ms for the 101
posts and 2 ms to the last receiver: boto3's own CPU (about 1-1.4 ms a
PostToConnection on this machine, measured alone; more when the handler's
threads share a core with the server) bounds that handler at about 7-10
rounds/s whatever the server does, on AWS as well. Fewer posting threads (4)
made no difference; ``Config(parameter_validation=False)`` saved ~10%.
The server's side of a post is mostly socket writes (the HTTP response and
the WebSocket frame); the emulator's own dispatch of one PostToConnection,
timed in-process without sockets, is ~23 us.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator.testing import EmulatorProcess  # noqa: E402
from emulator.testing.process import wait_until  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHAT_TEMPLATE = ROOT / "examples" / "websocket-chat" / "template.yaml"
#: Replaces the example's management client: PostToConnection as one keep-alive HTTP request.
LEAN_POST = """
import http.client, os, urllib.parse
from concurrent.futures import ThreadPoolExecutor
import chat

_endpoint = urllib.parse.urlsplit(os.environ["AWS_ENDPOINT_URL"])
_local = __import__("threading").local()

class _Gone(Exception):
    pass

class LeanClient:
    class exceptions:
        GoneException = _Gone

    def post_to_connection(self, ConnectionId, Data):
        connection = getattr(_local, "connection", None)
        if connection is None:
            connection = _local.connection = http.client.HTTPConnection(_endpoint.hostname, _endpoint.port)
        connection.request("POST", "/@connections/" + ConnectionId, Data)
        response = connection.getresponse()
        response.read()
        if response.status == 410:
            raise _Gone()

chat.management_client = lambda request: LeanClient()
send_message = chat.send_message
"""
ECHO = "def handler(event, context):\n    return {'statusCode': 200, 'body': event.get('body')}\n"


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process itself (not its Lambda workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def echo_api(server: EmulatorProcess) -> str:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", ECHO)
    arn = server.client("lambda").create_function(
        FunctionName="echo", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
        Handler="app.handler", Code={"ZipFile": buffer.getvalue()},
    )["FunctionArn"]
    apigw = server.client("apigatewayv2")
    api_id = apigw.create_api(Name="bench", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=uri)
    apigw.create_route(ApiId=api_id, RouteKey="$default", Target=f"integrations/{integration['IntegrationId']}")
    apigw.create_stage(ApiId=api_id, StageName="bench", AutoDeploy=True)
    return api_id


async def open_clients(url: str, count: int) -> list[Any]:
    clients: list[Any] = []
    for start in range(0, count, 100):
        batch = [websockets.connect(url, proxy=None, open_timeout=60, compression=None) for _ in range(start, min(count, start + 100))]
        clients.extend(await asyncio.gather(*batch))
    return clients


def memory_per_connection(count: int) -> None:
    with EmulatorProcess() as server:
        assert server.process is not None
        api_id = echo_api(server)
        url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/bench"

        async def scenario() -> tuple[int, int]:
            warm = await open_clients(url, 20)
            for client in warm:
                await client.close()
            await asyncio.sleep(0.5)
            before = rss_kb(server.process.pid)
            clients = await open_clients(url, count)
            await asyncio.sleep(1.0)
            after = rss_kb(server.process.pid)
            await asyncio.gather(*(client.close() for client in clients))
            return before, after

        before, after = asyncio.run(scenario())
    per_connection = (after - before) / count
    print(f"{count} open connections: server RSS {before / 1024:.1f} MB -> {after / 1024:.1f} MB, "
          f"{per_connection:.1f} KB per connection")


def broadcast_rounds(receivers: int, seconds: float, lean: bool) -> None:
    with EmulatorProcess("--template", str(CHAT_TEMPLATE)) as server:
        apigw = server.client("apigatewayv2")

        def deployed() -> str | None:
            for api in apigw.get_apis()["Items"]:
                if api["Name"] == "websocket-chat" and apigw.get_stages(ApiId=api["ApiId"])["Items"]:
                    return api["ApiId"]
            return None

        api_id = wait_until(deployed, timeout=60, interval=0.2)
        if lean:
            use_lean_handler(server)
        url = f"ws://127.0.0.1:{server.port}/_aws/execute-api/{api_id}/chat"

        assert server.process is not None
        pid = server.process.pid

        async def scenario() -> tuple[int, list[float], float]:
            listeners = await open_clients(url, receivers)
            sender = (await open_clients(url, 1))[0]

            async def one_round(n: int) -> float:
                started = time.perf_counter()
                await sender.send(json.dumps({"action": "sendmessage", "data": f"round {n}"}))
                await sender.recv()
                for listener in listeners:
                    while json.loads(await listener.recv())["data"] != f"round {n}":
                        pass
                return time.perf_counter() - started

            for n in range(3):  # warm the handler and its clients
                await one_round(-n - 1)
            latencies: list[float] = []
            cpu_before = cpu_seconds(pid)
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                latencies.append(await one_round(len(latencies)))
            cpu = cpu_seconds(pid) - cpu_before
            for client in [*listeners, sender]:
                await client.close()
            return len(latencies), latencies, cpu

        rounds, latencies, cpu = asyncio.run(scenario())
    latencies.sort()
    total = sum(latencies)
    handler = "lean http.client handler" if lean else "example handler (boto3)"
    print(f"broadcast to {receivers} receivers (+ sender), {handler}: {rounds / total:.1f} rounds/s, "
          f"median {latencies[len(latencies) // 2] * 1000:.1f} ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms, "
          f"server CPU {cpu * 1000 / (rounds * (receivers + 1)):.3f} ms per post")


def use_lean_handler(server: EmulatorProcess) -> None:
    """The example's code plus LEAN_POST, as the sendmessage function's new code."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(ROOT / "examples" / "websocket-chat" / "src" / "chat.py", "chat.py")
        archive.writestr("lean.py", LEAN_POST)
    lambda_ = server.client("lambda")
    lambda_.update_function_code(FunctionName="websocket-chat-SendMessageFunction", ZipFile=buffer.getvalue())
    lambda_.update_function_configuration(FunctionName="websocket-chat-SendMessageFunction", Handler="lean.send_message")
    wait_until(lambda: lambda_.get_function(FunctionName="websocket-chat-SendMessageFunction")["Configuration"]["LastUpdateStatus"] == "Successful")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--receivers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--only", choices=("memory", "boto3", "lean"), help="run one of the three measurements")
    args = parser.parse_args()
    if args.only in (None, "memory"):
        memory_per_connection(args.connections)
    if args.only in (None, "boto3"):
        broadcast_rounds(args.receivers, args.seconds, lean=False)
    if args.only in (None, "lean"):
        broadcast_rounds(args.receivers, args.seconds, lean=True)


if __name__ == "__main__":
    main()
