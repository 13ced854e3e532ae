"""Settings with nothing behind them in the emulator: the account's storage tier and a log group's
bearer token authentication.

Put/GetStorageTierPolicy keep the account's tier per region (in ``resources.json``); an account that
never set one is on STANDARD, with no ``lastUpdatedTime`` (guessed: AWS's answer for a new account
is not documented). Nothing is tiered. PutBearerTokenAuthentication sets a group's flag, which
DescribeLogGroups then shows as ``bearerTokenAuthenticationEnabled``; the emulator's ingestion has
no bearer tokens to check (PutLogEvents takes any credentials).
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import LogsOperations
from .state import ResourceState
from .store import now_ms

KIND = "accountSettings"
STORAGE_TIER = "storageTier"
DEFAULT_TIER = "STANDARD"


class AccountSettingOperations(LogsOperations):
    resources: ResourceState

    def put_storage_tier_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        policy = {"storageTier": params["storageTier"], "lastUpdatedTime": now_ms()}
        self.resources.of(ctx.region, KIND)[STORAGE_TIER] = policy
        self.resources.save()
        return dict(policy)

    def get_storage_tier_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if not self.resources.any(ctx.region, KIND):
            return {"storageTier": DEFAULT_TIER}
        return dict(self.resources.of(ctx.region, KIND).get(STORAGE_TIER) or {"storageTier": DEFAULT_TIER})

    def put_bearer_token_authentication(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group(ctx, params).bearer_token_authentication = params["bearerTokenAuthenticationEnabled"]
        self.store.dirty = True
        return {}
