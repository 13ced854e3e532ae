"""Tags (TagResource, UntagResource, ListTagsOfResource) and the TTL setting.

The TTL sweeper itself belongs to persistence (issue 4); here the setting is
stored on the table and reported.
"""

from __future__ import annotations

import time
from typing import Any

from ...aws.errors import ValidationException
from ..errors import ResourceNotFoundException
from ..global_tables import share_settings
from ..table import Table
from . import mrsc
from .common import described_table

Params = dict[str, Any]


MAX_TAGS = 50
#: How long AWS refuses a further TTL change after one: about 31 minutes (ack-api-quirks DDB-TABLE-143
#: saw a refusal at 1811.6 s and the first success at 1871.7 s; terraform-provider-aws's
#: TestAccDynamoDBTable_TTL_updateDisable waits an hour for it).
TTL_COOLDOWN_S = 31 * 60.0


def check_arn(arn: str) -> None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "dynamodb" or not parts[5].startswith("table/"):
        raise ValidationException(f"Invalid TableArn: Invalid ResourceArn provided as input {arn}")


def _table_of_arn(provider: Any, ctx: Any, arn: str) -> Table:
    check_arn(arn)
    table = provider.store.find(ctx.region, arn)
    if table is None or table.arn != arn.split("/index/")[0].split("/stream/")[0]:
        raise ResourceNotFoundException(f"Requested resource not found: ResourcArn: {arn} not found")
    return table


def tag_resource(provider: Any, ctx: Any, params: Params) -> Params:
    # The tags are checked before the table is looked up (AWS's order and words).
    check_arn(params["ResourceArn"])
    if not params["Tags"]:
        raise ValidationException("Atleast one Tag needs to be provided as Input.")
    for tag in params["Tags"]:
        if tag["Key"].startswith("aws:"):
            raise ValidationException(f"Tag Key cannot be prefixed with aws:, Key: {tag['Key']}")
    table = _table_of_arn(provider, ctx, params["ResourceArn"])
    tags = {**table.tags, **{t["Key"]: t["Value"] for t in params["Tags"]}}
    if len(tags) > MAX_TAGS:
        raise ValidationException("Number of Tags exceed the current limit for the provided ResourceArn")
    table.tags = tags
    provider.store.table_changed(table)
    return {}


def untag_resource(provider: Any, ctx: Any, params: Params) -> Params:
    check_arn(params["ResourceArn"])
    if not params["TagKeys"]:
        raise ValidationException("Atleast one Tag Key needs to be provided as Input.")
    table = _table_of_arn(provider, ctx, params["ResourceArn"])
    table.tags = {k: v for k, v in table.tags.items() if k not in params["TagKeys"]}
    provider.store.table_changed(table)
    return {}


def list_tags_of_resource(provider: Any, ctx: Any, params: Params) -> Params:
    table = _table_of_arn(provider, ctx, params["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in table.tags.items()]}


def describe_time_to_live(provider: Any, ctx: Any, params: Params) -> Params:
    table = described_table(provider.store, ctx, params["TableName"])
    ttl = table.ttl
    if not ttl or not ttl.get("Enabled"):
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": ttl["AttributeName"]}}


def update_time_to_live(provider: Any, ctx: Any, params: Params) -> Params:
    table = described_table(provider.store, ctx, params["TableName"])
    spec = params["TimeToLiveSpecification"]
    if spec["Enabled"]:
        mrsc.refuse_ttl(table)
    enabled = bool(table.ttl and table.ttl.get("Enabled"))
    current = table.ttl["AttributeName"] if enabled else None
    if enabled and spec["AttributeName"] != current:
        raise ValidationException(f"TimeToLive is active on a different AttributeName: current AttributeName is {current}")
    if spec["Enabled"] and enabled:
        raise ValidationException("TimeToLive is already enabled")
    if not spec["Enabled"] and not enabled:
        raise ValidationException("TimeToLive is already disabled")
    now = time.time()
    # The cooldown is checked after the content checks above, as AWS orders them.
    if table.ttl and now < table.ttl.get("ChangedAt", 0.0) + TTL_COOLDOWN_S:
        raise ValidationException("Time to live has been modified multiple times within a fixed interval")
    table.ttl = {"AttributeName": spec["AttributeName"], "Enabled": spec["Enabled"], "ChangedAt": now}
    provider.store.table_changed(table)
    if table.replicated_to:
        share_settings(provider.store, table)
    return {"TimeToLiveSpecification": spec}
