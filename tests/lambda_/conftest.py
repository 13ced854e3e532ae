"""Helpers for Lambda tests: zips built in memory and functions created through boto3."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from lambda_helpers import ECHO
from test_pool_support import PoolRunner, reset, shared_runner

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function


@pytest.fixture
def logs_client(server: EmulatorProcess) -> Any:
    return server.client("logs")


@pytest.fixture
def create_function(lambda_client: Any) -> Callable[..., dict[str, Any]]:
    """``create_function(name, code=ECHO, **options)``: a Python function from one module, ``app.handler``."""

    def create(name: str, code: str = ECHO, **options: Any) -> dict[str, Any]:
        return create_python_function(lambda_client, name, code, **options)

    return create


@pytest.fixture(scope="module")
def runner() -> Iterator[PoolRunner]:
    """The worker pool the pool tests share; reset after each module."""
    runner = shared_runner()
    yield runner
    reset(runner)
