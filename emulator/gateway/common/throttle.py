"""Request limits: token buckets (rate and burst) and period quotas."""

from __future__ import annotations

import datetime as dt
import time


class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; a request takes one."""

    __slots__ = ("rate", "burst", "tokens", "stamp")

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = float(rate)
        self.burst = max(0, int(burst))
        self.tokens = float(self.burst)
        self.stamp = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(float(self.burst), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class Quota:
    """At most ``limit`` requests per calendar ``period`` (DAY, WEEK or MONTH, UTC)."""

    __slots__ = ("limit", "period", "offset", "used", "window")

    def __init__(self, limit: int, period: str, offset: int = 0) -> None:
        self.limit = int(limit)
        self.period = period.upper()
        self.offset = int(offset)
        self.used = 0
        self.window: tuple[int, ...] = ()

    def _current_window(self) -> tuple[int, ...]:
        today = dt.datetime.now(dt.UTC).date()
        if self.period == "DAY":
            return (today.toordinal(),)
        if self.period == "WEEK":
            return ((today.toordinal() - self.offset) // 7,)
        return (today.year, today.month)

    def take(self) -> bool:
        window = self._current_window()
        if window != self.window:
            self.window = window
            self.used = 0
        if self.used >= self.limit:
            return False
        self.used += 1
        return True

    @property
    def remaining(self) -> int:
        if self.window != self._current_window():
            return self.limit
        return max(0, self.limit - self.used)

    def grant(self, remaining: int) -> None:
        """Leave ``remaining`` requests in the current period (UpdateUsage's ``/remaining``)."""
        self.window = self._current_window()
        self.used = max(0, self.limit - remaining)
