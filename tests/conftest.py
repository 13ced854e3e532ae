"""Fixtures shared by every test: one emulator per test process (xdist worker).

Each test starts from an empty emulator: ``/_emulator/reset`` runs before it.
Tests that need their own flags (persistence, consistency) start an
``EmulatorProcess`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from emulator.testing import EmulatorProcess


@pytest.fixture(scope="session")
def server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess() as process:
        yield process


@pytest.fixture(scope="session")
def host_packages_server() -> Iterator[EmulatorProcess]:
    """An emulator whose Python functions may import this environment's packages (Powertools, as
    AWS's Powertools layer would provide it): modules override ``server`` with it."""
    with EmulatorProcess("--lambda-host-packages") as process:
        yield process


@pytest.fixture(autouse=True)
def _fresh_state(request: pytest.FixtureRequest) -> None:
    if "server" in request.fixturenames:
        request.getfixturevalue("server").reset()


@pytest.fixture
def dynamodb(server: EmulatorProcess) -> Any:
    return server.client("dynamodb")


@pytest.fixture
def lambda_client(server: EmulatorProcess) -> Any:
    return server.client("lambda")
