"""Concurrency as AWS counts it: in-flight invocations against reserved and account limits.

A function with reserved concurrency may run that many at once and no more; the
others share what is left of the account limit (``--lambda-concurrency``).
Counting is per region, as AWS's limits are.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from .errors import TooManyRequestsException

#: AWS keeps this much of the account limit unreserved.
MIN_UNRESERVED = 100


class ConcurrencyLimits:
    def __init__(self, account_limit: int) -> None:
        self.account_limit = account_limit
        self._reserved: dict[str, dict[str, int]] = defaultdict(dict)  # region -> function -> reserved
        self._in_flight: dict[tuple[str, str], int] = defaultdict(int)
        self._unreserved_in_flight: dict[str, int] = defaultdict(int)
        #: In-flight invocations of a function that count against the unreserved pool.
        self._unreserved_by_function: dict[tuple[str, str], int] = defaultdict(int)
        #: The unreserved share of the account limit per region, kept current by ``set_reserved``.
        self._unreserved: dict[str, int] = {}
        self._freed = asyncio.Event()
        #: Asynchronous invocations waiting for a slot (see ``acquire_waiting``).
        self._waiting = 0

    def reserved_total(self, region: str, excluding: str | None = None) -> int:
        return sum(n for name, n in self._reserved[region].items() if name != excluding)

    def unreserved(self, region: str) -> int:
        return self._unreserved.get(region, self.account_limit)

    def minimum_unreserved(self) -> int:
        return min(MIN_UNRESERVED, self.account_limit)

    def set_reserved(self, region: str, function: str, reserved: int | None) -> None:
        if reserved is None:
            self._reserved[region].pop(function, None)
        else:
            self._reserved[region][function] = reserved
        self._unreserved[region] = self.account_limit - self.reserved_total(region)

    def try_acquire(self, region: str, function: str) -> str | None:
        """Count one more in-flight invocation, or return the throttling reason."""
        reserved = self._reserved[region].get(function)
        key = (region, function)
        if reserved is not None:
            if self._in_flight[key] >= reserved:
                return "ReservedFunctionConcurrentInvocationLimitExceeded"
        elif self._unreserved_in_flight[region] >= self._unreserved.get(region, self.account_limit):
            return "ConcurrentInvocationLimitExceeded"
        else:
            self._unreserved_in_flight[region] += 1
            self._unreserved_by_function[key] += 1
        self._in_flight[key] += 1
        return None

    def acquire(self, region: str, function: str) -> None:
        reason = self.try_acquire(region, function)
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
        key = (region, function)
        if self._in_flight[key] > 0:  # a reset may have forgotten it
            self._in_flight[key] -= 1
        if self._unreserved_by_function[key] > 0:
            self._unreserved_by_function[key] -= 1
            self._unreserved_in_flight[region] -= 1
        if self._waiting:
            self._freed.set()

    def clear(self) -> None:
        self._reserved.clear()
        self._in_flight.clear()
        self._unreserved_in_flight.clear()
        self._unreserved_by_function.clear()
        self._unreserved.clear()
