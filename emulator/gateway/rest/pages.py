"""Output conventions of API Gateway's REST API: ``position``/``limit`` paging, empty tag maps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: "The default value is 25 and the maximum value is 500" (the API reference's ``limit``): a
#: larger limit still answers 500 items a page.
MAX_LIMIT = 500


def page(items: Sequence[Any], params: dict[str, Any], default_limit: int = 25) -> dict[str, Any]:
    """``{"items": [...], "position"?: ...}``; the position is an opaque offset."""
    start = int(params["position"]) if str(params.get("position", "")).isdigit() else 0
    limit = params.get("limit") or 0
    limit = min(limit, MAX_LIMIT) if limit > 0 else default_limit
    chosen = list(items[start : start + limit])
    result: dict[str, Any] = {"items": chosen}
    if start + limit < len(items):
        result["position"] = str(start + limit)
    return result


def with_tags(item: dict[str, Any]) -> dict[str, Any]:
    """Get, Update and Put show an empty tag map; Create and the listings leave it out (as AWS recorded)."""
    return item if "tags" in item else {**item, "tags": {}}
