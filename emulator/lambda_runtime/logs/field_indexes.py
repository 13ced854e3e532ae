"""Field indexes: Put/Describe/DeleteIndexPolicy and DescribeFieldIndexes.

A group's own index policy (``{"Fields": [...], "FieldsV2": {name: {"type": ...}}}``)
lives and persists with the group; without one, the first account FIELD_INDEX_POLICY
that selects the group applies (PutAccountPolicy's API reference), and
DescribeIndexPolicies shows it with ``source`` ACCOUNT. DescribeFieldIndexes lists
the indexed fields found in the group's events (AWS: "discovered in log data"),
with the times of the first and last event that holds each, and the default
``@logStream`` index every STANDARD group has. The emulator's queries scan
everything: indexes change what is described, not what is found.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from ...aws.context import RequestContext
from .base import InvalidParameterException, LogsOperations
from .insights.fields import discover
from .store import LogGroup, now_ms

FIELD_TYPES = ("FIELD_INDEX", "FACET")
DEFAULT_INDEXES = ("@logStream",)


class FieldIndexOperations(LogsOperations):
    selected_policies: Callable[[str, str, str], list[dict[str, Any]]]

    def put_index_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        indexed_fields(params["policyDocument"])
        group.index_policy = {
            "logGroupIdentifier": group.arn,
            "lastUpdateTime": now_ms(),
            "policyDocument": params["policyDocument"],
            "source": "LOG_GROUP",
        }
        self.store.dirty = True
        return {"indexPolicy": dict(group.index_policy)}

    def delete_index_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, {"logGroupIdentifier": params["logGroupIdentifier"]})
        group.index_policy = None
        self.store.dirty = True
        return {}

    def describe_index_policies(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        policies = []
        for identifier in params["logGroupIdentifiers"]:
            policy = self._index_policy(self._group(ctx, {"logGroupIdentifier": identifier}))
            if policy is not None:
                policies.append(policy)
        return {"indexPolicies": policies}

    def describe_field_indexes(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        categories = set(params.get("indexCategories") or ("DEFAULT", "CUSTOM"))
        found = []
        for identifier in params["logGroupIdentifiers"]:
            group = self._group(ctx, {"logGroupIdentifier": identifier})
            policy = self._index_policy(group)
            fields = indexed_fields(policy["policyDocument"]) if policy else {}
            wanted = {
                **({name: ("FIELD_INDEX", "DEFAULT") for name in DEFAULT_INDEXES} if "DEFAULT" in categories else {}),
                **({name: (kind, "CUSTOM") for name, kind in fields.items()} if "CUSTOM" in categories else {}),
            }
            for name, (first, last) in _event_times(group, set(wanted)).items():
                kind, category = wanted[name]
                found.append({
                    "logGroupIdentifier": identifier, "fieldIndexName": name, "lastScanTime": now_ms(),
                    "firstEventTime": first, "lastEventTime": last, "type": kind, "indexCategory": category,
                })  # fmt: skip
        return {"fieldIndexes": found}

    def _index_policy(self, group: LogGroup) -> dict[str, Any] | None:
        """The group's own policy, else the account policy that selects it, as DescribeIndexPolicies shows them."""
        if group.index_policy is not None:
            return dict(group.index_policy)
        for policy in self.selected_policies(group.region, "FIELD_INDEX_POLICY", group.name):
            return {
                "logGroupIdentifier": group.arn,
                "lastUpdateTime": policy["lastUpdatedTime"],
                "policyDocument": policy["policyDocument"],
                "policyName": policy["policyName"],
                "source": "ACCOUNT",
            }
        return None


def indexed_fields(document: str) -> dict[str, str]:
    """The fields an index policy document indexes, with their types; what AWS refuses is refused."""
    try:
        policy = orjson.loads(document)
    except orjson.JSONDecodeError:
        raise InvalidParameterException("Policy document is not valid JSON.") from None  # Guessed wording.
    listed = policy.get("Fields", []) if isinstance(policy, dict) else None
    typed = policy.get("FieldsV2", {}) if isinstance(policy, dict) else None
    if not isinstance(listed, list) or not isinstance(typed, dict) or not all(isinstance(f, str) for f in listed):
        raise InvalidParameterException("An index policy must hold a Fields list and/or a FieldsV2 object.")  # Guessed.
    fields = dict.fromkeys(listed, "FIELD_INDEX")
    for name, spec in typed.items():
        kind = spec.get("type", "FIELD_INDEX") if isinstance(spec, dict) else None
        if kind not in FIELD_TYPES or name in fields:
            raise InvalidParameterException(f"Invalid field index {name} in FieldsV2.")  # Guessed wording.
        fields[name] = kind
    if not fields:
        raise InvalidParameterException("An index policy must contain at least one field index.")  # Guessed wording.
    return fields


def _event_times(group: LogGroup, names: set[str]) -> dict[str, tuple[int, int]]:
    """For each of ``names`` found in the group's events: the timestamps of the first and last event holding it."""
    times: dict[str, tuple[int, int]] = {}
    log = f"{group.account_id}:{group.name}"
    for stream in group.streams.values():
        for event in stream.events:
            record = discover(log, stream.name, event)
            for name in names.intersection(record):
                first, last = times.get(name, (event[0], event[0]))
                times[name] = (min(first, event[0]), max(last, event[0]))
    return times
