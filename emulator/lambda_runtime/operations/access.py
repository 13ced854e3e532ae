"""Resource policies a statement at a time (AddPermission, RemovePermission, GetPolicy), tags, and concurrency settings."""

from __future__ import annotations

import re
from typing import Any

import orjson

from ...aws.context import RequestContext
from ...aws.errors import ValidationException
from ..capacity_providers import lookup
from ..errors import (
    InvalidParameterValueException,
    ResourceConflictException,
    ResourceNotFoundException,
    UntypedInvalidParameterValueException,
    UntypedResourceNotFoundException,
    below_minimum_unreserved,
    function_not_found,
    resource_not_found,
    revision_mismatch,
)
from ..functions import LATEST, policy_statements
from .resource_policy import (
    LATEST_REFUSED,
    NO_POLICY,
    ResourcePolicyOperations,
    check_alias,
    check_policy_length,
    policy_owner,
)

MAX_TAGS = 50
_ACCOUNT = re.compile(r"\d{12}")
_IAM_ARN = re.compile(r"arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:")
#: AddPermission members that become StringEquals conditions, in AWS's order.
_STRING_EQUALS = (
    ("FunctionUrlAuthType", "lambda:FunctionUrlAuthType"),
    ("PrincipalOrgID", "aws:PrincipalOrgID"),
    ("SourceAccount", "AWS:SourceAccount"),
    ("EventSourceToken", "lambda:EventSourceToken"),
)
_SERVICE = re.compile(r"[a-z0-9.-]+\.(amazonaws\.com(\.cn)?|amazon\.com)")
#: AccountLimit members besides concurrency, as AWS reports them.
CODE_LIMITS = {"TotalCodeSize": 80_530_636_800, "CodeSizeUnzipped": 262_144_000, "CodeSizeZipped": 52_428_800}


class AccessOperations(ResourcePolicyOperations):
    # -- resource policy, a statement at a time -------------------------------------

    def add_permission(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        if qualifier == LATEST:
            raise InvalidParameterValueException(LATEST_REFUSED)
        check_alias(function, qualifier)
        self.registry.version(function, qualifier)
        if not _valid_principal(params["Principal"]):
            raise InvalidParameterValueException("The provided principal was invalid. Please check the principal and try again.")
        if params.get("RevisionId") is not None and params["RevisionId"] != self.policy_revision(function, qualifier):
            raise revision_mismatch()  # AWS's words, as for RemovePermission
        sid = params["StatementId"]
        owner = policy_owner(function, qualifier)
        policy = function.policies.get(owner)
        statements = policy_statements(policy) if policy else []
        if any(s.get("Sid") == sid for s in statements):
            raise ResourceConflictException(
                f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement."
            )
        statement = _statement(params, owner)
        # A document PutResourcePolicy put gains the statement too.
        grown = {**(policy or {"Version": "2012-10-17", "Id": "default"}), "Statement": [*statements, statement]}
        check_policy_length(grown)
        function.policies[owner] = grown
        self.renew_policy_revision(function, qualifier)
        self.registry.save()
        return {"Statement": orjson.dumps(statement).decode()}

    def remove_permission(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        ref, found = self.lookup(ctx, params["FunctionName"], params.get("Qualifier"))
        if found is None:
            raise ResourceNotFoundException(f"No policy found for: arn:aws:lambda:{ctx.region}:{ctx.account_id}:function:{ref.name}")
        function, qualifier = found, ref.qualifier
        check_alias(function, qualifier)
        owner = policy_owner(function, qualifier)
        policy = function.policies.get(owner)
        if policy is None:
            raise ResourceNotFoundException(NO_POLICY)
        sid = params["StatementId"]
        statements = policy_statements(policy)
        kept = [s for s in statements if s.get("Sid") != sid]
        if len(kept) == len(statements):
            raise ResourceNotFoundException(f"Statement {sid} is not found in resource policy.")
        if params.get("RevisionId") is not None and params["RevisionId"] != self.policy_revision(function, qualifier):
            raise revision_mismatch()
        if kept:
            policy["Statement"] = kept
        else:  # the last statement takes the policy with it
            del function.policies[owner]
        self.renew_policy_revision(function, qualifier)
        self.registry.save()
        return {}

    def get_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """The policy of the function, version or alias named: each qualifier has a policy of its own."""
        function, qualifier = self.find(ctx, params["FunctionName"], params.get("Qualifier"))
        return self.policy_answer(function, qualifier)

    # -- tags -----------------------------------------------------------------

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if not params["Tags"]:
            raise InvalidParameterValueException("An error occurred and the request cannot be processed.")
        tags = self._tags_of(ctx, params["Resource"])
        check_tag_count({**tags, **params["Tags"]})
        tags.update(params["Tags"])
        self.registry.save()
        return {}

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if not params["TagKeys"]:
            raise ValidationException(
                "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"
            )
        tags = self._tags_of(ctx, params["Resource"])
        for key in params["TagKeys"]:
            tags.pop(key, None)
        self.registry.save()
        return {}

    def list_tags(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"Tags": self._tags_of(ctx, params["Resource"])}

    def _tags_of(self, ctx: RequestContext, arn: str) -> dict[str, str]:
        """The tags of a function, a code signing config or an event source mapping (Terraform tags all three:
        code_signing_config_test.go::TestAccLambdaCodeSigningConfig_tags), kept in place."""
        parts = arn.split(":")
        if len(parts) == 7 and parts[5] == "code-signing-config":
            if arn not in self.registry.code_signing.get(ctx.region, {}):
                raise UntypedResourceNotFoundException(f"The Lambda code signing configuration {arn} can not be found.")
            return self.registry.resource_tags.setdefault(arn, {})
        if len(parts) == 7 and parts[5] == "event-source-mapping":
            mapping = self.registry.mappings.get(parts[6])
            if mapping is None or mapping.region != ctx.region:
                raise resource_not_found()
            return self.registry.resource_tags.setdefault(arn, {})
        if len(parts) == 7 and parts[5] == "capacity-provider":
            return lookup(self.registry.capacity_providers, ctx.region, ctx.account_id, parts[6]).tags
        if len(parts) == 8 and parts[5] == "function":
            raise InvalidParameterValueException(
                "Tags on function aliases and versions are not supported. Please specify a function ARN."
            )
        if len(parts) != 7 or parts[5] != "function":
            raise ValidationException(
                f"1 validation error detected: Value '{arn}' at 'resource' failed to satisfy constraint: Member must "
                r"satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-"
                r"\d{1}:\d{12}:(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|layer:[a-zA-Z0-9-_]+)"
            )
        function, _ = self.find(ctx, arn)
        return function.tags

    # -- concurrency ----------------------------------------------------------

    def put_function_concurrency(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        ref, function = self.lookup(ctx, params["FunctionName"])
        if ref.qualifier is not None:
            raise InvalidParameterValueException(
                "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
                "operation. Please specify either a function name or an unqualified function ARN."
            )
        if function is None:  # AWS names $LATEST here
            raise function_not_found(f"arn:aws:lambda:{ctx.region}:{ctx.account_id}:function:{ref.name}:{LATEST}")
        reserved = params["ReservedConcurrentExecutions"]
        limits = self.invoker.limits
        left = limits.account_limit - limits.reserved_total(function.region, excluding=function.name) - reserved
        if left < limits.minimum_unreserved():
            raise below_minimum_unreserved(limits.minimum_unreserved(), "ReservedConcurrentExecutions")
        provisioned = function.provisioned_total()
        if provisioned > reserved:  # untyped too (test_lambda.snapshot.json::test_reserved_provisioned_overlap)
            raise UntypedInvalidParameterValueException(
                f" ReservedConcurrentExecutions  {reserved} should not be lower than function's total provisioned "
                f"concurrency [{provisioned}]."
            )
        function.reserved_concurrency = reserved
        limits.set_reserved(function.region, function.name, reserved)
        self.registry.save()
        return {"ReservedConcurrentExecutions": reserved}

    def get_function_concurrency(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        if function.reserved_concurrency is None:
            return {}
        return {"ReservedConcurrentExecutions": function.reserved_concurrency}

    def delete_function_concurrency(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, _ = self.find(ctx, params["FunctionName"])
        function.reserved_concurrency = None
        self.invoker.limits.set_reserved(function.region, function.name, None)
        self.registry.save()
        return {}

    def get_account_settings(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        functions = self.registry.functions.get(ctx.region, {}).values()
        layers = self.registry.layers.get(ctx.region, {}).values()
        limits = self.invoker.limits
        return {
            "AccountLimit": {
                **CODE_LIMITS,
                "ConcurrentExecutions": limits.account_limit,
                "UnreservedConcurrentExecutions": limits.unreserved(ctx.region),
            },
            "AccountUsage": {
                # Deployment packages and layer archives, as AWS counts them.
                "TotalCodeSize": sum(v.code.size for f in functions for v in f.all_versions())
                + sum(v.code.size for layer in layers for v in layer.versions.values()),
                "FunctionCount": len(functions),
            },
        }


def check_tag_count(tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise InvalidParameterValueException("Number of tags exceeds resource tag limit.")


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
    # In the order AWS writes them (its Statement is a JSON string, so the order shows).
    condition: dict[str, dict[str, str]] = {}
    for member, key in _STRING_EQUALS:
        if params.get(member):
            condition.setdefault("StringEquals", {})[key] = params[member]
    if params.get("SourceArn"):
        condition["ArnLike"] = {"AWS:SourceArn": params["SourceArn"]}
    if params.get("InvokedViaFunctionUrl"):
        condition["Bool"] = {"lambda:InvokedViaFunctionUrl": "true"}
    if condition:
        statement["Condition"] = condition
    return statement


def _valid_principal(principal: str) -> bool:
    """Everyone, an account, an IAM ARN or a service (``s3.amazonaws.com``, ``alexa-appkit.amazon.com``)."""
    return principal == "*" or bool(_ACCOUNT.fullmatch(principal) or _IAM_ARN.match(principal) or _SERVICE.fullmatch(principal))
