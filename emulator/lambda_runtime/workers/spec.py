"""What the pool needs to know about a function, and what an invocation returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .logs import event_text


@dataclass
class FunctionSpec:
    """One deployable revision of a function; workers are reused only for the same ``key``."""

    key: str
    name: str
    version: str  # "$LATEST" or "1", "2", ...
    arn: str  # unqualified
    region: str
    account_id: str
    runtime: str  # python3.x (the local interpreter), nodejs20.x/22.x (the machine's node), provided.al2/al2023
    handler: str
    #: RuntimeVersionConfig.RuntimeVersionArn, which INIT_START names.
    runtime_version_arn: str
    code_dir: Path  # LAMBDA_TASK_ROOT
    layer_dirs: list[Path] = field(default_factory=list)  # each as /opt would hold it
    environment: dict[str, str] = field(default_factory=dict)  # the function's own variables
    timeout_s: float = 3.0
    memory_mb: int = 128
    endpoint_url: str = "http://localhost:4566"  # AWS_ENDPOINT_URL inside the handler
    log_group: str = ""  # LoggingConfig.LogGroup; empty: /aws/lambda/<name>
    log_format: str = "Text"  # LoggingConfig.LogFormat: "JSON" makes the platform's lines JSON records
    system_log_level: str = "INFO"  # LoggingConfig.SystemLogLevel (JSON only): platform records below it are left out
    application_log_level: str = "INFO"  # LoggingConfig.ApplicationLogLevel (JSON only): JSON lines below it are dropped
    #: TenancyConfig PER_TENANT: the one tenant this revision's workers serve (``context.tenant_id``).
    tenant_id: str | None = None
    #: Python: the handler may import the server's installed packages, not only the AWS SDK (--lambda-host-packages).
    host_packages: bool = False
    #: A provisioned concurrency environment: initialised ahead of its invocations, as AWS_LAMBDA_INITIALIZATION_TYPE says.
    provisioned: bool = False

    @property
    def log_group_name(self) -> str:
        return self.log_group or f"/aws/lambda/{self.name}"

    @property
    def is_python(self) -> bool:
        return self.runtime.startswith("python")

    @property
    def forked(self) -> bool:
        """Served by a worker forked from the zygote: a Python function that names no AWS_LAMBDA_EXEC_WRAPPER
        (a wrapper execs the runtime, so that one runs as a process of its own, through the Runtime API)."""
        return self.is_python and not self.environment.get("AWS_LAMBDA_EXEC_WRAPPER")


@dataclass
class InvokeResult:
    payload: bytes  # the result, or the error document as AWS sends it
    function_error: str | None  # "Unhandled" on any failure
    log_lines: list[tuple[int, str]]  # this invocation's log events, START to REPORT (asked for with ``tail``)
    duration_ms: float
    billed_duration_ms: int
    max_memory_used_mb: int
    init_duration_ms: float | None
    log_stream_name: str  # YYYY/MM/DD/[version]<32 hex>, one per worker

    @property
    def log_tail(self) -> str:
        """The log lines as ``LogType=Tail`` returns them, event after event (joined only when asked for)."""
        return "".join([event_text(line) for _, line in self.log_lines])
