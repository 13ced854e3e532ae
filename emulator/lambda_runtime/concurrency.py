"""Concurrency as AWS counts it: in-flight invocations against reserved and account limits.

A function with reserved concurrency may run that many at once and no more; the
others share what is left of the account limit (``--lambda-concurrency``).
Counting is per region, as AWS's limits are.
"""

from __future__ import annotations

import asyncio

from .errors import TooManyRequestsException

#: AWS keeps this much of the account limit unreserved.
MIN_UNRESERVED = 100


class _Region:
    """A region's unreserved pool: its share of the account limit and the invocations using it."""

    __slots__ = ("limit", "in_flight", "reserved")

    def __init__(self, account_limit: int) -> None:
        self.limit = account_limit
        self.in_flight = 0
        self.reserved: dict[str, int] = {}


class _Function:
    """One function's in-flight invocations, and how many of them count against the unreserved pool."""

    __slots__ = ("region", "reserved", "in_flight", "unreserved")

    def __init__(self, region: _Region, reserved: int | None) -> None:
        self.region = region
        self.reserved = reserved
        self.in_flight = 0
        self.unreserved = 0


class ConcurrencyLimits:
    def __init__(self, account_limit: int) -> None:
        self.account_limit = account_limit
        self._regions: dict[str, _Region] = {}
        #: (region, function) -> its counts: one lookup per invocation, then attributes.
        self._functions: dict[tuple[str, str], _Function] = {}
        self._freed = asyncio.Event()
        #: Asynchronous invocations waiting for a slot (see ``acquire_waiting``).
        self._waiting = 0

    def _region(self, region: str) -> _Region:
        found = self._regions.get(region)
        if found is None:
            found = self._regions[region] = _Region(self.account_limit)
        return found

    def _function(self, region: str, function: str) -> _Function:
        key = (region, function)
        found = self._functions.get(key)
        if found is None:
            pool = self._region(region)
            found = self._functions[key] = _Function(pool, pool.reserved.get(function))
        return found

    def reserved(self, region: str, function: str) -> int | None:
        """The function's reserved concurrency, None when it has none."""
        return self._region(region).reserved.get(function)

    def reserved_total(self, region: str, excluding: str | None = None) -> int:
        return sum(n for name, n in self._region(region).reserved.items() if name != excluding)

    def unreserved(self, region: str) -> int:
        return self._region(region).limit

    def minimum_unreserved(self) -> int:
        return min(MIN_UNRESERVED, self.account_limit)

    def set_reserved(self, region: str, function: str, reserved: int | None) -> None:
        pool = self._region(region)
        if reserved is None:
            pool.reserved.pop(function, None)
        else:
            pool.reserved[function] = reserved
        pool.limit = self.account_limit - sum(pool.reserved.values())
        self._function(region, function).reserved = reserved

    def try_acquire(self, region: str, function: str, held_back: int = 0) -> str | None:
        """Count one more in-flight invocation, or return the throttling reason.

        ``held_back``: the part of the function's reserved concurrency that provisioned
        concurrency of other qualifiers keeps, which this invocation cannot use.
        """
        counts = self._functions.get((region, function)) or self._function(region, function)
        if counts.reserved is not None:
            if counts.in_flight >= counts.reserved - held_back:
                return "ReservedFunctionConcurrentInvocationLimitExceeded"
        else:
            pool = counts.region
            if pool.in_flight >= pool.limit:
                return "ConcurrentInvocationLimitExceeded"
            pool.in_flight += 1
            counts.unreserved += 1
        counts.in_flight += 1
        return None

    def acquire(self, region: str, function: str, held_back: int = 0) -> None:
        reason = self.try_acquire(region, function, held_back)
        if reason is not None:
            raise TooManyRequestsException("Rate Exceeded.", Reason=reason)

    async def acquire_waiting(self, region: str, function: str) -> None:
        """For asynchronous invocations: wait in the queue until a slot frees."""
        while self.try_acquire(region, function) is not None:
            self._freed.clear()
            self._waiting += 1
            try:
                await self._freed.wait()
            finally:
                self._waiting -= 1

    def release(self, region: str, function: str) -> None:
        counts = self._functions.get((region, function))
        if counts is None:  # a reset forgot it
            return
        if counts.in_flight > 0:
            counts.in_flight -= 1
        if counts.unreserved > 0:
            counts.unreserved -= 1
            counts.region.in_flight -= 1
        if self._waiting:
            self._freed.set()

    def clear(self) -> None:
        self._regions.clear()
        self._functions.clear()
