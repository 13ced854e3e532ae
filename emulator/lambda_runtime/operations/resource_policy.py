"""Whole resource-based policy documents: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy.

A function, a version and an alias each have one policy (``$LATEST`` shares the
function's), kept in ``Function.policies`` under the ARN it belongs to. AddPermission
and RemovePermission (``access.py``) edit the same documents a statement at a time, so
a document put here shows in GetPolicy and a later AddPermission adds to it. A
policy's RevisionId is its owner's (the alias's, else the version's), and every
change renews it.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from ...aws.context import RequestContext
from ..errors import (
    InvalidParameterValueException,
    LambdaError,
    PreconditionFailedException,
    ResourceNotFoundException,
    resource_not_found,
)
from ..functions import LATEST, Function, new_revision, policy_statements
from .base import LambdaOperations

NO_POLICY = "No policy is associated with the given resource."
LATEST_REFUSED = "We currently do not support adding policies for $LATEST."
#: The most a policy document may hold (the model's maximum of ``Policy``).
MAX_POLICY_CHARS = 20_480

#: A qualifier that can only be an alias name (not a number, no ``$``).
_ALIAS_NAME = re.compile(r"(?!\d+$)[a-zA-Z0-9-_]+")

# IAM's policy grammar, as far as PutResourcePolicy checks it.
_VERSIONS = ("2012-10-17", "2008-10-17")
_EFFECTS = ("Allow", "Deny")
_STATEMENT_MEMBERS = frozenset(
    {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)
_PRINCIPAL_KINDS = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})
_AWS_PRINCIPAL = re.compile(r"\*|\d{12}|arn:aws[a-zA-Z-]*:(iam|sts)::\d{12}:.+")


class PolicyLengthExceededException(LambdaError):
    status = 400


def check_policy_length(policy: dict[str, Any]) -> None:
    """AddPermission's answer when the policy it would make is too long."""
    size = len(orjson.dumps(policy))
    if size > MAX_POLICY_CHARS:
        raise PolicyLengthExceededException(f"The final policy size ({size}) is bigger than the limit ({MAX_POLICY_CHARS}).")


class ResourcePolicyOperations(LambdaOperations):
    def put_resource_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Replace the resource's policy, statements AddPermission added included."""
        function, qualifier = self._policy_owner(ctx, params["ResourceArn"])
        if qualifier == LATEST:
            raise InvalidParameterValueException(LATEST_REFUSED)
        check_alias(function, qualifier)
        self.registry.version(function, qualifier)  # a version that exists
        document = parse_policy(params["Policy"])
        self._check_revision(params, function, qualifier)
        function.policies[policy_owner(function, qualifier)] = document
        revision = self.renew_policy_revision(function, qualifier)
        self.registry.save()
        return {"Policy": orjson.dumps(document).decode(), "RevisionId": revision}

    def get_resource_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._policy_owner(ctx, params["ResourceArn"])
        return self.policy_answer(function, qualifier)

    def delete_resource_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        function, qualifier = self._policy_owner(ctx, params["ResourceArn"])
        check_alias(function, qualifier)
        owner = policy_owner(function, qualifier)
        if owner not in function.policies:
            raise ResourceNotFoundException(NO_POLICY)
        self._check_revision(params, function, qualifier)
        del function.policies[owner]
        self.renew_policy_revision(function, qualifier)
        self.registry.save()
        return {}

    # -- shared with AddPermission, RemovePermission and GetPolicy ---------------------------

    def policy_answer(self, function: Function, qualifier: str | None) -> dict[str, Any]:
        """GetPolicy's and GetResourcePolicy's answer: the document and its RevisionId."""
        policy = function.policies.get(policy_owner(function, qualifier))
        if policy is None:
            raise resource_not_found()
        return {"Policy": orjson.dumps(policy).decode(), "RevisionId": self.policy_revision(function, qualifier)}

    def policy_revision(self, function: Function, qualifier: str | None) -> str:
        """A policy's RevisionId is its owner's: the alias's, else the version's (``$LATEST`` for the function)."""
        alias = function.aliases.get(qualifier) if qualifier else None
        return alias.revision_id if alias else self.registry.version(function, qualifier).shown_revision_id

    def renew_policy_revision(self, function: Function, qualifier: str | None) -> str:
        """A policy change renews its owner's RevisionId, as AWS does (the code and configuration stay)."""
        alias = function.aliases.get(qualifier) if qualifier else None
        revision = new_revision()
        if alias is not None:
            alias.revision_id = revision
        else:
            self.registry.version(function, qualifier).policy_revision = revision
        return revision

    def _policy_owner(self, ctx: RequestContext, arn: str) -> tuple[Function, str | None]:
        """The function (and qualifier) a ``ResourceArn`` names; the model's pattern also admits
        runtime ARNs, which name no function here."""
        if arn.split(":")[5:6] != ["function"]:
            raise resource_not_found()
        return self.find(ctx, arn)

    def _check_revision(self, params: dict[str, Any], function: Function, qualifier: str | None) -> None:
        if params.get("RevisionId") is not None and params["RevisionId"] != self.policy_revision(function, qualifier):
            raise PreconditionFailedException(
                "The Revision Id provided does not match the latest Revision Id. "
                "Call the GetResourcePolicy API to retrieve the latest Revision Id"
            )


def policy_owner(function: Function, qualifier: str | None) -> str:
    """The ARN a policy belongs to: ``$LATEST`` shares the unqualified function's policy."""
    return f"{function.arn}:{qualifier}" if qualifier and qualifier != LATEST else function.arn


def check_alias(function: Function, qualifier: str | None) -> None:
    """A qualifier that can only be an alias name must name an alias, as AWS words it."""
    if qualifier and _ALIAS_NAME.fullmatch(qualifier) and qualifier not in function.aliases:
        raise ResourceNotFoundException(f"Cannot find alias arn: {function.arn}:{qualifier}")


def parse_policy(text: str) -> dict[str, Any]:
    """A policy document as PutResourcePolicy takes it: a JSON object with one statement or more,
    each with an effect, a principal, actions and resources (IAM's grammar, IAM's words)."""
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise _invalid("Syntax errors in policy.") from None
    if not isinstance(document, dict):
        raise _invalid("Syntax errors in policy.")
    if "Version" in document and document["Version"] not in _VERSIONS:
        raise _invalid("The policy must contain a valid version string")
    statements = document.get("Statement")
    if not statements or not isinstance(statements, dict | list):
        raise _invalid("Missing required field Statement")
    for statement in policy_statements(document):
        _check_statement(statement)
    return document


def _check_statement(statement: Any) -> None:
    if not isinstance(statement, dict):
        raise _invalid("Syntax errors in policy.")
    unknown = sorted(set(statement) - _STATEMENT_MEMBERS)
    if unknown:
        raise _invalid(f"Policy statement has unsupported element {unknown[0]}")
    if statement.get("Effect") not in _EFFECTS:
        raise _invalid(f"Invalid effect: {statement.get('Effect')}" if "Effect" in statement else "Missing required field Effect")
    if "Principal" not in statement and "NotPrincipal" not in statement:
        raise _invalid("Missing required field Principal")
    if not all(_valid_principal(statement[key]) for key in ("Principal", "NotPrincipal") if key in statement):
        raise _invalid("Invalid principal in policy")
    if "Action" not in statement and "NotAction" not in statement:
        raise _invalid("Policy statement must contain actions.")
    if "Resource" not in statement:  # NotResource alone is not taken: a statement names what it covers
        raise _invalid("Policy statement must contain resources.")


def _valid_principal(principal: Any) -> bool:
    """``"*"``, or principals by kind; an account's are ``*``, an account ID or an IAM/STS ARN."""
    if principal == "*":
        return True
    if not isinstance(principal, dict) or not principal or not _PRINCIPAL_KINDS.issuperset(principal):
        return False
    for kind, value in principal.items():
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and v for v in values):
            return False
        if kind == "AWS" and not all(_AWS_PRINCIPAL.fullmatch(v) for v in values):
            return False
    return True


def _invalid(reason: str) -> InvalidParameterValueException:
    return InvalidParameterValueException(f"The policy is invalid: {reason}")
