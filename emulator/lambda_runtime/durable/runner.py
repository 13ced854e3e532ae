"""Runs durable executions: invokes the handler with the durable invocation input, invokes it
again (a replay) whenever an operation it waits on is done, arms the timers that finish waits,
step retries and callback timeouts, and closes the execution as its handler or its timeout says.

Each running execution has one driver task; timers, callbacks and checkpoints only change the
execution and wake the driver, so invocations of one execution never overlap.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from ...aws.errors import AwsError
from ..errors import InvalidParameterValueException, ResourceNotFoundException
from ..functions import LATEST, Function, Version
from ..ids import invocation_id
from ..invoker import Invoker
from ..registry import Registry
from .chained import run_chained
from .errors import CallbackTimeoutException, DurableExecutionAlreadyStartedException
from .model import PAUSED, PAUSING, Execution, error_payload, execution_arn, new_token, now
from .pausing import request_pause, request_resume, settle_pause, timeout_at
from .store import DurableStore
from .updates import (
    Deadline,
    apply_updates,
    callback_deadlines,
    complete_callback,
    complete_chained,
    elapse,
    pending_deadlines,
)
from .wire import invocation_input, invocation_output

log = logging.getLogger("emulator.lambda.durable")

#: Invocations that fail outside the SDK (a crash, a timeout, throttling) are tried this often in all.
MAX_INVOCATION_ATTEMPTS = 3
INVOCATION_RETRY_DELAY_S = 1.0
_CLOSING_EVENTS = {"SUCCEEDED": "ExecutionSucceeded", "FAILED": "ExecutionFailed", "TIMED_OUT": "ExecutionTimedOut", "STOPPED": "ExecutionStopped"}


class DurableRunner:
    def __init__(self, registry: Registry, invoker: Invoker) -> None:
        self.registry = registry
        self.invoker = invoker
        self.store = DurableStore(registry.root / "durable_executions.json" if registry.persistent else None)
        self._drivers: dict[str, asyncio.Task[None]] = {}
        self._wakes: dict[str, asyncio.Event] = {}
        self._timers: dict[str, dict[tuple[str, str], asyncio.TimerHandle]] = {}
        self._finished: dict[str, asyncio.Future[None]] = {}
        #: Chained invokes under way, by execution ARN.
        self._chains: dict[str, set[asyncio.Task[None]]] = {}
        #: (execution ARN, request, ClientToken) of pauses and resumes already made: a repeat is a no-op.
        self._client_tokens: set[tuple[str, str, str]] = set()

    # -- life cycle ---------------------------------------------------------

    def start(self) -> None:
        """Resume the executions a previous run left running (their timers from their recorded deadlines)."""
        self.store.expire()
        for execution in list(self.store.executions.values()):
            if not execution.closed:
                self._drive(execution)

    async def stop(self) -> None:
        await self._halt()
        self.store.close()

    async def reset(self) -> None:
        await self._halt()
        self.store.clear()

    async def _halt(self) -> None:
        for timers in self._timers.values():
            for handle in timers.values():
                handle.cancel()
        self._timers.clear()
        drivers = [*self._drivers.values(), *(task for tasks in self._chains.values() for task in tasks)]
        self._chains.clear()
        for task in drivers:
            task.cancel()
        await asyncio.gather(*drivers, return_exceptions=True)
        self._drivers.clear()
        self._wakes.clear()
        self._finished.clear()
        self._client_tokens.clear()

    # -- starting -----------------------------------------------------------

    def begin(self, function: Function, version: Version, qualifier: str, payload: str, name: str | None) -> Execution:
        """The execution an invocation starts, or the running one its ``DurableExecutionName`` names."""
        self.store.expire()
        if name is not None:
            existing = self.store.named(function.region, function.name, name)
            if existing is not None:
                if existing.input_payload != payload:
                    raise DurableExecutionAlreadyStartedException(
                        f"Durable execution with name {name} already exists for function {function.arn}."
                    )
                return existing  # an idempotent start: the caller gets the existing execution
        execution_id = str(uuid.uuid4())
        config = version.config["DurableConfig"]
        execution = Execution(
            arn=execution_arn(function.arn, version.number, name or execution_id, execution_id),
            name=name or execution_id,
            execution_id=execution_id,
            region=function.region,
            function_name=function.name,
            function_arn=f"{function.arn}:{qualifier}",
            version=version.number,
            input_payload=payload,
            execution_timeout=config["ExecutionTimeout"],
            retention_days=config["RetentionPeriodInDays"],
        )
        execution.operations[execution_id] = {
            "Id": execution_id, "Type": "EXECUTION", "StartTimestamp": execution.started, "Status": "STARTED",
            "ExecutionDetails": {"InputPayload": payload},
        }  # fmt: skip
        execution.record("ExecutionStarted", details={"Input": {"Payload": payload, "Truncated": False}, "ExecutionTimeout": execution.execution_timeout})
        self.store.add(execution)
        self.store.save_soon()
        self._drive(execution)
        return execution

    async def finished(self, execution: Execution) -> None:
        """Wait until ``execution`` closes (the caller's cancellation does not stop it)."""
        if execution.closed:
            return
        future = self._finished.get(execution.arn)
        if future is None:
            future = self._finished[execution.arn] = asyncio.get_running_loop().create_future()
        await asyncio.shield(future)

    # -- driving ------------------------------------------------------------

    def _drive(self, execution: Execution) -> None:
        self._wakes[execution.arn] = asyncio.Event()
        self._arm_timeout(execution)
        for deadline in pending_deadlines(execution):
            self._arm(execution, deadline)
        self._drivers[execution.arn] = asyncio.create_task(self._run(execution), name=f"durable {execution.arn}")

    async def _run(self, execution: Execution) -> None:
        wake = self._wakes[execution.arn]
        failures = 0
        try:
            while not execution.closed:
                wake.clear()
                if execution.status == PAUSED:  # not invoked until resumed
                    await wake.wait()
                    continue
                error = await self._invoke(execution)
                settle_pause(execution, interrupted=False)
                if execution.closed:
                    return
                if error is None:  # suspended (PENDING): until a timer, a callback or a resume wakes it
                    failures = 0
                    await wake.wait()
                    continue
                failures += 1
                if failures >= MAX_INVOCATION_ATTEMPTS:
                    self.close(execution, "FAILED", error=error)
                    return
                await asyncio.sleep(INVOCATION_RETRY_DELAY_S)
        except asyncio.CancelledError:
            raise
        except Exception as failure:
            log.exception("durable execution %s could not run", execution.arn)
            self.close(execution, "FAILED", error={"ErrorType": type(failure).__name__, "ErrorMessage": str(failure)})
        finally:
            if self._drivers.get(execution.arn) is asyncio.current_task():
                del self._drivers[execution.arn]

    async def _invoke(self, execution: Execution) -> dict[str, Any] | None:
        """One invocation of the handler; the error that made it fail, or None (suspended, or the execution closed)."""
        target = self._target(execution)
        if target is None:
            error = {"ErrorType": "ResourceNotFoundException", "ErrorMessage": f"Function not found: {execution.function_arn}"}
            self.close(execution, "FAILED", error=error)
            return None
        function, version = target
        token = execution.token = new_token()
        execution.unseen.clear()
        request_id, started = invocation_id(), now()
        payload = invocation_input(execution, token)
        verdict: tuple[str, Any]
        try:
            result = await self.invoker.run(function, version, payload, request_id=request_id, invoked_arn=execution.function_arn)
            verdict = invocation_output(result.payload, result.function_error)
        except AwsError as refused:  # throttled: tried again like any failed invocation
            verdict = ("ERROR", {"ErrorType": refused.code, "ErrorMessage": str(refused)})
        finally:
            if execution.token == token:
                execution.token = None  # a late checkpoint of this invocation is refused
        details: dict[str, Any] = {"StartTimestamp": started, "EndTimestamp": now(), "RequestId": request_id}
        status, value = verdict
        if status == "ERROR":
            details["Error"] = error_payload(value)
        execution.record("InvocationCompleted", details=details)
        self.store.save_soon()
        if status == "SUCCEEDED":
            self.close(execution, status, result=value)
        elif status == "FAILED":
            self.close(execution, status, error=value)
        return value if status == "ERROR" else None

    def _target(self, execution: Execution) -> tuple[Function, Version] | None:
        function = self.registry.functions.get(execution.region, {}).get(execution.function_name)
        if function is None:
            return None
        version = function.latest if execution.version == LATEST else function.versions.get(execution.version)
        return (function, version) if version is not None else None

    # -- timers -------------------------------------------------------------

    def _arm(self, execution: Execution, deadline: Deadline) -> None:
        timers = self._timers.setdefault(execution.arn, {})
        key = (deadline.operation_id, deadline.kind)
        if (previous := timers.pop(key, None)) is not None:
            previous.cancel()
        delay = max(0.0, deadline.at - now())
        timers[key] = asyncio.get_running_loop().call_later(delay, self._elapse, execution, deadline)

    def _arm_timeout(self, execution: Execution) -> None:
        due = timeout_at(execution)
        if due is not None:
            self._arm(execution, Deadline("", due, "execution-timeout"))

    def _elapse(self, execution: Execution, deadline: Deadline) -> None:
        self._timers.get(execution.arn, {}).pop((deadline.operation_id, deadline.kind), None)
        if deadline.kind == "invoke":
            chains = self._chains.setdefault(execution.arn, set())
            task = asyncio.create_task(self._chain(execution, deadline.operation_id))
            chains.add(task)
            task.add_done_callback(chains.discard)
        elif deadline.kind == "execution-timeout":
            error = {"ErrorType": "ExecutionTimedOut", "ErrorMessage": f"Execution timed out after {execution.execution_timeout} seconds."}
            self.close(execution, "TIMED_OUT", error=error)
        elif elapse(execution, deadline):
            self._disarm(execution, deadline.operation_id)
            self._changed(execution)

    async def _chain(self, execution: Execution, operation_id: str) -> None:
        result, error = await run_chained(self, execution, operation_id)
        if execution.closed or execution.operations[operation_id]["Status"] != "STARTED":
            return
        complete_chained(execution, operation_id, result, error)
        self._changed(execution)

    def _disarm(self, execution: Execution, operation_id: str) -> None:
        timers = self._timers.get(execution.arn, {})
        for key in [key for key in timers if key[0] == operation_id]:
            timers.pop(key).cancel()

    def _changed(self, execution: Execution) -> None:
        """Something the execution may wait on is done: its driver invokes it again if suspended."""
        if (wake := self._wakes.get(execution.arn)) is not None:
            wake.set()
        self.store.save_soon()

    # -- closing ------------------------------------------------------------

    def close(self, execution: Execution, status: str, *, result: str | None = None, error: dict[str, Any] | None = None) -> None:
        if execution.closed:
            return
        execution.status, execution.ended, execution.token = status, now(), None
        execution.result, execution.error, execution.pause = result, error, None
        operation = execution.operations[execution.execution_id]
        operation["Status"], operation["EndTimestamp"] = status, execution.ended
        if status == "SUCCEEDED":
            execution.record("ExecutionSucceeded", details={"Result": {"Payload": result or "", "Truncated": False}})
        else:
            execution.record(_CLOSING_EVENTS[status], details={"Error": error_payload(error)})
        for handle in self._timers.pop(execution.arn, {}).values():
            handle.cancel()
        for task in self._chains.pop(execution.arn, set()):
            task.cancel()
        driver = self._drivers.get(execution.arn)
        if status in ("STOPPED", "TIMED_OUT") and driver is not None and driver is not asyncio.current_task():
            driver.cancel()  # ended from outside mid-invocation: the worker is ended with it
        # (A checkpoint that ends the execution lets its invocation finish and answer.)
        self._wakes.pop(execution.arn, None)
        future = self._finished.pop(execution.arn, None)
        if future is not None and not future.done():
            future.set_result(None)
        self.store.save_soon()

    # -- the API's calls ------------------------------------------------------

    def checkpoint(self, execution: Execution, token: str, updates: list[dict[str, Any]]) -> dict[str, Any]:
        """CheckpointDurableExecution: apply the updates; the new token and the operations that changed."""
        if execution.closed or token != execution.token:
            raise InvalidParameterValueException("Invalid checkpoint token")
        touched, deadlines = apply_updates(execution, updates)
        for deadline in deadlines:
            self._arm(execution, deadline)
        for operation_id in touched:
            if execution.operations[operation_id]["Status"] not in ("STARTED", "PENDING"):
                self._disarm(execution, operation_id)
        self.store.index_callbacks(execution)
        changed = list(dict.fromkeys([*touched, *execution.unseen]))
        execution.unseen.clear()
        state = {"Operations": [execution.operations[i] for i in changed if i in execution.operations]}
        terminal = next((u for u in updates if u["Type"] == "EXECUTION"), None)
        self.store.save_soon()
        if terminal is not None:  # the answer carries no token: the execution is over
            if terminal["Action"] == "SUCCEED":
                self.close(execution, "SUCCEEDED", result=terminal.get("Payload") or "")
            else:
                self.close(execution, "FAILED", error=terminal.get("Error") or {})
            return {"NewExecutionState": state}
        if execution.status == PAUSING:  # the pause takes effect: no token, the invocation ends (PENDING)
            execution.token = None
            settle_pause(execution, interrupted=True)
            return {"NewExecutionState": state}
        execution.token = new_token()
        return {"CheckpointToken": execution.token, "NewExecutionState": state}

    def check_token(self, execution: Execution, token: str) -> None:
        if execution.closed or token != execution.token:
            raise InvalidParameterValueException("Invalid checkpoint token")

    def complete_callback(self, callback_id: str, *, result: str | None = None, error: dict[str, Any] | None = None) -> None:
        execution, operation_id = self._callback(callback_id)
        complete_callback(execution, operation_id, result, error)
        self._disarm(execution, operation_id)
        self._changed(execution)

    def heartbeat(self, callback_id: str) -> None:
        execution, operation_id = self._callback(callback_id)
        for deadline in callback_deadlines(execution, operation_id, now()):
            if deadline.kind == "heartbeat-timeout":
                self._arm(execution, deadline)

    def _callback(self, callback_id: str) -> tuple[Execution, str]:
        """The running execution and the callback operation a callback id names, still waiting."""
        arn = self.store.callbacks.get(callback_id)
        execution = self.store.executions.get(arn) if arn else None
        if execution is None:
            raise ResourceNotFoundException(f"Callback {callback_id} not found.")
        operation = execution.operations[execution.callbacks[callback_id]]
        if operation["Status"] == "TIMED_OUT":
            raise CallbackTimeoutException(f"Callback {callback_id} has timed out.")
        if execution.closed or operation["Status"] != "STARTED":
            raise InvalidParameterValueException(f"Callback {callback_id} has already completed.")
        return execution, operation["Id"]

    def repeated(self, execution: Execution, request: str, client_token: str | None) -> bool:
        """A pause or resume whose ClientToken was seen already (AWS answers it without acting again)."""
        if client_token is None:
            return False
        key = (execution.arn, request, client_token)
        seen = key in self._client_tokens
        self._client_tokens.add(key)
        return seen

    def pause(self, execution: Execution, reason: str | None, timeout_paused: bool) -> None:
        request_pause(execution, reason, timeout_paused, invocation_running=execution.token is not None)
        if timeout_paused:
            self._disarm(execution, "")  # the execution timeout's key
        self.store.save_soon()

    def resume(self, execution: Execution, reason: str | None) -> None:
        invoke = request_resume(execution, reason)
        self._arm_timeout(execution)
        if invoke:
            self._changed(execution)
        self.store.save_soon()

    def stop_execution(self, execution: Execution, error: dict[str, Any] | None) -> None:
        self.close(execution, "STOPPED", error=error or {"ErrorType": "ExecutionStopped", "ErrorMessage": "Execution stopped."})

