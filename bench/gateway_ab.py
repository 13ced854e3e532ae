"""Interleaved wrk runs against emulators built from different checkouts or settings.

    .venv/bin/python bench/gateway_ab.py TARGET [TARGET ...] [--rounds 4] [--conns 1,8,64] [--seconds 3]

A TARGET is a checkout folder, optionally followed by ``|NAME=value+NAME=value``:
environment for that emulator, where ``KIND=rest`` puts a REST API (GET /hello,
AWS_PROXY, stage ``prod``) in front of the function instead of an HTTP API
(quick create), ``PYTHON=path`` runs it on another interpreter and ``ARGS=a,b``
adds command-line arguments. Examples:

    bench/gateway_ab.py /tmp/before /work/main                 # a change, before and after
    bench/gateway_ab.py ".|KIND=http" ".|KIND=rest"            # REST API against HTTP API
    bench/gateway_ab.py . "/tmp/other|PYTHON=/tmp/other/.venv/bin/python"   # another interpreter
    bench/gateway_ab.py . ".|ARGS=--log-level,warning"                 # without the functions' log echo

Each emulator serves ../shared/bench/handler.py ``hello`` (copied below). The
targets take turns within each round and connection count, in an order that
alternates by round; the medians of requests/s, server CPU (the emulator's
whole process tree, workers included) per request, p99, and how often the server
process was preempted per request (switched out while runnable) are printed. As in
gateway_bench.py, each emulator runs at its default log level with its output in a
file. On a shared machine only differences that hold over rounds mean anything.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import boto3

HANDLER = """import json

def hello(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({"message": "hello"})}
"""
ROLE = "arn:aws:iam::000000000000:role/bench"


@dataclass
class Target:
    label: str
    checkout: Path
    environment: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    host: str = ""
    path: str = ""
    runs: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)


def parse_target(text: str, port: int) -> Target:
    folder, _, settings = text.partition("|")
    environment = dict(pair.split("=", 1) for pair in settings.split("+") if pair)
    return Target(text, Path(folder).resolve(), environment, port=port)


def start(target: Target) -> None:
    extra = [argument for argument in target.environment.get("ARGS", "").split(",") if argument]
    with tempfile.TemporaryFile() as output:  # the emulator keeps it open; it goes when the emulator ends
        target.process = subprocess.Popen(
            [target.environment.get("PYTHON", sys.executable), "-m", "emulator", "start", "--in-memory", "--port", str(target.port), *extra],
            cwd=target.checkout,
            env={**os.environ, **target.environment},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    endpoint = f"http://127.0.0.1:{target.port}"
    options = {"endpoint_url": endpoint, "region_name": "us-east-1", "aws_access_key_id": "x", "aws_secret_access_key": "x"}
    for _ in range(100):
        try:
            function_arn = deploy_function(boto3.client("lambda", **options))
            break
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.1)
    else:
        raise SystemExit(f"{target.label}: the emulator did not come up")
    if target.environment.get("KIND") == "rest":
        api_id = rest_api(boto3.client("apigateway", **options), function_arn)
        target.path = "/prod/hello"
    else:
        api_id = boto3.client("apigatewayv2", **options).create_api(Name="ab", ProtocolType="HTTP", Target=function_arn)["ApiId"]
        target.path = "/hello"
    target.host = f"{api_id}.execute-api.localhost:{target.port}"


def deploy_function(client: object) -> str:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("handler.py", HANDLER)
    answer = client.create_function(  # type: ignore[attr-defined]
        FunctionName="hello", Runtime="python3.11", Role=ROLE, Handler="handler.hello", Code={"ZipFile": archive.getvalue()}
    )
    return str(answer["FunctionArn"])


def rest_api(client: object, function_arn: str) -> str:
    api_id = client.create_rest_api(name="ab")["id"]  # type: ignore[attr-defined]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]  # type: ignore[attr-defined]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="hello")["id"]  # type: ignore[attr-defined]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE")  # type: ignore[attr-defined]
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    client.put_integration(  # type: ignore[attr-defined]
        restApiId=api_id, resourceId=resource, httpMethod="GET", type="AWS_PROXY", integrationHttpMethod="POST", uri=uri
    )
    client.create_deployment(restApiId=api_id, stageName="prod")  # type: ignore[attr-defined]
    return str(api_id)


def tree_cpu_s(root: int) -> float:
    """CPU seconds of a process and all its descendants, from /proc."""
    children: dict[int, list[tuple[int, int]]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append((int(entry), int(fields[11]) + int(fields[12])))
    total, stack = 0, [root]
    while stack:
        for pid, ticks in children.get(stack.pop(), []):
            total += ticks
            stack.append(pid)
    own = Path(f"/proc/{root}/stat").read_text().rsplit(")", 1)[1].split()
    return (total + int(own[11]) + int(own[12])) / os.sysconf("SC_CLK_TCK")


def preemptions(pid: int) -> int:
    """How often the process was switched out while it could have run on (nonvoluntary context switches)."""
    found = re.search(r"nonvoluntary_ctxt_switches:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())
    return int(found.group(1)) if found else 0


def wrk(target: Target, connections: int, seconds: int) -> tuple[float, float, float, float]:
    assert target.process is not None
    before = tree_cpu_s(target.process.pid)
    preempted = preemptions(target.process.pid)
    url = f"http://127.0.0.1:{target.port}{target.path}"
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Host: {target.host}", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    cpu = tree_cpu_s(target.process.pid) - before
    preempted = preemptions(target.process.pid) - preempted
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(\w+)", out).groups()  # type: ignore[union-attr]
    p99_ms = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return per_second, cpu * 1e6 / max(total, 1), p99_ms, preempted / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="+")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--conns", default="1,8,64")
    parser.add_argument("--seconds", type=int, default=3)
    args = parser.parse_args()
    targets = [parse_target(text, 4700 + index) for index, text in enumerate(args.targets)]
    connection_counts = [int(count) for count in args.conns.split(",")]
    try:
        for target in targets:
            start(target)
            wrk(target, 64, 2)  # a first burst: the pool grows, as it would under load
        for round_number in range(args.rounds):
            order = targets if round_number % 2 == 0 else targets[::-1]
            for connections in connection_counts:
                for target in order:
                    target.runs.setdefault(connections, []).append(wrk(target, connections, args.seconds))
        for connections in connection_counts:
            cells = []
            for target in targets:
                runs = target.runs[connections]
                cells.append(
                    f"{target.label}: {statistics.median(run[0] for run in runs):6.0f} req/s "
                    f"{statistics.median(run[1] for run in runs):4.0f} µs/req p99 {statistics.median(run[2] for run in runs):5.1f} ms "
                    f"preempted {statistics.median(run[3] for run in runs):.2f}/req"
                )
            print(f"c={connections:<3} " + " | ".join(cells))
    finally:
        for target in targets:
            if target.process is not None:
                os.killpg(target.process.pid, signal.SIGTERM)


if __name__ == "__main__":
    main()
