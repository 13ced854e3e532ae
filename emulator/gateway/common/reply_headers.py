"""The headers of Lambda proxy replies seen before, checked and encoded once.

A function sends the same ``headers`` reply after reply; REST and HTTP APIs each keep
the encoded, checked list for every distinct set (up to a bound) and answer a repeat
from it, a copy each time: the gateway adds headers to the list it sends.
"""

from __future__ import annotations

from typing import Any

Key = tuple[tuple[str, Any], ...]
Encoded = list[tuple[bytes, bytes]]

#: Distinct header sets kept: beyond it, replies are checked as if never seen.
LIMIT = 4096


class ReplyHeaderCache:
    def __init__(self) -> None:
        self._sent: dict[Key, Encoded] = {}

    def lookup(self, headers: dict[str, Any]) -> tuple[Key | None, Encoded | None]:
        """The key of a reply's ``headers`` and a copy of their encoded list if seen before;
        no key for values that cannot be one (a list or object: a malformed reply, refused later)."""
        key = tuple(headers.items())
        try:
            sent = self._sent.get(key)
        except TypeError:
            return None, None
        return key, None if sent is None else sent.copy()

    def keep(self, key: Key | None, headers: dict[str, Any], encoded: Encoded) -> None:
        """Keep the encoded list of ``headers`` (a copy) for their next reply.

        Only string values: a key equal to one of those has the same strings (True == 1, but not "1").
        """
        if key is not None and len(self._sent) < LIMIT and all(value.__class__ is str for value in headers.values()):
            self._sent[key] = encoded.copy()
