"""Helpers for tests replaying AWS's sample SAM apps: write the app to a folder, deploy it, call it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import httpx

from emulator.templates.deploy import Deployer, DeployResult
from emulator.testing import EmulatorProcess


def write_sample(
    root: Path, template: str, files: dict[str, str] | None = None, template_name: str = "template.yaml"
) -> Path:
    """Write the template and code files (dedented) under ``root``; return the template's path."""
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    template_path = root / template_name
    template_path.parent.mkdir(parents=True, exist_ok=True)
    template_path.write_text(textwrap.dedent(template).lstrip())
    return template_path


def deploy(server: EmulatorProcess, template: Path, stack_name: str, **options: Any) -> DeployResult:
    """Deploy as ``emulator deploy`` does: the deployer is a boto3 client of the running server."""
    return Deployer(template, server.url, stack_name=stack_name, **options).deploy()


def request(server: EmulatorProcess, url: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
    """Call an API URL as Outputs print it: connect to the server, send the API's Host."""
    host, _, path = url.split("://", 1)[1].partition("/")
    headers = {"Host": host, **kwargs.pop("headers", {})}
    return httpx.request(method, f"{server.url}/{path}", headers=headers, timeout=30, **kwargs)


def invoke(server: EmulatorProcess, function_name: str, event: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Invoke a function directly: the Invoke response and its decoded payload."""
    response = server.client("lambda").invoke(FunctionName=function_name, Payload=json.dumps(event))
    return response, json.loads(response["Payload"].read())


def api_id_of(url: str) -> str:
    """The API id in a URL as Outputs print it (``http://{id}.execute-api.localhost:{port}/...``)."""
    return url.split("://", 1)[1].split(".", 1)[0]
