"""Helpers for tests that deploy a SAM project (a template and its code folders) to the session's emulator."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import httpx

from emulator.templates.deploy import Deployer, DeployResult
from emulator.testing import EmulatorProcess


def write_project(root: Path, template: str, files: dict[str, str]) -> Path:
    """Write ``template.yaml`` and code files (dedented) under ``root``; return the template's path."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    template_path = root / "template.yaml"
    template_path.write_text(textwrap.dedent(template).lstrip())
    return template_path


def deploy(server: EmulatorProcess, template: Path, **options: Any) -> DeployResult:
    """Deploy as ``emulator deploy`` does: the deployer is a boto3 client of the running server."""
    return Deployer(template, server.url, **options).deploy()


def api_id_of(url: str) -> str:
    """The API id in an Output URL (``http://{id}.execute-api.localhost:{port}/...``)."""
    return url.split("://", 1)[1].split(".", 1)[0]


def call(server: EmulatorProcess, url: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
    """Request an API URL as printed in Outputs: connect to the server, send the API's Host."""
    host_and_path = url.split("://", 1)[1]
    host, _, path = host_and_path.partition("/")
    return httpx.request(method, f"{server.url}/{path}", headers={"Host": host, **kwargs.pop("headers", {})}, timeout=30, **kwargs)
