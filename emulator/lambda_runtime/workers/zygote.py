"""The zygote: a process that pre-imports the common modules once, then forks workers.

Started by the server as a script (``python zygote.py <fd> [--bare]``), never forked
from the server, so workers inherit nothing of the server's state. A ``--bare`` zygote
preloads nothing: it is ready in a few tens of milliseconds, and serves while the full
one still imports boto3. Protocol on the
control socket (SOCK_SEQPACKET, one JSON message a packet):

- server -> zygote: a worker's config, with two descriptors attached (SCM_RIGHTS):
  the worker's end of its channel and the write end of its output pipe;
- zygote -> server: ``{"ready": true}`` once, then ``{"pid": n}`` per fork, in
  request order, and ``{"exit": pid, "status": wait_status}`` as workers end.

A child is forked ahead of need (the spare): it has already left the zygote
(signals, descriptors, session) and waits for a config, so a request costs a
hand-off instead of a fork; the zygote forks the next spare while idle.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import select
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

import placement

#: What most handlers import, so that a fork has them already (boto3 above all).
PRELOADED = (
    "base64",
    "datetime",
    "decimal",
    "hashlib",
    "json",
    "logging",
    "re",
    "typing",
    "urllib.parse",
    "urllib.request",
    "uuid",
    "boto3",
    "boto3.session",
    "boto3.dynamodb.conditions",
    "boto3.dynamodb.table",
    "boto3.dynamodb.transform",
    "boto3.dynamodb.types",
    "boto3.resources.factory",
    "botocore.client",
    "botocore.session",
)
#: Service models loaded into botocore's shared loader before forking.
PRELOADED_SERVICES = ("dynamodb", "lambda", "apigatewaymanagementapi", "logs", "dynamodbstreams")


def preload() -> None:
    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:
        import warm_botocore
    except ImportError:
        return  # no boto3 here: nothing to warm
    try:
        warm_botocore.warm(PRELOADED_SERVICES)
    except Exception:  # noqa: BLE001 - a cold cache only costs time
        traceback.print_exc()


def main() -> NoReturn:
    control = socket.socket(fileno=int(sys.argv[1]))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    placement.defer_wakeups()  # inherited by every worker forked from here
    if "--bare" not in sys.argv:
        preload()
    import python_worker

    python_worker.prepare()
    # Objects that exist now stay out of the collector's reach: a collection in
    # a worker would otherwise write to (and so copy) every page it inherited.
    gc.collect()
    gc.freeze()

    ForkServer(control, python_worker.run).serve()


class ForkServer:
    """Forks a worker per request; one child is forked ahead ("the spare") so a request finds it ready."""

    def __init__(self, control: socket.socket, run: Callable[[socket.socket, dict[str, Any]], NoReturn]) -> None:
        self.control = control
        self.run = run
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.spare: tuple[int, socket.socket] | None = None

    def serve(self) -> NoReturn:
        self.control.send(b'{"ready": true}')
        while True:
            if self.spare is None and not select.select([self.control], [], [], 0)[0]:
                self.spare = self.fork_spare([])
            try:
                readable, _, _ = select.select([self.control, self.wake_read], [], [])
            except InterruptedError:
                continue
            if self.wake_read in readable:
                self.reap()
            if self.control in readable:
                self.spawn()

    def spawn(self) -> None:
        message, fds, _, _ = socket.recv_fds(self.control, 1 << 20, 2)
        if not message:
            os._exit(0)  # the server is gone
        pid, handoff = self.spare or self.fork_spare(fds)
        self.spare = None
        socket.send_fds(handoff, [message], fds)
        handoff.close()
        for fd in fds:
            os.close(fd)
        self.control.send(json.dumps({"pid": pid}).encode())

    def fork_spare(self, held: list[int]) -> tuple[int, socket.socket]:
        """A child that leaves the zygote now and waits for its function's config."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:
            ours.close()
            self.leave_zygote(held)
            wait_for_function(theirs, self.run)
        theirs.close()
        return pid, ours

    def leave_zygote(self, held: list[int]) -> None:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self.control.close()
        for fd in (self.wake_read, self.wake_write, *held):
            os.close(fd)
        os.setsid()

    def reap(self) -> None:
        """Report every exited child (the SIGCHLD wake-up pipe said there are some)."""
        while True:
            try:
                if not os.read(self.wake_read, 512):
                    break
            except BlockingIOError:
                break
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.control.send(json.dumps({"exit": pid, "status": status}).encode())


def wait_for_function(handoff: socket.socket, run: Callable[[socket.socket, dict[str, Any]], NoReturn]) -> NoReturn:
    """In a spare: wait for a config and the worker's descriptors, then become that worker."""
    try:
        message, fds, _, _ = socket.recv_fds(handoff, 1 << 20, 2)
        handoff.close()
        if not message:
            os._exit(0)  # the zygote is gone
        channel_fd, output_fd = fds
        os.set_inheritable(channel_fd, False)  # a handler's subprocesses never hold the channel
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        os.close(output_fd)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        run(socket.socket(fileno=channel_fd), json.loads(message))
    except SystemExit as exit_:
        code = exit_.code
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
            code = 1
        _flush()
        os._exit(code or 0)
    except BaseException:
        traceback.print_exc()
        _flush()
        os._exit(1)
    os._exit(0)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - exiting anyway
            pass


if __name__ == "__main__":
    main()
