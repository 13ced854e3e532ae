"""Vector indexes in CreateTable, UpdateTable (VectorIndexUpdates) and DescribeTable.

Messages quoted from AWS (its Developer Guide's vector-index troubleshooting page, and
a field guide that reproduces the service's strings) are marked so; the others are
this emulator's wording where no published source quotes AWS's.
"""

from __future__ import annotations

import time
from typing import Any

from ...aws.errors import ValidationException
from ..errors import LimitExceededException, ResourceNotFoundException
from ..table import Table
from ..vectors import MAX_DIMENSIONS, MAX_INLINE_FILTERS, MAX_VECTOR_INDEXES
from .common import INVALID
from .table_checks import SCHEMA_UNDEFINED, check_projection

Params = dict[str, Any]

#: AWS's words (reproduced from the service); a GSI create or delete counts toward the same one.
ONE_AT_A_TIME = "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table"
# The other refusals below are AWS's words as recorded from the service (eu-west-2 and us-east-1,
# 2026-08) by the dynoxide project.
ON_DEMAND_ONLY = INVALID + "Vector indexes are only supported for PAY_PER_REQUEST tables"
TOO_MANY = INVALID + f"VectorIndex count exceeds the per-table limit of {MAX_VECTOR_INDEXES}"


def search_schema_names(index: Params) -> list[str]:
    return [e["AttributeName"] for e in index.get("SearchSchema") or ()]


def check_vector_index(index: Params, defined: list[str] | dict[str, Any]) -> str | None:
    """One vector index's definition against the attributes defined; a message or None."""
    names = search_schema_names(index)
    if any(attr not in defined for attr in names):
        return SCHEMA_UNDEFINED
    if len(set(names)) != len(names):
        return INVALID + "SearchSchema contains a duplicate AttributeName"
    kinds = [e["SearchSchemaElementType"] for e in index.get("SearchSchema") or ()]
    if kinds.count("HASH") > 1:
        return (
            INVALID + f"Value '{kinds.count('HASH')}' at 'SearchSchema' failed to satisfy constraint: "
            "Member must have HASH count less than or equal to 1"
        )
    if kinds.count("INLINE_FILTER") > MAX_INLINE_FILTERS:  # emulator's wording, after the HASH count's
        return (
            INVALID + f"Value '{kinds.count('INLINE_FILTER')}' at 'SearchSchema' failed to satisfy constraint: "
            f"Member must have INLINE_FILTER count less than or equal to {MAX_INLINE_FILTERS}"
        )
    if index["Dimensions"] > MAX_DIMENSIONS:
        return INVALID + f"Number of dimensions must be between 1 and {MAX_DIMENSIONS} inclusive."
    attribute = index["VectorAttribute"]["AttributeName"]
    if attribute in defined:
        return (
            INVALID + f"Conflicting attribute definition for '{attribute}'. An attribute cannot be defined in "
            "AttributeDefinitions when used as a VectorAttribute."
        )
    return check_projection(index["Projection"])


def check_create(params: Params) -> str | None:
    """CreateTable's VectorIndexes, once its other members passed ``check_create_table``."""
    indexes = params["VectorIndexes"]
    billing = params.get("BillingMode", "PROVISIONED")
    defined = [a["AttributeName"] for a in params["AttributeDefinitions"]]
    seen = {i["IndexName"] for member in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes") for i in params.get(member) or ()}
    if not indexes:
        return INVALID + "List of VectorIndexes is empty"
    if billing != "PAY_PER_REQUEST":
        return ON_DEMAND_ONLY
    if len(indexes) > MAX_VECTOR_INDEXES:
        return TOO_MANY
    dimensions: dict[str, int] = {}
    for index in indexes:
        name = index["IndexName"]
        message = check_vector_index(index, defined) or _check_same_dimensions(index, dimensions)
        if message:
            return message
        if name in seen:
            return INVALID + f"Duplicate index name: {name}"
        seen.add(name)
    return None


def _check_same_dimensions(index: Params, dimensions: dict[str, int]) -> str | None:
    """Indexes of one vector attribute share its dimensions."""
    attribute = index["VectorAttribute"]["AttributeName"]
    if dimensions.setdefault(attribute, index["Dimensions"]) != index["Dimensions"]:
        return (
            INVALID + f"Conflicting attribute definition for '{attribute}'. All VectorIndexes on the same vector "
            "attribute must use the same dimensions."
        )
    return None


def check_updates(table: Table, updates: list[Params], definitions: list[Params] | None, billing: str, gsi_changes: int) -> None:
    """UpdateTable's VectorIndexUpdates, checked before anything changes; ``gsi_changes``: GSIs
    created or deleted by the same request."""
    if not updates:
        raise ValidationException(INVALID + "List of VectorIndexUpdates is empty")
    if len(updates) + gsi_changes > 1:
        raise LimitExceededException(ONE_AT_A_TIME)
    update = updates[0]
    actions = [kind for kind in ("Create", "Delete") if update.get(kind) is not None]
    if len(actions) != 1:
        raise ValidationException(
            INVALID + "Exactly one of VectorIndexUpdate.Create, VectorIndexUpdate.Delete must be specified"
        )
    action = update[actions[0]]
    name = action["IndexName"]
    if actions[0] == "Delete":
        if name not in table.vector_indexes:
            raise ResourceNotFoundException(f"Requested resource not found: Index: {name} not found")
        return
    if name in table.indexes or name in table.vector_indexes:
        raise ValidationException(INVALID + f"Index with name: {name} already exists")
    if billing != "PAY_PER_REQUEST":
        raise ValidationException(ON_DEMAND_ONLY)
    # The request's own AttributeDefinitions must declare the search schema: AWS does not merge the
    # table's (measured by a public project against AWS, 2026-08).
    defined = [d["AttributeName"] for d in definitions or ()]
    dimensions = {v.attribute: v.dimensions for v in table.vector_indexes.values()}
    message = check_vector_index(action, defined) or _check_same_dimensions(action, dimensions)
    if message:
        raise ValidationException(message)
    if len(table.vector_indexes) >= MAX_VECTOR_INDEXES:
        raise ValidationException(TOO_MANY)


def apply_updates(table: Table, updates: list[Params], definitions: list[Params] | None, delay_s: float) -> None:
    """Create or delete the index an update names. A new index is built at once, and reported
    backfilling (searches refused) for ``delay_s`` (``--table-delay-ms``) as AWS does for minutes."""
    for update in updates:
        if update.get("Delete") is not None:
            table.drop_vector_index(update["Delete"]["IndexName"])
            continue
        action = update["Create"]
        offered = {d["AttributeName"]: d["AttributeType"] for d in definitions or ()}
        for name in search_schema_names(action):
            table.types.setdefault(name, offered.get(name, ""))
        index = table.add_vector_index({**action, "FromUpdate": True})
        index.rebuild(table.keyed_items())
        if delay_s > 0:
            index.ready_at = time.time() + delay_s
    table.attribute_definitions = defined_attributes(table)


def defined_attributes(table: Table) -> list[Params]:
    """AttributeDefinitions as AWS keeps them: exactly the key attributes of the table, its
    indexes and its vector indexes' search schemas."""
    used = dict.fromkeys(table.keys.names)
    for index in table.indexes.values():
        used.update(dict.fromkeys(index.keys.names))
    for vector in table.vector_indexes.values():
        used.update(dict.fromkeys(vector.filter_names))
    return [{"AttributeName": n, "AttributeType": table.types[n]} for n in used]


def described(table: Table) -> list[Params]:
    """VectorIndexes of a TableDescription."""
    creating = table.status == "CREATING"
    return [index.describe(creating) for index in table.vector_indexes.values()]
