"""Continuation tokens (Lambda's ``Marker``, CloudWatch Logs' ``nextToken``, API Gateway's
``position`` and ``NextToken``) that survive the items changing between two calls.

The usual cleanup loop deletes each page's items before asking for the next, so
an offset would skip as many items as it deleted. A sorted listing's token carries
the sort key of the last item answered (``window``); a listing kept in creation
order carries the identity of the next page's first item and where it stood
(``following``). Either names its listing, so a token from another listing, or
one never issued, is told apart from a real one.
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
    items: Sequence[Item], size: int, after: list[Any] | None, key: Callable[[Item], Key], descending: bool = False
) -> tuple[list[Item], Key | None]:
    """Up to ``size`` of ``items`` (ordered by ``key``) beyond the key ``after``, and the key to
    resume from when more remain."""
    keys = [list(key(item)) for item in items]
    start = 0
    if after is not None:
        beyond = (lambda k: k < after) if descending else (lambda k: k > after)
        start = next((index for index, k in enumerate(keys) if beyond(k)), len(items))
    end = start + size
    if end >= len(items):
        return list(items[start:]), None
    return list(items[start:end]), tuple(keys[end - 1])


def following(
    items: Sequence[Item], size: int, after: list[Any] | None, identity: Callable[[Item], Any] | None = None
) -> tuple[list[Item], Key | None]:
    """Up to ``size`` of ``items`` (in creation order) from the item ``after`` names, and the
    ``(identity, position)`` of the next page's first item when more remain. Without
    ``identity`` the token is a position."""
    start = 0
    if after is not None:
        named, offset = after
        start = min(offset, len(items))
        if identity is not None and not (offset < len(items) and identity(items[offset]) == named):
            # Items before it came or went; if it went too, its old place is the best guess.
            start = next((index for index, item in enumerate(items) if identity(item) == named), start)
    end = start + size
    if end >= len(items):
        return list(items[start:]), None
    return list(items[start:end]), (identity(items[end]) if identity else None, end)


def decode_position(listing: str, token: str) -> list[Any] | None:
    """The ``(identity, position)`` a ``following`` token of ``listing`` carries; None for anything else."""
    after = decode(listing, token)
    if after is None or len(after) != 2 or type(after[1]) is not int or after[1] < 0:
        return None
    return after
