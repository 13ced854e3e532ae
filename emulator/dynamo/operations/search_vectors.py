"""SearchVectors: the k items of a vector index most similar to a search vector.

AWS's messages quoted here come from its Developer Guide (VectorSearchTroubleshooting) and from
the service's answers as recorded by public projects (eu-west-2 and us-east-1, 2026-08); those
marked "emulator's wording" are guesses where no published source quotes AWS.
"""

from __future__ import annotations

from typing import Any

import orjson

from ...aws.errors import ValidationException
from ..expressions import condition_tree
from ..expressions.nodes import And, Comparison, Path, ValueRef
from ..vectors import MAX_TOP_K, MIN_REQUEST_BYTES, VectorIndex, stored_vector, to_vector
from .common import table_for
from .expr import Expressions

Params = dict[str, Any]
Item = dict[str, Any]

HASH_REQUIRED = "SearchConditionExpression must be provided when SearchSchema has a HASH key"
BAD_COMPARATOR = "Invalid SearchConditionExpression: Invalid comparator used in SearchConditionExpression"
#: For BETWEEN and IN (recorded); OR, NOT and functions are taken to be refused alike.
BAD_OPERATOR = "Invalid SearchConditionExpression: Invalid operator used in SearchConditionExpression"
BAD_VECTOR = (
    "Search vector contains invalid values. All values in the search vector must be a 32-bit floating-point "
    "number attribute"
)


def search_vectors(provider: Any, ctx: Any, params: Params) -> Params:
    top_k = params["TopK"]
    if top_k > MAX_TOP_K:
        raise ValidationException(
            f"Provided TopK value '{top_k}' is out of valid range. The value must be between 1 and {MAX_TOP_K} inclusive"
        )
    expressions = Expressions(params)
    condition = expressions.condition("SearchConditionExpression")
    projection = expressions.projection()
    expressions.check_all_used(condition, projection)
    table = table_for(provider.store, ctx, params)
    name = params["IndexName"]
    index = table.vector_indexes.get(name)
    if index is None:
        raise ValidationException(f"The table does not have the specified index: {name}")
    if index.backfilling:
        raise ValidationException(f"Cannot search backfilling vector index: {name}")
    query = _search_vector(params["SearchVector"], index)
    group = _hash_value(index, params, condition)
    accept = condition.evaluate if condition is not None else None
    found, examined = index.search(query, top_k, group, accept)
    keep_vector = projection is not None and index.attribute in projection.attributes
    results = []
    for score, entry in found:
        item = index.project(orjson.loads(entry.blob))
        if not keep_vector:
            item.pop(index.attribute, None)  # left out unless asked for, even with ProjectionType ALL
        elif index.attribute in item:
            item[index.attribute] = stored_vector(entry.vector)  # the index's f32 copy
        results.append({"Item": projection.apply(item) if projection is not None else item, "Score": score})
    out: Params = {"SearchResults": results}
    if params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
        # Metered on the vector bytes examined in the index (f32: 4 bytes a dimension).
        out["ConsumedCapacity"] = {
            "VectorSearchRequestBytes": float(max(MIN_REQUEST_BYTES, 4 * index.dimensions * examined))
        }
    return out


def _search_vector(values: list[Item], index: VectorIndex) -> Any:
    """The search vector at f32: its values are checked before its length (AWS's order)."""
    vector = to_vector(values)
    if vector is None:
        raise ValidationException(BAD_VECTOR)
    if len(vector) != index.dimensions:
        raise ValidationException(
            f"Input search vector dimension {len(vector)} does not match vector index dimension {index.dimensions}"
        )
    return vector


def _hash_value(index: VectorIndex, params: Params, condition: Any) -> Any:
    """The HASH attribute's value the condition asks for (None if the schema has no HASH), after
    checking that the condition only ANDs equalities of search-schema attributes to values."""
    equalities = _equalities(condition_tree(params["SearchConditionExpression"])) if condition is not None else []
    names = params.get("ExpressionAttributeNames") or {}
    values = condition.values if condition is not None else {}
    found = []
    for path, value in equalities:
        part = str(path.parts[0])
        attribute = names.get(part, part) if part[0] == "#" else part
        if attribute not in index.filter_names:
            raise ValidationException(
                "SearchConditionExpression must not contain any attributes that is not in SearchSchema. "
                f"Invalid attribute: {attribute}"
            )
        found.append((attribute, len(path.parts) > 1, values[value.name]))
    if index.hash is None:
        return None
    name, declared = index.hash
    hashes = [given for attribute, nested, given in found if attribute == name and not nested]
    if not hashes:
        raise ValidationException(HASH_REQUIRED)
    for given in hashes:
        actual = next(iter(given))
        if actual != declared:
            raise ValidationException(
                f"Type of '{name}' attribute in SearchConditionExpression ({actual}) does not match type in search "
                f"schema ({declared})"
            )
        if given[declared] == "" and declared != "N":
            kind = "binary" if declared == "B" else "string"
            raise ValidationException(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
                f"an empty {kind} value. Key: {name}"
            )
    # Two different values ask for no group at all: nothing matches (the condition says so too).
    return hashes[0][declared]


def _equalities(node: Any) -> list[tuple[Path, ValueRef]]:
    """The ``attribute = :value`` conditions an AND of them is made of; any other form is refused."""
    if isinstance(node, And):
        return _equalities(node.left) + _equalities(node.right)
    if not isinstance(node, Comparison):
        raise ValidationException(BAD_OPERATOR)
    left, right = node.left, node.right
    if isinstance(left, ValueRef) and isinstance(right, Path):
        left, right = right, left
    if node.op != "=" or not isinstance(left, Path) or not isinstance(right, ValueRef):
        raise ValidationException(BAD_COMPARATOR)
    return [(left, right)]
