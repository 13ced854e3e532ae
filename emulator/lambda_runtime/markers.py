"""Continuation tokens (Lambda's ``Marker``, CloudWatch Logs' ``nextToken``) that resume after
the last item a page answered.

A token names its listing and the sort key of that item, so deleting (or adding)
items between two calls neither skips nor repeats one -- the usual cleanup loop
deletes each page's items before asking for the next -- and a token from another
listing, or one never issued, is told apart from a real one.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson

Item = TypeVar("Item")
#: A listing's sort key for one item: strings and numbers, compared left to right.
Key = tuple[Any, ...]


def encode(listing: str, key: Key) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([listing, *key])).decode()


def decode(listing: str, token: str) -> list[Any] | None:
    """The key a token of ``listing`` carries; None for anything else."""
    try:
        value = orjson.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError):  # orjson.JSONDecodeError is a ValueError
        return None
    if not isinstance(value, list) or len(value) < 2 or value[0] != listing:
        return None
    return value[1:]


def window(
    items: Sequence[Item],
    size: int,
    after: list[Any] | None,
    key: Callable[[Item], Key] | None = None,
    descending: bool = False,
) -> tuple[list[Item], Key | None]:
    """Up to ``size`` of ``items`` (ordered by ``key``) beyond the key ``after``, and the key to
    resume from when more remain. Without ``key`` an item's key is its position."""
    keys = [list(key(item)) for item in items] if key else [[index] for index in range(len(items))]
    start = 0
    if after is not None:
        beyond = (lambda k: k < after) if descending else (lambda k: k > after)
        start = next((index for index, k in enumerate(keys) if beyond(k)), len(items))
    end = start + size
    if end >= len(items):
        return list(items[start:]), None
    return list(items[start:end]), tuple(keys[end - 1])
