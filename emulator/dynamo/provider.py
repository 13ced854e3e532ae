"""DynamoDB's operations (the provider); the store lives beside it."""

from __future__ import annotations

from typing import Any

from ..aws.context import RequestContext
from ..config import Settings


class DynamoDBProvider:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def list_tables(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"TableNames": []}
