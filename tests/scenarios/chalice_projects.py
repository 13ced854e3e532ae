"""Chalice projects in temporary folders, deployed by the real ``chalice`` CLI against a test server.

A project is ``app.py`` plus ``.chalice/config.json``, as ``chalice new-project`` lays it out (with no
``requirements.txt``, so packaging installs nothing). Its stage sets ``manage_iam_role: false`` and an
``iam_role_arn``: IAM is not emulated, and with a role of its own Chalice calls neither IAM nor STS
(the account id it needs comes from the ARNs Lambda answers).

``chalice`` runs as a subprocess with no host configuration: empty config and credentials files, the
credentials and region from the environment, and ``AWS_ENDPOINT_URL`` pointing every service at the
emulator, as a developer would run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from emulator.testing import EmulatorProcess
from emulator.testing.process import CLIENT_ENV

ROLE_ARN = "arn:aws:iam::000000000000:role/chalice-app"

#: ``chalice`` as its console script runs it.
_CHALICE = [sys.executable, "-c", "import sys; from chalice.cli import main; sys.exit(main())"]


@dataclass(frozen=True)
class ChaliceRun:
    """One ``chalice ...`` run: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


class ChaliceProject:
    """A Chalice app in ``folder``, deployed to the emulator ``server`` as stage ``dev``."""

    def __init__(self, server: EmulatorProcess, folder: Path, name: str) -> None:
        self.server = server
        self.folder = folder
        self.name = name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "aws-config").write_text("")
        (folder / "aws-credentials").write_text("")
        host = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        self.env = {
            **host,
            **CLIENT_ENV,
            "AWS_ENDPOINT_URL": server.url,
            "AWS_CONFIG_FILE": str(folder / "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(folder / "aws-credentials"),
            # One attempt: a retried error would show as a slow test instead of a failing one.
            "AWS_MAX_ATTEMPTS": "1",
        }

    def write(self, app_source: str, **stage: Any) -> None:
        """``app.py`` and the config of stage ``dev`` (its settings beyond the IAM role: ``stage``)."""
        (self.folder / "app.py").write_text(textwrap.dedent(app_source))
        config = {
            "version": "2.0",
            "app_name": self.name,
            "stages": {"dev": {"manage_iam_role": False, "iam_role_arn": ROLE_ARN, **stage}},
        }
        (self.folder / ".chalice").mkdir(exist_ok=True)
        (self.folder / ".chalice" / "config.json").write_text(json.dumps(config, indent=2))

    def run(self, *args: str, check: bool = True, stdin: str = "") -> ChaliceRun:
        """``chalice <args>`` in the project, ``stdin`` its input; with ``check``, a non-zero exit fails
        the test with its output."""
        completed = subprocess.run(
            [*_CHALICE, *args],
            input=stdin,
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        result = ChaliceRun(completed.returncode, completed.stdout, completed.stderr)
        if check and result.returncode != 0:
            raise AssertionError(f"chalice {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def deploy(self) -> ChaliceRun:
        return self.run("deploy")

    def delete(self) -> ChaliceRun:
        return self.run("delete")

    def deployed(self) -> dict[str, dict[str, Any]]:
        """The resources Chalice recorded in ``.chalice/deployed/dev.json``, by name."""
        record = json.loads((self.folder / ".chalice" / "deployed" / "dev.json").read_text())
        return {resource["name"]: resource for resource in record["resources"]}

    def rest_api(self) -> RestApiClient:
        """A client for the deployed REST API, at the URL Chalice printed."""
        return RestApiClient(self.server, self.deployed()["rest_api"]["rest_api_url"])

    def websocket_url(self) -> str:
        """The deployed WebSocket API's stage URL on the emulator (Chalice prints AWS's ``wss://`` one)."""
        resource = self.deployed()["websocket_api"]
        stage = urlsplit(resource["websocket_api_url"]).path.strip("/")
        return f"ws://127.0.0.1:{self.server.port}/_aws/execute-api/{resource['websocket_api_id']}/{stage}"


class RestApiClient:
    """httpx to a REST API by the URL Chalice printed, ``https://{id}.execute-api.{region}.amazonaws.com/{stage}/``:
    connected to the emulator in plain HTTP with that URL's host as the Host header."""

    def __init__(self, server: EmulatorProcess, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.netloc
        self.api_id = self.host.split(".", 1)[0]
        self.stage = parts.path.strip("/")
        self._base = f"http://127.0.0.1:{server.port}"
        self._client = httpx.Client(timeout=60)

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        headers = {"Host": self.host, **options.pop("headers", {})}
        return self._client.request(method, f"{self._base}/{self.stage}{path}", headers=headers, **options)

    def get(self, path: str, **options: Any) -> httpx.Response:
        return self.request("GET", path, **options)

    def post(self, path: str, **options: Any) -> httpx.Response:
        return self.request("POST", path, **options)
