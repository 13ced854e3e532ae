"""Invoking a function: pick the version, count concurrency, run it on the worker pool, queue events.

Synchronous invocations are throttled at once when over a limit; asynchronous
ones (``Event``) wait in their queue for a slot, and are retried twice on a
function error with a back-off, as AWS does (with shorter delays).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from ..aws.context import new_request_id
from ..aws.errors import AwsError
from ..config import Settings
from .code import FolderWatch, purge_bytecode
from .concurrency import ConcurrencyLimits
from .configuration import environment_of
from .destinations import invocation_record
from .functions import LATEST, LATEST_PUBLISHED, Function, Version, runtime_version_arn
from .logs.store import LogStore
from .registry import Registry
from .workers import FunctionSpec, InvokeResult, WorkerPool

log = logging.getLogger("emulator.lambda")
function_output = logging.getLogger("emulator.lambda.output")

#: Delays before the two retries of a failed asynchronous invocation (AWS: about 1 and 2 minutes).
ASYNC_RETRY_DELAYS_S = (1.0, 2.0)
#: How long an event may wait in its queue, unless the function's event invoke config says otherwise.
MAX_EVENT_AGE_S = 21_600
#: How long function log lines may wait to be echoed to the console together.
ECHO_INTERVAL_S = 0.05
_message = itemgetter(1)  # of a (timestamp, message) log line


class QueuedEvent(NamedTuple):
    """An ``Event`` invocation, as its destinations' records name it."""

    function: Function
    version: Version
    config: dict[str, Any]  # the version's event invoke config
    request_id: str
    payload: bytes


class Invoker:
    def __init__(self, settings: Settings, registry: Registry, logs: LogStore) -> None:
        self.settings = settings
        self.registry = registry
        self.logs = logs
        self.limits = ConcurrencyLimits(settings.lambda_concurrency)
        self.pool = WorkerPool(
            max_workers=settings.lambda_max_workers,
            idle_s=settings.lambda_idle_s,
            on_log=self._on_log,
            busy_limit=settings.lambda_busy_limit,
        )
        self._specs: dict[str, FunctionSpec] = {}
        self._folder_watches: dict[str, FolderWatch] = {}
        #: Invocations running on provisioned environments, per "region:function:qualifier".
        self._provisioned_busy: dict[str, int] = {}
        self._queued: set[asyncio.Task[None]] = set()
        #: (function name, its log lines) not yet echoed to the console (see ``_flush_echo``).
        self._echo: list[tuple[str, list[tuple[int, str]]]] = []
        self._echo_scheduled = False
        for functions in registry.functions.values():
            for function in functions.values():
                self.limits.set_reserved(function.region, function.name, function.reserved_concurrency)

    async def start(self) -> None:
        await self.pool.start()

    async def stop(self) -> None:
        self._cancel_queued()
        await self.pool.stop()
        self._flush_echo()

    def reset(self) -> None:
        self._cancel_queued()
        self._specs.clear()
        self._folder_watches.clear()
        self.limits.clear()
        self.pool.reset()

    def retire(self, function: Function, version: str | None = None) -> None:
        """Workers of ``function`` (or of one version) finish what they run and start no more work."""
        prefix = f"{function.region}:{function.name}:" + (f"{version}:" if version else "")
        for key in [key for key in self._specs if key.startswith(prefix)]:
            del self._specs[key]
        self.pool.retire(prefix)

    # -- invoking -------------------------------------------------------------

    def select(self, function: Function, qualifier: str | None) -> Version:
        """The version an invocation runs: an alias with a routing config picks one by weight.

        Unqualified, a function on a capacity provider runs its ``$LATEST.PUBLISHED``, as AWS does.
        """
        if qualifier is None and "CapacityProviderConfig" in function.latest.config:
            qualifier = LATEST_PUBLISHED
        alias = function.aliases.get(qualifier) if qualifier else None
        if alias is not None and alias.routing:
            draw = random.random()
            for number, weight in alias.routing.items():
                draw -= weight
                if draw < 0 and number in function.versions:
                    return function.versions[number]
        return self.registry.version(function, qualifier)

    async def run(
        self,
        function: Function,
        version: Version,
        payload: bytes,
        *,
        request_id: str,
        client_context: str | None = None,
        invoked_arn: str | None = None,
        tail: bool = False,
        tenant_id: str | None = None,
        trace_id: str = "",
    ) -> InvokeResult:
        """One synchronous invocation; throttled at once over a concurrency limit. ``tail``: see ``WorkerPool.invoke``.

        ``trace_id``: the caller's X-Ray trace header (a function URL's, a REST API's); a new one if empty.
        """
        if function.provisioned:
            return await self._run_provisioned(
                function, version, payload, request_id=request_id, client_context=client_context, invoked_arn=invoked_arn,
                tail=tail, trace_id=trace_id,
            )  # fmt: skip
        self.limits.acquire(function.region, function.name)
        try:
            return await self.pool.invoke(
                self.spec(function, version, tenant_id),
                payload,
                request_id=request_id,
                client_context=client_context,
                invoked_arn=invoked_arn,
                tail=tail,
                trace_id=trace_id,
            )
        finally:
            self.limits.release(function.region, function.name)

    async def _run_provisioned(
        self, function: Function, version: Version, payload: bytes, *, request_id: str, client_context: str | None,
        invoked_arn: str | None, tail: bool, trace_id: str,
    ) -> InvokeResult:  # fmt: skip
        """``run`` for a function with provisioned concurrency configs (never tenant-isolated: AWS refuses both)."""
        self.limits.acquire(function.region, function.name, _provisioned_elsewhere(function, invoked_arn))
        try:
            with self._provisioned_environment(function, version, invoked_arn) as spec:
                return await self.pool.invoke(
                    spec, payload, request_id=request_id, client_context=client_context, invoked_arn=invoked_arn, tail=tail,
                    trace_id=trace_id,
                )
        finally:
            self.limits.release(function.region, function.name)

    @contextmanager
    def _provisioned_environment(self, function: Function, version: Version, invoked_arn: str | None) -> Iterator[FunctionSpec]:
        """The spec an invocation runs on: a provisioned environment's while the qualifier's provisioned
        concurrency has one free, an on-demand one's beyond it, as AWS schedules them (LocalStack's AWS-validated
        test_lambda.py::TestLambdaConcurrency::test_lambda_provisioned_concurrency_scheduling)."""
        spec = self.spec(function, version)
        qualifier = _provisioned_qualifier(function, version, invoked_arn)
        if qualifier is None:
            yield spec
            return
        slot = f"{function.region}:{function.name}:{qualifier}"
        busy = self._provisioned_busy.get(slot, 0)
        if busy >= function.provisioned[qualifier]["requested"]:
            yield spec
            return
        self._provisioned_busy[slot] = busy + 1
        try:
            yield self._provisioned_spec(spec)
        finally:
            left = self._provisioned_busy[slot] - 1
            if left:
                self._provisioned_busy[slot] = left
            else:
                del self._provisioned_busy[slot]

    def _provisioned_spec(self, spec: FunctionSpec) -> FunctionSpec:
        """A revision's provisioned environments: a key of their own, so the pool never mixes them with on-demand ones."""
        key = f"{spec.key}#provisioned"
        provisioned = self._specs.get(key)
        if provisioned is None:
            provisioned = self._specs[key] = replace(spec, key=key, provisioned=True)
        return provisioned

    def enqueue(
        self, function: Function, version: Version, payload: bytes, request_id: str, tenant_id: str | None = None
    ) -> None:
        """Queue an ``Event`` invocation (it runs with the request id the caller was answered with)."""
        task = asyncio.create_task(self._run_event(function, version, payload, request_id, tenant_id))
        self._queued.add(task)
        task.add_done_callback(self._queued.discard)

    async def _run_event(
        self, function: Function, version: Version, payload: bytes, request_id: str, tenant_id: str | None
    ) -> None:
        config = function.event_invoke_configs.get(version.number, {})
        attempts = 1 + config.get("MaximumRetryAttempts", len(ASYNC_RETRY_DELAYS_S))
        expires = time.monotonic() + config.get("MaximumEventAgeInSeconds", MAX_EVENT_AGE_S)
        event = QueuedEvent(function, version, config, request_id, payload)
        if self.limits.reserved(function.region, function.name) == 0:
            log.warning("asynchronous invocation %s of %s: reserved concurrency 0; the event is dropped", request_id, function.name)
            self._to_destination(event, "ZeroReservedConcurrency", 0, None)
            return
        result: InvokeResult | None = None
        for attempt in range(1, attempts + 1):
            await self.limits.acquire_waiting(function.region, function.name)
            if time.monotonic() > expires:
                self.limits.release(function.region, function.name)
                log.warning("asynchronous invocation %s of %s expired in the queue; the event is dropped", request_id, function.name)
                self._to_destination(event, "EventAgeExceeded", attempt - 1, result)
                return
            # An event still queued when $LATEST changes runs the code and configuration it has now.
            current = function.latest if version.number == LATEST else version
            try:
                if function.provisioned:
                    with self._provisioned_environment(function, current, None) as spec:
                        result = await self.pool.invoke(spec, payload, request_id=request_id)
                else:
                    result = await self.pool.invoke(self.spec(function, current, tenant_id), payload, request_id=request_id)
            except Exception:
                log.exception("asynchronous invocation %s of %s could not run", request_id, function.name)
                return
            finally:
                self.limits.release(function.region, function.name)
            if result.function_error is None:
                self._to_destination(event, "Success", attempt, result)
                return
            if attempt == attempts:
                log.warning(
                    "asynchronous invocation %s of %s failed %d times; the event is dropped: %s",
                    request_id, function.name, attempts, result.payload[:500].decode(errors="replace"),
                )  # fmt: skip
                self._to_destination(event, "RetriesExhausted", attempt, result)
                return
            delay = ASYNC_RETRY_DELAYS_S[attempt - 1]
            log.warning(
                "asynchronous invocation %s of %s failed (attempt %d of %d); retrying in %.0f s: %s",
                request_id, function.name, attempt, attempts, delay, result.payload[:500].decode(errors="replace"),
            )  # fmt: skip
            await asyncio.sleep(delay)

    def _to_destination(self, event: QueuedEvent, condition: str, attempts: int, result: InvokeResult | None) -> None:
        """Send the invocation record to the function the event invoke config names for ``condition``, if any."""
        function, version = event.function, event.version
        outcome = "OnSuccess" if condition == "Success" else "OnFailure"
        arn = (event.config.get("DestinationConfig") or {}).get(outcome, {}).get("Destination")
        if not arn:
            return
        try:
            if ":lambda:" not in arn:
                raise LookupError("only functions are destinations in the emulator")
            target, qualifier = self.registry.find(function.region, function.account_id, arn)
            target_version = self.registry.version(target, qualifier)
        except (AwsError, LookupError) as error:
            log.warning("destination %s of %s not reached: %s", arn, function.name, error)
            return
        record = invocation_record(
            function.arn, version.number, event.request_id, condition, attempts, event.payload, result
        )
        self.enqueue(target, target_version, record, new_request_id())

    def _cancel_queued(self) -> None:
        for task in self._queued:
            task.cancel()
        self._queued.clear()

    # -- specs ----------------------------------------------------------------

    def spec(self, function: Function, version: Version, tenant_id: str | None = None) -> FunctionSpec:
        """The pool's view of a version, built once per revision (and per change of a hot-reload folder).

        A tenant (TenancyConfig PER_TENANT) has a spec of its own: the pool reuses
        a worker only for the same key, so a tenant's environments serve it alone.
        """
        if tenant_id is not None:
            shared = self.spec(function, version)
            key = f"{shared.key}#tenant:{tenant_id}"
            spec = self._specs.get(key)
            if spec is None:
                spec = self._specs[key] = replace(shared, key=key, tenant_id=tenant_id)
            return spec
        key = f"{function.region}:{function.name}:{version.number}:{version.revision_id}"
        if version.code.hot_reload:
            key = self._hot_reload_key(function, version, key)
        spec = self._specs.get(key)
        if spec is None:
            config = version.config
            spec = self._specs[key] = FunctionSpec(
                key=key,
                name=function.name,
                version=version.number,
                arn=function.arn,
                region=function.region,
                account_id=function.account_id,
                runtime=config["Runtime"],
                handler=config["Handler"],
                runtime_version_arn=runtime_version_arn(function.region, config["Runtime"]),
                code_dir=Path(version.code.directory),
                layer_dirs=[Path(d) for d in version.layer_dirs],
                environment={**environment_of(config), **_log_settings(config)},
                timeout_s=float(config["Timeout"]),
                memory_mb=config["MemorySize"],
                endpoint_url=self.settings.endpoint_url,
                # A local folder's code (templates, hot reload) runs unbuilt: its dependencies are the
                # environment's. A zip is built: it brings its own, as on AWS.
                host_packages=self.settings.lambda_host_packages or version.code.hot_reload,
                log_group=(config.get("LoggingConfig") or {}).get("LogGroup") or f"/aws/lambda/{function.name}",
                **_platform_log_settings(config),
            )
        return spec

    def _hot_reload_key(self, function: Function, version: Version, key: str) -> str:
        watch = self._folder_watches.get(key)
        if watch is None:
            watch = self._folder_watches[key] = FolderWatch(version.code.directory)
        elif watch.changed():
            self.retire(function, version.number)
            purge_bytecode(version.code.directory)
        return f"{key}:{watch.generation}"

    # -- logs -----------------------------------------------------------------

    def _on_log(self, spec: FunctionSpec, stream: str, lines: list[tuple[int, str]]) -> None:
        # Each of a function's log events ends with its newline in CloudWatch, the platform's lines too.
        self.logs.append_lines(spec.region, spec.account_id, spec.log_group_name, stream, lines, "\n")
        if function_output.isEnabledFor(logging.INFO):
            self._echo.append((spec.name, lines))  # formatted when flushed, in one pass
            if not self._echo_scheduled:
                self._echo_scheduled = True
                asyncio.get_running_loop().call_later(ECHO_INTERVAL_S, self._flush_echo)

    def _flush_echo(self) -> None:
        """Echo to the console what the functions logged lately, as one record: one per invocation costs more than the invocation."""
        self._echo_scheduled = False
        batches, self._echo = self._echo, []
        if batches:
            # One join per batch, in C: a prefix per line costs more than the invocation it echoes.
            text = "\n".join([f"[{name}] " + f"\n[{name}] ".join(map(_message, lines)) for name, lines in batches])
            function_output.info("%s", text)


def _provisioned_elsewhere(function: Function, invoked_arn: str | None) -> int:
    """Reserved concurrency that other qualifiers' provisioned concurrency keeps: AWS throttles an
    invocation of $LATEST once provisioned configs take all of it (LocalStack's AWS-validated
    snapshot test_lambda.snapshot.json::TestLambdaConcurrency::test_reserved_provisioned_overlap)."""
    if function.reserved_concurrency is None:
        return 0
    qualifier = invoked_arn.removeprefix(function.arn).lstrip(":") if invoked_arn else ""
    return function.provisioned_total(excluding=qualifier)


def _provisioned_qualifier(function: Function, version: Version, invoked_arn: str | None) -> str | None:
    """The provisioned concurrency config an invocation may use: its alias's or version's, or that of the
    version its alias points to (an alias and the version it points to never both have one)."""
    qualifier = invoked_arn.removeprefix(function.arn).lstrip(":") if invoked_arn else ""
    if qualifier in function.provisioned:
        alias = function.aliases.get(qualifier)
        if alias is None or alias.function_version == version.number:  # a weighted alias's other version: on demand
            return qualifier
    return version.number if version.number in function.provisioned else None


def _log_settings(config: dict[str, Any]) -> dict[str, str]:
    """What AWS sets for ``LoggingConfig`` LogFormat JSON: the runtimes log JSON, the application's level applies."""
    logging_config = config.get("LoggingConfig") or {}
    if logging_config.get("LogFormat") != "JSON":
        return {}
    return {"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": logging_config.get("ApplicationLogLevel") or "INFO"}


def _platform_log_settings(config: dict[str, Any]) -> dict[str, str]:
    """The worker's view of ``LoggingConfig``: JSON platform records, and the levels the platform filters by."""
    logging_config = config.get("LoggingConfig") or {}
    if logging_config.get("LogFormat") != "JSON":
        return {}
    return {
        "log_format": "JSON",
        "system_log_level": logging_config.get("SystemLogLevel") or "INFO",
        "application_log_level": logging_config.get("ApplicationLogLevel") or "INFO",
    }
