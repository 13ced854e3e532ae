"""Conditions compiled into predicates over items.

Binding checks what depends on the request's names and values (undefined
placeholders, operand counts and types, BETWEEN bounds) in AWS's order, then
builds closures, so evaluating a condition on an item is a few calls.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from ..values import SET_TYPES, AttributeValue, Item, compare, equal, to_bytes, type_of
from .binding import Binder
from .errors import ExpressionError, path_text
from .nodes import And, Between, Call, Comparison, Condition, In, Not, Operand, Or, Path, ValueRef
from .parser import CONDITION_FUNCTIONS
from .paths import Parts, get_path

Getter = Callable[[Item], AttributeValue | None]
Predicate = Callable[[Item], bool]

ATTRIBUTE_TYPES = frozenset({"S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"})
MAX_IN_OPERANDS = 100


class BoundOperand(NamedTuple):
    get: Getter
    #: The resolved path, for operands that are document paths.
    path: Parts | None
    #: The value's type when known without an item (placeholders, size()).
    type: str | None
    #: The value itself, for placeholders.
    value: AttributeValue | None


def getter(parts: Parts) -> Getter:
    if len(parts) == 1:
        name = parts[0]
        return lambda item: item.get(name)  # type: ignore[call-overload]
    return lambda item: get_path(item, parts)


def bind_operand(operand: Operand, binder: Binder) -> BoundOperand:
    if isinstance(operand, Path):
        parts = binder.path(operand)
        return BoundOperand(getter(parts), parts, None, None)
    if isinstance(operand, ValueRef):
        value = binder.value(operand)
        return BoundOperand(lambda item: value, None, type_of(value), value)
    if isinstance(operand, Call) and operand.name == "size":
        args = [bind_operand(arg, binder) for arg in operand.args]
        check_call(operand.name, args)
        return BoundOperand(size_getter(args[0].get), None, "N", None)
    raise ExpressionError(f"Invalid function name; function: {getattr(operand, 'name', '')}")


def size_getter(get: Getter) -> Getter:
    def size(item: Item) -> AttributeValue | None:
        value = get(item)
        if value is None:
            return None
        tag = type_of(value)
        inner = value[tag]
        if tag == "S":
            return {"N": str(len(inner.encode()))}
        if tag == "B":
            return {"N": str(len(to_bytes(inner)))}
        if tag in ("SS", "NS", "BS", "L", "M"):
            return {"N": str(len(inner))}
        return None

    return size


def check_call(name: str, args: list[BoundOperand]) -> None:
    """AWS's checks of a function's operands that need no item."""
    expected = CONDITION_FUNCTIONS[name]
    if len(args) != expected:
        raise ExpressionError(
            f"Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {len(args)}"
        )
    check_distinct(name, args)
    if name in ("attribute_exists", "attribute_not_exists"):
        if args[0].path is None:
            raise ExpressionError(
                f"Operator or function requires a document path; operator or function: {name}"
            )
    elif name == "begins_with":
        for arg in args:
            if arg.type and arg.type not in ("S", "B"):
                raise operand_type_error(name, arg.type)
    elif name == "attribute_type":
        kind = args[1].type
        if kind != "S":
            raise operand_type_error(name, kind or "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
        assert args[1].value is not None
        if args[1].value["S"] not in ATTRIBUTE_TYPES:
            raise ExpressionError(
                f"Invalid attribute type name found; type: {args[1].value['S']}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}"
            )
    elif name == "size" and args[0].type in ("N", "BOOL", "NULL"):
        raise operand_type_error(name, args[0].type)


def operand_type_error(name: str, kind: str) -> ExpressionError:
    return ExpressionError(
        f"Incorrect operand type for operator or function; operator or function: {name}, operand type: {kind}"
    )


def check_distinct(name: str, args: list[BoundOperand]) -> None:
    if len(args) == 2 and args[0].path is not None and args[0].path == args[1].path:
        raise ExpressionError(
            "The first operand must be distinct from the remaining operands for this operator or function; "
            f"operator: {name}, first operand: {path_text(args[0].path)}"
        )


def show(value: AttributeValue) -> str:
    tag = type_of(value)
    return f"AttributeValue: {{{tag}:{value[tag]}}}"


def compile_condition(node: Condition, binder: Binder) -> Predicate:
    if isinstance(node, And):
        first, second = compile_condition(node.left, binder), compile_condition(node.right, binder)
        return lambda item: first(item) and second(item)
    if isinstance(node, Or):
        first, second = compile_condition(node.left, binder), compile_condition(node.right, binder)
        return lambda item: first(item) or second(item)
    if isinstance(node, Not):
        inner = compile_condition(node.operand, binder)
        return lambda item: not inner(item)
    if isinstance(node, Comparison):
        left, right = bind_operand(node.left, binder), bind_operand(node.right, binder)
        check_distinct(node.op, [left, right])
        return comparison(node.op, left.get, right.get)
    if isinstance(node, Between):
        subject, low, high = (bind_operand(o, binder) for o in (node.subject, node.low, node.high))
        if low.value is not None and high.value is not None:
            check_bounds(low.value, high.value)
        return between(subject.get, low.get, high.get)
    if isinstance(node, In):
        subject = bind_operand(node.subject, binder)
        options = [bind_operand(o, binder) for o in node.options]
        if len(options) > MAX_IN_OPERANDS:
            raise ExpressionError(
                f"The IN operator is provided with too many operands; number of operands: {len(options)}"
            )
        return membership(subject.get, [o.get for o in options])
    args = [bind_operand(arg, binder) for arg in node.args]
    check_call(node.name, args)
    return FUNCTIONS[node.name](*(arg.get for arg in args))


def check_bounds(low: AttributeValue, high: AttributeValue) -> None:
    if type_of(low) != type_of(high):
        raise ExpressionError(
            "The BETWEEN operator requires same data type for lower and upper bounds; "
            f"lower bound operand: {show(low)}, upper bound operand: {show(high)}"
        )
    order = compare(low, high)
    if order is not None and order > 0:
        raise ExpressionError(
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
            f"lower bound operand: {show(low)}, upper bound operand: {show(high)}"
        )


def comparison(op: str, left: Getter, right: Getter) -> Predicate:
    if op == "=":
        return lambda item: _equal(left(item), right(item))
    if op == "<>":
        return lambda item: not _equal(left(item), right(item))
    test = ORDER_TESTS[op]

    def ordered(item: Item) -> bool:
        a, b = left(item), right(item)
        if a is None or b is None:
            return False
        order = compare(a, b)
        return order is not None and test(order)

    return ordered


ORDER_TESTS: dict[str, Callable[[int], bool]] = {
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}


def _equal(a: AttributeValue | None, b: AttributeValue | None) -> bool:
    return a is not None and b is not None and equal(a, b)


def between(subject: Getter, low: Getter, high: Getter) -> Predicate:
    def test(item: Item) -> bool:
        value, lo, hi = subject(item), low(item), high(item)
        if value is None or lo is None or hi is None:
            return False
        above, below = compare(value, lo), compare(value, hi)
        return above is not None and below is not None and above >= 0 and below <= 0

    return test


def membership(subject: Getter, options: list[Getter]) -> Predicate:
    def test(item: Item) -> bool:
        value = subject(item)
        return value is not None and any(_equal(value, option(item)) for option in options)

    return test


def attribute_exists(path: Getter) -> Predicate:
    return lambda item: path(item) is not None


def attribute_not_exists(path: Getter) -> Predicate:
    return lambda item: path(item) is None


def attribute_type(path: Getter, kind: Getter) -> Predicate:
    def test(item: Item) -> bool:
        value, wanted = path(item), kind(item)
        return value is not None and wanted is not None and type_of(value) == wanted.get("S")

    return test


def begins_with(path: Getter, prefix: Getter) -> Predicate:
    def test(item: Item) -> bool:
        value, start = path(item), prefix(item)
        if value is None or start is None:
            return False
        if "S" in value and "S" in start:
            return value["S"].startswith(start["S"])
        if "B" in value and "B" in start:
            return to_bytes(value["B"]).startswith(to_bytes(start["B"]))
        return False

    return test


def contains(path: Getter, operand: Getter) -> Predicate:
    def test(item: Item) -> bool:
        value, wanted = path(item), operand(item)
        if value is None or wanted is None:
            return False
        tag, kind = type_of(value), type_of(wanted)
        inner, target = value[tag], wanted[kind]
        if tag == "S" and kind == "S":
            return target in inner
        if tag == "B" and kind == "B":
            return to_bytes(target) in to_bytes(inner)
        if SET_TYPES.get(tag) == kind:
            if kind == "N":
                return Decimal(target) in {Decimal(n) for n in inner}
            if kind == "B":
                return to_bytes(target) in {to_bytes(b) for b in inner}
            return target in inner
        if tag == "L":
            return any(equal(element, wanted) for element in inner)
        return False

    return test


FUNCTIONS: dict[str, Callable[..., Predicate]] = {
    "attribute_exists": attribute_exists,
    "attribute_not_exists": attribute_not_exists,
    "attribute_type": attribute_type,
    "begins_with": begins_with,
    "contains": contains,
}
