"""GetLogGroupFields: the fields Logs Insights discovers in a group's recent events, with how often.

AWS searches the 15 minutes up to now, or the 8 minutes either side of ``time``
(GetLogGroupFields' API reference), and answers each field with the percentage of
those events that hold it (a whole number). The fields are Insights' own
(``insights/fields.py``): the five every event has, a JSON message's members,
Lambda's platform fields. Most frequent first, as the API reference says.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ...aws.context import RequestContext
from .base import LogsOperations
from .insights.fields import discover
from .store import now_ms

WINDOW_MS = 15 * 60 * 1000
HALF_WINDOW_MS = 8 * 60 * 1000


class GroupFieldOperations(LogsOperations):
    def get_log_group_fields(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        moment = params.get("time")
        if moment is None:
            start, end = now_ms() - WINDOW_MS, now_ms()
        else:
            start, end = moment * 1000 - HALF_WINDOW_MS, moment * 1000 + HALF_WINDOW_MS  # ``time`` is in seconds
        counts: Counter[str] = Counter()
        total = 0
        log = f"{group.account_id}:{group.name}"
        for stream in group.streams.values():
            for event in stream.events:
                if start <= event[0] <= end:
                    total += 1
                    counts.update(discover(log, stream.name, event).keys())
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return {"logGroupFields": [{"name": name, "percent": round(count * 100 / total)} for name, count in ranked]}
