"""GetUsage and UpdateUsage: what each API key of a usage plan used, day by day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...aws.context import RequestContext
from .errors import BadRequestException, NotFoundException
from .pages import page
from .serve import RestDataPlane
from .store import Store


def _day(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequestException(f"Invalid {name}: {text}") from None


class UsageOperations:
    store: Store
    data_plane: RestDataPlane

    def _plan_keys(self, ctx: RequestContext, plan_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        state = self.store.region(ctx.region)
        plan = state.usage_plans.get(plan_id)
        if plan is None:
            raise NotFoundException("Invalid Usage Plan ID specified")
        return plan, state.usage_plan_keys.get(plan_id, {})

    def get_usage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        plan, keys = self._plan_keys(ctx, params["usagePlanId"])
        start, end = _day(params["startDate"], "startDate"), _day(params["endDate"], "endDate")
        if end < start:
            raise BadRequestException("The usage data date range is invalid: endDate is before startDate")
        wanted = [params["keyId"]] if params.get("keyId") else list(keys)
        # ``limit`` and ``position`` page the keys (each key's days come whole).
        listed = page([{"id": key_id} for key_id in wanted], params)
        items: dict[str, list[list[int]]] = {}
        for key_id in (entry["id"] for entry in listed["items"]):
            days = self.data_plane.usage.daily.get((plan["id"], key_id), {})
            quota = self.data_plane.usage.quota(plan, key_id)
            remaining = quota.remaining if quota is not None else 0
            span = (end - start).days + 1
            items[key_id] = [
                [days.get((start + dt.timedelta(n)).isoformat(), 0), remaining] for n in range(span)
            ]
        usage = {"usagePlanId": plan["id"], "startDate": params["startDate"], "endDate": params["endDate"], "items": items}
        return {**usage, "position": listed["position"]} if "position" in listed else usage

    def update_usage(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        plan, keys = self._plan_keys(ctx, params["usagePlanId"])
        if params["keyId"] not in keys:
            raise NotFoundException("Invalid Usage Plan Key identifier specified")
        for operation in params.get("patchOperations", []):
            quota = self.data_plane.usage.quota(plan, params["keyId"])
            # The patch-operations table lets UpdateUsage replace /remaining and nothing else.
            if operation.get("path") != "/remaining" or operation.get("op") != "replace" or quota is None:
                raise BadRequestException(
                    f"Invalid patch path '{operation.get('path')}' specified for op '{operation.get('op')}'"
                )
            try:
                quota.grant(int(operation.get("value") or 0))
            except ValueError:
                raise BadRequestException(f"Invalid remaining value specified: {operation.get('value')}") from None
        today = dt.datetime.now(dt.UTC).date().isoformat()
        return self.get_usage(ctx, {**params, "startDate": today, "endDate": today})
