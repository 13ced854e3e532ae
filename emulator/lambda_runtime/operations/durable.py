"""Durable functions' API: invoking a durable function, the SDK's checkpoint and state calls,
callbacks, and reading, listing and stopping executions (``durable/`` holds the machinery)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from ...aws.context import RequestContext
from ..durable.model import Execution
from ..durable.pausing import expected_timeout
from ..durable.runner import DurableRunner
from ..durable.updates import replayed
from ..errors import InvalidParameterValueException, ResourceConflictException, resource_not_found
from ..functions import Function, Version
from .base import LambdaOperations, page

#: The durable listings' pages (state, history, executions): 100 items unless MaxItems (0 too) says
#: otherwise, 1000 at most.
DEFAULT_PAGE = 100
MAX_PAGE = 1000
UNQUALIFIED = "You cannot invoke a durable function using an unqualified ARN."


class DurableOperations(LambdaOperations):
    durable: DurableRunner

    async def invoke_durable(
        self, ctx: RequestContext, params: dict[str, Any], function: Function, qualifier: str | None, version: Version, payload: bytes
    ) -> dict[str, Any]:
        """Invoke of a function with a DurableConfig: starts (or, by name, rejoins) a durable execution."""
        if qualifier is None:
            raise InvalidParameterValueException(UNQUALIFIED)
        kind = params.get("InvocationType") or "RequestResponse"
        if kind == "DryRun":
            return {"StatusCode": 204, "Payload": b""}
        execution = self.durable.begin(function, version, qualifier, payload.decode(), params.get("DurableExecutionName"))
        if kind == "Event":
            return {"StatusCode": 202, "Payload": b"", "DurableExecutionArn": execution.arn}
        await self.durable.finished(execution)
        answer: dict[str, Any] = {"StatusCode": 200, "ExecutedVersion": execution.version, "DurableExecutionArn": execution.arn}
        if execution.status == "SUCCEEDED":
            answer["Payload"] = (execution.result or "").encode()
        else:
            error = execution.error or {}
            answer["FunctionError"] = "Unhandled"
            answer["Payload"] = orjson.dumps(
                {"errorType": error.get("ErrorType"), "errorMessage": error.get("ErrorMessage"), "stackTrace": error.get("StackTrace") or []}
            )
        return answer

    # -- the SDK's calls ------------------------------------------------------

    def checkpoint_durable_execution(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params, missing_is_invalid=True)
        return self.durable.checkpoint(execution, params["CheckpointToken"], params.get("Updates") or [])

    def get_durable_execution_state(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params, missing_is_invalid=True)
        self.durable.check_token(execution, params["CheckpointToken"])
        found, marker = page(f"durable-state:{execution.arn}", replayed(execution), _paged(params), identity=lambda o: o["Id"], cap=MAX_PAGE)
        answer: dict[str, Any] = {"Operations": found}
        if marker:
            answer["NextMarker"] = marker
        return answer

    # -- callbacks ------------------------------------------------------------

    def send_durable_execution_callback_success(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        result: bytes = params.get("Result") or b""
        self.durable.complete_callback(params["CallbackId"], result=result.decode(errors="replace"))
        return {}

    def send_durable_execution_callback_failure(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self.durable.complete_callback(params["CallbackId"], error=params.get("Error") or {})
        return {}

    def send_durable_execution_callback_heartbeat(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self.durable.heartbeat(params["CallbackId"])
        return {}

    # -- reading and managing executions --------------------------------------

    def get_durable_execution(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params)
        answer = execution.summary()
        answer["Version"] = execution.version
        answer["DurableConfig"] = {"ExecutionTimeout": execution.execution_timeout, "RetentionPeriodInDays": execution.retention_days}
        if not execution.closed:
            answer["ExpectedExecutionTimeoutTimestamp"] = expected_timeout(execution)
        if execution.pause is not None:
            answer["PauseDetails"] = execution.pause
        included = params.get("IncludeExecutionData", True)
        answer["ExecutionDataIncluded"] = included
        if included:
            answer["InputPayload"] = execution.input_payload
            if execution.result is not None:
                answer["Result"] = execution.result
            if execution.error is not None:
                answer["Error"] = execution.error
        return answer

    def get_durable_execution_history(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params)
        events = execution.events[::-1] if params.get("ReverseOrder") else execution.events
        listing = f"durable-history:{execution.arn}:{bool(params.get('ReverseOrder'))}"
        found, marker = page(listing, events, _paged(params), identity=lambda e: e["EventId"], cap=MAX_PAGE)
        if not params.get("IncludeExecutionData", True):
            found = [_without_data(event) for event in found]
        answer: dict[str, Any] = {"Events": found}
        if marker:
            answer["NextMarker"] = marker
        return answer

    def list_durable_executions_by_function(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        if qualifier is not None:
            self.registry.version(function, qualifier)  # an unknown qualifier is a missing function
        executions = self.durable.store.of_function(function.region, function.name)
        chosen = [e for e in executions if _matches(e, params, qualifier)]
        # Newest first, unless ReverseOrder asks for the oldest first.
        oldest_first = bool(params.get("ReverseOrder"))
        order = (lambda e: (e.started, e.arn)) if oldest_first else (lambda e: (-e.started, e.arn))
        chosen.sort(key=order)
        found, marker = page(f"durable-executions:{oldest_first}", chosen, _paged(params), key=order, cap=MAX_PAGE)
        answer: dict[str, Any] = {"DurableExecutions": [e.summary() for e in found]}
        if marker:
            answer["NextMarker"] = marker
        return answer

    def pause_durable_execution(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params)
        if not self.durable.repeated(execution, "pause", params.get("ClientToken")):
            self.durable.pause(execution, params.get("Reason"), params.get("ExecutionTimeoutPaused", True))
        return {}

    def resume_durable_execution(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params)
        if not self.durable.repeated(execution, "resume", params.get("ClientToken")):
            self.durable.resume(execution, params.get("Reason"))
        return {}

    def stop_durable_execution(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params)
        if execution.closed:
            raise InvalidParameterValueException(f"Durable execution {execution.arn} is not running.")
        self.durable.stop_execution(execution, params.get("Error"))
        return {"StopTimestamp": execution.ended}

    def delete_durable_execution(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        execution = self._execution(ctx, params)
        if not execution.closed:
            raise ResourceConflictException(f"Durable execution {execution.arn} is still running; stop it first.")
        self.durable.store.remove(execution.arn)
        self.durable.store.save_soon()
        return {"DeletionRequestTimestamp": dt.datetime.now(dt.UTC).timestamp()}

    def _execution(self, ctx: RequestContext, params: dict[str, Any], *, missing_is_invalid: bool = False) -> Execution:
        """The execution an ARN names. The SDK's calls have no ResourceNotFoundException in their
        model: an unknown execution is an invalid parameter there."""
        arn: str = params["DurableExecutionArn"]
        execution = self.durable.store.executions.get(arn)
        if execution is None or execution.region != ctx.region:
            if missing_is_invalid:
                raise InvalidParameterValueException(f"Invalid durable execution ARN: {arn}")
            raise resource_not_found()
        return execution


def _paged(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with MaxItems defaulted (absent or 0) to the durable listings' page of 100."""
    return {**params, "MaxItems": params.get("MaxItems") or DEFAULT_PAGE}


def _matches(execution: Execution, params: dict[str, Any], qualifier: str | None) -> bool:
    if qualifier is not None and not execution.function_arn.endswith(f":{qualifier}") and execution.version != qualifier:
        return False
    if params.get("DurableExecutionName") and execution.name != params["DurableExecutionName"]:
        return False
    if params.get("Statuses") and execution.status not in params["Statuses"]:
        return False
    after, before = _moment(params.get("StartedAfter")), _moment(params.get("StartedBefore"))
    if after is not None and execution.started <= after:
        return False
    return before is None or execution.started < before


def _moment(value: Any) -> float | None:
    """A query-string timestamp: ISO 8601 (as botocore sends it) or epoch seconds."""
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.timestamp()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidParameterValueException(f"Invalid timestamp: {value}") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()


def _without_data(event: dict[str, Any]) -> dict[str, Any]:
    """An event without the execution's data (inputs, results, errors), as IncludeExecutionData false asks."""
    stripped = dict(event)
    for key, details in event.items():
        if key.endswith("Details") and isinstance(details, dict):
            stripped[key] = {
                member: ({k: v for k, v in value.items() if k != "Payload"} if isinstance(value, dict) and "Payload" in value else value)
                for member, value in details.items()
            }
    return stripped
