"""Every durable execution, by ARN, with the indexes the API looks them up by; persisted beside
the function registry (``durable_executions.json``) when Lambda's state is."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ..json_files import read_json, write_json
from .model import Execution, now

_DAY_S = 86_400


class DurableStore:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.executions: dict[str, Execution] = {}
        #: Callback id -> the ARN of the execution whose callback it is.
        self.callbacks: dict[str, str] = {}
        self._save_pending: asyncio.TimerHandle | None = None
        for raw in read_json(path) or []:
            self.add(Execution.from_dict(raw))

    def add(self, execution: Execution) -> None:
        self.executions[execution.arn] = execution
        self.index_callbacks(execution)

    def index_callbacks(self, execution: Execution) -> None:
        for callback_id in execution.callbacks:
            self.callbacks[callback_id] = execution.arn

    def named(self, region: str, function_name: str, name: str) -> Execution | None:
        """The execution of a function with a given DurableExecutionName (names are idempotency keys)."""
        for execution in self.executions.values():
            if execution.name == name and execution.function_name == function_name and execution.region == region:
                return execution
        return None

    def of_function(self, region: str, function_name: str) -> list[Execution]:
        return [e for e in self.executions.values() if e.function_name == function_name and e.region == region]

    def expire(self) -> None:
        """Drop closed executions past their retention period, as AWS stops showing them."""
        moment = now()
        for arn, execution in list(self.executions.items()):
            if execution.ended is not None and moment > execution.ended + execution.retention_days * _DAY_S:
                self.remove(arn)

    def remove(self, arn: str) -> None:
        execution = self.executions.pop(arn)
        for callback_id in execution.callbacks:
            self.callbacks.pop(callback_id, None)

    def save_soon(self) -> None:
        """Write within a moment: checkpoints come in bursts."""
        if self.path is not None and self._save_pending is None:
            self._save_pending = asyncio.get_running_loop().call_later(0.2, self.save)

    def save(self) -> None:
        self._save_pending = None
        if self.path is not None:
            write_json(self.path, [execution.to_dict() for execution in self.executions.values()])

    def clear(self) -> None:
        self.executions.clear()
        self.callbacks.clear()
        self.save()

    def close(self) -> None:
        if self._save_pending is not None:
            self._save_pending.cancel()
        self.save()
