"""Command line: ``emulator start ...`` (also ``python -m emulator start``)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from . import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="emulator", description="AWS API Gateway, Lambda and DynamoDB, offline.")
    parser.add_argument("--version", action="version", version=f"emulator {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    start = commands.add_parser("start", help="start the emulator")
    start.add_argument("--host", help="address to bind (default 127.0.0.1)")
    start.add_argument("--port", type=int, help="port (default 4566; 0 picks a free one and prints it)")
    storage = start.add_mutually_exclusive_group()
    storage.add_argument("--data-dir", type=Path, help="where state is persisted (default ./.emulator)")
    storage.add_argument("--in-memory", action="store_true", default=None, help="keep nothing on disk")
    start.add_argument("--region", help="default region when a request names none (default us-east-1)")
    start.add_argument("--log-level", choices=["critical", "error", "warning", "info", "debug"])
    start.add_argument("--durability", choices=["fsync", "batch", "none"])
    start.add_argument("--consistency", choices=["strong", "eventual"])
    start.add_argument("--replication-lag-ms", type=int)
    start.add_argument("--seed", type=int)
    start.add_argument("--ttl-interval", type=float)
    start.add_argument("--table-delay-ms", type=int)
    start.add_argument("--pitr-window", dest="pitr_window_days", type=int, help="days of point-in-time recovery")
    start.add_argument(
        "--legacy-global-tables", action="store_true", default=None,
        help="serve DynamoDB global tables version 2017.11.29, which AWS now refuses",
    )
    start.add_argument("--lambda-concurrency", type=int)
    start.add_argument("--lambda-max-workers", type=int)
    start.add_argument("--lambda-idle-s", type=float)
    start.add_argument(
        "--lambda-busy-limit", type=int,
        help="running invocations of a function after which short ones wait for a warm worker (default 6 a CPU; 0: never)",
    )
    start.add_argument(
        "--lambda-host-packages", action="store_true", default=None,
        help="let Python functions import any package installed beside the emulator, not only the AWS SDK",
    )
    start.add_argument("--integration-timeout-ms", type=int)
    start.add_argument("--ws-idle-timeout-s", type=float, help="close idle WebSocket connections (default 600)")
    start.add_argument("--ws-max-connection-s", type=float, help="WebSocket connection lifetime (default 7200)")
    start.add_argument("--strict-auth", action="store_true", default=None)
    start.add_argument("--template", dest="templates", action="append", type=Path, help="SAM/CloudFormation template")
    start.add_argument("--parameter-overrides", nargs="*", help="Key=Value template parameters")

    deploy = commands.add_parser("deploy", help="deploy a SAM/CloudFormation template to a running emulator")
    deploy.add_argument("template", type=Path)
    deploy.add_argument("--endpoint-url", default="http://localhost:4566")
    deploy.add_argument("--region", default="us-east-1")
    deploy.add_argument("--stack-name")
    deploy.add_argument("--parameter-overrides", nargs="*", help="Key=Value template parameters")

    setup = commands.add_parser("setup", help="install what the emulator's runtimes provide on AWS (downloads)")
    components = setup.add_subparsers(dest="component", required=True)
    node_sdk = components.add_parser(
        "node-sdk",
        help="the AWS SDK for JavaScript v3 of AWS's Node.js runtimes, with npm",
        description="Installs the pinned @aws-sdk/* packages AWS's nodejs runtimes carry; Node.js functions "
        "then import them without bundling them, as on AWS.",
    )
    node_sdk.add_argument("packages", nargs="*", help="more packages to provide, e.g. @aws-sdk/client-kinesis")
    node_sdk.add_argument("--dir", type=Path, help="install folder (default: $EMULATOR_NODE_SDK_DIR or ~/.cache/emulator/node-sdk)")
    return parser


def _settings_from(args: argparse.Namespace) -> Any:
    from .config import Settings

    overrides = {
        key: value
        for key, value in vars(args).items()
        if key not in ("command", "parameter_overrides") and value is not None
    }
    if args.parameter_overrides:
        overrides["parameter_overrides"] = _parameters(args.parameter_overrides)
    if args.data_dir is not None:
        overrides["in_memory"] = False
    try:
        return Settings(**overrides)
    except ValueError as error:
        sys.exit(f"emulator: {error}")


def _parameters(pairs: list[str]) -> dict[str, str]:
    invalid = [pair for pair in pairs if "=" not in pair]
    if invalid:
        sys.exit(f"emulator: --parameter-overrides takes Key=Value pairs, not {' '.join(invalid)}")
    return dict(pair.split("=", 1) for pair in pairs)


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "start":
        start(_settings_from(args))
    elif args.command == "deploy":
        deploy(args)
    elif args.command == "setup":
        setup_node_sdk(args)


def deploy(args: argparse.Namespace) -> None:
    from .templates.deploy import Deployer
    from .templates.loader import TemplateError

    deployer = Deployer(
        args.template,
        args.endpoint_url,
        region=args.region,
        stack_name=args.stack_name,
        parameter_overrides=_parameters(args.parameter_overrides or []),
    )
    try:
        print(deployer.deploy().report())
    except TemplateError as error:
        sys.exit(f"emulator: {args.template} not deployed: {error}")


def setup_node_sdk(args: argparse.Namespace) -> None:
    from .lambda_runtime import node_sdk

    root = (args.dir or node_sdk.sdk_dir()).expanduser().absolute()
    started = time.perf_counter()
    try:
        installed = node_sdk.install(root, args.packages)
    except node_sdk.SetupError as error:
        sys.exit(f"emulator: the Node.js AWS SDK was not installed: {error}")
    done = "installed" if installed else "already installed"
    print(f"AWS SDK for JavaScript v3 {done} in {node_sdk.modules_dir(root)} ({time.perf_counter() - started:.1f} s)")
    if root != node_sdk.sdk_dir():
        print(f"Start the emulator with {node_sdk.DIR_VARIABLE}={root} for its Node.js functions to find it.")


#: Allocations between two collections of the youngest generation.
GC_YOUNG_THRESHOLD = 10_000


def _settle_in(app: Any) -> None:
    """After start-up: bind the services' models, then take the long-lived
    objects (models, routers, modules) out of the garbage collector's sight,
    so that full collections under load stay short (they stalled requests for
    tens of ms)."""
    app.warm_up()
    gc.collect()
    gc.freeze()
    # Requests free their objects by reference counting; collecting every 700
    # allocations (the default) scans each request's live objects a few times over.
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)


def start(settings: Any) -> None:
    import uvicorn

    from .app import create_app
    from .lambda_runtime.workers import placement

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sock = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((settings.host, settings.port))
    except OSError as error:
        sys.exit(f"emulator: cannot listen on {settings.host}:{settings.port}: {error.strerror}")
    settings.port = sock.getsockname()[1]
    app = create_app(settings)

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # uvicorn re-raises SIGTERM/SIGINT after a graceful shutdown, which
            # makes the exit status look like a crash; a clean stop exits 0.
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            app.begin_shutdown()
            await super().shutdown(sockets)

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            if not self.should_exit:
                placement.pin_server()  # before the ready line: a test may look at once
                print(f"Emulator ready on http://{settings.host}:{settings.port}", flush=True)
                threading.Thread(target=_settle_in, args=(app,), name="warm-up", daemon=True).start()
                if settings.templates:
                    from .templates.watch import TemplateWatcher

                    TemplateWatcher(
                        settings.templates,
                        f"http://127.0.0.1:{settings.port}",
                        region=settings.region,
                        parameter_overrides=settings.parameter_overrides,
                    ).start()

    from .gateway.websocket.frames import FrameLimitedProtocol
    from .gateway.websocket.limits import MAX_MESSAGE_BYTES
    from .http_protocol import HttpProtocol

    config = uvicorn.Config(
        app,
        loop="uvloop",
        http=HttpProtocol,
        ws=FrameLimitedProtocol,
        ws_max_size=MAX_MESSAGE_BYTES,
        lifespan="on",
        log_level=settings.log_level,
        access_log=False,
        # The client's address is the caller's sourceIp; never let a request's
        # X-Forwarded-For header overwrite it.
        proxy_headers=False,
        # AWS's endpoints send no ``server: uvicorn``; a header naming the emulator is a tell.
        server_header=False,
        timeout_graceful_shutdown=10,
    )
    Server(config).run(sockets=[sock])
