"""Chained invokes (``context.invoke``): the execution's CHAINED_INVOKE operation runs another
function and takes its answer. A durable target starts a durable execution of its own (invoked
with a qualifier, as any durable function must be) whose result or error ends the operation; any
other function is invoked synchronously."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from ...aws.context import DEFAULT_ACCOUNT_ID
from ...aws.errors import AwsError
from ..errors import InvalidParameterValueException
from ..ids import invocation_id
from .model import Execution

if TYPE_CHECKING:
    from .runner import DurableRunner

UNQUALIFIED = "You cannot invoke a durable function using an unqualified ARN."


async def run_chained(runner: DurableRunner, execution: Execution, operation_id: str) -> tuple[str | None, dict[str, Any] | None]:
    """Invoke the chained invoke's function: (result, None) or (None, error)."""
    target = execution.chained[operation_id]
    payload: str = target["Payload"]
    try:
        function, qualifier = runner.registry.find(execution.region, DEFAULT_ACCOUNT_ID, target["FunctionName"])
        version = runner.invoker.select(function, qualifier)
        started: dict[str, Any] = {"FunctionName": target["FunctionName"], "Input": {"Payload": payload, "Truncated": False}}
        started["ExecutedVersion"] = version.number
        if target.get("TenantId"):
            started["TenantId"] = target["TenantId"]
        if "DurableConfig" in version.config:
            if qualifier is None:
                raise InvalidParameterValueException(UNQUALIFIED)
            child = runner.begin(function, version, qualifier, payload, None)
            started["DurableExecutionArn"] = child.arn
            execution.record("ChainedInvokeStarted", execution.operations[operation_id], started)
            await runner.finished(child)
            return (child.result, None) if child.status == "SUCCEEDED" else (None, child.error or {})
        execution.record("ChainedInvokeStarted", execution.operations[operation_id], started)
        result = await runner.invoker.run(
            function, version, payload.encode(), request_id=invocation_id(),
            invoked_arn=f"{function.arn}:{qualifier}" if qualifier else function.arn, tenant_id=target.get("TenantId"),
        )  # fmt: skip
    except AwsError as refused:
        return None, {"ErrorType": refused.code, "ErrorMessage": str(refused)}
    if result.function_error is None:
        return result.payload.decode(errors="replace"), None
    try:
        document = orjson.loads(result.payload)
    except orjson.JSONDecodeError:
        document = {}
    document = document if isinstance(document, dict) else {}
    return None, {"ErrorType": document.get("errorType") or result.function_error, "ErrorMessage": document.get("errorMessage") or ""}
