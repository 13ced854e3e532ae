"""Resource-based policies: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy.

A policy is kept on its table, by resource ARN (the table's, or one of its streams'), with a
revision id. AWS's ids are millisecond timestamps, so later revisions compare greater; putting
the very same document again keeps the revision. Policies are stored, never enforced. Wording
after moto's aws_verified test_dynamodb_resource_policy.py.
"""

from __future__ import annotations

import time
from typing import Any

from ..errors import PolicyNotFoundException, ResourceNotFoundException
from ..table import Table
from .tags_ttl import check_arn

Params = dict[str, Any]

NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: "
#: The ExpectedRevisionId that asks for no policy to be present yet.
NO_POLICY = "NO_POLICY"


def new_policy(document: str, previous: dict[str, str] | None = None) -> dict[str, str]:
    """A policy record with a fresh revision id, later than ``previous``'s."""
    revision = time.time_ns() // 1_000_000
    if previous is not None:
        revision = max(revision, int(previous["RevisionId"]) + 1)
    return {"Policy": document, "RevisionId": str(revision)}


def _table_of(provider: Any, ctx: Any, arn: str) -> Table:
    check_arn(arn)
    name = arn.split(":", 5)[5].split("/")[1]
    table = provider.store.find(ctx.region, arn)
    if table is None or arn not in (table.arn, f"{table.arn}/stream/{table.stream_label}"):
        raise ResourceNotFoundException(f"Requested resource not found: Table: {name} not found")
    return table


def _check_expected(table: Table, current: dict[str, str] | None, expected: str | None, arn: str) -> None:
    if expected is None:
        return
    if expected == NO_POLICY:
        if current is not None:
            raise PolicyNotFoundException(
                f"{NOT_FOUND}Requested policy update expecting none to be present for table {table.name}, "
                f"but a policy exists with revision id {current['RevisionId']}."
            )
        return
    if current is None:
        raise PolicyNotFoundException(NOT_FOUND + arn)
    if current["RevisionId"] != expected:
        raise PolicyNotFoundException(
            f"{NOT_FOUND}Requested update for policy with revision id {expected}, but the policy associated to "
            f"target table {table.name} has revision id {current['RevisionId']}."
        )


def put_resource_policy(provider: Any, ctx: Any, params: Params) -> Params:
    arn = params["ResourceArn"]
    table = _table_of(provider, ctx, arn)
    current = table.policies.get(arn)
    _check_expected(table, current, params.get("ExpectedRevisionId"), arn)
    if current is not None and current["Policy"] == params["Policy"]:
        return {"RevisionId": current["RevisionId"]}
    policy = new_policy(params["Policy"], current)
    table.policies[arn] = policy
    provider.store.table_changed(table)
    return {"RevisionId": policy["RevisionId"]}


def get_resource_policy(provider: Any, ctx: Any, params: Params) -> Params:
    arn = params["ResourceArn"]
    policy = _table_of(provider, ctx, arn).policies.get(arn)
    if policy is None:
        raise PolicyNotFoundException(NOT_FOUND + arn)
    return dict(policy)


def delete_resource_policy(provider: Any, ctx: Any, params: Params) -> Params:
    arn = params["ResourceArn"]
    table = _table_of(provider, ctx, arn)
    current = table.policies.get(arn)
    if current is None:
        raise PolicyNotFoundException(NOT_FOUND + arn)
    _check_expected(table, current, params.get("ExpectedRevisionId"), arn)
    del table.policies[arn]
    provider.store.table_changed(table)
    return {"RevisionId": current["RevisionId"]}
