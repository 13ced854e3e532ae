"""Update expressions bound to a request and applied to items.

Every SET value is computed from the item as it was before the update, then the
actions are applied in clause order. The result is a new item; the input item
and everything in it that the update does not touch are shared, never copied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...aws.errors import ValidationException
from ..values import SET_TYPES, AttributeValue, Item, add_numbers, set_members, type_of
from .binding import Binder, check_paths_apart
from .errors import ExpressionError
from .nodes import Arithmetic, Call, Operand, Path, UpdateClauses, ValueRef
from .paths import Parts, get_path, project, remove_path, set_path
from .update_parser import UPDATE_FUNCTIONS

Compute = Callable[[Item], AttributeValue]

MISSING = "The provided expression refers to an attribute that does not exist in the item"
WRONG_TYPE = "An operand in the update expression has an incorrect data type"
#: How ADD and DELETE name the operand types they refuse.
TYPE_WORDS = {
    "S": "STRING",
    "N": "NUMBER",
    "B": "BINARY",
    "NULL": "NULL",
    "BOOL": "BOOLEAN",
    "L": "LIST",
    "M": "MAP",
}


class UpdateExpression:
    """A bound update expression; ``apply`` returns the updated copy of an item."""

    def __init__(self, clauses: UpdateClauses, binder: Binder) -> None:
        # AWS's order: undefined names, undefined values, overlapping paths, ADD/DELETE
        # operands, then function operands.
        _resolve_all(clauses, binder)
        targets = [binder.path(path) for path, _ in clauses.sets]
        removes = [binder.path(path) for path in clauses.removes]
        self.adds = [(binder.path(path), binder.value(value)) for path, value in clauses.adds]
        self.deletes = [(binder.path(path), binder.value(value)) for path, value in clauses.deletes]
        self.updated_paths: tuple[Parts, ...] = (
            *targets,
            *removes,
            *(p for p, _ in self.adds),
            *(p for p, _ in self.deletes),
        )
        check_paths_apart(list(self.updated_paths))
        for operator, actions, allowed in (("ADD", self.adds, {"N"}), ("DELETE", self.deletes, set())):
            for _, value in actions:
                kind = type_of(value)
                if kind in TYPE_WORDS and kind not in allowed:
                    raise ExpressionError(
                        "Incorrect operand type for operator or function; "
                        f"operator: {operator}, operand type: {TYPE_WORDS[kind]}"
                    )
        _check_functions(clauses, binder)
        self.sets = [
            (path, _compile(value, binder)) for path, (_, value) in zip(targets, clauses.sets, strict=True)
        ]
        # Removing list elements by descending index keeps the other indexes valid (paths
        # that are apart never compare an index with a name).
        self.removes = sorted(removes, reverse=True)
        #: Top-level attributes the update sets or removes.
        self.paths: frozenset[str] = frozenset(str(p[0]) for p in self.updated_paths)
        self.updated_attribute_names = self.paths
        self.names_used = binder.names_used
        self.values_used = binder.values_used

    def apply(self, item: Item) -> Item:
        new_values = [(path, compute(item)) for path, compute in self.sets]
        result = item
        for path, value in new_values:
            result = set_path(result, path, value)
        for path in self.removes:
            result = remove_path(result, path)
        for path, value in self.adds:
            result = _add(result, path, value)
        for path, value in self.deletes:
            result = _delete(result, path, value)
        return result

    def updated(self, item: Item) -> Item:
        """The parts of ``item`` this update touches (ReturnValues UPDATED_OLD / UPDATED_NEW)."""
        return project(item, self.updated_paths)


def _operands(operand: Operand) -> Iterator[Operand]:
    yield operand
    if isinstance(operand, Call):
        for arg in operand.args:
            yield from _operands(arg)
    elif isinstance(operand, Arithmetic):
        yield from _operands(operand.left)
        yield from _operands(operand.right)


def _resolve_all(clauses: UpdateClauses, binder: Binder) -> None:
    """AWS reports any undefined name before any undefined value."""
    targets = (
        [p for p, _ in clauses.sets] + list(clauses.removes) + [p for p, _ in clauses.adds + clauses.deletes]
    )
    operands = [o for _, value in clauses.sets for o in _operands(value)]
    for path in targets + [o for o in operands if isinstance(o, Path)]:
        binder.path(path)
    values = [o for o in operands if isinstance(o, ValueRef)]
    for ref in values + [v for _, v in clauses.adds + clauses.deletes]:
        binder.value(ref)


def _check_functions(clauses: UpdateClauses, binder: Binder) -> None:
    for _, value in clauses.sets:
        for operand in _operands(value):
            if isinstance(operand, Arithmetic):
                name, args = operand.op, (operand.left, operand.right)
            elif isinstance(operand, Call):
                name, args = operand.name, operand.args
                if len(args) != UPDATE_FUNCTIONS[name]:
                    raise ExpressionError(
                        "Incorrect number of operands for operator or function; "
                        f"operator or function: {name}, number of operands: {len(args)}"
                    )
                if name == "if_not_exists":
                    if not isinstance(args[0], Path):
                        raise ExpressionError(
                            f"Operator or function requires a document path; operator or function: {name}"
                        )
                    continue
            else:
                continue
            wanted = "L" if name == "list_append" else "N"
            for arg in args:
                if isinstance(arg, ValueRef):
                    kind = type_of(binder.value(arg))
                    if kind != wanted:
                        raise ExpressionError(
                            f"Incorrect operand type for operator or function; operator or function: {name}, operand type: {kind}"
                        )


def _compile(operand: Operand, binder: Binder) -> Compute:
    if isinstance(operand, ValueRef):
        value = binder.value(operand)
        return lambda item: value
    if isinstance(operand, Path):
        parts = binder.path(operand)

        def read(item: Item) -> AttributeValue:
            found = get_path(item, parts)
            if found is None:
                raise ValidationException(MISSING)
            return found

        return read
    if isinstance(operand, Arithmetic):
        left, right = _compile(operand.left, binder), _compile(operand.right, binder)
        subtract = operand.op == "-"

        def arithmetic(item: Item) -> AttributeValue:
            a, b = left(item), right(item)
            if "N" not in a or "N" not in b:
                raise ValidationException(WRONG_TYPE)
            return {"N": add_numbers(a["N"], b["N"], subtract)}

        return arithmetic
    assert isinstance(operand, Call)
    if operand.name == "if_not_exists":
        assert isinstance(operand.args[0], Path)
        parts, fallback = binder.path(operand.args[0]), _compile(operand.args[1], binder)
        return lambda item: get_path(item, parts) or fallback(item)
    first, second = _compile(operand.args[0], binder), _compile(operand.args[1], binder)

    def list_append(item: Item) -> AttributeValue:
        a, b = first(item), second(item)
        if "L" not in a or "L" not in b:
            raise ValidationException(WRONG_TYPE)
        return {"L": a["L"] + b["L"]}

    return list_append


def _add(item: Item, path: Parts, value: AttributeValue) -> Item:
    current = get_path(item, path)
    if current is None:
        return set_path(item, path, value)
    kind = type_of(value)
    if kind not in current:
        raise ValidationException(WRONG_TYPE)
    if kind == "N":
        return set_path(item, path, {"N": add_numbers(current["N"], value["N"])})
    members = set_members(kind, current[kind])
    added = [m for key, m in set_members(kind, value[kind]).items() if key not in members]
    return set_path(item, path, {kind: current[kind] + added}) if added else item


def _delete(item: Item, path: Parts, value: AttributeValue) -> Item:
    current = get_path(item, path)
    if current is None:
        return item
    kind = type_of(value)
    if kind not in current or kind not in SET_TYPES:
        raise ValidationException(WRONG_TYPE)
    removed = set_members(kind, value[kind])
    kept: list[Any] = [m for key, m in set_members(kind, current[kind]).items() if key not in removed]
    if len(kept) == len(current[kind]):
        return item
    return set_path(item, path, {kind: kept}) if kept else remove_path(item, path)
