"""Settings: defaults, overridden by ``EMULATOR_*`` environment variables, then by CLI flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_max_workers() -> int:
    return max(8, min(64, (os.cpu_count() or 2) * 32))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EMULATOR_")

    # Server
    host: str = "127.0.0.1"
    port: int = 4566
    region: str = "us-east-1"
    log_level: str = "info"
    #: Reject requests without a SigV4 Authorization header (AWS's
    #: MissingAuthenticationTokenException); off by default, any key is accepted.
    strict_auth: bool = False

    # Persistence (DynamoDB, logs)
    data_dir: Path = Path(".emulator")
    in_memory: bool = False
    durability: Literal["fsync", "batch", "none"] = "batch"
    snapshot_interval_s: float = 60.0

    # DynamoDB behaviour
    table_delay_ms: int = 0
    consistency: Literal["strong", "eventual"] = "strong"
    replication_lag_ms: int = 0
    seed: int | None = None
    ttl_interval: float = 5.0
    pitr_window_days: int = 35

    # Lambda
    lambda_concurrency: int = 1000
    lambda_max_workers: int = _default_max_workers()
    lambda_idle_s: float = 300.0

    # API Gateway
    integration_timeout_ms: int = 29000
    ws_idle_timeout_s: float = 600.0
    ws_max_connection_s: float = 7200.0

    # Templates deployed at start
    templates: list[Path] = []
    parameter_overrides: dict[str, str] = {}

    @property
    def endpoint_url(self) -> str:
        host = "localhost" if self.host in ("127.0.0.1", "0.0.0.0", "localhost") else self.host
        return f"http://{host}:{self.port}"
