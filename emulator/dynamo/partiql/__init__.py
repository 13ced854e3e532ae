"""PartiQL: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import NotImplementedYet


def execute_statement(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    raise NotImplementedYet("The operation ExecuteStatement is not supported by the emulator yet.")


def batch_execute_statement(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    raise NotImplementedYet("The operation BatchExecuteStatement is not supported by the emulator yet.")


def execute_transaction(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    raise NotImplementedYet("The operation ExecuteTransaction is not supported by the emulator yet.")
