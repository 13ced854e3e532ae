"""Settings: defaults, overridden by ``EMULATOR_*`` environment variables, then by CLI flags.

A flat list of typed fields read by a small loader rather than
pydantic-settings: importing pydantic was a third of the emulator's start-up
time, and these are plain scalars. ``Settings(port=0)`` takes explicit values
first, then ``EMULATOR_PORT``-style variables, then the defaults below.
"""

from __future__ import annotations

import json
import os
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin


def _default_max_workers() -> int:
    return max(8, min(64, (os.cpu_count() or 2) * 32))


class Settings:
    # Server
    host: str = "127.0.0.1"
    port: int = 4566
    region: str = "us-east-1"
    log_level: str = "info"
    #: Reject requests without a SigV4 Authorization header (AWS's
    #: MissingAuthenticationTokenException); off by default, any key is accepted.
    strict_auth: bool = False

    # Persistence (DynamoDB, logs, Lambda functions)
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
    #: Serve global tables version 2017.11.29 (CreateGlobalTable ...), which AWS now refuses.
    legacy_global_tables: bool = False

    # Lambda
    lambda_concurrency: int = 1000
    lambda_max_workers: int = _default_max_workers()
    lambda_idle_s: float = 300.0
    #: Running invocations of one function after which short ones wait for one of its warm workers
    #: (warm_handoff.py); None: six a CPU; 0: never, a worker for every concurrent invocation.
    lambda_busy_limit: int | None = None
    #: Let Python functions import every package of the emulator's own environment, not only the
    #: AWS SDK that AWS's Python runtimes carry (a convenience AWS does not offer).
    lambda_host_packages: bool = False

    # API Gateway
    integration_timeout_ms: int = 29000
    ws_idle_timeout_s: float = 600.0
    ws_max_connection_s: float = 7200.0

    # Templates deployed at start
    templates: list[Path] = []  # noqa: RUF012 - copied per instance in __init__
    parameter_overrides: dict[str, str] = {}  # noqa: RUF012 - copied per instance in __init__

    def __init__(self, environ: Mapping[str, str] | None = None, **values: Any) -> None:
        environ = os.environ if environ is None else environ
        unknown = set(values) - set(_FIELDS)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        for name, kind in _FIELDS.items():
            variable = f"EMULATOR_{name.upper()}"
            if name in values:
                value = _check(name, kind, values[name])
            elif variable in environ:
                value = _check(name, kind, _parse(variable, kind, environ[variable]))
            else:
                default = getattr(Settings, name)
                value = default.copy() if isinstance(default, list | dict) else default
            setattr(self, name, value)

    @property
    def endpoint_url(self) -> str:
        host = "localhost" if self.host in ("127.0.0.1", "0.0.0.0", "localhost") else self.host
        return f"http://{host}:{self.port}"

    def __repr__(self) -> str:
        return "Settings(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS) + ")"


_FIELDS: dict[str, Any] = {
    name: kind for name, kind in typing.get_type_hints(Settings).items() if not name.startswith("_")
}


def _parse(variable: str, kind: Any, text: str) -> Any:
    """An environment variable's text as the field's type."""
    base = _without_none(kind)
    try:
        if base is bool:
            lowered = text.strip().lower()
            if lowered not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise ValueError(text)
            return lowered in ("1", "true", "yes", "on")
        if base in (int, float):
            return base(text)
        if base is Path:
            return Path(text)
        origin = get_origin(base)
        if origin is list:
            items = json.loads(text) if text.lstrip().startswith("[") else [p for p in text.split(",") if p]
            return [Path(item) for item in items]
        if origin is dict:
            return {str(k): str(v) for k, v in json.loads(text).items()}
    except (ValueError, AttributeError) as error:
        raise ValueError(f"{variable}={text!r} is not a valid {_describe(kind)}") from error
    return text


def _check(name: str, kind: Any, value: Any) -> Any:
    if value is None and _without_none(kind) is not kind:
        return None
    base = _without_none(kind)
    if get_origin(base) is Literal and value not in get_args(base):
        raise ValueError(f"{name} must be one of {', '.join(get_args(base))}, not {value!r}")
    if base is Path and not isinstance(value, Path):
        return Path(value)
    if base is float and isinstance(value, int):
        return float(value)
    return value


def _without_none(kind: Any) -> Any:
    if isinstance(kind, types.UnionType) or get_origin(kind) is typing.Union:
        rest = [arg for arg in get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else kind
    return kind


def _describe(kind: Any) -> str:
    base = _without_none(kind)
    return getattr(base, "__name__", str(base))
