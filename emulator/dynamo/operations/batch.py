"""BatchGetItem and BatchWriteItem, built on the single-item operations."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import NotImplementedYet


def batch_get_item(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    raise NotImplementedYet("The operation BatchGetItem is not supported by the emulator yet.")


def batch_write_item(provider: Any, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
    raise NotImplementedYet("The operation BatchWriteItem is not supported by the emulator yet.")
