"""Scheduled queries: Create/Get/List/Update/DeleteScheduledQuery and GetScheduledQueryHistory.

Kept as given, unique by name in a region, found by name or ARN
(``arn:aws:logs:<region>:<account>:scheduled-query:<id>``, guessed form). The emulator does not run
them on their schedule: they are never triggered, so their history is empty and they have no
``lastTriggeredTime``. Errors of these operations are ValidationException / ConflictException /
ResourceNotFoundException, as their model lists.
"""

from __future__ import annotations

import uuid
from typing import Any

from ...aws.context import RequestContext
from .base import ResourceNotFoundException, ValidationException, named, page
from .deliveries import ConflictException
from .state import ResourceState
from .store import now_ms

KIND = "scheduledQueries"
DEFAULT_LIMIT = 50
#: What Create and Update take and Get answers, as given.
_MEMBERS = (
    "description", "queryLanguage", "queryString", "logGroupIdentifiers", "scheduleExpression", "timezone",
    "startTimeOffset", "endTimeOffset", "destinationConfiguration", "scheduleStartTime", "scheduleEndTime",
    "executionRoleArn",
)  # fmt: skip
#: What ListScheduledQueries shows of each.
_SUMMARY = ("scheduledQueryArn", "name", "state", "scheduleType", "scheduleExpression", "timezone",
            "destinationConfiguration", "creationTime", "lastUpdatedTime")  # fmt: skip


class ScheduledQueryOperations:
    resources: ResourceState

    def create_scheduled_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        queries = self.resources.of(ctx.region, KIND)
        if params["name"] in queries:
            raise ConflictException(f"Scheduled query {params['name']} already exists.")  # Guessed wording.
        now = now_ms()
        query = {
            "scheduledQueryArn": f"arn:aws:logs:{ctx.region}:{ctx.account_id}:scheduled-query:{uuid.uuid4()}",
            "name": params["name"],
            **{m: params[m] for m in _MEMBERS if params.get(m) is not None},
            "state": params.get("state") or "ENABLED",
            "scheduleType": "CUSTOMER_MANAGED",
            "creationTime": now,
            "lastUpdatedTime": now,
            **({"tags": dict(params["tags"])} if params.get("tags") else {}),
        }
        queries[params["name"]] = query
        self.resources.save()
        return {"scheduledQueryArn": query["scheduledQueryArn"], "state": query["state"]}

    def get_scheduled_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return _shown(self._scheduled_query(ctx, params["identifier"]))

    def list_scheduled_queries(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        found = sorted(self.resources.of(ctx.region, KIND).values(), key=lambda q: q["name"])
        for member in ("state", "scheduleType"):
            if params.get(member):
                found = [q for q in found if q[member] == params[member]]
        listed, token = page(KIND, found, params, params.get("maxResults") or DEFAULT_LIMIT, named("name"), invalid=ValidationException)
        summaries = [{m: q[m] for m in _SUMMARY if m in q} for q in listed]
        return {"scheduledQueries": summaries, **({"nextToken": token} if token else {})}

    def update_scheduled_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """A full replacement of what Create took (members left out are cleared), keeping name, ARN and tags."""
        query = self._scheduled_query(ctx, params["identifier"])
        for member in _MEMBERS:
            if params.get(member) is not None:
                query[member] = params[member]
            else:
                query.pop(member, None)
        if params.get("state"):
            query["state"] = params["state"]
        query["lastUpdatedTime"] = now_ms()
        self.resources.save()
        return _shown(query)

    def delete_scheduled_query(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        query = self._scheduled_query(ctx, params["identifier"])
        del self.resources.of(ctx.region, KIND)[query["name"]]
        self.resources.save()
        return {}

    def get_scheduled_query_history(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        query = self._scheduled_query(ctx, params["identifier"])
        return {"name": query["name"], "scheduledQueryArn": query["scheduledQueryArn"], "triggerHistory": []}

    def _scheduled_query(self, ctx: RequestContext, identifier: str) -> dict[str, Any]:
        queries = self.resources.of(ctx.region, KIND)
        query = queries.get(identifier) or next((q for q in queries.values() if q["scheduledQueryArn"] == identifier), None)
        if query is None:
            raise ResourceNotFoundException(f"Scheduled query {identifier} does not exist.")  # Guessed wording.
        return query


def _shown(query: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in query.items() if k != "tags"}
