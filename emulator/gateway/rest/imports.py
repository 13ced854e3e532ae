"""The ImportRestApi and PutRestApi operations."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .documentation import import_parts
from .errors import BadRequestException
from .openapi import import_new_api, parse_document, put_into_api
from .pages import with_tags
from .store import Store


def check_put_mode(params: dict[str, Any]) -> None:
    """PutRestApi's ``mode`` in AWS's words, which come before the model's enum check."""
    if params.get("mode") not in (None, "merge", "overwrite"):
        raise BadRequestException('Enumeration value of OpenAPI import mode must be "overwrite" or "merge"')


class ImportOperations:
    store: Store
    #: Checks the protocol layer runs before the model's constraints (``aws/service.py``).
    early_checks = {"PutRestApi": check_put_mode}

    def import_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api, warnings = import_new_api(
            ctx.region, params["body"], params.get("parameters") or {}, params.get("failOnWarnings")
        )
        # The document's own documentation parts come with it, unless told ``ignore=documentation``.
        if (params.get("parameters") or {}).get("ignore") != "documentation":
            import_parts(api, parse_document(params["body"]), overwrite=False)
        self.store.add(api)
        return {**api.data, "warnings": warnings} if warnings else api.data

    def put_rest_api(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        api = self.store.api(ctx.region, params["restApiId"], ctx.account_id)
        warnings = put_into_api(api, params["body"], params.get("mode") or "merge", params.get("parameters") or {}, params.get("failOnWarnings"))
        answer = with_tags(api.data)
        return {**answer, "warnings": warnings} if warnings else answer
