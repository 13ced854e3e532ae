"""Data sources: ListAggregateLogGroupSummaries, GetLogFields, GetLogObject.

AWS files a log group under a data source (a name and type such as ``amazon_vpc`` / ``flow``) from
the metadata of the vended logs that AWS services deliver to it, and keeps the pieces of an
oversized OpenTelemetry event (PutOpenTelemetryLogs) as large log objects. No AWS service vends logs
to the emulator and its API has no OpenTelemetry ingestion, so no group has a data source and no log
object exists: the summaries are empty (after the paging checks every listing makes), a data
source's fields and a log object are not found (guessed wordings). GetLogObject answers its errors
before any event stream starts, as plain JSON errors.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import ResourceNotFoundException, named, page

DEFAULT_LIMIT = 50


class DataSourceOperations:
    def list_aggregate_log_group_summaries(
        self, ctx: RequestContext, params: dict[str, Any]
    ) -> dict[str, Any]:
        listed, token = page(
            "aggregateSummaries", [], params, params.get("limit") or DEFAULT_LIMIT, named("key")
        )
        return {"aggregateLogGroupSummaries": listed, **({"nextToken": token} if token else {})}

    def get_log_fields(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        raise ResourceNotFoundException(
            f"Data source {params['dataSourceName']} of type {params['dataSourceType']} does not exist."
        )

    def get_log_object(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        raise ResourceNotFoundException("The specified log object does not exist.")
