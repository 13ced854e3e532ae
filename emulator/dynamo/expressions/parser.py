"""Recursive-descent parsers for condition, key-condition and projection expressions.

Each parser turns text into a tree (see ``ast``) or raises ``ExpressionError``
with AWS's message. Syntax errors stop parsing at once; the other problems AWS
reports without values (redundant parentheses, unknown or misused functions,
reserved words) are noted while parsing and reported in AWS's order of
precedence once the text has parsed.
"""

from __future__ import annotations

from typing import ClassVar

from .errors import ExpressionError, ExpressionTooLong
from .nodes import And as AndNode
from .nodes import Between, Call, Comparison, Condition, In, Not, Operand, Or, Path, ValueRef
from .reserved import is_reserved
from .tokens import SyntaxFailure, TokenStream

MAX_EXPRESSION_BYTES = 4096
MAX_PATH_DEPTH = 32
MAX_OPERATORS = 300
COMPARATORS = frozenset({"=", "<>", "<", "<=", ">", ">="})

#: Condition functions and their number of operands.
CONDITION_FUNCTIONS = {
    "attribute_exists": 1,
    "attribute_not_exists": 1,
    "attribute_type": 2,
    "begins_with": 2,
    "contains": 2,
    "size": 1,
}
#: Update functions and their number of operands.
UPDATE_FUNCTIONS = {"if_not_exists": 2, "list_append": 2}


class Parser(TokenStream):
    """What every expression grammar shares: document paths, operands, function calls."""

    keywords: ClassVar[frozenset[str]] = frozenset()
    functions: ClassVar[frozenset[str]] = frozenset()
    #: The other expression kind's functions, which AWS reports as misplaced rather than unknown.
    foreign_functions: ClassVar[frozenset[str]] = frozenset()
    foreign_message: ClassVar[str] = ""
    #: Kinds of noted problems, most important first.
    issue_order: ClassVar[tuple[str, ...]] = ("reserved", "limits")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.issues: dict[str, str] = {}
        #: ids of nodes written inside parentheses, to spot doubled ones.
        self.wrapped: set[int] = set()
        self.operators = 0

    def note(self, kind: str, message: str) -> None:
        self.issues.setdefault(kind, message)

    def run(self) -> object:
        size = len(self.source.encode())
        if size > MAX_EXPRESSION_BYTES:
            raise ExpressionTooLong(size)
        if self.tokens[0].kind == "eof":
            raise ExpressionError("The expression can not be empty;")
        try:
            tree = self.parse()
        except SyntaxFailure as failure:
            raise self.syntax_error(failure) from None
        if self.operators > MAX_OPERATORS:
            self.note(
                "limits", f"The expression contains too many operators; operator count: {self.operators}"
            )
        for kind in self.issue_order:
            if kind in self.issues:
                raise ExpressionError(self.issues[kind])
        return tree

    def parse(self) -> object:
        raise NotImplementedError

    def at_any_keyword(self) -> bool:
        token = self.token
        return token.kind == "name" and token.text.upper() in self.keywords

    def parse_path(self) -> Path:
        parts: list[str | int] = [self.parse_path_name()]
        while True:
            if self.accept_op("."):
                parts.append(self.parse_path_name())
            elif self.accept_op("["):
                if self.token.kind != "number":
                    self.fail()
                parts.append(int(self.advance().text))
                self.expect_op("]")
            else:
                if len(parts) > MAX_PATH_DEPTH:
                    self.note(
                        "limits",
                        f"The document path has too many nesting levels; nesting levels: {len(parts)}",
                    )
                return Path(tuple(parts))

    def parse_path_name(self) -> str:
        token = self.token
        if token.kind == "attr_name":
            self.index += 1
            return token.text
        if token.kind != "name" or self.at_any_keyword():
            self.fail()
        self.index += 1
        if is_reserved(token.text):
            self.note("reserved", f"Attribute name is a reserved keyword; reserved keyword: {token.text}")
        return token.text

    def parse_operand(self) -> Operand:
        token = self.token
        if token.kind == "op" and token.text == "(":
            self.index += 1
            inner = self.parse_operand()
            self.expect_op(")")
            return self.wrap(inner)
        if token.kind == "attr_value":
            self.index += 1
            return ValueRef(token.text)
        if token.kind == "name" and self.tokens[self.index + 1].text == "(" and not self.at_any_keyword():
            return self.parse_call()
        return self.parse_path()

    def parse_call(self) -> Call:
        name = self.advance().text
        self.expect_op("(")
        args = [self.parse_operand()]
        while self.accept_op(","):
            args.append(self.parse_operand())
        self.expect_op(")")
        if name in self.foreign_functions:
            self.note("unknown_function", f"{self.foreign_message}; function: {name}")
        elif name not in self.functions:
            self.note("unknown_function", f"Invalid function name; function: {name}")
        self.operators += 1
        return Call(name, tuple(args))

    def wrap(self, node: object) -> object:
        if id(node) in self.wrapped:
            self.note("parens", "The expression has redundant parentheses;")
        self.wrapped.add(id(node))
        return node


class ConditionParser(Parser):
    """Condition, filter and key-condition expressions: NOT binds tighter than AND, AND than OR."""

    keywords = frozenset({"AND", "OR", "NOT", "BETWEEN", "IN"})
    functions = frozenset(CONDITION_FUNCTIONS)
    foreign_functions = frozenset(UPDATE_FUNCTIONS)
    foreign_message = "The function is not allowed in a condition expression"
    issue_order = ("parens", "unknown_function", "misused_function", "reserved", "limits")

    def parse(self) -> Condition:
        condition = self.parse_or(False)
        if self.token.kind != "eof":
            self.fail()
        return self.check_condition(condition)

    def parse_or(self, allow_operand: bool) -> Condition:
        left = self.parse_and(allow_operand)
        if isinstance(left, (Path, ValueRef)):
            return left
        while self.at_keyword("OR"):
            self.index += 1
            left = Or(self.check_condition(left), self.check_condition(self.parse_and(False)))
            self.operators += 1
        return left

    def parse_and(self, allow_operand: bool) -> Condition:
        left = self.parse_not(allow_operand)
        if isinstance(left, (Path, ValueRef)):
            return left
        while self.at_keyword("AND"):
            self.index += 1
            left = AndNode(self.check_condition(left), self.check_condition(self.parse_not(False)))
            self.operators += 1
        return left

    def parse_not(self, allow_operand: bool) -> Condition:
        if self.at_keyword("NOT"):
            self.index += 1
            self.operators += 1
            return Not(self.check_condition(self.parse_not(False)))
        return self.parse_primary(allow_operand)

    def parse_primary(self, allow_operand: bool) -> Condition:
        """A condition, or (inside parentheses) an operand that a comparison follows."""
        if not self.at_op("("):
            return self.parse_comparison(self.parse_operand(), allow_operand)
        self.index += 1
        inner = self.wrap(self.parse_or(True))
        self.expect_op(")")
        token = self.token
        continues = (
            (token.kind == "op" and token.text in COMPARATORS)
            or self.at_keyword("BETWEEN")
            or self.at_keyword("IN")
        )
        if isinstance(inner, (Path, ValueRef, Call)) and continues:
            return self.parse_comparison(inner, allow_operand)
        if isinstance(inner, (Path, ValueRef)) and not (allow_operand and self.at_op(")")):
            self.fail()
        return inner  # type: ignore[return-value]

    def parse_comparison(self, left: Operand, allow_operand: bool) -> Condition:
        token = self.token
        if (
            (token.kind == "op" and token.text in COMPARATORS)
            or self.at_keyword("BETWEEN")
            or self.at_keyword("IN")
        ):
            self.operators += 1
        if token.kind == "op" and token.text in COMPARATORS:
            self.index += 1
            right = self.parse_operand()
            self.check_operands(left, right)
            return Comparison(token.text, left, right)
        if self.at_keyword("BETWEEN"):
            self.index += 1
            low = self.parse_operand()
            if not self.at_keyword("AND"):
                self.fail()
            self.index += 1
            high = self.parse_operand()
            self.check_operands(left, low, high)
            return Between(left, low, high)
        if self.at_keyword("IN"):
            self.index += 1
            self.expect_op("(")
            options = [self.parse_operand()]
            while self.accept_op(","):
                options.append(self.parse_operand())
            self.expect_op(")")
            self.check_operands(left, *options)
            return In(left, tuple(options))
        if isinstance(left, Call):
            self.check_operands(*left.args)
            return left
        if allow_operand and self.at_op(")") and isinstance(left, (Path, ValueRef)):
            return left  # type: ignore[return-value]
        self.fail()

    def check_operands(self, *operands: Operand) -> None:
        for operand in operands:
            if isinstance(operand, Call) and operand.name != "size":
                self.misused(operand)

    def check_condition(self, node: Condition) -> Condition:
        if isinstance(node, Call) and node.name == "size":
            self.misused(node)
        return node

    def misused(self, call: Call) -> None:
        self.note(
            "misused_function",
            f"The function is not allowed to be used this way in an expression; function: {call.name}",
        )


class ProjectionParser(Parser):
    """A comma-separated list of document paths."""

    def parse(self) -> tuple[Path, ...]:
        paths = [self.parse_path()]
        while self.accept_op(","):
            paths.append(self.parse_path())
        if self.token.kind != "eof":
            self.fail()
        return tuple(paths)
