"""Conditions compiled into predicates over (item, values).

Operand and function checks follow AWS's order within each condition: placeholders
first, then the number of operands, distinct operands, and operand types.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from ..values import SET_TYPES, AttributeValue, Item, compare, equal, to_bytes, type_of
from .binding import Compiler, Values
from .errors import ExpressionError, path_text
from .nodes import And, Between, Call, Comparison, Condition, In, Not, Operand, Or, Path, ValueRef
from .parser import CONDITION_FUNCTIONS
from .paths import Parts, get_path

Getter = Callable[[Item, Values], AttributeValue | None]
Predicate = Callable[[Item, Values], bool]

ATTRIBUTE_TYPES = frozenset({"S", "N", "B", "NULL", "SS", "BOOL", "L", "BS", "NS", "M"})
MAX_IN_OPERANDS = 100
ORDERED_TYPES = frozenset({"S", "N", "B"})


class Compiled(NamedTuple):
    get: Getter
    #: The resolved path, for operands that are document paths.
    path: Parts | None = None
    #: The type known without values (size() is a number).
    kind: str | None = None
    #: The placeholder, for operands that are values.
    value: str | None = None

    def type_in(self, values: Values) -> str | None:
        return self.kind or (type_of(values[self.value]) if self.value else None)


def getter(parts: Parts) -> Getter:
    if len(parts) == 1:
        name = parts[0]
        return lambda item, values: item.get(name)  # type: ignore[call-overload]
    return lambda item, values: get_path(item, parts)


def compile_operand(operand: Operand, compiler: Compiler) -> Compiled:
    if isinstance(operand, Path):
        parts = compiler.path(operand)
        return Compiled(getter(parts), parts)
    if isinstance(operand, ValueRef):
        name = compiler.value(operand)
        return Compiled(lambda item, values: values[name], value=name)
    assert isinstance(operand, Call) and operand.name == "size"  # the parser allows no other
    args = [compile_operand(arg, compiler) for arg in operand.args]
    check_call(operand.name, args, compiler)
    return Compiled(size_getter(args[0].get), kind="N")


def size_getter(get: Getter) -> Getter:
    def size(item: Item, values: Values) -> AttributeValue | None:
        value = get(item, values)
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


def operand_type_error(name: str, kind: str) -> ExpressionError:
    return ExpressionError(
        f"Incorrect operand type for operator or function; operator or function: {name}, operand type: {kind}"
    )


def check_call(name: str, args: list[Compiled], compiler: Compiler) -> None:
    """AWS's checks of a function's operands that need no item."""
    if len(args) != CONDITION_FUNCTIONS[name]:
        compiler.fail(
            "Incorrect number of operands for operator or function; "
            f"operator or function: {name}, number of operands: {len(args)}"
        )
    check_distinct(name, args, compiler)
    if name in ("attribute_exists", "attribute_not_exists"):
        if args[0].path is None:
            compiler.fail(f"Operator or function requires a document path; operator or function: {name}")
    elif name == "begins_with":

        def string_or_binary(values: Values) -> None:
            for arg in args:
                kind = arg.type_in(values)
                if kind and kind not in ("S", "B"):
                    raise operand_type_error(name, kind)

        compiler.check(string_or_binary)
    elif name == "attribute_type":
        type_name = args[1]

        def known_type(values: Values) -> None:
            kind = type_name.type_in(values)
            if kind != "S":
                raise operand_type_error(name, kind or "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}")
            wanted = values[type_name.value]["S"]  # type: ignore[index]
            if wanted not in ATTRIBUTE_TYPES:
                raise ExpressionError(
                    f"Invalid attribute type name found; type: {wanted}, valid types: {{B,NULL,SS,BOOL,L,BS,N,NS,S,M}}"
                )

        compiler.check(known_type)
    elif name == "size":
        subject = args[0]

        def sized(values: Values) -> None:
            kind = subject.type_in(values)
            if kind in ("N", "BOOL", "NULL"):
                raise operand_type_error(name, kind)  # type: ignore[arg-type]

        compiler.check(sized)


def check_distinct(name: str, args: list[Compiled], compiler: Compiler) -> None:
    if len(args) == 2 and args[0].path is not None and args[0].path == args[1].path:
        compiler.fail(
            "The first operand must be distinct from the remaining operands for this operator or function; "
            f"operator: {name}, first operand: {path_text(args[0].path)}"
        )


def show(value: AttributeValue) -> str:
    tag = type_of(value)
    return f"AttributeValue: {{{tag}:{value[tag]}}}"


def compile_condition(node: Condition, compiler: Compiler) -> Predicate:
    if isinstance(node, And):
        first, second = compile_condition(node.left, compiler), compile_condition(node.right, compiler)
        return lambda item, values: first(item, values) and second(item, values)
    if isinstance(node, Or):
        first, second = compile_condition(node.left, compiler), compile_condition(node.right, compiler)
        return lambda item, values: first(item, values) or second(item, values)
    if isinstance(node, Not):
        inner = compile_condition(node.operand, compiler)
        return lambda item, values: not inner(item, values)
    if isinstance(node, Comparison):
        left, right = compile_operand(node.left, compiler), compile_operand(node.right, compiler)
        check_distinct(node.op, [left, right], compiler)
        if node.op in ORDER_TESTS:
            compiler.check(orderable(node.op, [left, right]))
        return comparison(node.op, left.get, right.get)
    if isinstance(node, Between):
        subject, low, high = (compile_operand(o, compiler) for o in (node.subject, node.low, node.high))
        compiler.check(orderable("BETWEEN", [subject, low, high]))
        if low.value is not None and high.value is not None:
            bounds = (low.value, high.value)
            compiler.check(lambda values: check_bounds(values[bounds[0]], values[bounds[1]]))
        return between(subject.get, low.get, high.get)
    if isinstance(node, In):
        subject = compile_operand(node.subject, compiler)
        options = [compile_operand(o, compiler) for o in node.options]
        if len(options) > MAX_IN_OPERANDS:
            compiler.fail(
                f"The IN operator is provided with too many operands; number of operands: {len(options)}"
            )
        return membership(subject.get, [o.get for o in options])
    args = [compile_operand(arg, compiler) for arg in node.args]
    check_call(node.name, args, compiler)
    return FUNCTIONS[node.name](*(arg.get for arg in args))


def orderable(name: str, operands: list[Compiled]) -> Callable[[Values], None]:
    """Values (not paths, which just compare false) must be of a type that has an order."""
    valued = [o for o in operands if o.value is not None]

    def check(values: Values) -> None:
        for operand in valued:
            kind = operand.type_in(values)
            if kind not in ORDERED_TYPES:
                raise operand_type_error(name, kind)  # type: ignore[arg-type]

    return check


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


def _equal(a: AttributeValue | None, b: AttributeValue | None) -> bool:
    return a is not None and b is not None and equal(a, b)


ORDER_TESTS: dict[str, Callable[[int], bool]] = {
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}


def comparison(op: str, left: Getter, right: Getter) -> Predicate:
    if op == "=":
        return lambda item, values: _equal(left(item, values), right(item, values))
    if op == "<>":
        return lambda item, values: not _equal(left(item, values), right(item, values))
    test = ORDER_TESTS[op]

    def ordered(item: Item, values: Values) -> bool:
        a, b = left(item, values), right(item, values)
        if a is None or b is None:
            return False
        order = compare(a, b)
        return order is not None and test(order)

    return ordered


def between(subject: Getter, low: Getter, high: Getter) -> Predicate:
    def test(item: Item, values: Values) -> bool:
        value, lo, hi = subject(item, values), low(item, values), high(item, values)
        if value is None or lo is None or hi is None:
            return False
        above, below = compare(value, lo), compare(value, hi)
        return above is not None and below is not None and above >= 0 and below <= 0

    return test


def membership(subject: Getter, options: list[Getter]) -> Predicate:
    def test(item: Item, values: Values) -> bool:
        value = subject(item, values)
        return value is not None and any(_equal(value, option(item, values)) for option in options)

    return test


def attribute_exists(path: Getter) -> Predicate:
    return lambda item, values: path(item, values) is not None


def attribute_not_exists(path: Getter) -> Predicate:
    return lambda item, values: path(item, values) is None


def attribute_type(path: Getter, kind: Getter) -> Predicate:
    def test(item: Item, values: Values) -> bool:
        value, wanted = path(item, values), kind(item, values)
        return value is not None and wanted is not None and type_of(value) == wanted.get("S")

    return test


def begins_with(path: Getter, prefix: Getter) -> Predicate:
    def test(item: Item, values: Values) -> bool:
        value, start = path(item, values), prefix(item, values)
        if value is None or start is None:
            return False
        if "S" in value and "S" in start:
            return value["S"].startswith(start["S"])
        if "B" in value and "B" in start:
            return to_bytes(value["B"]).startswith(to_bytes(start["B"]))
        return False

    return test


def contains(path: Getter, operand: Getter) -> Predicate:
    def test(item: Item, values: Values) -> bool:
        value, wanted = path(item, values), operand(item, values)
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
