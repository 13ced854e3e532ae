"""Lambda's operations (the provider)."""

from __future__ import annotations

from typing import Any

from ..aws.arns import build_arn
from ..aws.context import RequestContext
from ..aws.errors import AwsError
from ..config import Settings


class ResourceNotFoundException(AwsError):
    status = 404


class LambdaProvider:
    def __init__(self, settings: Settings, *, logs: Any, streams: Any) -> None:
        self.settings = settings
        self.logs = logs
        self.streams = streams

    def get_function(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        arn = build_arn("lambda", ctx.region, ctx.account_id, f"function:{params['FunctionName']}")
        raise ResourceNotFoundException(f"Function not found: {arn}", Type="User")
