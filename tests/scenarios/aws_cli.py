"""The real AWS CLI (v1, the ``awscli`` package) run as a subprocess against a test server.

The CLI reads no host configuration: its config and credentials files are empty temporary files,
the credentials and region come from the environment, and ``AWS_ENDPOINT_URL`` points every service
at the emulator, as the guide tells developers to set it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function
from emulator.testing.process import CLIENT_ENV


@dataclass(frozen=True)
class CliResult:
    """One ``aws ...`` run: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        """The parsed ``--output json`` document (commands that print nothing give ``None``)."""
        return json.loads(self.stdout) if self.stdout.strip() else None


class AwsCli:
    """``aws`` bound to one emulator; ``workdir`` holds the files commands read and write."""

    def __init__(self, server: EmulatorProcess, workdir: Path) -> None:
        self.workdir = workdir
        config = workdir / "aws-config"
        credentials = workdir / "aws-credentials"
        config.write_text("")
        credentials.write_text("")
        # Only what the CLI needs from the host: PATH and the like, none of its AWS_* settings.
        host = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        self.env = {
            **host,
            **CLIENT_ENV,
            "AWS_ENDPOINT_URL": server.url,
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            "AWS_PAGER": "",
            # One attempt: a retried error would show as a slow test instead of a failing one.
            "AWS_MAX_ATTEMPTS": "1",
        }

    def run(self, *args: str, check: bool = True) -> CliResult:
        """``aws <args> --output json``; with ``check``, a non-zero exit fails the test with stderr."""
        completed = subprocess.run(
            [sys.executable, "-m", "awscli", *args, "--output", "json"],
            env=self.env,
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=120,
        )
        result = CliResult(completed.returncode, completed.stdout, completed.stderr)
        if check and result.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
        return result

    def json(self, *args: str) -> Any:
        """The parsed output of a command that must succeed."""
        return self.run(*args).json

    def file(self, name: str, content: str | bytes) -> str:
        """Write ``workdir/name`` and return its path, for ``file://`` and ``fileb://`` arguments."""
        path = self.workdir / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return str(path)


def create_api_function(server: EmulatorProcess, name: str, handler: str) -> None:
    """A Python function that API Gateway may invoke (the permission an API's integration needs on AWS)."""
    lambda_client = server.client("lambda")
    create_python_function(lambda_client, name, handler)
    lambda_client.add_permission(
        FunctionName=name,
        StatementId="apigateway",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
    )
