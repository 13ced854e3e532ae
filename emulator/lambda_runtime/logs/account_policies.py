"""Account-level policies: Put/Describe/DeleteAccountPolicy.

Kept as given, per region and type, with the account id, ``scope`` ALL and the
selection criteria AWS allows for the type (the PutAccountPolicy API reference):
``LogGroupName NOT IN [...]`` for subscription filter policies, ``LogGroupNamePrefix
IN [...]`` for transformer, field index and retention policies (field index policies
may instead name a ``DataSourceName`` and ``DataSourceType``). One data protection
and one subscription filter policy per account; up to 20 transformer and 20 field
index policies, whose prefixes may not overlap.

What the emulator does with them: a transformer policy transforms the events of the
STANDARD groups it selects that have no transformer of their own (``transformers.py``);
a subscription filter policy with a Lambda destination delivers the groups it selects
(``account_subscriptions.py``); a field index policy indexes the fields of the groups it
selects (``field_indexes.py``). The others are kept so that tools that manage them work.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from ...aws.context import RequestContext
from .base import InvalidParameterException, LimitExceededException, ResourceNotFoundException
from .field_indexes import indexed_fields
from .state import ResourceState
from .store import now_ms
from .transform.pipeline import Pipeline, TransformerConfigError, compile_transformer

KIND = "accountPolicies"
ONE_PER_ACCOUNT = frozenset({"DATA_PROTECTION_POLICY", "SUBSCRIPTION_FILTER_POLICY", "METRIC_EXTRACTION_POLICY"})
MAX_SCOPED_POLICIES = 20
#: The selection criteria each policy type accepts (the criterion's name and operator).
_CRITERIA = {
    "SUBSCRIPTION_FILTER_POLICY": ("LogGroupName NOT IN",),
    "TRANSFORMER_POLICY": ("LogGroupNamePrefix IN",),
    "FIELD_INDEX_POLICY": ("LogGroupNamePrefix IN", "DataSourceName"),
    "RETENTION_POLICY": ("LogGroupNamePrefix IN",),
}
_CRITERION = re.compile(r"\s*(LogGroupNamePrefix|LogGroupName)\s+(NOT\s+IN|IN)\s*(\[.*\])\s*$", re.S)


class AccountPolicyOperations:
    resources: ResourceState

    def put_account_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        kind, name = params["policyType"], params["policyName"]
        document = _parse_document(params["policyDocument"])
        if kind == "TRANSFORMER_POLICY":
            policy_transformer(document)
        elif kind == "FIELD_INDEX_POLICY":
            indexed_fields(params["policyDocument"])
        criteria = params.get("selectionCriteria")
        if criteria:
            _check_criteria(kind, criteria)
        policies = self._policies(ctx.region, kind)
        if name not in policies:
            if kind in ONE_PER_ACCOUNT and policies:
                raise LimitExceededException(f"An account can have only one {kind}.")  # Guessed wording.
            if len(policies) >= MAX_SCOPED_POLICIES:
                raise LimitExceededException(f"An account can have at most {MAX_SCOPED_POLICIES} {kind} policies.")  # Guessed.
        if criteria and kind in ("TRANSFORMER_POLICY", "FIELD_INDEX_POLICY"):
            _check_no_overlap(name, criteria, policies)
        policy = {
            "policyName": name,
            "policyDocument": params["policyDocument"],
            "lastUpdatedTime": now_ms(),
            "policyType": kind,
            "scope": params.get("scope") or "ALL",
            **({"selectionCriteria": criteria} if criteria else {}),
            "accountId": ctx.account_id,
        }
        if not params.get("dryRun"):
            policies[name] = policy
            self.resources.save()
        return {"accountPolicy": dict(policy)}

    def describe_account_policies(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """Every policy of the type (or the one named), in the order they were first put; a name that
        matches none answers an empty list, as Terraform's reads expect."""
        policies = list(self._policies(ctx.region, params["policyType"]).values())
        if params.get("policyName"):
            policies = [p for p in policies if p["policyName"] == params["policyName"]]
        accounts = params.get("accountIdentifiers")
        if accounts:
            policies = [p for p in policies if p["accountId"] in accounts]
        return {"accountPolicies": [dict(p) for p in policies]}

    def delete_account_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        policies = self._policies(ctx.region, params["policyType"])
        if params["policyName"] not in policies:
            raise ResourceNotFoundException(f"Policy with name [{params['policyName']}] does not exist.")  # Guessed.
        if not params.get("dryRun"):
            del policies[params["policyName"]]
            self.resources.save()
        return {}

    def _policies(self, region: str, kind: str) -> dict[str, dict[str, Any]]:
        return self.resources.of(region, f"{KIND}:{kind}")

    def selected_policies(self, region: str, kind: str, group_name: str) -> list[dict[str, Any]]:
        """The policies of ``kind`` whose selection criteria take the group ``group_name``."""
        return [p for p in self._policies(region, kind).values() if selects(p.get("selectionCriteria"), group_name)]


def selects(criteria: str | None, group_name: str) -> bool:
    """Whether ``criteria`` (as ``_check_criteria`` accepted it) take a group; data source criteria take none."""
    if not criteria:
        return True
    found = _CRITERION.match(criteria)
    if found is None:
        return False
    field, operator, names = found.group(1), found.group(2), orjson.loads(found.group(3))
    if field == "LogGroupNamePrefix":
        return any(group_name.startswith(prefix) for prefix in names)
    listed = group_name in names
    return not listed if operator.startswith("NOT") else listed


def policy_prefixes(criteria: str | None) -> list[str]:
    found = _CRITERION.match(criteria or "")
    return orjson.loads(found.group(3)) if found and found.group(1) == "LogGroupNamePrefix" else []


def policy_transformer(document: Any) -> Pipeline:
    """The steps of a transformer policy's document: ``{"transformerConfig": [...]}`` (or the bare list)."""
    config = document.get("transformerConfig") if isinstance(document, dict) else document
    if not isinstance(config, list):
        raise InvalidParameterException("A transformer policy must hold a transformerConfig list.")  # Guessed.
    try:
        return compile_transformer(config)
    except TransformerConfigError as problem:
        raise InvalidParameterException(str(problem)) from None


def _parse_document(document: str) -> Any:
    try:
        return orjson.loads(document)
    except orjson.JSONDecodeError:
        raise InvalidParameterException("Policy document is not valid JSON.") from None  # Guessed wording.


def _check_criteria(kind: str, criteria: str) -> None:
    allowed = _CRITERIA.get(kind)
    if allowed is None:
        raise InvalidParameterException(f"Selection criteria is not supported for policy type {kind}.")  # Guessed.
    if "DataSourceName" in allowed and "DataSourceName" in criteria and "DataSourceType" in criteria:
        return
    found = _CRITERION.match(criteria)
    valid = found is not None and f"{found.group(1)} {' '.join(found.group(2).split())}" in allowed
    if valid:
        try:
            names = orjson.loads(found.group(3))  # type: ignore[union-attr]
            valid = isinstance(names, list) and all(isinstance(n, str) for n in names)
        except orjson.JSONDecodeError:
            valid = False
    if not valid:
        raise InvalidParameterException(f"Invalid selection criteria for policy type {kind}: {criteria}")  # Guessed.


def _check_no_overlap(name: str, criteria: str, policies: dict[str, dict[str, Any]]) -> None:
    mine = policy_prefixes(criteria)
    for other in policies.values():
        if other["policyName"] == name:
            continue
        for prefix in policy_prefixes(other.get("selectionCriteria")):
            if any(mine_prefix.startswith(prefix) or prefix.startswith(mine_prefix) for mine_prefix in mine):
                raise InvalidParameterException(
                    f"Selection criteria overlaps with the existing policy {other['policyName']}."  # Guessed wording.
                )
