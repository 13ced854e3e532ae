"""Property tests: random expressions evaluate as a small reference evaluator says.

Conditions are generated as trees, written out with only the parentheses that
precedence needs (NOT > AND > OR), in random letter case and spacing, then parsed
and evaluated on random items; the reference evaluator works on the same trees
with plain Python values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emulator.aws.errors import ValidationException
from emulator.dynamo.expressions import parse_condition, parse_key_condition, parse_projection, parse_update

ATTRIBUTES = ["a", "b", "c", "d"]
Scalar = int | str
scalars = st.one_of(st.integers(-3, 3), st.text(alphabet="xyé", max_size=3))
items = st.dictionaries(st.sampled_from(ATTRIBUTES), scalars)


def to_attribute_value(value: Scalar) -> dict[str, str]:
    return {"N": str(value)} if isinstance(value, int) else {"S": value}


@dataclass(frozen=True)
class Leaf:
    kind: str  # compare, between, in, exists, not_exists, begins_with, contains, size
    attribute: str
    op: str = "="
    values: tuple[Scalar, ...] = ()


@dataclass(frozen=True)
class Node:
    op: str  # AND, OR, NOT
    children: tuple[Any, ...]


def leaves() -> st.SearchStrategy[Leaf]:
    attribute = st.sampled_from(ATTRIBUTES)
    ops = st.sampled_from(["=", "<>", "<", "<=", ">", ">="])
    bounds = st.one_of(
        st.tuples(st.integers(-3, 3), st.integers(-3, 3)),
        st.tuples(st.text(alphabet="xyé", max_size=3), st.text(alphabet="xyé", max_size=3)),
    ).map(lambda pair: tuple(sorted(pair)))  # type: ignore[type-var]
    return st.one_of(
        st.builds(lambda a, op, v: Leaf("compare", a, op, (v,)), attribute, ops, scalars),
        st.builds(lambda a, b: Leaf("between", a, values=b), attribute, bounds),
        st.builds(
            lambda a, vs: Leaf("in", a, values=tuple(vs)),
            attribute,
            st.lists(scalars, min_size=1, max_size=4),
        ),
        st.builds(lambda a: Leaf("exists", a), attribute),
        st.builds(lambda a: Leaf("not_exists", a), attribute),
        st.builds(
            lambda a, v: Leaf("begins_with", a, values=(v,)), attribute, st.text(alphabet="xyé", max_size=2)
        ),
        st.builds(
            lambda a, v: Leaf("contains", a, values=(v,)), attribute, st.text(alphabet="xyé", max_size=2)
        ),
        st.builds(lambda a, op, n: Leaf("size", a, op, (n,)), attribute, ops, st.integers(0, 4)),
    )


conditions = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.builds(lambda x: Node("NOT", (x,)), inner),
        st.builds(lambda x, y: Node("AND", (x, y)), inner, inner),
        st.builds(lambda x, y: Node("OR", (x, y)), inner, inner),
    ),
    max_leaves=8,
)

PRECEDENCE = {"OR": 1, "AND": 2, "NOT": 3}


class Writer:
    """Writes a tree as expression text, collecting placeholders."""

    def __init__(self, draw: Any) -> None:
        self.draw = draw
        self.names: dict[str, str] = {}
        self.values: dict[str, dict[str, str]] = {}

    def keyword(self, word: str) -> str:
        return self.draw(st.sampled_from([word, word.lower(), word.capitalize()]))

    def space(self) -> str:
        return self.draw(st.sampled_from([" ", "  ", "\n", " \t "]))

    def path(self, attribute: str) -> str:
        if self.draw(st.booleans()):
            self.names[f"#{attribute}"] = attribute
            return f"#{attribute}"
        return attribute

    def value(self, value: Scalar) -> str:
        name = f":v{len(self.values)}"
        self.values[name] = to_attribute_value(value)
        return name

    def write(self, node: Leaf | Node) -> str:
        s = self.space
        if isinstance(node, Node):
            parts = [self.wrapped(child, node.op) for child in node.children]
            if node.op == "NOT":
                return f"{self.keyword('NOT')}{s()}{parts[0]}"
            return f"{parts[0]}{s()}{self.keyword(node.op)}{s()}{parts[1]}"
        path, values = self.path(node.attribute), [self.value(v) for v in node.values]
        if node.kind == "compare":
            return f"{path}{s()}{node.op}{s()}{values[0]}"
        if node.kind == "between":
            return f"{path} {self.keyword('BETWEEN')} {values[0]} {self.keyword('AND')} {values[1]}"
        if node.kind == "in":
            return f"{path} {self.keyword('IN')}{s()}({', '.join(values)})"
        if node.kind == "exists":
            return f"attribute_exists({path})"
        if node.kind == "not_exists":
            return f"attribute_not_exists({s()}{path}{s()})"
        if node.kind == "size":
            return f"size({path}){s()}{node.op}{s()}{values[0]}"
        return f"{node.kind}({path},{s()}{values[0]})"

    def wrapped(self, child: Leaf | Node, parent: str) -> str:
        text = self.write(child)
        if isinstance(child, Node) and PRECEDENCE[child.op] < PRECEDENCE[parent] + (parent == "NOT"):
            return f"({text})"
        if isinstance(child, Node) and child.op != "NOT" and parent == "NOT":
            return f"({text})"
        return text


def ordered(a: Scalar | None, b: Scalar, op: str) -> bool:
    if a is None or type(a) is not type(b):
        return op == "<>"
    x, y = (a.encode(), b.encode()) if isinstance(a, str) else (a, b)  # type: ignore[union-attr]
    return {"=": x == y, "<>": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def reference(node: Leaf | Node, item: dict[str, Scalar]) -> bool:
    if isinstance(node, Node):
        results = [reference(child, item) for child in node.children]
        return not results[0] if node.op == "NOT" else (all(results) if node.op == "AND" else any(results))
    value = item.get(node.attribute)
    if node.kind == "compare":
        return ordered(value, node.values[0], node.op)
    if node.kind == "between":
        return ordered(value, node.values[0], ">=") and ordered(value, node.values[1], "<=")
    if node.kind == "in":
        return any(ordered(value, v, "=") for v in node.values)
    if node.kind == "exists":
        return value is not None
    if node.kind == "not_exists":
        return value is None
    if node.kind == "size":
        return ordered(len(value.encode()) if isinstance(value, str) else None, node.values[0], node.op)
    if not isinstance(value, str):
        return False
    target = node.values[0]
    assert isinstance(target, str)
    return value.startswith(target) if node.kind == "begins_with" else target in value


@settings(max_examples=150, deadline=None)
@given(st.data(), conditions, st.lists(items, min_size=1, max_size=5))
def test_conditions_evaluate_as_the_reference_says(
    data: st.DataObject, tree: Leaf | Node, samples: list[dict]
) -> None:
    writer = Writer(data.draw)
    text = writer.write(tree)
    condition = parse_condition(text, writer.names or None, writer.values)
    assert condition.names_used == set(writer.names)
    assert condition.values_used == set(writer.values)
    for sample in samples:
        item = {k: to_attribute_value(v) for k, v in sample.items()}
        assert condition.evaluate(item) is reference(tree, sample), (text, sample)


actions = st.dictionaries(
    st.sampled_from(ATTRIBUTES),
    st.one_of(
        st.tuples(st.just("SET"), scalars),
        st.tuples(st.just("REMOVE"), st.none()),
        st.tuples(st.just("ADD"), st.integers(-3, 3)),
        st.tuples(st.just("INCREMENT"), st.integers(-3, 3)),
    ),
    min_size=1,
)


@settings(max_examples=100, deadline=None)
@given(actions, items)
def test_updates_apply_as_the_reference_says(
    plan: dict[str, tuple[str, Any]], sample: dict[str, Scalar]
) -> None:
    clauses: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": []}
    values: dict[str, dict[str, str]] = {}
    expected: dict[str, Any] = dict(sample)
    for attribute, (action, operand) in plan.items():
        placeholder = f":v{len(values)}"
        if action == "REMOVE":
            clauses["REMOVE"].append(attribute)
            expected.pop(attribute, None)
            continue
        values[placeholder] = to_attribute_value(operand)
        if action == "SET":
            clauses["SET"].append(f"{attribute} = {placeholder}")
            expected[attribute] = operand
        elif action == "ADD":
            clauses["ADD"].append(f"{attribute} {placeholder}")
            current = sample.get(attribute, 0)
            expected[attribute] = current + operand if isinstance(current, int) else TypeError
        else:
            clauses["SET"].append(f"{attribute} = if_not_exists({attribute}, {placeholder}) + {placeholder}")
            current = sample.get(attribute, operand)
            expected[attribute] = current + operand if isinstance(current, int) else TypeError
    text = " ".join(f"{clause} {', '.join(parts)}" for clause, parts in clauses.items() if parts)
    update = parse_update(text, None, values or None)
    item = {k: to_attribute_value(v) for k, v in sample.items()}
    if TypeError in expected.values():
        try:
            update.apply(item)
        except Exception as error:  # noqa: BLE001 - the message is what is checked
            assert "incorrect data type" in str(error)
        else:
            raise AssertionError(f"{text} on {sample} should fail")
        return
    result = update.apply(item)
    assert result == {k: to_attribute_value(v) for k, v in expected.items()}
    assert update.paths == set(plan)
    assert all(Decimal(v["N"]) == Decimal(str(expected[k])) for k, v in result.items() if "N" in v)


fragments = st.lists(
    st.sampled_from(
        [
            "a",
            "b",
            "#n",
            ":v",
            ":l",
            "(",
            ")",
            "[",
            "]",
            "0",
            "7",
            ",",
            ".",
            "=",
            "<>",
            "<",
            ">=",
            "+",
            "-",
            "AND",
            "OR",
            "NOT",
            "BETWEEN",
            "IN",
            "SET",
            "REMOVE",
            "ADD",
            "DELETE",
            "size",
            "contains",
            "begins_with",
            "attribute_exists",
            "attribute_type",
            "if_not_exists",
            "list_append",
            "status",
            "_",
            "!",
            " ",
        ]
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(fragments, st.sampled_from(["condition", "update", "projection", "key"]))
def test_any_text_parses_or_is_refused_with_a_validation_error(text: str, kind: str) -> None:
    names = {"#n": "n"}
    values = {":v": {"N": "1"}, ":l": {"L": []}}
    item = {"a": {"L": [{"N": "1"}]}, "b": {"N": "2"}, "n": {"S": "x"}}
    try:
        if kind == "condition":
            parse_condition(text, names, values).evaluate(item)
        elif kind == "update":
            parse_update(text, names, values).apply(item)
        elif kind == "projection":
            parse_projection(text, names).apply(item)
        else:
            parse_key_condition(text, names, values, hash_key="a", range_key="b")
    except ValidationException:
        pass
