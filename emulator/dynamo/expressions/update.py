"""Update expressions compiled into plans, and bound updates applied to items.

Every SET value is computed from the item as it was before the update, then the
actions are applied in clause order. The result is a new item; the input item
and everything in it that the update does not touch are shared, never copied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ...aws.errors import ValidationException
from ..values import SET_TYPES, AttributeValue, Item, add_numbers, set_members, type_of, value_size
from .binding import Compiler, Values, paths_apart_error
from .errors import ExpressionError
from .nodes import Arithmetic, Call, Operand, Path, UpdateClauses, ValueRef
from .parser import UPDATE_FUNCTIONS
from .paths import Parts, check_parent, get_path, project, remove_path, set_path

Compute = Callable[[Item, Values], AttributeValue]

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


@dataclass(frozen=True, slots=True)
class UpdatePlan:
    sets: tuple[tuple[Parts, Compute], ...]
    #: By descending path, so removing list elements keeps the other indexes valid.
    removes: tuple[Parts, ...]
    adds: tuple[tuple[Parts, str], ...]
    deletes: tuple[tuple[Parts, str], ...]
    updated_paths: tuple[Parts, ...]
    paths: frozenset[str]
    #: What the statement costs against the 400 KB limit: a constant, the placeholders whose
    #: values count at each use, and the ADDs whose added members count (see ``mutation_size``).
    charge: tuple[int, tuple[str, ...], tuple[tuple[Parts, str], ...]] = (0, (), ())


class UpdateExpression:
    """An update bound to a request's values; ``apply`` returns the updated copy of an item."""

    __slots__ = ("plan", "values", "names_used", "values_used", "nested")

    def __init__(
        self,
        plan: UpdatePlan,
        values: Values,
        names_used: frozenset[str],
        values_used: frozenset[str],
        nested: frozenset[str] = frozenset(),
    ):
        self.plan = plan
        self.values = values
        self.names_used = names_used
        self.values_used = values_used
        #: Top-level attributes whose insides it reads or writes (``a`` of ``SET a.b = c[0]``, ``c`` too).
        self.nested = nested

    @property
    def paths(self) -> frozenset[str]:
        """Top-level attributes the update sets or removes."""
        return self.plan.paths

    @property
    def updated_attribute_names(self) -> frozenset[str]:
        return self.plan.paths

    def mutation_size(self, old: Item | None) -> int:
        """What UpdateItem weighs against the 400 KB limit besides the finished item: the
        statement, not the item (dynamodb-conformance's itemSizeBySurface, bisected on eu-west-2):
        3, plus per SET 19, the target and its value (a placeholder at its size at every use, a
        path 1 + 14 and the element per element, ``+`` 34, ``-`` 37, if_not_exists 39,
        list_append 37, plus operands); per ADD 19, the target and what it adds (for a set, only
        new members); per REMOVE or DELETE 1 and the target. A target is its first name plus 4
        and the element for each later element. So a short key lowers the ceiling."""
        constant, placeholders, adds = self.plan.charge
        values = self.values
        total = constant + sum(value_size(values[name]) for name in placeholders)
        for path, name in adds:
            value = values[name]
            kind = type_of(value)
            if kind in SET_TYPES:
                present = get_path(old, path) if old is not None else None
                have = set_members(kind, present[kind]) if present is not None and type_of(present) == kind else {}
                added = set_members(kind, value[kind])
                total += sum(value_size({kind: [m]}) for k, m in added.items() if k not in have)
            else:
                total += value_size(value)
        return total

    def apply(self, item: Item) -> Item:
        plan, values = self.plan, self.values
        new_values = [(path, compute(item, values)) for path, compute in plan.sets]
        result = item
        for path, value in new_values:
            result = set_path(result, path, value)
        for path in plan.removes:
            result = remove_path(result, path)
        for path, name in plan.adds:
            result = _add(result, path, values[name])
        for path, name in plan.deletes:
            result = _delete(result, path, values[name])
        return result

    def updated(self, item: Item) -> Item:
        """The parts of ``item`` this update touches (ReturnValues UPDATED_OLD / UPDATED_NEW)."""
        return project(item, self.plan.updated_paths)


def compile_update(clauses: UpdateClauses, compiler: Compiler) -> UpdatePlan:
    """AWS's order: undefined names, undefined values, overlapping paths, ADD/DELETE operands,
    then function operands."""
    set_paths, operands = [], []
    for target, value in clauses.sets:
        set_paths.append(compiler.path(target))
        for operand in _operands(value):
            operands.append(operand)
            if isinstance(operand, Path):
                compiler.path(operand)
    removes = [compiler.path(p) for p in clauses.removes]
    add_paths = [compiler.path(p) for p, _ in clauses.adds]
    delete_paths = [compiler.path(p) for p, _ in clauses.deletes]
    for operand in operands:
        if isinstance(operand, ValueRef):
            compiler.value(operand)
    add_values = [compiler.value(v) for _, v in clauses.adds]
    delete_values = [compiler.value(v) for _, v in clauses.deletes]
    updated_paths = (*set_paths, *removes, *add_paths, *delete_paths)
    # AWS names overlapping or conflicting paths in the order the sections are written.
    by_section = {"SET": set_paths, "REMOVE": removes, "ADD": add_paths, "DELETE": delete_paths}
    apart = paths_apart_error([path for section in clauses.order for path in by_section[section]])
    if apart:
        compiler.fail(apart)
    for operator, names, allowed in (("ADD", add_values, "N"), ("DELETE", delete_values, "")):
        compiler.check(_operand_check(operator, names, allowed))
    _check_functions(operands, compiler)
    sets = tuple(
        (path, _compile(value, compiler)) for path, (_, value) in zip(set_paths, clauses.sets, strict=True)
    )
    return UpdatePlan(
        charge=_charge(clauses, set_paths, removes, add_paths, delete_paths, compiler),
        sets=sets,
        removes=tuple(sorted(removes, reverse=True)),
        adds=tuple(zip(add_paths, add_values, strict=True)),
        deletes=tuple(zip(delete_paths, delete_values, strict=True)),
        updated_paths=updated_paths,
        paths=frozenset(str(p[0]) for p in updated_paths),
    )


def _element_bytes(element: str | int) -> int:
    return len(str(element)) if isinstance(element, int) else len(element.encode())


def _target_bytes(path: Parts) -> int:
    return _element_bytes(path[0]) + sum(4 + _element_bytes(e) for e in path[1:])


def _operand_charge(operand: Operand, compiler: Compiler, placeholders: list[str]) -> int:
    if isinstance(operand, ValueRef):
        placeholders.append(operand.name)
        return 0
    if isinstance(operand, Path):
        return 1 + sum(14 + _element_bytes(e) for e in compiler.path(operand))
    if isinstance(operand, Arithmetic):
        left = _operand_charge(operand.left, compiler, placeholders)
        return (34 if operand.op == "+" else 37) + left + _operand_charge(operand.right, compiler, placeholders)
    cost = 39 if operand.name == "if_not_exists" else 37
    return cost + sum(_operand_charge(arg, compiler, placeholders) for arg in operand.args)


def _charge(
    clauses: UpdateClauses,
    set_paths: list[Parts],
    removes: list[Parts],
    add_paths: list[Parts],
    delete_paths: list[Parts],
    compiler: Compiler,
) -> tuple[int, tuple[str, ...], tuple[tuple[Parts, str], ...]]:
    placeholders: list[str] = []
    constant = 3
    for path, (_, value) in zip(set_paths, clauses.sets, strict=True):
        constant += 19 + _target_bytes(path) + _operand_charge(value, compiler, placeholders)
    constant += sum(19 + _target_bytes(path) for path in add_paths)
    constant += sum(1 + _target_bytes(path) for path in (*removes, *delete_paths))
    adds = tuple((path, value.name) for path, (_, value) in zip(add_paths, clauses.adds, strict=True))
    return constant, tuple(placeholders), adds


def _operand_check(operator: str, names: list[str], allowed: str) -> Callable[[Values], None]:
    def check(values: Values) -> None:
        for name in names:
            kind = type_of(values[name])
            if kind in TYPE_WORDS and kind != allowed:
                raise ExpressionError(
                    "Incorrect operand type for operator or function; "
                    f"operator: {operator}, operand type: {TYPE_WORDS[kind]}, typeSet: ALLOWED_FOR_{operator}_OPERAND"
                )

    return check


def _operands(operand: Operand) -> Iterator[Operand]:
    yield operand
    if isinstance(operand, Call):
        for arg in operand.args:
            yield from _operands(arg)
    elif isinstance(operand, Arithmetic):
        yield from _operands(operand.left)
        yield from _operands(operand.right)


def _check_functions(operands: list[Operand], compiler: Compiler) -> None:
    for operand in operands:
        if isinstance(operand, Arithmetic):
            name, args = operand.op, (operand.left, operand.right)
        elif isinstance(operand, Call):
            name, args = operand.name, operand.args
            if len(args) != UPDATE_FUNCTIONS[name]:
                compiler.fail(
                    "Incorrect number of operands for operator or function; "
                    f"operator or function: {name}, number of operands: {len(args)}"
                )
            if name == "if_not_exists":
                if not isinstance(args[0], Path):
                    compiler.fail(
                        f"Operator or function requires a document path; operator or function: {name}"
                    )
                continue
        else:
            continue
        wanted = "L" if name == "list_append" else "N"
        placeholders = [arg.name for arg in args if isinstance(arg, ValueRef)]
        if placeholders:
            compiler.check(_function_check(name, wanted, placeholders))


def _function_check(name: str, wanted: str, placeholders: list[str]) -> Callable[[Values], None]:
    def check(values: Values) -> None:
        for placeholder in placeholders:
            kind = type_of(values[placeholder])
            if kind != wanted:
                raise ExpressionError(
                    f"Incorrect operand type for operator or function; operator or function: {name}, operand type: {kind}"
                )

    return check


def _compile(operand: Operand, compiler: Compiler) -> Compute:
    if isinstance(operand, ValueRef):
        name = operand.name
        return lambda item, values: values[name]
    if isinstance(operand, Path):
        parts = compiler.path(operand)

        def read(item: Item, values: Values) -> AttributeValue:
            found = get_path(item, parts)
            if found is None:
                raise ValidationException(MISSING)
            return found

        return read
    if isinstance(operand, Arithmetic):
        left, right = _compile(operand.left, compiler), _compile(operand.right, compiler)
        subtract = operand.op == "-"

        def arithmetic(item: Item, values: Values) -> AttributeValue:
            a, b = left(item, values), right(item, values)
            if "N" not in a or "N" not in b:
                raise ValidationException(WRONG_TYPE)
            return {"N": add_numbers(a["N"], b["N"], subtract)}

        return arithmetic
    assert isinstance(operand, Call)
    if operand.name == "if_not_exists":
        assert isinstance(operand.args[0], Path)
        parts, fallback = compiler.path(operand.args[0]), _compile(operand.args[1], compiler)
        return lambda item, values: get_path(item, parts) or fallback(item, values)
    first, second = _compile(operand.args[0], compiler), _compile(operand.args[1], compiler)

    def list_append(item: Item, values: Values) -> AttributeValue:
        a, b = first(item, values), second(item, values)
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
        check_parent(item, path)
        return item
    kind = type_of(value)
    if kind not in current or kind not in SET_TYPES:
        raise ValidationException(WRONG_TYPE)
    removed = set_members(kind, value[kind])
    kept: list[Any] = [m for key, m in set_members(kind, current[kind]).items() if key not in removed]
    if len(kept) == len(current[kind]):
        return item
    return set_path(item, path, {kind: kept}) if kept else remove_path(item, path)
