"""Stage throttling: a token bucket per stage and route (rate per second, burst)."""

from __future__ import annotations

from ..common.throttle import TokenBucket


class Throttles:
    """Buckets by (api, stage, route key), rebuilt when the limits change."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[str, str, str], TokenBucket] = {}

    def allow(self, key: tuple[str, str, str], rate: float | None, burst: int | None) -> bool:
        if rate is None and burst is None:
            return True
        rate = 10000.0 if rate is None else float(rate)
        burst = 5000 if burst is None else int(burst)
        bucket = self.buckets.get(key)
        if bucket is None or bucket.rate != rate or bucket.burst != burst:
            bucket = self.buckets[key] = TokenBucket(rate, burst)
        return bucket.take()

    def clear(self) -> None:
        self.buckets.clear()
