"""What the pool needs to know about a function, and what an invocation returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FunctionSpec:
    """One deployable revision of a function; workers are reused only for the same ``key``."""

    key: str
    name: str
    version: str
    arn: str
    region: str
    account_id: str
    runtime: str
    handler: str
    code_dir: Path
    layer_dirs: list[Path] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    timeout_s: float = 3.0
    memory_mb: int = 128
    endpoint_url: str = "http://localhost:4566"

    @property
    def is_python(self) -> bool:
        return self.runtime.startswith("python")


@dataclass
class InvokeResult:
    payload: bytes
    function_error: str | None
    log_tail: str
    duration_ms: float
    billed_duration_ms: int
    max_memory_used_mb: int
    init_duration_ms: float | None
    log_stream_name: str
