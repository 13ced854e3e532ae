"""Evaluating parsed VTL: rendering nodes and computing expressions against a variable scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .vtl_nodes import (
    DefineNode,
    ForeachNode,
    IfNode,
    Interpolated,
    Jump,
    MacroCall,
    Node,
    Ref,
    SetNode,
    Stopped,
)
from .vtl_values import JavaList, call_method, get_member, render_value, truthy

#: API Gateway's quota on a ``#foreach`` loop's iterations; Velocity's ``directive.foreach.maxloops``
#: ends the loop there, quietly (the developer guide's REST API quotas table).
MAX_LOOP_ITERATIONS = 1000
#: Where a render keeps the iterations its loops may still run (a key no VTL name can spell).
BUDGET = " iterations left"
#: Loops nested three deep may each run 1,000 times: a render stops (a 500) past this many
#: iterations in all, rather than hold the event loop for minutes. No AWS figure: AWS would time out.
MAX_RENDER_ITERATIONS = 200_000


class TooManyIterations(Exception):
    """A render ran more loop iterations than MAX_RENDER_ITERATIONS."""


def render_nodes(nodes: list[Node], scope: dict[str, Any], out: list[str]) -> None:
    for node in nodes:
        if type(node) is str:
            out.append(node)
        elif type(node) is Ref:
            value = _resolve(node, scope)
            if type(value) is DefineNode:
                render_nodes(value.body, scope, out)
            else:
                out.append(render_value(value))
        elif type(node) is SetNode:
            _assign(node, scope)
        elif type(node) is IfNode:
            for condition, body in node.branches:
                if truthy(_evaluate(condition, scope)):
                    render_nodes(body, scope, out)
                    break
            else:
                render_nodes(node.otherwise, scope, out)
        elif type(node) is ForeachNode:
            _foreach(node, scope, out)
        elif type(node) is DefineNode:
            scope[node.name] = node
        elif type(node) is MacroCall:
            _call(node, scope, out)
        elif type(node) is Jump:
            raise Stopped(node.stop)


def _call(call: MacroCall, scope: dict[str, Any], out: list[str]) -> None:
    """A macro's body with its parameters bound to the arguments, restored after."""
    params = call.macro.params
    saved = [scope.get(name) for name in params]
    for name, arg in zip(params, call.args, strict=False):
        scope[name] = _evaluate(arg, scope)
    render_nodes(call.macro.body, scope, out)
    for name, value in zip(params, saved, strict=True):
        scope[name] = value


def _foreach(node: ForeachNode, scope: dict[str, Any], out: list[str]) -> None:
    items = _evaluate(node.items, scope)
    if isinstance(items, dict):
        items = list(items.values())
    elif not isinstance(items, list | tuple | range):
        return
    count = len(items)
    budget = scope.get(BUDGET)
    if budget is not None:
        budget[0] -= min(count, MAX_LOOP_ITERATIONS)
        if budget[0] < 0:
            raise TooManyIterations
    saved = scope.get(node.variable), scope.get("foreach"), scope.get("velocityCount")
    for index, item in enumerate(items):
        if index == MAX_LOOP_ITERATIONS:
            break
        scope[node.variable] = item
        scope["foreach"] = {
            "index": index,
            "count": index + 1,
            "hasNext": index + 1 < count,
            "first": index == 0,
            "last": index + 1 == count,
        }
        scope["velocityCount"] = index + 1
        try:
            render_nodes(node.body, scope, out)
        except Stopped as jump:
            if jump.stop:
                raise
            break
    scope[node.variable], scope["foreach"], scope["velocityCount"] = saved


def _assign(node: SetNode, scope: dict[str, Any]) -> None:
    value = _evaluate(node.value, scope)
    target = node.target
    if not target.accessors:
        scope[target.name] = value
        return
    holder = _resolve(Ref(target.name, target.accessors[:-1], ""), scope)
    last = target.accessors[-1]
    if isinstance(holder, dict) and last[0] == "attr":
        holder[last[1]] = value
    elif isinstance(holder, dict | list) and last[0] == "index":
        holder[_evaluate(last[1], scope)] = value


def _resolve(ref: Ref, scope: dict[str, Any]) -> Any:
    value = scope.get(ref.name)
    for accessor in ref.accessors:
        if value is None:
            return None
        kind = accessor[0]
        if kind == "attr":
            value = get_member(value, accessor[1])
        elif kind == "call":
            value = call_method(value, accessor[1], [_evaluate(a, scope) for a in accessor[2]])
        else:
            key = _evaluate(accessor[1], scope)
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return None
    return value


_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "==": lambda a, b: _equal(a, b),
    "!=": lambda a, b: not _equal(a, b),
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b if isinstance(a, int) and isinstance(b, int) else a / b,
    "%": lambda a, b: a % b,
}


def _equal(left: Any, right: Any) -> bool:
    """Velocity's ``==``: numbers by value, values of one class as they are, values of different
    classes by their string forms (``"200" == 200``); null equals only null."""
    if left is None or right is None:
        return left is right
    if _is_number(left) and _is_number(right):
        return bool(left == right)
    if type(left) is type(right):
        return bool(left == right)
    return render_value(left) == render_value(right)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _evaluate(expr: Any, scope: dict[str, Any]) -> Any:
    kind = type(expr)
    if kind is tuple:
        return expr[1]
    if kind is Ref:
        return _resolve(expr, scope)
    if kind is Interpolated:
        out: list[str] = []
        render_nodes(expr.parts, scope, out)
        return "".join(out)
    operator, operands = expr.kind, expr.operands
    if operator == "&&":
        return truthy(_evaluate(operands[0], scope)) and truthy(_evaluate(operands[1], scope))
    if operator == "||":
        return truthy(_evaluate(operands[0], scope)) or truthy(_evaluate(operands[1], scope))
    values = [_evaluate(o, scope) for o in operands]
    if operator == "not":
        return not truthy(values[0])
    if operator == "neg":
        return -values[0]
    if operator == "list":
        return JavaList(values)
    if operator == "map":
        return {values[k]: values[k + 1] for k in range(0, len(values), 2)}
    if operator == "range":
        first, last = int(values[0]), int(values[1])
        return JavaList(range(first, last + 1) if first <= last else range(first, last - 1, -1))
    if operator == "+":
        left, right = values
        if isinstance(left, str) or isinstance(right, str):
            return render_value(left) + render_value(right)
        return left + right
    try:
        return _BINARY[operator](*values)
    except TypeError:
        return None
