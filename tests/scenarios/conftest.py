"""Fixtures of the framework sweep (test_frameworks_*.py): the apps in-process, and deployed behind every front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from frameworks import Deployment, InProcess, deploy_all

from emulator.testing import EmulatorProcess


@pytest.fixture(scope="module")
def in_process() -> InProcess:
    return InProcess()


@pytest.fixture(scope="module")
def deployments(host_packages_server: EmulatorProcess) -> Iterator[list[Deployment]]:
    yield deploy_all(host_packages_server)
    host_packages_server.reset()
