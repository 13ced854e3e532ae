"""The emulator server's CPU instructions per API request, counted by callgrind: a figure that,
unlike requests/s, does not move with the machine's load (a change's effect on the hot path).

    .venv/bin/python bench/gateway_instructions.py [CHECKOUT] [--conns 64] [--seconds 15] [--kind http|rest] [--log-level info] [--port 49580]

Starts ``python -m emulator start`` from CHECKOUT (default: this one) under
``valgrind --tool=callgrind --instr-atstart=no``, deploys bench/gateway_ab.py's
function behind an HTTP API (or a REST API), warms it with wrk, then counts the
server process's instructions (its threads; not the workers) while wrk runs, and
prints them per request. Needs valgrind and wrk; takes about a minute.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
from gateway_ab import deploy_function, rest_api

#: The default port; pass another with --port when someone else's run holds this one.
PORT = 49580


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", nargs="?", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--conns", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--kind", choices=("http", "rest"), default="http")
    # gateway_bench.py runs the emulator at its default level, info: function output echoed.
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    port = args.port
    out = Path(tempfile.mkdtemp(prefix="callgrind-")) / "server"
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}.%p",
         sys.executable, "-m", "emulator", "start", "--in-memory", "--port", str(port), "--log-level", args.log_level],
        cwd=args.checkout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        host, path = _deploy(args.kind, port, server)

        def load(seconds: int) -> str:
            command = ["wrk", "-t1", f"-c{args.conns}", f"-d{seconds}s", "--timeout", "10s", "-H", f"Host: {host}"]
            return subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout

        load(20)  # workers forked, the warm-up thread done
        time.sleep(2)
        subprocess.run(["callgrind_control", "-i", "on", str(server.pid)], capture_output=True)
        report = load(args.seconds)
        subprocess.run(["callgrind_control", "-i", "off", str(server.pid)], capture_output=True)
        subprocess.run(["callgrind_control", "-d", str(server.pid)], capture_output=True)
        time.sleep(1)
        requests = int(re.search(r"(\d+) requests in", report).group(1))  # type: ignore[union-attr]
        totals = [
            int(line.split()[1])
            for name in glob.glob(f"{out}.{server.pid}*")
            for line in Path(name).read_text().splitlines()
            if line.startswith("totals:")
        ]
        total = max(totals, default=0)
        print(f"{args.kind} API, c={args.conns}: {requests} requests, {total / requests / 1000:.1f}k instructions per request")
    finally:
        os.killpg(server.pid, 9)


def _deploy(kind: str, port: int, server: subprocess.Popen[bytes]) -> tuple[str, str]:
    options = {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1", "aws_access_key_id": "x", "aws_secret_access_key": "x"}
    deadline = time.monotonic() + 900  # startup under valgrind takes minutes on a loaded machine
    while True:
        try:
            arn = deploy_function(boto3.client("lambda", **options))
            break
        except Exception as error:  # noqa: BLE001 - not listening yet
            if server.poll() is not None:
                raise SystemExit(f"the emulator exited under valgrind (is port {port} taken? see --port)") from None
            if time.monotonic() > deadline:
                raise SystemExit(f"the emulator did not come up under valgrind: {error}") from None
            time.sleep(0.5)
    if kind == "rest":
        return f"{rest_api(boto3.client('apigateway', **options), arn)}.execute-api.localhost:{port}", "/prod/hello"
    api_id = boto3.client("apigatewayv2", **options).create_api(Name="ab", ProtocolType="HTTP", Target=arn)["ApiId"]
    return f"{api_id}.execute-api.localhost:{port}", "/hello"


if __name__ == "__main__":
    main()
