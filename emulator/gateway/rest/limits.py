"""Stage throttling (methodSettings) and usage-plan throttling and quotas, per API key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..common.throttle import Quota, TokenBucket
from .deployment import DeployedMethod
from .gateway_errors import FORBIDDEN, QUOTA_EXCEEDED, THROTTLED
from .stages import method_setting_key
from .store import RegionState

#: AWS's account-level default, used when a stage sets no throttling of its own.
_ACCOUNT_RATE = 10000.0
_ACCOUNT_BURST = 5000


class StageLimits:
    """Token buckets from a stage's ``methodSettings``: ``*/*`` for all, ``~1path/METHOD`` for one."""

    def __init__(self, method_settings: dict[str, dict[str, Any]]) -> None:
        self.settings = method_settings
        self.default = self._bucket(method_settings.get("*/*"))
        self.buckets: dict[str, TokenBucket | None] = {}

    @staticmethod
    def _bucket(setting: dict[str, Any] | None) -> TokenBucket | None:
        if not setting:
            return None
        rate = setting.get("throttlingRateLimit", _ACCOUNT_RATE)
        burst = setting.get("throttlingBurstLimit", _ACCOUNT_BURST)
        if rate >= _ACCOUNT_RATE and burst >= _ACCOUNT_BURST:
            return None
        return TokenBucket(rate, burst)

    def allow(self, method: DeployedMethod) -> bool:
        slot = method.resource_id + method.http_method
        try:
            bucket = self.buckets[slot]
        except KeyError:
            own = self.settings.get(method_setting_key(method.resource_path, method.http_method))
            bucket = self.buckets[slot] = self._bucket(own) if own else self.default
        return bucket is None or bucket.take()


class UsageLimits:
    """Per usage plan and key: a token bucket for ``throttle`` and a counter for ``quota``."""

    def __init__(self) -> None:
        self.limits: dict[tuple[str, str], tuple[Any, TokenBucket | None, Quota | None]] = {}
        #: ``(plan id, key id, api id, stage, method key)`` -> (its setting, its bucket): the
        #: per-client, per-method targets an API stage of a usage plan sets.
        self.method_buckets: dict[tuple[str, ...], tuple[Any, TokenBucket]] = {}
        #: ``(plan id, key id)`` -> ISO day -> requests let through, for GetUsage.
        self.daily: dict[tuple[str, str], dict[str, int]] = {}

    def check(self, plan: dict[str, Any], key_id: str, api_id: str, stage: str, method: DeployedMethod) -> None:
        """Throttles in AWS's order (per-method targets of the plan's API stage, then the plan's), then the quota."""
        method_bucket = self._method_bucket(plan, key_id, api_id, stage, method)
        if method_bucket is not None and not method_bucket.take():
            raise THROTTLED
        _, bucket, counter = self._limits(plan, key_id)
        if bucket is not None and not bucket.take():
            raise THROTTLED
        if counter is not None and not counter.take():
            raise QUOTA_EXCEEDED
        days = self.daily.setdefault((plan["id"], key_id), {})
        today = dt.datetime.now(dt.UTC).date().isoformat()
        days[today] = days.get(today, 0) + 1

    def quota(self, plan: dict[str, Any], key_id: str) -> Quota | None:
        """The key's quota counter under ``plan`` (None when the plan sets no quota)."""
        return self._limits(plan, key_id)[2]

    def _limits(self, plan: dict[str, Any], key_id: str) -> tuple[Any, TokenBucket | None, Quota | None]:
        """The key's bucket and counter, built anew when the plan's limits changed."""
        signature = (repr(plan.get("throttle")), repr(plan.get("quota")))
        entry = self.limits.get((plan["id"], key_id))
        if entry is None or entry[0] != signature:
            throttle = plan.get("throttle") or {}
            quota = plan.get("quota")
            bucket = None
            if throttle:
                rate = float(throttle.get("rateLimit", 0.0))
                # A plan that sets only a rate still lets a request through now and then.
                bucket = TokenBucket(rate, throttle.get("burstLimit") or max(1, int(rate)))
            counter = (
                Quota(quota["limit"], quota.get("period", "DAY"), quota.get("offset", 0))
                if quota and "limit" in quota
                else None
            )
            entry = (signature, bucket, counter)
            self.limits[(plan["id"], key_id)] = entry
        return entry

    def _method_bucket(
        self, plan: dict[str, Any], key_id: str, api_id: str, stage: str, method: DeployedMethod
    ) -> TokenBucket | None:
        entry = next((s for s in plan.get("apiStages", ()) if (s.get("apiId"), s.get("stage")) == (api_id, stage)), None)
        # The map's keys are ``{resourcePath}/{httpMethod}``, e.g. ``/pets/GET`` (``//GET`` for the root).
        setting = ((entry or {}).get("throttle") or {}).get(f"{method.resource_path}/{method.http_method}")
        if not setting:
            return None
        slot = (plan["id"], key_id, api_id, stage, method.resource_path, method.http_method)
        known = self.method_buckets.get(slot)
        if known is None or known[0] != setting:
            rate = float(setting.get("rateLimit", 0.0))
            known = (dict(setting), TokenBucket(rate, setting.get("burstLimit") or max(1, int(rate))))
            self.method_buckets[slot] = known
        return known[1]

    def clear(self) -> None:
        self.limits.clear()
        self.method_buckets.clear()
        self.daily.clear()


def find_api_key(
    state: RegionState, value: str | None, api_id: str, stage: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The enabled key with ``value`` and the usage plan that lets it call ``api_id``/``stage``."""
    if not value:
        raise FORBIDDEN
    key = next((k for k in state.api_keys.values() if k["value"] == value), None)
    if key is None or not key.get("enabled"):
        raise FORBIDDEN
    for plan_id, keys in state.usage_plan_keys.items():
        if key["id"] not in keys:
            continue
        plan = state.usage_plans[plan_id]
        if any(s.get("apiId") == api_id and s.get("stage") == stage for s in plan.get("apiStages", ())):
            return key, plan
    raise FORBIDDEN
