"""The server's side of the zygote: start it, ask it to fork workers, learn how they exit."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any

import orjson

from .placement import unpin_child

ZYGOTE_SCRIPT = Path(__file__).with_name("zygote.py")
#: How long a worker's exit report may lag behind its channel closing.
EXIT_REPORT_TIMEOUT_S = 2.0


class ZygoteError(RuntimeError):
    pass


class Zygote:
    def __init__(self, *, preload: bool = True) -> None:
        self.preload = preload
        self._process: subprocess.Popen[bytes] | None = None
        self._control: socket.socket | None = None
        self._ready: asyncio.Future[None] | None = None
        self._forks: deque[asyncio.Future[int]] = deque()
        self._exits: dict[int, asyncio.Future[int | None]] = {}
        self._outbox: deque[tuple[bytes, list[int]]] = deque()

    @property
    def running(self) -> bool:
        return self._control is not None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        for name in ("PYTHONPATH", "PYTHONHOME"):
            if name in os.environ:
                environment[name] = os.environ[name]
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, str(ZYGOTE_SCRIPT), str(theirs.fileno()), *(() if self.preload else ("--bare",))],
                pass_fds=[theirs.fileno()],
                env=environment,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=unpin_child(),
            )
        ours.setblocking(False)
        self._control = ours
        self._ready = loop.create_future()
        loop.add_reader(ours, self._receive)
        await asyncio.wait_for(self._ready, 60)

    def stop(self) -> None:
        if self._control is not None:
            asyncio.get_running_loop().remove_reader(self._control)
            self._control.close()
            self._control = None
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
        for future in self._forks:
            if not future.done():
                future.set_exception(ZygoteError("the zygote stopped"))
        for exit_future in self._exits.values():
            if not exit_future.done():
                exit_future.set_result(None)  # no report will come: the exit status stays unknown
        self._forks.clear()
        self._exits.clear()

    async def fork(self, config: dict[str, Any], fds: list[int]) -> int:
        """Fork a worker with ``config``, handing it ``fds``; returns its pid."""
        if self._process is not None and self._process.poll() is not None:
            self.stop()  # died, and its hang-up is not read yet
        if self._control is None:
            raise ZygoteError("the zygote is not running")
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._forks.append(future)
        self._outbox.append((orjson.dumps(config), fds))
        self._flush()
        return await future

    def exit_status(self, pid: int) -> asyncio.Future[int | None]:
        """Resolves to the worker's wait status once the zygote reaped it (None if it cannot tell)."""
        return self._exits[pid]

    def forget(self, pid: int) -> None:
        self._exits.pop(pid, None)

    def _flush(self) -> None:
        control = self._control
        assert control is not None
        while self._outbox:
            message, fds = self._outbox[0]
            try:
                socket.send_fds(control, [message], fds)
            except BlockingIOError:
                asyncio.get_running_loop().add_writer(control, self._on_writable)
                return
            except OSError:
                self.stop()  # the zygote is gone: pending forks fail
                return
            self._outbox.popleft()

    def _on_writable(self) -> None:
        if self._control is not None:
            asyncio.get_running_loop().remove_writer(self._control)
            self._flush()

    def _receive(self) -> None:
        loop = asyncio.get_running_loop()
        control = self._control
        while control is not None:
            try:
                packet = control.recv(65536)
            except BlockingIOError:
                return
            if not packet:
                self.stop()
                return
            message = orjson.loads(packet)
            if "pid" in message:
                pid = message["pid"]
                self._exits[pid] = loop.create_future()
                future = self._forks.popleft()
                if not future.done():
                    future.set_result(pid)
            elif "exit" in message:
                exit_future = self._exits.get(message["exit"])
                if exit_future is not None and not exit_future.done():
                    exit_future.set_result(message["status"])
            elif self._ready is not None and not self._ready.done():
                self._ready.set_result(None)
