"""Output conventions of API Gateway's REST API: ``position``/``limit`` paging, empty tag maps.

The continuation tokens serve API Gateway v2's ``NextToken`` too.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

import orjson

#: "The default value is 25 and the maximum value is 500" (the API reference's ``limit``): a
#: larger limit still answers 500 items a page.
MAX_LIMIT = 500


def page(items: Sequence[dict[str, Any]], params: dict[str, Any], default_limit: int = 25, identity: str = "id") -> dict[str, Any]:
    """``{"items": [...], "position"?: ...}``: ``limit`` items from where ``position`` resumes.

    ``identity`` is the member that names an item (``id`` for most).
    """
    start = resume(items, params.get("position"), identity) or 0
    limit = params.get("limit") or 0
    limit = min(limit, MAX_LIMIT) if limit > 0 else default_limit
    end = start + limit
    result: dict[str, Any] = {"items": list(items[start:end])}
    if end < len(items):
        result["position"] = continuation(items[end][identity], end)
    return result


def continuation(next_item: str | None, offset: int) -> str:
    """A token naming the first item of the next page (and where it stood): a page deleted
    before the next call (the cleanup loop) moves that item, and the token still finds it."""
    return base64.urlsafe_b64encode(orjson.dumps([next_item, offset])).decode()


def resume(items: Sequence[dict[str, Any]], token: str | None, identity: str | None) -> int | None:
    """Where a ``continuation`` token resumes ``items``; None for no token or one never issued.

    Without ``identity`` the token is an offset.
    """
    if not token:
        return None
    try:
        next_item, offset = orjson.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, TypeError):  # not base64, not JSON, not a pair
        return None
    if not isinstance(offset, int) or offset < 0:
        return None
    if identity is None or (offset < len(items) and items[offset][identity] == next_item):
        return min(offset, len(items))
    # Items before it came or went; if it went too, its old place is the best guess.
    return next((index for index, item in enumerate(items) if item[identity] == next_item), min(offset, len(items)))


def with_tags(item: dict[str, Any]) -> dict[str, Any]:
    """Get, Update and Put show an empty tag map; Create and the listings leave it out (as AWS recorded)."""
    return item if "tags" in item else {**item, "tags": {}}
