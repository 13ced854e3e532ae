"""SearchVectors: the k items of a vector index most similar to a search vector.

AWS's messages quoted here come from its Developer Guide (VectorSearchTroubleshooting) and
a field guide that reproduces the service's strings; those marked "emulator's wording" are
guesses where no published source quotes AWS.
"""

from __future__ import annotations

from typing import Any

import orjson

from ...aws.errors import ValidationException
from ..expressions import condition_tree
from ..expressions.nodes import And, Comparison, Path, ValueRef
from ..vectors import MAX_TOP_K, MIN_REQUEST_BYTES, VectorIndex, to_vector
from .common import INVALID, table_for
from .expr import Expressions

Params = dict[str, Any]
Item = dict[str, Any]

HASH_REQUIRED = "SearchConditionExpression must be provided when SearchSchema has a HASH key"
BAD_COMPARATOR = "Invalid SearchConditionExpression: Invalid comparator used in SearchConditionExpression"


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
        results.append({"Item": projection.apply(item) if projection is not None else item, "Score": score})
    out: Params = {"SearchResults": results}
    if params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
        # Metered on the vector bytes examined in the index (f32: 4 bytes a dimension).
        out["ConsumedCapacity"] = {
            "VectorSearchRequestBytes": float(max(MIN_REQUEST_BYTES, 4 * index.dimensions * examined))
        }
    return out


def _search_vector(values: list[Item], index: VectorIndex) -> Any:
    if len(values) != index.dimensions:
        raise ValidationException(
            f"Input search vector dimension {len(values)} does not match vector index dimension {index.dimensions}"
        )
    vector = to_vector(values)
    if vector is None:  # emulator's wording
        raise ValidationException(INVALID + "SearchVector must be a list of 32-bit floating point numbers (N)")
    return vector


def _hash_value(index: VectorIndex, params: Params, condition: Any) -> Any:
    """The HASH attribute's value the condition asks for (None if the schema has no HASH), after
    checking that the condition only ANDs equalities of search-schema attributes to values."""
    equalities = _equalities(condition_tree(params["SearchConditionExpression"])) if condition is not None else []
    names = params.get("ExpressionAttributeNames") or {}
    values = condition.values if condition is not None else {}
    wanted = None
    for path, value in equalities:
        if len(path.parts) > 1:  # emulator's wording
            raise ValidationException(
                "Invalid SearchConditionExpression: Only top-level attributes can be used in SearchConditionExpression"
            )
        part = str(path.parts[0])
        attribute = names.get(part, part) if part[0] == "#" else part
        declared = index.filter_names.get(attribute)
        if declared is None:  # emulator's wording
            raise ValidationException(
                f"Invalid SearchConditionExpression: Attribute {attribute} is not in the SearchSchema of vector index "
                f"{index.name}"
            )
        given = values[value.name]
        if declared not in given:  # Query's words for a key value of another type
            raise ValidationException(INVALID + "Condition parameter type does not match schema type")
        if index.hash is not None and attribute == index.hash[0]:
            wanted = given[declared]
    if index.hash is not None and wanted is None:
        raise ValidationException(HASH_REQUIRED)
    return wanted


def _equalities(node: Any) -> list[tuple[Path, ValueRef]]:
    """The ``attribute = :value`` conditions an AND of them is made of; any other form is refused."""
    if isinstance(node, And):
        return _equalities(node.left) + _equalities(node.right)
    if isinstance(node, Comparison) and node.op == "=":
        left, right = node.left, node.right
        if isinstance(left, ValueRef) and isinstance(right, Path):
            left, right = right, left
        if isinstance(left, Path) and isinstance(right, ValueRef):
            return [(left, right)]
    raise ValidationException(BAD_COMPARATOR)
