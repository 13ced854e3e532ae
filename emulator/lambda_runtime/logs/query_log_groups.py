"""ListLogGroupsForQuery: the log groups a Logs Insights query searched, as ARNs, a page at a time."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import LogsOperations, page

DEFAULT_LIMIT = 50


class QueryLogGroupOperations(LogsOperations):
    _run: Any  # QueryOperations'

    def list_log_groups_for_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        run = self._run(ctx, params["queryId"])
        arns = [f"arn:aws:logs:{ctx.region}:{ctx.account_id}:log-group:{name}" for name in run.group_names]
        listed, token = page("queryGroups", sorted(arns), params, params.get("maxResults") or DEFAULT_LIMIT, lambda a: (a,))
        return {"logGroupIdentifiers": listed, **({"nextToken": token} if token else {})}
