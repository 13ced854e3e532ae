"""Helpers for Lambda tests: zips built in memory and functions created through boto3."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lambda_helpers import ECHO, ROLE, make_zip

from emulator.testing import EmulatorProcess


@pytest.fixture
def logs_client(server: EmulatorProcess) -> Any:
    return server.client("logs")


@pytest.fixture
def create_function(lambda_client: Any) -> Callable[..., dict[str, Any]]:
    """``create_function(name, code=ECHO, **options)``: a Python function from one module, ``app.handler``."""

    def create(name: str, code: str = ECHO, **options: Any) -> dict[str, Any]:
        files = options.pop("files", None) or {"app.py": code}
        arguments: dict[str, Any] = {
            "FunctionName": name,
            "Runtime": "python3.12",
            "Role": ROLE,
            "Handler": "app.handler",
            "Code": {"ZipFile": make_zip(files)},
        }
        arguments.update(options)
        return lambda_client.create_function(**arguments)

    return create
