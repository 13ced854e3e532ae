"""The acknowledgement barrier: what a write operation awaits before answering.

Under ``--durability batch`` a write is in the log (OS buffers) when the
store's listener returns, and on disk once the group commit's fsync covers
it. The DynamoDB provider answers a write only after awaiting
``durable(provider)`` (when it is not None), so an acknowledged write
survives even a machine crash. With ``fsync`` or ``none``, or in memory,
there is never anything to wait for.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from .journal import Persistence

_journals: weakref.WeakKeyDictionary[Any, Persistence] = weakref.WeakKeyDictionary()


def register(provider: Any, persistence: Persistence | None) -> None:
    """Journal ``provider``'s writes with ``persistence`` (None: stop)."""
    if persistence is None:
        _journals.pop(provider, None)
    else:
        _journals[provider] = persistence


def durable(provider: Any) -> asyncio.Future[None] | None:
    """A future resolved once the provider's writes so far are on disk; None if they already are."""
    persistence = _journals.get(provider)
    return persistence.durable() if persistence is not None else None
