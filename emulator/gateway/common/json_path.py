"""JSONPath as API Gateway evaluates it in ``$input.path`` / ``$input.json`` (Jayway JsonPath).

A path is compiled once (cached by its text) into steps. What a path answers depends on whether it
is *definite* (only single names and single indexes): a definite path gives the one value it names
or ``None`` when there is none (so ``$input.json`` prints ``null``: LocalStack's finding against the
AWS console, localstack#12774); any other path (``..``, ``*``, slices, unions, filters) gives the
list of everything it matched, in document order, possibly empty. As in Jayway, ``['a','b']`` as
the last step gives a map of the named members the object has, ``[?(...)]`` on an object tests the
object itself, and a path not starting with ``$`` is read from the root (``name`` is ``$.name``).
Text that is not a path answers ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .json_path_filter import UNDEFINED, Filter, FilterSyntaxError, parse_filter

Step = Any  # one of the step classes below


@dataclass(frozen=True, slots=True)
class Member:
    name: str


@dataclass(frozen=True, slots=True)
class Members:
    """``['a','b']``: a map of the members as the last step, each member otherwise."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Index:
    index: int


@dataclass(frozen=True, slots=True)
class Indexes:
    indexes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Slice:
    start: int | None
    stop: int | None


@dataclass(frozen=True, slots=True)
class Wildcard:
    pass


@dataclass(frozen=True, slots=True)
class Scan:
    """``..step``: the step applied to the node and to every node below it, parents first."""

    step: Step


@dataclass(frozen=True, slots=True)
class Function:
    """A closing ``.length()``, ``.sum()``, ...: applied to what the path before it gives."""

    name: str


@dataclass(frozen=True, slots=True)
class CompiledPath:
    steps: tuple[Step, ...]  # without a closing function
    definite: bool
    function: str | None
    keys: tuple[str | int, ...] | None  # the names and indexes of a path that has nothing else

    def evaluate(self, document: Any, root: Any = None, missing: Any = None) -> Any:
        """The one value (``missing`` if none) of a definite path, else the list of matches."""
        keys = self.keys
        if keys is not None:  # the common ``$.a.b[0]``: no lists to build
            value = document
            for key in keys:
                if type(key) is str:
                    if type(value) is not dict or key not in value:
                        return missing
                elif type(value) is not list or not -len(value) <= key < len(value):
                    return missing
                value = value[key]
            return value
        values = [document]
        root = document if root is None else root
        last = len(self.steps) - 1
        budget = [MAX_SCANNED_NODES]
        for position, step in enumerate(self.steps):
            values = _apply(step, values, root, position == last, budget)
            if not values:
                break
        if self.definite:
            value = values[0] if values else missing
            return value if self.function is None else _call(self.function, value if values else None)
        return values if self.function is None else _call(self.function, values)


class JsonPathSyntaxError(ValueError):
    pass


class JsonPathTooComplex(ValueError):
    """A path whose recursive descents would visit more than MAX_SCANNED_NODES nodes: nested
    ``..`` multiply (``$..*..*..x``), and the server has one thread. A template fails (a 500)."""


#: Nodes the ``..`` steps of one evaluation may visit.
MAX_SCANNED_NODES = 1_000_000


def json_path(document: Any, path: str) -> Any:
    """What ``$input.path(path)`` gives for a parsed JSON document."""
    compiled = compile_path(path)
    return compiled.evaluate(document) if compiled is not None else None


@lru_cache(maxsize=2048)
def compile_path(path: str) -> CompiledPath | None:
    try:
        steps = tuple(_PathParser(path).parse())
    except (JsonPathSyntaxError, FilterSyntaxError):
        return None
    function = steps[-1].name if steps and type(steps[-1]) is Function else None
    if function is not None:
        steps = steps[:-1]
    # ['a','b'] closing a path is definite: it gives one map
    judged = steps[:-1] if steps and type(steps[-1]) is Members and function is None else steps
    definite = all(_is_definite(step) for step in judged)
    simple = function is None and all(type(step) in (Member, Index) for step in steps)
    keys = tuple(step.name if type(step) is Member else step.index for step in steps) if simple else None
    return CompiledPath(steps, definite, function, keys)


def _filter_path(text: str) -> Any:
    """A path inside a filter: ``@...`` reads the item tested, ``$...`` the document; a definite
    path that finds nothing is UNDEFINED (a JSON null is a value)."""
    compiled = compile_path(text)
    if compiled is None:
        raise FilterSyntaxError(f"not a path: {text!r}")
    if text.startswith("$"):
        return lambda item, root: compiled.evaluate(root, root, UNDEFINED)
    return lambda item, root: compiled.evaluate(item, root, UNDEFINED)


def _is_definite(step: Step) -> bool:
    return type(step) in (Member, Index)


def _apply(step: Step, values: list[Any], root: Any, leaf: bool, budget: list[int]) -> list[Any]:
    kind = type(step)
    out: list[Any] = []
    if kind is Member:
        name = step.name
        for value in values:
            if type(value) is dict and name in value:
                out.append(value[name])
    elif kind is Index:
        for value in values:
            if type(value) is list and -len(value) <= step.index < len(value):
                out.append(value[step.index])
    elif kind is Members:
        for value in values:
            if type(value) is not dict:
                continue
            if leaf and len(step.names) > 1:
                out.append({name: value[name] for name in step.names if name in value})
            else:
                out.extend(value[name] for name in step.names if name in value)
    elif kind is Wildcard:
        for value in values:
            if type(value) is dict:
                out.extend(value.values())
            elif type(value) is list:
                out.extend(value)
    elif kind is Indexes:
        for value in values:
            if type(value) is list:
                out.extend(value[i] for i in step.indexes if -len(value) <= i < len(value))
    elif kind is Slice:
        for value in values:
            if type(value) is list:
                out.extend(value[step.start : step.stop])
    elif kind is Filter:
        for value in values:
            if type(value) is list:
                out.extend(item for item in value if step.matches(item, root))
            elif type(value) is dict and step.matches(value, root):
                out.append(value)
    elif kind is Scan:
        for value in values:
            _scan(step.step, value, root, leaf, out, budget)
    return out


def _scan(step: Step, node: Any, root: Any, leaf: bool, out: list[Any], budget: list[int]) -> None:
    """``..step`` from ``node``: parents before children, in document order (a stack, not
    recursion: a body may nest as deep as the JSON parser allows)."""
    kind = type(step)
    on_objects = kind not in (Index, Indexes, Slice)
    on_arrays = kind not in (Member, Members, Filter)  # a filter tests the objects themselves
    stack = [node]
    while stack:
        node = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise JsonPathTooComplex("the path's recursive descent visits too many nodes")
        if type(node) is dict:
            if on_objects:
                out.extend(_apply(step, [node], root, leaf, budget))
            stack.extend(reversed(node.values()))
        elif type(node) is list:
            if on_arrays:
                out.extend(_apply(step, [node], root, leaf, budget))
            stack.extend(reversed(node))


def _call(name: str, target: Any) -> Any:
    """Jayway's path functions: numbers come back as doubles (``sum()`` of ``[1, 2]`` is ``3.0``)."""
    if name == "length":
        return len(target) if type(target) in (list, dict, str) else None
    if name == "keys":
        return list(target) if type(target) is dict else None
    if name in ("first", "last"):
        return (target[0] if name == "first" else target[-1]) if type(target) is list and target else None
    numbers = [float(n) for n in target if type(n) in (int, float)] if type(target) is list else []
    if not numbers:
        return None
    if name == "sum":
        return sum(numbers)
    if name == "min":
        return min(numbers)
    if name == "max":
        return max(numbers)
    mean = sum(numbers) / len(numbers)
    if name == "avg":
        return mean
    return (sum((n - mean) ** 2 for n in numbers) / len(numbers)) ** 0.5  # stddev


_FUNCTIONS = frozenset({"length", "keys", "first", "last", "sum", "min", "max", "avg", "stddev"})
_NAME_ENDS = ".[( "


class _PathParser:
    def __init__(self, text: str) -> None:
        text = text.strip()
        if not text.startswith(("$", "@")):
            text = "$." + text if text and text[0] != "[" else "$" + text
        self.text = text
        self.at = 1

    def parse(self) -> list[Step]:
        steps: list[Step] = []
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if text.startswith("..", self.at):
                self.at += 2
                if self.at < len(text) and text[self.at] == "[":
                    steps.append(Scan(self._bracket()))
                else:
                    steps.append(Scan(self._dotted(allow_function=False)))
            elif char == ".":
                self.at += 1
                steps.append(self._dotted(allow_function=True))
            elif char == "[":
                steps.append(self._bracket())
            elif char == " ":
                self.at += 1
            else:
                raise JsonPathSyntaxError(f"unexpected {char!r} at {self.at}")
            if type(steps[-1]) is Function and self.at < len(text):
                raise JsonPathSyntaxError("a function must end the path")
        return steps

    def _dotted(self, allow_function: bool) -> Step:
        text = self.text
        start = self.at
        if text.startswith("*", start):
            self.at += 1
            return Wildcard()
        while self.at < len(text) and text[self.at] not in _NAME_ENDS:
            self.at += 1
        name = text[start : self.at]
        if not name:
            raise JsonPathSyntaxError(f"a name is missing at {start}")
        if text.startswith("()", self.at):
            if not allow_function or name not in _FUNCTIONS:
                raise JsonPathSyntaxError(f"unknown function {name}()")
            self.at += 2
            return Function(name)
        return Member(name)

    def _bracket(self) -> Step:
        text = self.text
        start = self.at + 1
        if text.startswith("?(", start):
            filter_, end = parse_filter(text, start + 2, _filter_path)
            self.at = self._close(end)
            return filter_
        end = self._end_of_bracket(start)
        inner = text[start:end].strip()
        self.at = end + 1
        if inner == "*":
            return Wildcard()
        if inner[:1] in ("'", '"'):
            names = tuple(_quoted_names(inner))
            return Member(names[0]) if len(names) == 1 else Members(names)
        if ":" in inner:
            parts = [part.strip() for part in inner.split(":")]
            if len(parts) != 2:
                raise JsonPathSyntaxError(f"bad slice [{inner}]")
            return Slice(*(_integer(part) if part else None for part in parts))
        indexes = tuple(_integer(part.strip()) for part in inner.split(","))
        return Index(indexes[0]) if len(indexes) == 1 else Indexes(indexes)

    def _end_of_bracket(self, start: int) -> int:
        text = self.text
        quote = ""
        for position in range(start, len(text)):
            char = text[position]
            if quote:
                if char == "\\":
                    continue
                if char == quote and text[position - 1] != "\\":
                    quote = ""
            elif char in ("'", '"'):
                quote = char
            elif char == "]":
                return position
        raise JsonPathSyntaxError("unclosed [")

    def _close(self, end: int) -> int:
        """After a filter's closing parenthesis: skip blanks, expect ``]``."""
        text = self.text
        while end < len(text) and text[end] == " ":
            end += 1
        if end >= len(text) or text[end] != "]":
            raise JsonPathSyntaxError("unclosed [?(")
        return end + 1


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise JsonPathSyntaxError(f"not an index: {text!r}") from None


def _quoted_names(inner: str) -> list[str]:
    names: list[str] = []
    position = 0
    while position < len(inner):
        quote = inner[position]
        if quote not in ("'", '"'):
            raise JsonPathSyntaxError(f"bad name list [{inner}]")
        chars: list[str] = []
        position += 1
        while position < len(inner) and inner[position] != quote:
            if inner[position] == "\\" and position + 1 < len(inner):
                position += 1
            chars.append(inner[position])
            position += 1
        if position >= len(inner):
            raise JsonPathSyntaxError(f"unclosed quote in [{inner}]")
        names.append("".join(chars))
        position += 1
        while position < len(inner) and inner[position] in " ,":
            position += 1
    return names
