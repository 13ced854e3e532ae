"""Contributor Insights: UpdateContributorInsights, DescribeContributorInsights, ListContributorInsights.

The emulator keeps each table's and GSI's setting (``Table.insights``, key "" for the table) and
names the CloudWatch rules AWS would create; it gathers no metrics. Enabling is answered
ENABLING and described ENABLED at once (AWS settles in 1-16 s; the ContributorInsightsEnabled
waiter polls every 20 s). What AWS answers is from ack-api-quirks' recordings (DDB-TABLE-089/090/
095/097/161/341/343).
"""

from __future__ import annotations

import time
from typing import Any

from ...aws import markers
from ...aws.errors import ValidationException
from ...aws.wording import raise_for, violation
from ..table import Table
from .common import described_table, raise_not_found

Params = dict[str, Any]

DEFAULT_MODE = "ACCESSED_AND_THROTTLED_KEYS"
DEFAULT_PAGE = 10
_LISTING = "ContributorInsights"


def _target(provider: Any, ctx: Any, params: Params) -> tuple[Table, str]:
    table = described_table(provider.store, ctx, params["TableName"])
    index = params.get("IndexName") or ""
    if index and (index not in table.indexes or not table.indexes[index].is_global):
        raise_not_found(f"Requested resource not found: Index: {index} not found for table: {table.name}")
    return table, index


def _named(table: Table, index: str, out: Params) -> Params:
    head: Params = {"TableName": table.name}
    if index:
        head["IndexName"] = index
    return {**head, **out}


def update_contributor_insights(provider: Any, ctx: Any, params: Params) -> Params:
    table, index = _target(provider, ctx, params)
    setting = table.insights.get(index) or {}
    enabled = setting.get("Status") == "ENABLED"
    if params["ContributorInsightsAction"] == "DISABLE":
        if not enabled:  # nothing to disable: answered DISABLED, nothing changes
            return _named(table, index, {"ContributorInsightsStatus": "DISABLED"})
        table.insights[index] = {**setting, "Status": "DISABLED", "UpdatedAt": time.time()}
        provider.store.table_changed(table)
        return _named(table, index, {"ContributorInsightsStatus": "DISABLING"})
    mode = params.get("ContributorInsightsMode") or setting.get("Mode") or DEFAULT_MODE
    if enabled and mode == setting["Mode"]:
        return _named(table, index, {"ContributorInsightsStatus": "ENABLED", "ContributorInsightsMode": mode})
    now = time.time()
    # A change of mode keeps the rules (and their names' time stamp) that both modes have.
    rules_at = setting["RulesAt"] if enabled else now
    table.insights[index] = {"Status": "ENABLED", "Mode": mode, "UpdatedAt": now, "RulesAt": rules_at}
    provider.store.table_changed(table)
    return _named(table, index, {"ContributorInsightsStatus": "ENABLING", "ContributorInsightsMode": mode})


def describe_contributor_insights(provider: Any, ctx: Any, params: Params) -> Params:
    table, index = _target(provider, ctx, params)
    setting = table.insights.get(index)
    if setting is None:
        return _named(table, index, {"ContributorInsightsStatus": "DISABLED"})
    out: Params = {}
    if setting["Status"] == "ENABLED":
        out["ContributorInsightsRuleList"] = _rules(table, index, setting)
    out.update(
        ContributorInsightsStatus=setting["Status"],
        LastUpdateDateTime=setting["UpdatedAt"],
        ContributorInsightsMode=setting["Mode"],
    )
    return _named(table, index, out)


def _rules(table: Table, index: str, setting: Params) -> list[str]:
    """The rules' names as AWS shows them: partition then sort key, most accessed (C) then most
    throttled (T), stamped with the time of enabling in milliseconds (AWS CLI's sample output)."""
    keys = table.indexes[index].keys if index else table.keys
    parts = ["PK", "SK"] if keys.ranges else ["PK"]
    kinds = "T" if setting.get("Mode") == "THROTTLED_KEYS" else "CT"
    stamp = int(setting["RulesAt"] * 1000)
    return [f"DynamoDBContributorInsights-{part}{kind}-{table.name}-{stamp}" for kind in kinds for part in parts]


def list_contributor_insights(provider: Any, ctx: Any, params: Params) -> Params:
    store = provider.store
    if params.get("TableName"):
        tables = [described_table(store, ctx, params["TableName"])]
    else:
        tables = [table for _, table in sorted(store.tables(ctx.region).items())]
    summaries = []
    for table in tables:
        # The table first, then its GSIs; AWS lists no DISABLED entry.
        for index, setting in sorted(table.insights.items()):
            if setting["Status"] != "DISABLED":
                summary = {"ContributorInsightsStatus": setting["Status"], "ContributorInsightsMode": setting["Mode"]}
                summaries.append(_named(table, index, summary))
    after = None
    if params.get("NextToken"):
        after = markers.decode(_LISTING, params["NextToken"])
        if after is None:
            raise ValidationException("Invalid NextToken")
    size = params.get("MaxResults", DEFAULT_PAGE)
    if size < 1:
        # The model gives no lower bound; the server has one, worded as the model's bounds are (AWS's exact words unknown).
        raise_for([violation(size, "maxResults", "Member must have value greater than or equal to 1")])
    page, last = markers.window(
        summaries, size, after, lambda s: (s["TableName"], s.get("IndexName", ""))
    )
    out: Params = {"ContributorInsightsSummaries": page}
    if last is not None:
        out["NextToken"] = markers.encode(_LISTING, last)
    return out
