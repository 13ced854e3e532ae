"""Output conventions of API Gateway's REST API: ``position``/``limit`` paging, empty tag maps.

The continuation tokens serve API Gateway v2's ``NextToken`` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...aws import markers

#: "The default value is 25 and the maximum value is 500" (the API reference's ``limit``): a
#: larger limit still answers 500 items a page.
MAX_LIMIT = 500
#: The listing name API Gateway's tokens carry: one for all, as the item identity inside
#: already ties a token to its listing.
_LISTING = "position"


def page(items: Sequence[dict[str, Any]], params: dict[str, Any], default_limit: int = 25, identity: str = "id") -> dict[str, Any]:
    """``{"items": [...], "position"?: ...}``: ``limit`` items from where ``position`` resumes.

    ``identity`` is the member that names an item (``id`` for most); a position the
    listing never issued starts it over.
    """
    limit = params.get("limit") or 0
    limit = min(limit, MAX_LIMIT) if limit > 0 else default_limit
    chosen, following = resume(items, params.get("position"), limit, identity)
    result: dict[str, Any] = {"items": chosen}
    if following is not None:
        result["position"] = following
    return result


def resume(
    items: Sequence[dict[str, Any]], token: str | None, size: int, identity: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of ``items`` from the next-page token ``token`` (None: from the start), and the next token.

    API Gateway v2's ``NextToken`` is the same token.
    """
    after = markers.decode_position(_LISTING, token) if token else None
    chosen, following = markers.following(items, size, after, (lambda item: item[identity]) if identity else None)
    return chosen, (markers.encode(_LISTING, following) if following is not None else None)


def is_token(token: str) -> bool:
    return markers.decode_position(_LISTING, token) is not None


def with_tags(item: dict[str, Any]) -> dict[str, Any]:
    """Get, Update and Put show an empty tag map; Create and the listings leave it out (as AWS recorded)."""
    return item if "tags" in item else {**item, "tags": {}}
