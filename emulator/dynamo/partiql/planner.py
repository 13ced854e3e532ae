"""Which DynamoDB operation answers a parsed statement, with what parameters.

A SELECT whose WHERE clause pins the partition key with ``=`` becomes a
Query (a sort-key condition joins the key condition, the other terms the
filter), one with ``pk IN [...]`` a Query per value; any other SELECT is a
Scan with a filter. UPDATE and DELETE must pin every key attribute; their
other terms become the ConditionExpression.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import ValidationException
from ..keys import KeySchema
from ..operations.common import table_for
from ..values import compare
from .compiler import SET_FUNCTIONS, Expressions, conjuncts, equality
from .nodes import (
    And,
    Arithmetic,
    Between,
    Call,
    Compare,
    Condition,
    Delete,
    Exists,
    In,
    Insert,
    Is,
    Not,
    Operand,
    Or,
    Path,
    Predicate,
    Select,
    Statement,
    Update,
    Value,
)

MISSING_KEY_EQUALITY = "Where clause does not contain a mandatory equality on all key attributes"
_FLIPPED = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_SORT_OPERATORS = frozenset(_FLIPPED)
_RETURNING_TEXT = {"ALL_NEW": "ALL NEW *", "UPDATED_OLD": "MODIFIED OLD *", "UPDATED_NEW": "MODIFIED NEW *"}


@dataclass(frozen=True, slots=True)
class KeyNames:
    """The key attributes of a table or index, with the types the table declares."""

    hash: str
    range: str | None
    types: dict[str, str]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.hash,) if self.range is None else (self.hash, self.range)


@dataclass(slots=True)
class Plan:
    """One provider call: ``operation`` is the provider method's name."""

    operation: str
    params: dict[str, Any]
    #: For INSERT: a failed condition means the key exists already.
    is_insert: bool = False
    table: str = ""
    #: The one item a write (or a single-item read) touches.
    key: dict[str, Any] | None = None


MULTI_ATTRIBUTE_REFUSED = (
    "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys."
)


def check_batch_index_read(provider: Any, ctx: RequestContext, statement: Select) -> None:
    """A batch's read of a GSI with a multi-attribute key is refused ahead of the rule that a batch
    SELECT must name its item's key (dynamodb-conformance tier3 partiqlMultiAttributeIndex)."""
    table = provider.store.find(ctx.region, statement.table)
    index = table.indexes.get(statement.index) if table is not None and statement.index is not None else None
    if index is not None and not isinstance(index.keys, KeySchema):
        raise ValidationException(MULTI_ATTRIBUTE_REFUSED)


def key_names(provider: Any, ctx: RequestContext, table_name: str, index_name: str | None = None) -> KeyNames:
    table = table_for(provider.store, ctx, {"TableName": table_name})
    schema = table.keys
    if index_name is not None:
        index = table.indexes.get(index_name)
        if index is None:
            raise ValidationException("The table does not have the specified index")  # unlike Query, no name
        schema = index.keys
        if not isinstance(schema, KeySchema):
            # After the index is found, ahead of key types and WHERE rules (dynamodb-conformance
            # tier3 partiqlMultiAttributeIndex, eu-west-2 and us-east-1, 2026-10).
            raise ValidationException(MULTI_ATTRIBUTE_REFUSED)
    return KeyNames(schema.hash.name, schema.range.name if schema.range else None, table.types)


def plan_write(provider: Any, ctx: RequestContext, statement: Statement) -> Plan:
    """The single write that answers an INSERT, UPDATE or DELETE."""
    keys = key_names(provider, ctx, statement.table)
    if isinstance(statement, Insert):
        return plan_insert(statement, keys)
    if isinstance(statement, Update):
        return plan_update(statement, keys)
    if isinstance(statement, Delete):
        return plan_delete(statement, keys)
    # EXISTS (SELECTs never come here): a condition check only a transaction can hold.
    raise ValidationException("EXISTS can only be used in ExecuteTransaction write requests.")


# -- SELECT ------------------------------------------------------------------


def plan_reads(statement: Select, keys: KeyNames) -> list[Plan]:
    """The reads that answer a SELECT: one Query or Scan, or a Query per value of ``pk IN [...]``."""
    single = plan_select(statement, keys)
    terms = conjuncts(statement.where)
    listed = next((term for term in terms if _lists_partitions(term, keys.hash)), None)
    if single.operation == "query" or listed is None:
        return [single]
    assert isinstance(listed, In)
    options = {repr(option): option for option in listed.options}.values()
    parts = []
    for option in options:
        pinned = [Compare("=", listed.subject, option) if term is listed else term for term in terms]
        part = plan_select(
            replace(statement, where=And(tuple(pinned)) if len(pinned) > 1 else pinned[0]), keys
        )
        if part.operation != "query":
            return [single]
        parts.append(part)
    return parts


def _lists_partitions(term: Condition, hash_name: str) -> bool:
    return (
        isinstance(term, In)
        and _is_attribute(term.subject, hash_name)
        and all(isinstance(option, Value) for option in term.options)
    )


def plan_select(statement: Select, keys: KeyNames) -> Plan:
    expressions = Expressions()
    params: dict[str, Any] = {"TableName": statement.table}
    if statement.index is not None:
        params["IndexName"] = statement.index
    if statement.projection is not None:
        params["ProjectionExpression"] = ", ".join(expressions.path(path) for path in statement.projection)
    key_terms, filter_terms = _split_key_condition(conjuncts(statement.where), keys)
    if key_terms:
        params["KeyConditionExpression"] = " AND ".join(expressions.condition(term) for term in key_terms)
        if filter_terms:
            params["FilterExpression"] = " AND ".join(
                expressions.condition(term, nested=True) for term in filter_terms
            )
        if statement.ascending is False:
            params["ScanIndexForward"] = False
        operation = "query"
    else:
        if statement.ascending is not None and statement.where is None:
            raise ValidationException("Must have WHERE clause in the statement when using ORDER BY clause.")
        if statement.ascending is not None:
            raise ValidationException(
                "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."
            )
        if statement.where is not None:
            params["FilterExpression"] = expressions.condition(statement.where)
        operation = "scan"
    params.update(expressions.params())
    return Plan(operation, params, table=statement.table)


def single_item_select(in_transaction: bool) -> str:
    """Why a batch or transaction SELECT that does not name one item by its table key is refused."""
    api = "ExecuteTransaction" if in_transaction else "BatchExecuteStatement"
    return f"Select statements within {api} must specify the primary key in the where clause."


def plan_get(statement: Select, keys: KeyNames, *, in_transaction: bool) -> Plan:
    """A SELECT that must read exactly one item by its key (batches and transactions)."""
    try:
        key, rest = _key_of(statement.where, keys)
    except ValidationException:
        rest = [None]
    if rest:
        raise ValidationException(single_item_select(in_transaction))
    expressions = Expressions()
    params: dict[str, Any] = {"TableName": statement.table, "Key": key}
    if statement.projection is not None:
        params["ProjectionExpression"] = ", ".join(expressions.path(path) for path in statement.projection)
    params.update(expressions.params())
    return Plan("get_item", params, table=statement.table, key=key)


def plan_check(statement: Exists, keys: KeyNames) -> Plan:
    """``EXISTS(SELECT ...)`` in a write transaction: the item must exist and match the rest of the WHERE."""
    select = statement.select
    key, rest = _key_of(select.where, keys)
    expressions = Expressions()
    condition = " AND ".join(
        [
            f"attribute_exists({expressions.name(keys.hash)})",
            *(expressions.condition(term, nested=True) for term in rest),
        ]
    )
    params = {"TableName": select.table, "Key": key, "ConditionExpression": condition, **expressions.params()}
    return Plan("condition_check", params, table=select.table, key=key)


def _split_key_condition(terms: list[Condition], keys: KeyNames) -> tuple[list[Condition], list[Condition]]:
    """(key condition terms, filter terms); no key terms means a Scan."""
    hash_term = next((term for term in terms if (found := equality(term)) and found[0] == keys.hash), None)
    if hash_term is None:
        return [], terms
    rest = [term for term in terms if term is not hash_term]
    sort_terms = [term for term in rest if _sort_condition(term, keys.range) is not None]
    range_condition = _sort_range(sort_terms, keys.range)
    filters = (
        [term for term in rest if not any(term is used for used in sort_terms)] if range_condition else rest
    )
    # A Query's filter may not name key attributes: such statements scan instead.
    if any(_attributes(term) & set(keys.all) for term in filters):
        return [], terms
    key_terms = [_oriented(hash_term)]
    if range_condition is not None:
        key_terms.append(range_condition)
    for term in key_terms:
        for name, value in _key_values(term):
            _check_key_value(name, value, keys)
    return key_terms, filters


def _key_values(term: Condition) -> list[tuple[str, dict[str, Any]]]:
    """(key attribute, value) pairs of a key condition term (path first, as ``_sort_condition`` leaves it)."""
    if isinstance(term, Compare):
        operands: tuple[Any, ...] = (term.left, term.right)
    elif isinstance(term, Between):
        operands = (term.subject, term.low, term.high)
    else:
        assert isinstance(term, Predicate)
        operands = term.call.args
    subject = operands[0]
    assert isinstance(subject, Path)
    return [(str(subject.parts[0]), operand.value) for operand in operands[1:] if isinstance(operand, Value)]


def _check_key_value(name: str, value: dict[str, Any], keys: KeyNames) -> None:
    kind = next(iter(value))
    if kind not in ("S", "N", "B"):
        raise ValidationException(f"Key value must be of type S, N, or B. Key name: {name}, Key type: {kind}")
    if kind != keys.types.get(name):
        raise ValidationException(
            f"Key attribute's data type should match its data type in table's schema: Key {name}"
        )


def _sort_range(sort_terms: list[Condition], range_name: str | None) -> Condition | None:
    """The one key condition the sort-key terms make: a single term, or ``>= x AND <= y`` as BETWEEN."""
    conditions = [_sort_condition(term, range_name) for term in sort_terms]
    if len(conditions) == 1:
        return conditions[0]
    if len(conditions) == 2 and all(isinstance(c, Compare) for c in conditions):
        bounds = {c.operator: c for c in conditions}  # type: ignore[union-attr]
        if bounds.keys() == {">=", "<="}:
            low, high = bounds[">="].right, bounds["<="].right
            # An empty range stays two terms (and scans to nothing), as BETWEEN would reject it.
            if isinstance(low, Value) and isinstance(high, Value) and compare(low.value, high.value) != 1:
                return Between(bounds[">="].left, low, high)
    return None


def _sort_condition(term: Condition, range_name: str | None) -> Condition | None:
    """``term`` as a key condition on the sort key, path first; None if it is not one."""
    if range_name is None:
        return None
    if isinstance(term, Compare) and term.operator in _SORT_OPERATORS:
        oriented = _oriented(term)
        if _is_attribute(oriented.left, range_name) and isinstance(oriented.right, Value):
            return oriented
    if (
        isinstance(term, Between)
        and _is_attribute(term.subject, range_name)
        and isinstance(term.low, Value)
        and isinstance(term.high, Value)
    ):
        return term
    if isinstance(term, Predicate) and term.call.name == "begins_with" and len(term.call.args) == 2:
        subject, prefix = term.call.args
        if _is_attribute(subject, range_name) and isinstance(prefix, Value):
            return term
    return None


def _oriented(term: Condition) -> Compare:
    assert isinstance(term, Compare)
    if isinstance(term.left, Value) and isinstance(term.right, Path):
        return Compare(_FLIPPED[term.operator], term.right, term.left)
    return term


def _is_attribute(operand: Operand, name: str) -> bool:
    return isinstance(operand, Path) and operand.attribute == name


def _attributes(node: Condition | Operand) -> set[str]:
    """Top-level attribute names a condition or operand refers to."""
    if isinstance(node, Path):
        return {str(node.parts[0])}
    if isinstance(node, Value):
        return set()
    if isinstance(node, Call):
        children: tuple[Any, ...] = node.args
    elif isinstance(node, Arithmetic | Compare):
        children = (node.left, node.right)
    elif isinstance(node, Between):
        children = (node.subject, node.low, node.high)
    elif isinstance(node, In):
        children = (node.subject, *node.options)
    elif isinstance(node, Is):
        children = (node.subject,)
    elif isinstance(node, Predicate):
        children = (node.call,)
    elif isinstance(node, Not):
        children = (node.inner,)
    else:
        assert isinstance(node, And | Or)
        children = node.items
    return set().union(*(_attributes(child) for child in children))


# -- writes ------------------------------------------------------------------


def plan_insert(statement: Insert, keys: KeyNames) -> Plan:
    expressions = Expressions()
    condition = f"attribute_not_exists({expressions.name(keys.hash)})"
    params = {"TableName": statement.table, "Item": statement.item, "ConditionExpression": condition}
    params.update(expressions.params())
    key = {name: statement.item[name] for name in keys.all if name in statement.item}
    return Plan("put_item", params, is_insert=True, table=statement.table, key=key)


def plan_update(statement: Update, keys: KeyNames) -> Plan:
    key, rest = _key_of(statement.where, keys)
    expressions = Expressions()
    clauses: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
    for target, value in statement.sets:
        path = expressions.path(target)
        if isinstance(value, Call) and value.name in SET_FUNCTIONS:
            # AWS's words and positions (dynamodb-conformance tier3 partiqlFunctions, four regions).
            function = value.name.upper()
            if len(value.args) != 2:
                raise ValidationException(f"{function} must have exactly two arguments at {value.at}")
            if value.args[0] != target:
                raise ValidationException(f"The first argument to {function} must equal the assignment value at {value.at}")
            added = value.args[1]
            if isinstance(added, Value) and not any(kind in added.value for kind in ("SS", "NS", "BS")):
                raise ValidationException(f"The second argument to {function} must be a value with type SET at {value.first_at}")
            clauses[SET_FUNCTIONS[value.name]].append(f"{path} {expressions.operand(value.args[1])}")
        else:
            clauses["SET"].append(f"{path} = {expressions.operand(value)}")
    clauses["REMOVE"].extend(expressions.path(target) for target in statement.removes)
    update = " ".join(f"{clause} {', '.join(actions)}" for clause, actions in clauses.items() if actions)
    # UPDATE changes an existing item only.
    condition = " AND ".join(
        [
            f"attribute_exists({expressions.name(keys.hash)})",
            *(expressions.condition(term, nested=True) for term in rest),
        ]
    )
    params: dict[str, Any] = {
        "TableName": statement.table,
        "Key": key,
        "UpdateExpression": update,
        "ConditionExpression": condition,
        **expressions.params(),
    }
    if statement.returning is not None:
        params["ReturnValues"] = statement.returning
    return Plan("update_item", params, table=statement.table, key=key)


def plan_delete(statement: Delete, keys: KeyNames) -> Plan:
    key, rest = _key_of(statement.where, keys)
    params: dict[str, Any] = {"TableName": statement.table, "Key": key}
    if rest:
        expressions = Expressions()
        params["ConditionExpression"] = " AND ".join(
            expressions.condition(term, nested=True) for term in rest
        )
        params.update(expressions.params())
    if statement.returning is not None:
        if statement.returning != "ALL_OLD":
            raise ValidationException(
                f"Invalid returning clause: RETURNING {_RETURNING_TEXT[statement.returning]}. "
                "Only RETURNING ALL OLD * is allowed in DELETE statements."
            )
        params["ReturnValues"] = "ALL_OLD"
    return Plan("delete_item", params, table=statement.table, key=key)


def _key_of(where: Condition | None, keys: KeyNames) -> tuple[dict[str, Any], list[Condition]]:
    """The item key pinned by ``where`` and its remaining terms."""
    terms = conjuncts(where)
    key: dict[str, Any] = {}
    used: list[Condition] = []
    for name in keys.all:
        for term in terms:
            found = equality(term)
            if found is not None and found[0] == name:
                break
        else:
            raise ValidationException(MISSING_KEY_EQUALITY)
        value = found[1]
        _check_key_value(name, value, keys)
        key[name] = value
        used.append(term)
    return key, [term for term in terms if not any(term is u for u in used)]
