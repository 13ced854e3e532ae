"""Expressions compiled once into closures over a record (a dict of field values).

The scalar functions are the common string, number, time and general ones of
Logs Insights QL; an unknown function or a wrong number of arguments does not
compile. Aggregations (``count``, ``avg`` ...) are computed by ``stats``; elsewhere
they, like any call, read the column of that name a ``stats`` made.
"""

from __future__ import annotations

import math
import operator
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from .ast import Binary, Call, Duration, Expr, Field, ListOf, Literal, Regex, Star, Unary
from .lex import QueryError, unexpected_at
from .values import Timestamp, Value, compare, number, text, truthy

Record = dict[str, Value]
Compiled = Callable[[Record], Value]

#: The stats functions (``stats`` computes them).
AGGREGATES = frozenset(
    {"count", "count_distinct", "sum", "avg", "min", "max", "pct", "percentile", "median", "stddev"}
    | {"earliest", "latest"}
)

_FIXED_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 7 * 86_400_000}
_MONTHS = {"mo": 1, "q": 3, "y": 12}


def compile_expr(expr: Expr, source: str) -> Compiled:
    return _Compiler(source).compile(expr)


def floor_time(ms: int, period: Duration) -> Timestamp:
    """The start of the period ``ms`` falls in: fixed lengths from the epoch, months by the calendar (UTC)."""
    if period.unit in _FIXED_MS:
        size = _FIXED_MS[period.unit] * period.amount
        return Timestamp(ms - ms % size)
    months = _MONTHS[period.unit] * period.amount
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    index = moment.year * 12 + moment.month - 1
    index -= index % months
    return Timestamp(int(datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC).timestamp() * 1000))


def ceil_time(ms: int, period: Duration) -> Timestamp:
    floor = floor_time(ms, period)
    if floor == ms:
        return floor
    if period.unit in _FIXED_MS:
        return Timestamp(floor + _FIXED_MS[period.unit] * period.amount)
    moment = datetime.fromtimestamp(floor / 1000, UTC)
    index = moment.year * 12 + moment.month - 1 + _MONTHS[period.unit] * period.amount
    return Timestamp(int(datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC).timestamp() * 1000))


def _numeric(function: Callable[..., Any]) -> Callable[..., Value]:
    def apply(*values: Value) -> Value:
        numbers = [number(v) for v in values]
        if any(n is None for n in numbers):
            return None
        try:
            return function(*numbers)
        except (ArithmeticError, ValueError):
            return None

    return apply


def _stringy(function: Callable[..., Any]) -> Callable[..., Value]:
    def apply(value: Value, *rest: Value) -> Value:
        return None if value is None else function(text(value), *rest)

    return apply


def _substr(value: str, start: Value, length: Value = None) -> str:
    begin = int(number(start) or 0)
    return value[begin:] if length is None else value[begin : begin + int(number(length) or 0)]


def _time_of(value: Value) -> int | None:
    n = number(value)
    return None if n is None else int(n)


def _period_function(round_time: Callable[[int, Duration], Timestamp]) -> Callable[[Value, Value], Value]:
    def apply(value: Value, period: Value) -> Value:
        ms = _time_of(value)
        return None if ms is None or not isinstance(period, Duration) else round_time(ms, period)

    return apply


#: name -> (fewest arguments, most arguments (None: any), implementation over evaluated arguments).
FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., Value]]] = {
    # general
    "ispresent": (1, 1, lambda v: v is not None),
    "coalesce": (1, None, lambda *vs: next((v for v in vs if v is not None), None)),
    "if": (3, 3, lambda condition, then, otherwise: then if truthy(condition) else otherwise),
    # strings
    "isempty": (1, 1, lambda v: v is None or text(v) == ""),
    "isblank": (1, 1, lambda v: v is None or text(v).strip() == ""),
    "strlen": (1, 1, _stringy(len)),
    "toupper": (1, 1, _stringy(str.upper)),
    "tolower": (1, 1, _stringy(str.lower)),
    "trim": (1, 1, _stringy(str.strip)),
    "ltrim": (1, 1, _stringy(str.lstrip)),
    "rtrim": (1, 1, _stringy(str.rstrip)),
    "concat": (1, None, lambda *vs: "".join(text(v) for v in vs if v is not None)),
    "substr": (2, 3, _stringy(_substr)),
    "replace": (3, 3, lambda v, old, new: None if v is None else text(v).replace(text(old), text(new))),
    # 1 or 0 as AWS answers (a third, case-insensitive argument has no effect there either).
    "strcontains": (2, 3, lambda v, part, *_: None if v is None else int(text(part) in text(v))),
    "startswith": (2, 2, lambda v, part: None if v is None else int(text(v).startswith(text(part)))),
    "endswith": (2, 2, lambda v, part: None if v is None else int(text(v).endswith(text(part)))),
    "tonumber": (1, 1, number),
    # numbers
    "abs": (1, 1, _numeric(abs)),
    "ceil": (1, 1, _numeric(math.ceil)),
    "floor": (1, 1, _numeric(math.floor)),
    "round": (1, 1, _numeric(round)),
    "sqrt": (1, 1, _numeric(math.sqrt)),
    "log": (1, 1, _numeric(math.log)),
    "greatest": (1, None, _numeric(max)),
    "least": (1, None, _numeric(min)),
    # times
    "bin": (1, 1, None),  # compiled specially: it reads @timestamp
    "datefloor": (2, 2, _period_function(floor_time)),
    "dateceil": (2, 2, _period_function(ceil_time)),
    "frommillis": (1, 1, lambda v: None if _time_of(v) is None else Timestamp(_time_of(v))),
    "tomillis": (1, 1, lambda v: _time_of(v)),
    "now": (0, 0, lambda: int(time.time())),
}

_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "%": operator.mod,
    "^": operator.pow,
}
_COMPARISONS: dict[str, Callable[[int], bool]] = {
    "=": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}


class _Compiler:
    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, expr: Expr, message: str) -> QueryError:
        start = max(self.source.find(expr.text), 0)
        return QueryError(message, start, start + len(expr.text))

    def compile(self, expr: Expr) -> Compiled:
        match expr:
            case Field(name=name):
                return lambda record: record.get(name)
            case Literal(value=value) | Regex(pattern=value):
                return lambda record: value
            case Duration():
                return lambda record: expr
            case Unary(op="not", operand=operand):
                inner = self.compile(operand)
                return lambda record: not truthy(inner(record))
            case Unary(op="-", operand=operand):
                negate = _numeric(operator.neg)
                inner = self.compile(operand)
                return lambda record: negate(inner(record))
            case Binary():
                return self._binary(expr)
            case Call():
                return self._call(expr)
        start = max(self.source.find(expr.text), 0)
        raise unexpected_at(expr.text, start, start + len(expr.text))

    def _binary(self, expr: Binary) -> Compiled:
        left = self.compile(expr.left)
        op = expr.op
        if op in ("and", "or"):
            right = self.compile(expr.right)
            if op == "and":
                return lambda record: truthy(left(record)) and truthy(right(record))
            return lambda record: truthy(left(record)) or truthy(right(record))
        if op in ("like", "not like"):
            return self._like(left, expr.right, negated=op == "not like")
        if op in ("in", "not in"):
            assert isinstance(expr.right, ListOf)
            items = [self.compile(item) for item in expr.right.items]
            negated = op == "not in"

            def member(record: Record) -> bool:
                value = left(record)  # an absent field is in no list, and not outside one either
                return (
                    value is not None and any(compare(value, item(record)) == 0 for item in items) != negated
                )

            return member
        right = self.compile(expr.right)
        if op in _COMPARISONS:
            test = _COMPARISONS[op]

            def compared(record: Record) -> bool:
                outcome = compare(left(record), right(record))
                return outcome is not None and test(outcome)

            return compared
        arithmetic = _numeric(_ARITHMETIC[op])
        return lambda record: arithmetic(left(record), right(record))

    def _like(self, left: Compiled, right: Expr, negated: bool) -> Compiled:
        if isinstance(right, Regex):
            search = right.pattern.search
            return lambda record: (v := left(record)) is not None and (search(text(v)) is not None) != negated
        part = self.compile(right)

        def contains(record: Record) -> bool:
            value, wanted = left(record), part(record)
            return value is not None and wanted is not None and (text(wanted) in text(value)) != negated

        return contains

    def _call(self, call: Call) -> Compiled:
        """A function call; after ``stats`` a call names the column it made (``sort count(*) desc``)."""
        column = call.text
        if call.name in AGGREGATES:
            return lambda record: record.get(column)
        computed = self._function(call)
        return lambda record: record[column] if column in record else computed(record)

    def _function(self, call: Call) -> Compiled:
        spec = FUNCTIONS.get(call.name)
        if spec is None:
            start = max(self.source.find(call.text), 0)
            raise unexpected_at(call.text.split("(")[0], start, start + len(call.name))
        fewest, most, function = spec
        count = len(call.args)
        stars = any(isinstance(a, Star) for a in call.args)
        if count < fewest or (most is not None and count > most) or stars:  # (guessed wording)
            raise self.error(call, f"Invalid number of arguments for function {call.name}")
        if call.name == "bin":
            period = call.args[0]
            if not isinstance(period, Duration):
                raise self.error(call, "bin() takes a time period such as 5m")  # Guessed wording.

            def binned(record: Record) -> Value:
                ms = record.get("@timestamp")
                return None if ms is None else floor_time(int(ms), period)

            return binned
        args = [self.compile(arg) for arg in call.args]
        return lambda record: function(*(arg(record) for arg in args))
