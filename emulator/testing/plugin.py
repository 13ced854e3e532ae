"""The pytest plugin: an emulator for every test session, nothing to configure.

Installed with the package (the ``pytest11`` entry point ``emulator``). Fixtures:

- ``emulator``: a running, in-memory emulator (``.url``, ``.client(service)``,
  ``.resource(service)``). Each test sees it empty: its state is reset before
  the test, unless the test is marked ``@pytest.mark.emulator(shared=True)``.
- ``aws_endpoint``: sets ``AWS_ENDPOINT_URL``, the region and dummy credentials
  for the test, so unchanged application code reaches the emulator.

``@pytest.mark.emulator(consistency="eventual", replication_lag_ms=200, seed=7)``
gives the test an emulator started with those options (one per distinct set
of options per session). Under pytest-xdist each worker has its own emulators.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .process import CLIENT_ENV, EmulatorProcess

_OPTION_FLAGS = {
    "consistency": "--consistency",
    "replication_lag_ms": "--replication-lag-ms",
    "seed": "--seed",
    "ttl_interval": "--ttl-interval",
    "table_delay_ms": "--table-delay-ms",
    "lambda_idle_s": "--lambda-idle-s",
    "lambda_busy_limit": "--lambda-busy-limit",
    "integration_timeout_ms": "--integration-timeout-ms",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "emulator(shared=False, **options): emulator options for this test "
        f"({', '.join(_OPTION_FLAGS)}); shared=True keeps the state of earlier tests",
    )


class EmulatorPool:
    """One emulator per distinct set of options, started on first use."""

    def __init__(self) -> None:
        self._processes: dict[tuple[tuple[str, Any], ...], EmulatorProcess] = {}

    def get(self, options: dict[str, Any]) -> EmulatorProcess:
        key = tuple(sorted(options.items()))
        process = self._processes.get(key)
        if process is None:
            args: list[str] = []
            for name, value in key:
                if name not in _OPTION_FLAGS:
                    raise pytest.UsageError(f"unknown emulator option {name!r}; known: {', '.join(_OPTION_FLAGS)}")
                args += [_OPTION_FLAGS[name], str(value)]
            process = self._processes[key] = EmulatorProcess(*args).start()
        return process

    def close(self) -> None:
        for process in self._processes.values():
            process.stop()


@pytest.fixture(scope="session")
def _emulator_pool() -> Iterator[EmulatorPool]:
    pool = EmulatorPool()
    yield pool
    pool.close()


@pytest.fixture
def emulator(request: pytest.FixtureRequest, _emulator_pool: EmulatorPool) -> EmulatorProcess:
    marker = request.node.get_closest_marker("emulator")
    options = dict(marker.kwargs) if marker else {}
    shared = options.pop("shared", False)
    process = _emulator_pool.get(options)
    if not shared:
        process.reset()
    return process


@pytest.fixture
def aws_endpoint(emulator: EmulatorProcess, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name, value in CLIENT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_REGION", CLIENT_ENV["AWS_DEFAULT_REGION"])
    monkeypatch.setenv("AWS_SESSION_TOKEN", "test")
    monkeypatch.setenv("AWS_ENDPOINT_URL", emulator.url)
    return emulator.url
