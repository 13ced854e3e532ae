"""The ImportRestApi and PutRestApi operations."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .errors import BadRequestException
from .openapi import import_new_api, put_into_api
from .pages import with_tags
from .store import Store


class ImportOperations:
    store: Store

    def import_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api, warnings = import_new_api(
            ctx.region, params["body"], params.get("parameters") or {}, params.get("failOnWarnings")
        )
        self.store.add(api)
        return {**api.data, "warnings": warnings} if warnings else api.data

    def put_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        mode = params.get("mode") or "merge"
        if mode not in ("merge", "overwrite"):
            raise BadRequestException(f"Invalid mode specified: {mode}")
        warnings = put_into_api(api, params["body"], mode, params.get("parameters") or {}, params.get("failOnWarnings"))
        answer = with_tags(api.data)
        return {**answer, "warnings": warnings} if warnings else answer
