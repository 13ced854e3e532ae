"""An emulator in a child process, as tests and benchmarks start it."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

_READY = re.compile(r"Emulator ready on (http://\S+)")

#: Credentials and region so that boto3 needs no configuration file.
CLIENT_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
}


class EmulatorProcess:
    """``python -m emulator start --port 0 ...`` in a child process.

    ``start()`` returns once the server printed its URL; ``output`` keeps the
    last lines it printed, for assertions and for failure reports.
    """

    def __init__(self, *args: str, in_memory: bool = True, env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        self.args = list(args)
        if in_memory and "--data-dir" not in self.args and "--in-memory" not in self.args:
            self.args.append("--in-memory")
        self.env = env
        self.cwd = cwd
        self.url = ""
        self.process: subprocess.Popen[str] | None = None
        self.output: deque[str] = deque(maxlen=2000)
        #: Lines printed so far (``output`` keeps only the last ones).
        self.lines_printed = 0
        self._ready = threading.Event()

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def start(self, timeout: float = 20.0) -> EmulatorProcess:
        command = [sys.executable, "-m", "emulator", "start", "--port", "0", *self.args]
        env = {**os.environ, **(self.env or {})}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=self.cwd,
            start_new_session=True,
        )
        threading.Thread(target=self._pump, daemon=True).start()
        if not self._ready.wait(timeout):
            self.kill()
            raise RuntimeError("emulator did not start:\n" + "\n".join(self.output))
        if not self.url:
            raise RuntimeError("emulator exited:\n" + "\n".join(self.output))
        return self

    def _pump(self) -> None:
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            self.output.append(line.rstrip("\n"))
            self.lines_printed += 1
            found = _READY.search(line)
            if found and not self.url:
                self.url = found.group(1)
                self._ready.set()
        self._ready.set()

    def output_since(self, mark: int) -> list[str]:
        """The lines printed since ``lines_printed`` was ``mark`` (as far as ``output`` keeps them)."""
        new = self.lines_printed - mark
        return list(self.output)[-new:] if new > 0 else []

    def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM and wait: the clean shutdown path."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL the whole process group: a crash, as far as the data is concerned."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()

    def client(self, service: str, **kwargs: Any) -> Any:
        import boto3
        from botocore.config import Config

        options: dict[str, Any] = {
            "endpoint_url": self.url,
            "region_name": CLIENT_ENV["AWS_DEFAULT_REGION"],
            "aws_access_key_id": CLIENT_ENV["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": CLIENT_ENV["AWS_SECRET_ACCESS_KEY"],
            "config": Config(retries={"max_attempts": 1}, read_timeout=120),
        }
        options.update(kwargs)
        return boto3.client(service, **options)

    def resource(self, service: str, **kwargs: Any) -> Any:
        import boto3

        return boto3.resource(
            service,
            endpoint_url=self.url,
            region_name=CLIENT_ENV["AWS_DEFAULT_REGION"],
            aws_access_key_id=CLIENT_ENV["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CLIENT_ENV["AWS_SECRET_ACCESS_KEY"],
            **kwargs,
        )

    def reset(self) -> None:
        """Drop all state: each test under the plugin starts from an empty emulator."""
        # http.client, not httpx: a new httpx client builds an SSL context
        # (~tens of ms), which every test would pay.
        host, port = self.url.split("://", 1)[1].rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection.request("POST", "/_emulator/reset")
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"reset answered {response.status}")

    def __enter__(self) -> EmulatorProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.02) -> Any:
    """Poll ``predicate`` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(interval)


