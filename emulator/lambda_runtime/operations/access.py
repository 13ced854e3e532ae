"""Resource policies (AddPermission, RemovePermission, GetPolicy), tags, and concurrency settings."""

from __future__ import annotations

from typing import Any

import orjson

from ...aws.context import RequestContext
from ..errors import (
    InvalidParameterValueException,
    PreconditionFailedException,
    ResourceConflictException,
    ResourceNotFoundException,
    resource_not_found,
)
from ..functions import Function, new_revision
from .base import LambdaOperations

#: AccountLimit members besides concurrency, as AWS reports them.
CODE_LIMITS = {"TotalCodeSize": 80_530_636_800, "CodeSizeUnzipped": 262_144_000, "CodeSizeZipped": 52_428_800}


class AccessOperations(LambdaOperations):
    # -- resource policy ------------------------------------------------------

    def add_permission(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        self.registry.version(function, qualifier)
        if params.get("RevisionId") is not None and params["RevisionId"] != function.policy_revision:
            raise _policy_revision_mismatch()
        sid = params["StatementId"]
        if any(s["Sid"] == sid for s in function.statements):
            raise ResourceConflictException("The statement id (sid) provided already exists. Please choose another statement id.")
        statement = _statement(params, f"{function.arn}:{qualifier}" if qualifier else function.arn)
        function.statements.append(statement)
        function.policy_revision = new_revision()
        self.registry.save()
        return {"Statement": orjson.dumps(statement).decode()}

    def remove_permission(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        if params.get("RevisionId") is not None and params["RevisionId"] != function.policy_revision:
            raise _policy_revision_mismatch()
        kept = [s for s in function.statements if s["Sid"] != params["StatementId"]]
        if len(kept) == len(function.statements):
            raise ResourceNotFoundException("Statement sid is not found in resource policy.")
        function.statements = kept
        function.policy_revision = new_revision()
        self.registry.save()
        return {}

    def get_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"], params.get("Qualifier"))
        if not function.statements:
            raise resource_not_found()
        policy = {"Version": "2012-10-17", "Id": "default", "Statement": function.statements}
        return {"Policy": orjson.dumps(policy).decode(), "RevisionId": function.policy_revision}

    # -- tags -----------------------------------------------------------------

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._tagged(ctx, params["Resource"]).tags.update(params["Tags"])
        self.registry.save()
        return {}

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function = self._tagged(ctx, params["Resource"])
        for key in params["TagKeys"]:
            function.tags.pop(key, None)
        self.registry.save()
        return {}

    def list_tags(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"Tags": self._tagged(ctx, params["Resource"]).tags}

    def _tagged(self, ctx: RequestContext, arn: str) -> Function:
        parts = arn.split(":")
        if len(parts) != 7 or parts[5] != "function":
            raise InvalidParameterValueException("Tags are supported only on unqualified function ARNs.")
        function, _ = self.registry.find(ctx.region, ctx.account_id, arn)
        return function

    # -- concurrency ----------------------------------------------------------

    def put_function_concurrency(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        reserved = params["ReservedConcurrentExecutions"]
        limits = self.invoker.limits
        left = limits.account_limit - limits.reserved_total(function.region, excluding=function.name) - reserved
        if left < limits.minimum_unreserved():
            raise InvalidParameterValueException(
                "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution "
                f"below its minimum value of [{limits.minimum_unreserved()}]."
            )
        function.reserved_concurrency = reserved
        limits.set_reserved(function.region, function.name, reserved)
        self.registry.save()
        return {"ReservedConcurrentExecutions": reserved}

    def get_function_concurrency(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        if function.reserved_concurrency is None:
            return {}
        return {"ReservedConcurrentExecutions": function.reserved_concurrency}

    def delete_function_concurrency(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.registry.find(ctx.region, ctx.account_id, params["FunctionName"])
        function.reserved_concurrency = None
        self.invoker.limits.set_reserved(function.region, function.name, None)
        self.registry.save()
        return {}

    def get_account_settings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        functions = self.registry.functions.get(ctx.region, {}).values()
        limits = self.invoker.limits
        return {
            "AccountLimit": {
                **CODE_LIMITS,
                "ConcurrentExecutions": limits.account_limit,
                "UnreservedConcurrentExecutions": limits.unreserved(ctx.region),
            },
            "AccountUsage": {
                "TotalCodeSize": sum(v.code.size for f in functions for v in f.all_versions()),
                "FunctionCount": len(functions),
            },
        }


def _statement(params: dict[str, Any], resource: str) -> dict[str, Any]:
    principal = params["Principal"]
    if principal == "*":
        shown: Any = "*"
    elif principal.isdigit():
        shown = {"AWS": f"arn:aws:iam::{principal}:root"}
    elif principal.startswith("arn:"):
        shown = {"AWS": principal}
    else:
        shown = {"Service": principal}
    statement: dict[str, Any] = {
        "Sid": params["StatementId"],
        "Effect": "Allow",
        "Principal": shown,
        "Action": params["Action"],
        "Resource": resource,
    }
    condition: dict[str, dict[str, str]] = {}
    if params.get("SourceArn"):
        condition.setdefault("ArnLike", {})["AWS:SourceArn"] = params["SourceArn"]
    if params.get("SourceAccount"):
        condition.setdefault("StringEquals", {})["AWS:SourceAccount"] = params["SourceAccount"]
    if params.get("PrincipalOrgID"):
        condition.setdefault("StringEquals", {})["aws:PrincipalOrgID"] = params["PrincipalOrgID"]
    if params.get("EventSourceToken"):
        condition.setdefault("StringEquals", {})["lambda:EventSourceToken"] = params["EventSourceToken"]
    if params.get("FunctionUrlAuthType"):
        condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = params["FunctionUrlAuthType"]
    if condition:
        statement["Condition"] = condition
    return statement


def _policy_revision_mismatch() -> PreconditionFailedException:
    return PreconditionFailedException(
        "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id"
    )
