"""Account-level resource policies: Put/Describe/DeleteResourcePolicy.

As AWS answers them (LocalStack's AWS-validated snapshot test_logs_resource_policies,
recorded 2026-02-06): PutResourcePolicy echoes the document as given, while
DescribeResourcePolicies shows it normalized as IAM normalizes policies (a
``Version`` of 2008-10-17 when none is given, statement members in a fixed order,
one-element lists written as their element). At most ten per region. Policies
scoped to one log group (``resourceArn``) are not emulated. The emulator enforces
no policy: they are kept so that tools which manage them work. Saved to the data
directory unless the emulator runs in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from ...aws.context import RequestContext
from ..json_files import read_json, write_json
from .base import (
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
    named,
    page,
)
from .store import now_ms

#: Resource policies an account may have per region (a hard limit on AWS).
MAX_POLICIES = 10
DEFAULT_VERSION = "2008-10-17"
#: The order of a normalized statement's members; others follow in the order given.
_STATEMENT_ORDER = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition")


class PolicyState:
    """Per region: policies by name, in the shape PutResourcePolicy answers them."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.policies: dict[str, dict[str, dict[str, Any]]] = read_json(path) or {}

    def clear(self) -> None:
        self.policies.clear()
        self.save()

    def save(self) -> None:
        if self.path is not None:
            write_json(self.path, self.policies)


class ResourcePolicyOperations:
    policies: PolicyState

    def put_resource_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _account_scope_only(params)
        name, document = params.get("policyName"), params.get("policyDocument")
        if not name or not document:  # Guessed wording: the model leaves both optional, AWS needs them.
            raise InvalidParameterException("Both policyName and policyDocument must be specified.")
        try:
            orjson.loads(document)
        except orjson.JSONDecodeError:
            raise InvalidParameterException("Policy document is not valid JSON.") from None  # Guessed wording.
        policies = self.policies.policies.setdefault(ctx.region, {})
        if name not in policies and len(policies) >= MAX_POLICIES:
            raise LimitExceededException("Resource limit exceeded.")
        policy = {"policyName": name, "policyDocument": document, "lastUpdatedTime": now_ms(), "policyScope": "ACCOUNT"}
        policies[name] = policy
        self.policies.save()
        return {"resourcePolicy": dict(policy)}

    def describe_resource_policies(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _account_scope_only(params)
        found = sorted(self.policies.policies.get(ctx.region, {}).values(), key=named("policyName"))
        if params.get("policyScope") == "RESOURCE":
            found = []
        listed, token = page("resourcePolicies", found, params, params.get("limit") or 50, named("policyName"))
        described = [{**p, "policyDocument": normalized(p["policyDocument"])} for p in listed]
        return {"resourcePolicies": described, **({"nextToken": token} if token else {})}

    def delete_resource_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _account_scope_only(params)
        name = params.get("policyName")
        if self.policies.policies.get(ctx.region, {}).pop(name or "", None) is None:
            raise ResourceNotFoundException(f"Policy with name [{name}] does not exist.")
        self.policies.save()
        return {}


def normalized(document: str) -> str:
    """A policy document as DescribeResourcePolicies shows it."""
    policy = orjson.loads(document)
    if not isinstance(policy, dict):
        return document
    statements = policy.get("Statement")
    if isinstance(statements, list):
        statements = [_statement(s) for s in statements]
    elif isinstance(statements, dict):
        statements = _statement(statements)
    rest = {k: v for k, v in policy.items() if k not in ("Version", "Statement")}
    return orjson.dumps({"Version": policy.get("Version", DEFAULT_VERSION), "Statement": statements, **rest}).decode()


def _statement(statement: Any) -> Any:
    if not isinstance(statement, dict):
        return statement
    ordered = {k: statement[k] for k in _STATEMENT_ORDER if k in statement}
    ordered.update((k, v) for k, v in statement.items() if k not in ordered)
    return {k: _collapsed(v) for k, v in ordered.items()}


def _collapsed(value: Any) -> Any:
    """One-element lists written as their element, at every depth of a statement."""
    if isinstance(value, list):
        return _collapsed(value[0]) if len(value) == 1 else [_collapsed(v) for v in value]
    if isinstance(value, dict):
        return {k: _collapsed(v) for k, v in value.items()}
    return value


def _account_scope_only(params: dict[str, Any]) -> None:
    if params.get("resourceArn"):
        # Not AWS's behaviour: AWS also keeps policies on one log group; the emulator does not.
        raise InvalidParameterException("Resource policies scoped to a resource are not supported by the emulator.")
