"""CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from ...aws.arns import build_arn
from ...aws.errors import ValidationException
from .. import on_demand, sse
from ..errors import LimitExceededException, ResourceInUseException, ResourceNotFoundException
from ..global_tables import CURRENT, members, share_settings
from ..table import Table
from ..warm import check_not_lower, described, raised
from . import mrsc, replicas, vector_indexes
from .common import INVALID, check_name, described_table
from .policies import new_policy
from .table_checks import check_create_table, check_gsi, check_throughput

Params = dict[str, Any]


def create_table(provider: Any, ctx: Any, params: Params) -> Params:
    name = params["TableName"]
    check_name(name, arn_allowed=False)
    message = check_create_table(params)
    if not message and "VectorIndexes" in params:
        message = vector_indexes.check_create(params)
    if message:
        raise ValidationException(message)
    store = provider.store
    if store.find(ctx.region, name) is not None:
        raise ResourceInUseException(f"Table already exists: {name}")
    table = Table(ctx.region, _definition(ctx, params), ready_in_s=provider.settings.table_delay_ms / 1000)
    store.add_table(table)
    description = describe(table, created=True, warm="WarmThroughput" in params)
    # AWS's answer shows the table (and its GSIs) being created; DescribeTable shows it ready
    # as soon as it is (at once, without --table-delay-ms).
    description["TableStatus"] = "CREATING"
    for index in description.get("GlobalSecondaryIndexes", []) + description.get("VectorIndexes", []):
        index["IndexStatus"] = "CREATING"
    return {"TableDescription": description}


def _definition(ctx: Any, params: Params) -> Params:
    name = params["TableName"]
    billing = params.get("BillingMode", "PROVISIONED")
    now = round(time.time(), 3)  # AWS's timestamps carry milliseconds, no finer
    definition = {
        "TableName": name,
        "TableArn": build_arn("dynamodb", ctx.region, ctx.account_id, f"table/{name}"),
        "TableId": str(uuid.uuid4()),
        "CreationDateTime": now,
        "KeySchema": params["KeySchema"],
        "AttributeDefinitions": params["AttributeDefinitions"],
        "BillingMode": billing,
        "ProvisionedThroughput": _throughput(params.get("ProvisionedThroughput")),
        "DeletionProtectionEnabled": params.get("DeletionProtectionEnabled", False),
        "Tags": params.get("Tags", []),
    }
    for member in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes", "SSESpecification", "TableClass", "OnDemandThroughput", "WarmThroughput", "VectorIndexes"):
        if member in params:
            definition[member] = params[member]
    stream = params.get("StreamSpecification")
    if stream and stream.get("StreamEnabled"):
        definition["StreamSpecification"] = stream
        definition["LatestStreamLabel"] = stream_label(now)
    if "ResourcePolicy" in params:
        definition["ResourcePolicies"] = {definition["TableArn"]: new_policy(params["ResourcePolicy"])}
    return definition


def _throughput(throughput: Params | None) -> Params:
    throughput = throughput or {}
    return {
        "ReadCapacityUnits": throughput.get("ReadCapacityUnits", 0),
        "WriteCapacityUnits": throughput.get("WriteCapacityUnits", 0),
    }


def stream_label(at: float) -> str:
    return dt.datetime.fromtimestamp(at, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def describe(table: Table, *, created: bool = False, warm: bool = True) -> Params:
    """The TableDescription. CreateTable's (``created``) has no time of the switch to on-demand, and
    WarmThroughput (table and GSIs) only if ``warm``, as AWS's."""
    pay_per_request = table.billing_mode == "PAY_PER_REQUEST"
    sizes = table.sizes()
    out: Params = {
        "AttributeDefinitions": table.attribute_definitions,
        "TableName": table.name,
        "KeySchema": table.keys.elements,
        "TableStatus": table.status,
        "CreationDateTime": table.created_at,
        "ProvisionedThroughput": table.described_throughput(time.time()),
        "TableSizeBytes": sizes[None],
        "ItemCount": table.items.count,
        "TableArn": table.arn,
        "TableId": table.table_id,
        "DeletionProtectionEnabled": table.deletion_protection,
    }
    if pay_per_request or table.billing_changed_at:
        out["BillingModeSummary"] = {"BillingMode": table.billing_mode}
        if not created:
            out["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = table.billing_changed_at or table.created_at
    if table.lsis:
        out["LocalSecondaryIndexes"] = [i.describe(sizes[i.name], pay_per_request) for i in table.lsis]
    if table.gsis:
        out["GlobalSecondaryIndexes"] = [
            i.describe(sizes[i.name], pay_per_request, warm=warm) for i in table.gsis
        ]
    if table.vector_indexes:
        out["VectorIndexes"] = vector_indexes.described(table)
    if table.stream:
        out["StreamSpecification"] = table.stream
    if table.stream_label:
        out["LatestStreamLabel"] = table.stream_label
        out["LatestStreamArn"] = f"{table.arn}/stream/{table.stream_label}"
    if table.global_version == CURRENT:
        out["GlobalTableVersion"] = CURRENT
        out["Replicas"] = replicas.described(table)
        out["GlobalTableSettingsReplicationMode"] = "ENABLED_WITH_OVERRIDES"
        out.update(mrsc.described(table))
    encryption = _encryption(table)
    if encryption:
        out["SSEDescription"] = encryption
    if table.table_class:
        out["TableClassSummary"] = {"TableClass": table.table_class}
    if table.on_demand:
        out["OnDemandThroughput"] = table.on_demand
    if warm:
        out["WarmThroughput"] = described(table.warm)
    return out


def _encryption(table: Table) -> Params | None:
    return sse.described(table.sse, table.region, table.arn.split(":")[4])


def describe_table(provider: Any, ctx: Any, params: Params) -> Params:
    return {"Table": describe(described_table(provider.store, ctx, params["TableName"]))}


def list_tables(provider: Any, ctx: Any, params: Params) -> Params:
    names = sorted(provider.store.tables(ctx.region))
    start = params.get("ExclusiveStartTableName")
    if start is not None:
        names = [n for n in names if n > start]
    limit = params.get("Limit", 100)
    out: Params = {"TableNames": names[:limit]}
    # Like Query's Limit, a page filled to an asked-for Limit names its last table even if none follow.
    if len(names) > limit or (len(names) == limit and "Limit" in params):
        out["LastEvaluatedTableName"] = names[limit - 1]
    return out


def delete_table(provider: Any, ctx: Any, params: Params) -> Params:
    table = described_table(provider.store, ctx, params["TableName"])
    if table.status == "CREATING":
        raise ResourceInUseException(f"Attempt to change a resource which is still in use: Table is being created: {table.name}")
    if table.status == "DELETING":
        raise ResourceInUseException(f"Attempt to change a resource which is still in use: Table is being deleted: {table.name}")
    if table.deletion_protection:
        raise ValidationException(
            "Resource cannot be deleted as it is currently protected against deletion. "
            "Disable deletion protection first."
        )
    replicas.check_removable(table, table.region)
    description = describe(table)
    description["TableStatus"] = "DELETING"
    replicas.leave_group(provider.store, table)
    provider.store.drop_table(table, provider.settings.table_delay_ms / 1000)
    return {"TableDescription": description}


_UPDATABLE = (
    "ProvisionedThroughput",
    "BillingMode",
    "StreamSpecification",
    "GlobalSecondaryIndexUpdates",
    "SSESpecification",
    "ReplicaUpdates",
    "TableClass",
    "DeletionProtectionEnabled",
    "OnDemandThroughput",
    "WarmThroughput",
    "VectorIndexUpdates",
    "MultiRegionConsistency",
    "GlobalTableWitnessUpdates",
)
#: What goes with ReplicaUpdates (which is otherwise alone in a request).
_WITH_REPLICAS = {"MultiRegionConsistency", "GlobalTableWitnessUpdates"}


#: Changes AWS answers with TableStatus UPDATING (OnDemandThroughput, WarmThroughput and deletion
#: protection are answered ACTIVE).
_UPDATING = (
    "ProvisionedThroughput", "StreamSpecification", "GlobalSecondaryIndexUpdates", "SSESpecification", "TableClass",
    "VectorIndexUpdates",
)


def update_table(provider: Any, ctx: Any, params: Params) -> Params:
    table = described_table(provider.store, ctx, params["TableName"])
    if not any(params.get(member) not in (None, []) for member in _UPDATABLE):
        raise ValidationException(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates, "
            "SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, "
            "DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is required"
        )
    if params.get("GlobalSecondaryIndexUpdates") == []:
        raise ValidationException(INVALID + "List of GlobalSecondaryIndexUpdates is empty")
    if table.status != "ACTIVE":
        doing = "created" if table.status == "CREATING" else "deleted"
        raise ResourceInUseException(f"Attempt to change a resource which is still in use: Table is being {doing}: {table.name}")
    _check_combination(params)
    # Check everything before changing anything: a rejected request changes nothing.
    billing = params.get("BillingMode", table.billing_mode)
    _check_billing(table, billing, params)
    gsi_updates = params.get("GlobalSecondaryIndexUpdates") or []
    _check_gsi_updates(table, gsi_updates, params.get("AttributeDefinitions"), billing)
    vector_updates = params.get("VectorIndexUpdates")
    if vector_updates is not None:
        gsi_changes = sum(1 for u in gsi_updates if "Create" in u or "Delete" in u)
        vector_indexes.check_updates(table, vector_updates, params.get("AttributeDefinitions"), billing, gsi_changes)
    elif billing != "PAY_PER_REQUEST" and table.vector_indexes:
        raise ValidationException(vector_indexes.ON_DEMAND_ONLY)
    stream = params.get("StreamSpecification")
    _check_stream(table, stream)
    replica_updates = params.get("ReplicaUpdates") or []
    strong = mrsc.check_update(table, ctx.region, params)
    replicas.check_updates(provider.store, ctx, table, replica_updates, billing, strong=strong)
    if params.get("WarmThroughput"):
        check_not_lower(table.warm, params["WarmThroughput"], "table")

    # Warm throughput never decreases: indexes keep what their old capacity gave.
    for index in table.gsis:
        index.warm = index.warm_throughput(table.billing_mode == "PAY_PER_REQUEST")
    billing_changed = billing != table.billing_mode
    capacity_before = table.throughput
    now = round(time.time(), 3)  # milliseconds, as AWS writes them
    if billing_changed:
        table.billing_mode = billing
        table.billing_changed_at = now
    if "ProvisionedThroughput" in params or billing == "PAY_PER_REQUEST":
        table.set_throughput(_throughput(params.get("ProvisionedThroughput")), now)
    if stream is not None:
        _apply_stream(table, stream)
    encryption_before = _encryption(table)
    for member, attr in (("SSESpecification", "sse"), ("TableClass", "table_class")):
        if member in params:
            setattr(table, attr, params[member])
    on_demand_answer = None
    if "OnDemandThroughput" in params:
        on_demand_answer = on_demand.merged(table.on_demand, params["OnDemandThroughput"])
        table.on_demand = on_demand.kept(on_demand_answer)
    if "DeletionProtectionEnabled" in params:
        table.deletion_protection = params["DeletionProtectionEnabled"]
    table.warm = raised(table.warm, table.warm_floor(), params.get("WarmThroughput"))
    _apply_gsi_updates(table, gsi_updates, params.get("AttributeDefinitions", []))
    delay_s = provider.settings.table_delay_ms / 1000
    if vector_updates:
        vector_indexes.apply_updates(table, vector_updates, params.get("AttributeDefinitions"), delay_s)
    replicas_before = replicas.described(table)
    witnesses_before = mrsc.witnesses(table)
    witness_updates = params.get("GlobalTableWitnessUpdates") or []
    if replica_updates or witness_updates:
        replicas.apply_updates(provider, ctx, table, replica_updates, witness_updates, strong=strong)
    # A global table's indexes are the same in every replica.
    for replica in members(provider.store, table)[1:] if gsi_updates or vector_updates else ():
        _apply_gsi_updates(replica, gsi_updates, params.get("AttributeDefinitions", []))
        if vector_updates:
            vector_indexes.apply_updates(replica, vector_updates, params.get("AttributeDefinitions"), delay_s)
        provider.store.table_changed(replica)
    provider.store.table_changed(table)
    if table.replicated_to and (billing_changed or "ProvisionedThroughput" in params or "TableClass" in params):
        share_settings(provider.store, table)
    description = describe(table)
    if replica_updates:
        # AWS answers while the change runs: the table is global (even as its last replica goes) and
        # lists its replicas as they were (a new one is listed seconds later).
        description.update(
            GlobalTableVersion=CURRENT, Replicas=replicas_before, GlobalTableSettingsReplicationMode="ENABLED_WITH_OVERRIDES",
            MultiRegionConsistency=mrsc.STRONG if strong else "EVENTUAL",
        )
        # Witnesses likewise: a new one is not listed yet, a removed one is DELETING.
        description.pop("GlobalTableWitnesses", None)
        if witnesses_before:
            description["GlobalTableWitnesses"] = mrsc.leaving(witnesses_before, witness_updates)
    # AWS answers these changes with the table UPDATING and a new index CREATING (not backfilled
    # yet); DescribeTable shows them done as soon as they are (at once here).
    if any(params.get(member) is not None for member in _UPDATING) or billing_changed or replica_updates:
        description["TableStatus"] = "UPDATING"
    if "ProvisionedThroughput" in params and not billing_changed:
        # The table keeps its capacity while UPDATING, and AWS answers with it (the increase or
        # decrease already dated): the UpdateTable reference and its sample response.
        description["ProvisionedThroughput"].update(capacity_before)
    if on_demand_answer:
        description["OnDemandThroughput"] = on_demand_answer
    if "SSESpecification" in params:
        description.pop("SSEDescription", None)
        encryption = sse.while_updating(encryption_before, _encryption(table))
        if encryption:
            description["SSEDescription"] = encryption
    created = {u["Create"]["IndexName"] for u in gsi_updates if "Create" in u}
    created.update(u["Create"]["IndexName"] for u in vector_updates or () if u.get("Create"))
    for index in description.get("GlobalSecondaryIndexes", []) + description.get("VectorIndexes", []):
        if index["IndexName"] in created:
            index.update(IndexStatus="CREATING", Backfilling=False)
    return {"TableDescription": description}


#: Changes AWS makes only alone, and its words for each (a catalogue of texts mined from real AWS answers).
_ALONE = (
    ("ReplicaUpdates", "Replica modification must be the only operation in the request"),
    ("SSESpecification", "Server-Side Encryption modification must be the only operation in the request"),
    ("TableClass", "TableClass modification must be the only operation in the request"),
    ("DeletionProtectionEnabled", "DeletionProtection modification must be the only operation in the request"),
)


def _check_combination(params: Params) -> None:
    present = {member for member in _UPDATABLE if params.get(member) is not None}
    if "ReplicaUpdates" in present:
        present -= _WITH_REPLICAS
    for member, message in _ALONE:
        if member in present and len(present) > 1:
            raise ValidationException(INVALID + message)
    creates_or_deletes = bool(params.get("VectorIndexUpdates")) or any(
        "Create" in u or "Delete" in u for u in params.get("GlobalSecondaryIndexUpdates") or ()
    )
    iops = "ProvisionedThroughput" in present
    if iops and "StreamSpecification" in present:
        raise ValidationException(INVALID + "You cannot modify stream status while updating table IOPS")
    if iops and creates_or_deletes:
        raise ValidationException(INVALID + "You cannot create or delete index while updating table IOPS")
    if "StreamSpecification" in present and creates_or_deletes:
        raise ValidationException(INVALID + "You cannot create or delete index while changing stream status")


def _check_billing(table: Table, billing: str, params: Params) -> None:
    throughput = params.get("ProvisionedThroughput")
    if billing == "PAY_PER_REQUEST":
        if throughput:
            raise ValidationException(
                INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
                "PAY_PER_REQUEST"
            )
        return
    if billing != table.billing_mode:
        if not throughput:
            raise ValidationException(INVALID + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
        updated = {u["Update"]["IndexName"] for u in params.get("GlobalSecondaryIndexUpdates") or () if "Update" in u}
        for index in table.gsis:
            if index.name not in updated:
                raise ValidationException(INVALID + f"ProvisionedThroughput must be specified for index: {index.name}")
    if throughput:
        message = check_throughput(billing, throughput)
        if message:
            raise ValidationException(message)
    current = table.throughput
    if table.billing_mode == "PROVISIONED" and throughput == current:
        raise ValidationException(
            "The provisioned throughput for the table will not change. The requested value equals the current value. "
            f"Current ReadCapacityUnits provisioned for the table: {current['ReadCapacityUnits']}. "
            f"Requested ReadCapacityUnits: {throughput['ReadCapacityUnits']}. "
            f"Current WriteCapacityUnits provisioned for the table: {current['WriteCapacityUnits']}. "
            f"Requested WriteCapacityUnits: {throughput['WriteCapacityUnits']}. "
            "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."
        )


_GSI_ACTIONS = ("Create", "Update", "Delete")


def _check_gsi_updates(table: Table, updates: list[Params], definitions: list[Params] | None, billing: str) -> None:
    if sum(1 for u in updates if "Create" in u or "Delete" in u) > 1:
        raise LimitExceededException(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
        )
    defined = list({**table.types, **{d["AttributeName"]: d for d in definitions or ()}})
    seen: set[str] = set()
    for update in updates:
        actions = [kind for kind in _GSI_ACTIONS if update.get(kind) is not None]
        if not actions:
            raise ValidationException(
                INVALID + "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                "GlobalSecondaryIndexUpdate.Delete must not be null"
            )
        if len(actions) > 1:
            raise ValidationException(
                INVALID + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object"
            )
        kind, action = actions[0], update[actions[0]]
        name = action["IndexName"]
        if name in seen:
            raise ValidationException(
                INVALID + f"Only one global secondary index update per index is allowed simultaneously. Index: {name}"
            )
        seen.add(name)
        if kind == "Create":
            _check_gsi_create(table, action, definitions, defined, billing)
        elif name not in table.indexes or not table.indexes[name].is_global:
            raise ResourceNotFoundException(f"Requested resource not found: Index: {name} not found")
        elif kind == "Update" and action.get("ProvisionedThroughput") and billing == "PAY_PER_REQUEST":
            raise ValidationException(
                INVALID + f"The only Updates for index: {name} when TableThroughputMode is PAY_PER_REQUEST can be "
                "to OnDemandThroughput, WarmThroughput"
            )


def _check_gsi_create(
    table: Table, action: Params, definitions: list[Params] | None, defined: list[str], billing: str
) -> None:
    name = action["IndexName"]
    if name in table.indexes:
        raise ValidationException(INVALID + f"Index with name: {name} already exists")
    if definitions is None:
        raise ValidationException(INVALID + f"AttributeDefinitions is not specified for index: {name}")
    if billing != "PAY_PER_REQUEST" and not action.get("ProvisionedThroughput"):
        raise ValidationException(
            INVALID + f"Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: {name}"
        )
    message = check_gsi(action, defined, billing)
    if message:
        raise ValidationException(message)


def _check_stream(table: Table, stream: Params | None) -> None:
    if stream is None:
        return
    if stream.get("StreamEnabled"):
        if table.stream:
            raise ValidationException(f"Table already has an enabled stream: TableName: {table.name}")
        if not stream.get("StreamViewType"):
            raise ValidationException(INVALID + "If stream is being enabled then UpdateViewType is required")
    elif stream.get("StreamViewType"):
        raise ValidationException(INVALID + "If stream is being disabled, then UpdateViewType must not be specified")
    elif not table.stream:
        raise ValidationException(f"Table has no stream to disable: TableName: {table.name}")
    elif table.replicated_to and not table.strong:
        raise ValidationException(INVALID + "Disabling Stream is not allowed for a Global Table replica.")


def _apply_stream(table: Table, stream: Params) -> None:
    if stream.get("StreamEnabled"):
        table.stream = stream
        table.stream_label = stream_label(time.time())
    else:
        table.stream = None


def _apply_gsi_update(table: Table, update: Params) -> None:
    index = table.indexes[update["IndexName"]]
    index.warm = raised(index.warm, update.get("WarmThroughput"))
    if "ProvisionedThroughput" in update:
        index.throughput = update["ProvisionedThroughput"]
    if "OnDemandThroughput" in update:
        index.on_demand = on_demand.kept(on_demand.merged(index.on_demand, update["OnDemandThroughput"]))


def _apply_gsi_updates(table: Table, updates: list[Params], definitions: list[Params]) -> None:
    if not updates:
        return
    offered = {d["AttributeName"]: d for d in definitions}
    for update in updates:
        if "Create" in update:
            for element in update["Create"]["KeySchema"]:
                name = element["AttributeName"]
                if name not in table.types:
                    table.types[name] = offered[name]["AttributeType"]
            index = table.add_index(update["Create"], is_global=True)
            index.rebuild(table.items)
        elif "Delete" in update:
            table.drop_index(update["Delete"]["IndexName"])
        else:
            _apply_gsi_update(table, update["Update"])
    table.attribute_definitions = vector_indexes.defined_attributes(table)
