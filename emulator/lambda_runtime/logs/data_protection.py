"""A log group's data protection policy: Put/Get/DeleteDataProtectionPolicy.

The document is kept as given and answered back with the identifier the caller used; a group without a
policy answers Get with no document, which is how Terraform's aws_cloudwatch_log_data_protection_policy
tells it is gone (terraform-provider-aws data_protection_policy_test.go). DescribeLogGroups shows the
group's ``dataProtectionStatus`` (API reference, LogGroup). Nothing is masked or audited.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import LogsOperations
from .store import now_ms


class DataProtectionOperations(LogsOperations):
    def put_data_protection_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        group.data_protection = {"policyDocument": params["policyDocument"], "lastUpdatedTime": now_ms()}
        group.data_protection_status = "ACTIVATED"
        self.store.dirty = True
        return {"logGroupIdentifier": params["logGroupIdentifier"], **group.data_protection}

    def get_data_protection_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        return {"logGroupIdentifier": params["logGroupIdentifier"], **(group.data_protection or {})}

    def delete_data_protection_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        if group.data_protection is not None:
            group.data_protection = None
            group.data_protection_status = "DELETED"  # "whether it had one in the past"
            self.store.dirty = True
        return {}
