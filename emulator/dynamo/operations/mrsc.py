"""Multi-Region strong consistency (MRSC): a 2019.11.21 global table set up by one UpdateTable
(``MultiRegionConsistency: STRONG`` with its replicas' Create actions and, optionally, a witness)
in exactly three Regions of one Region set.

The store already copies every write to all replicas before it answers, so a strongly consistent
read in any Region sees the latest write and a conditional write is checked against it: what MRSC
promises. Writes are serialised on one event loop, so two Regions never modify an item at once and
``ReplicatedWriteConflictException`` never arises. What this module adds is the setup rules, the
witness, what DescribeTable shows, and the features such a table refuses (developer guide,
"Multi-Region strong consistency"; the API reference of UpdateTable and GlobalTableWitnessGroupUpdate).

The words of the refusals are ours: AWS documents the rules but not its messages.
"""

from __future__ import annotations

import time
from typing import Any

from ...aws.errors import ValidationException
from ..table import Table

Params = dict[str, Any]

STRONG = "STRONG"
#: Where MRSC global tables may be, by Region set; a table's Regions are all in one set.
REGION_SETS = {
    "US": ("us-east-1", "us-east-2", "us-west-2"),
    "EU": ("eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1"),
    "AP": ("ap-northeast-1", "ap-northeast-2", "ap-northeast-3"),
}
_SET_OF = {region: name for name, regions in REGION_SETS.items() for region in regions}

NEEDS_CREATE = (
    "MultiRegionConsistency is only valid when you create a global table by specifying one or more "
    "Create actions in the ReplicaUpdates action list."
)
THREE_REGIONS = (
    "A global table with multi-Region strong consistency must be deployed in exactly three Regions: "
    "three replicas, or two replicas and one witness."
)
NOT_SUPPORTED = "{} not supported for global tables with multi-Region strong consistency."


def _actions(updates: list[Params], kind: str) -> list[str]:
    return [update[kind]["RegionName"] for update in updates if update.get(kind) is not None]


def witness_region(table: Table) -> str | None:
    return next((region for region, entry in table.replication_group.items() if entry.get("Witness")), None)


def check_update(table: Table, region: str, params: Params) -> bool:
    """Refuse what AWS refuses of MultiRegionConsistency and GlobalTableWitnessUpdates, before
    anything changes; True when the request sets up or dismantles an MRSC global table."""
    consistency = params.get("MultiRegionConsistency")
    replica_updates = params.get("ReplicaUpdates") or []
    witness_updates = params.get("GlobalTableWitnessUpdates") or []
    creates = _actions(replica_updates, "Create")
    witness_creates = _actions(witness_updates, "Create")
    witness_deletes = _actions(witness_updates, "Delete")
    if witness_updates and len(witness_creates) + len(witness_deletes) != 1:
        raise ValidationException("Each witness update must specify exactly one of the Create or Delete actions.")
    if consistency is not None and not creates:
        raise ValidationException(NEEDS_CREATE)
    if table.strong:
        _check_dismantling(table, replica_updates, witness_creates, witness_deletes, creates)
        return True
    if witness_deletes:
        raise ValidationException(
            f"Witness Region {witness_deletes[0]} is not part of the global table {table.name}."
        )
    if consistency != STRONG:
        if witness_creates:
            raise ValidationException(
                "A witness can only be added when creating a global table with MultiRegionConsistency set to STRONG."
            )
        return False
    _check_setup(table, region, creates, witness_creates)
    return True


def _check_setup(table: Table, region: str, creates: list[str], witnesses: list[str]) -> None:
    if table.global_version is not None:
        raise ValidationException("The consistency mode of an existing global table cannot be changed.")
    if table.items.count:
        raise ValidationException(
            "The table must be empty to create a global table with multi-Region strong consistency."
        )
    if table.lsis:
        raise ValidationException(NOT_SUPPORTED.format("Local secondary indexes are"))
    if table.ttl and table.ttl.get("Enabled"):
        raise ValidationException(NOT_SUPPORTED.format("Time to Live is"))
    replicas = {region, *creates}
    if witnesses and witnesses[0] in replicas:
        raise ValidationException(f"The witness Region {witnesses[0]} must be different from the replica Regions.")
    regions = [*sorted(replicas), *witnesses]
    if len(regions) != 3:
        raise ValidationException(THREE_REGIONS)
    unsupported = [r for r in regions if r not in _SET_OF]
    if unsupported:
        raise ValidationException(
            f"Multi-Region strong consistency is not supported in Region {unsupported[0]}. Supported Region sets: "
            + "; ".join(f"{name}: [{', '.join(regions)}]" for name, regions in REGION_SETS.items())
        )
    if len({_SET_OF[r] for r in regions}) > 1:
        raise ValidationException(
            "All Regions of a global table with multi-Region strong consistency must be in the same Region set "
            f"(US, EU or AP): [{', '.join(regions)}]."
        )


def _check_dismantling(
    table: Table, replica_updates: list[Params], witness_creates: list[str], witness_deletes: list[str],
    creates: list[str],
) -> None:
    """An MRSC table takes no new replica or witness; removing members must leave a single-Region
    table (AWS: deleting the witness goes with deleting a replica, which converts the remaining
    replica to a single-Region table)."""
    if creates or witness_creates:
        raise ValidationException(
            "Replicas and witnesses cannot be added to an existing global table with multi-Region strong consistency."
        )
    witness = witness_region(table)
    for region in witness_deletes:
        if region != witness:
            raise ValidationException(f"Witness Region {region} is not part of the global table {table.name}.")
    deletes = _actions(replica_updates, "Delete")
    if any(region not in table.replicated_to for region in deletes):
        return  # no replica of this table: ReplicaUpdates' own checks refuse it
    if not deletes and not witness_deletes:
        return
    if witness_deletes and not deletes:
        raise ValidationException("A witness can only be deleted together with a replica.")
    replicas_left = len(table.replicated_to) + 1 - len(set(deletes))
    witnesses_left = (witness is not None) - len(witness_deletes)
    if replicas_left != 1 or witnesses_left:
        raise ValidationException(
            "Removing Regions from a global table with multi-Region strong consistency must leave a single-Region "
            "table: delete the other replicas"
            + (" and the witness" if witness is not None else "")
            + " in one request."
        )


def mark(group: dict[str, Params], witness_updates: list[Params], delay_s: float) -> None:
    """Make the new group strongly consistent, with its witness (or drop the witness)."""
    now = time.time()
    for update in witness_updates:
        if update.get("Delete") is not None:
            group.pop(update["Delete"]["RegionName"], None)
        else:
            group[update["Create"]["RegionName"]] = {"Witness": True, "ReadyAt": now + delay_s}
    for entry in group.values():
        entry["Consistency"] = STRONG


def witnesses(table: Table) -> list[Params]:
    """GlobalTableWitnesses: the witness CREATING until ``--table-delay-ms`` has passed, then ACTIVE."""
    now = time.time()
    return [
        {"RegionName": region, "WitnessStatus": "CREATING" if now < entry.get("ReadyAt", 0) else "ACTIVE"}
        for region, entry in table.replication_group.items()
        if entry.get("Witness")
    ]


def leaving(before: list[Params], witness_updates: list[Params]) -> list[Params]:
    """The witnesses as UpdateTable answers: those being deleted are DELETING."""
    deleted = set(_actions(witness_updates, "Delete"))
    return [{**w, "WitnessStatus": "DELETING"} if w["RegionName"] in deleted else w for w in before]


def described(table: Table) -> Params:
    """DescribeTable's MultiRegionConsistency (every 2019.11.21 global table) and GlobalTableWitnesses."""
    if not table.strong:
        return {"MultiRegionConsistency": "EVENTUAL"}
    out: Params = {"MultiRegionConsistency": STRONG}
    found = witnesses(table)
    if found:
        out["GlobalTableWitnesses"] = found
    return out


def refuse_transactions(table: Table) -> None:
    if table.strong:
        raise ValidationException(NOT_SUPPORTED.format("Transactions are"))


def refuse_ttl(table: Table) -> None:
    if table.strong:
        raise ValidationException(NOT_SUPPORTED.format("Time to Live is"))
