"""GetAccount and UpdateAccount: the region's API Gateway settings (CloudWatch role, account throttle)."""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .patch import STR, apply_patch
from .store import Store


class AccountOperations:
    store: Store

    def get_account(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return self.store.region(ctx.region).account

    def update_account(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        account = self.store.region(ctx.region).account
        apply_patch(account, params.get("patchOperations", []), {"cloudwatchRoleArn": STR})
        # An empty role resets the setting: GetAccount then has no role (terraform's account destroy
        # check reads a nil CloudwatchRoleArn as reset).
        if not account.get("cloudwatchRoleArn"):
            account.pop("cloudwatchRoleArn", None)
        return account
