"""A recursive-descent parser for DynamoDB's PartiQL statements.

    SELECT * | path, ... FROM table[.index] [WHERE condition] [ORDER BY path [ASC|DESC]]
    INSERT INTO table VALUE {'attr': value, ...}
    UPDATE table SET path = value, ... | REMOVE path, ... WHERE condition [RETURNING ...]
    DELETE FROM table WHERE condition [RETURNING ALL OLD *]

Conditions: comparisons, BETWEEN, IN, IS [NOT] MISSING / NULL, functions,
NOT / AND / OR with the usual precedence and parentheses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from ...aws.errors import ValidationException
from ..values import normalize_number, normalize_value
from .lexer import MALFORMED, Token, place, tokenize
from .nodes import (
    And,
    Arithmetic,
    AttributeValue,
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
    Parameters,
    Path,
    Predicate,
    Select,
    Statement,
    Update,
    Value,
)

_COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
#: DynamoDB's PartiQL takes attribute_exists and attribute_not_exists in a WHERE too (the
#: conformance suite's tier2 whereFunctions, four regions, 2026-10).
PREDICATE_FUNCTIONS = frozenset(
    {"begins_with", "contains", "attribute_type", "exists", "attribute_exists", "attribute_not_exists"}
)
#: ``IS <type>`` runs as a filter on the attribute's type (the conformance suite's tier2
#: whereFunctions: BOOL, STRING); the other PartiQL type names DynamoDB's types map onto.
IS_TYPES = {"BOOL": "BOOL", "BOOLEAN": "BOOL", "STRING": "S", "LIST": "L", "STRUCT": "M", "TUPLE": "M", "BLOB": "B"}
def _at(token: Token) -> str:
    """A token's place as AWS's messages give it (statements on one line)."""
    return f"1:{token.position + 1}:{len(token.text)}"


_RETURNING = {
    ("ALL", "OLD"): "ALL_OLD",
    ("ALL", "NEW"): "ALL_NEW",
    ("MODIFIED", "OLD"): "UPDATED_OLD",
    ("MODIFIED", "NEW"): "UPDATED_NEW",
}
_SET_TYPES = {"S": "SS", "N": "NS", "B": "BS"}
_NUMBER_PARTS = re.compile(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
#: Deeper statements are rejected; DynamoDB documents nest at most 32 levels.
MAX_NESTING = 100
NOT_ON_INDEX = "This operation is not supported on an index"
#: Words PartiQL reserves: one where a value belongs is an "Unexpected keyword".
KEYWORDS = frozenset({
    "ALL", "AND", "AS", "ASC", "AT", "BETWEEN", "BY", "DELETE", "DESC", "DISTINCT", "EXISTS", "FROM", "GROUP",
    "HAVING", "IN", "INSERT", "INTO", "IS", "LIMIT", "MISSING", "NOT", "NULL", "OR", "ORDER", "REMOVE",
    "RETURNING", "SELECT", "SET", "UPDATE", "VALUE", "VALUES", "WHERE",
})  # fmt: skip
_SYMBOL_NAMES = {
    "(": "LEFT_PAREN",
    ")": "RIGHT_PAREN",
    "[": "LEFT_BRACKET",
    "]": "RIGHT_BRACKET",
    "}": "RIGHT_CURLY",
    ">>": "RIGHT_DOUBLE_ANGLE_BRACKET",
    ":": "COLON",
    "=": "'='",
    "*": "STAR",
}


def _reserved(token: Token) -> bool:
    return token.kind == "name" and token.text.upper() in KEYWORDS


def parse(statement: str, parameters: list[Any] | None = None) -> Statement:
    """Parse one statement, binding ``?`` to ``parameters`` in order."""
    bound = Parameters([normalize_value(value) for value in parameters or ()])
    parser = _Parser(tokenize(statement), bound, statement)
    result = parser.statement()
    if bound.used != len(bound.values):
        raise ValidationException("Number of parameters in request and statement don't match.")
    return result


class _Parser:
    def __init__(self, tokens: list[Token], parameters: Parameters, source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.at = 0
        self.parameters = parameters
        self.depth = 0
        #: Where the literal being read sits inside its value (``.x``, ``[1]``), for number errors.
        self.value_path: list[str] = []

    # -- token helpers -------------------------------------------------------

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.at + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        if token.kind != "end":
            self.at += 1
        return token

    def fail(self, detail: str | None = None) -> ValidationException:
        """PartiQL's parse error; without ``detail``, the one for an unexpected term."""
        if detail is None:
            detail = "Unexpected keyword" if _reserved(self.peek()) else "Unexpected term"
        return ValidationException(MALFORMED + detail)

    @contextmanager
    def nested(self) -> Iterator[None]:
        """Bounds nesting (parentheses, NOT, literals, calls) so deep input is an error, not a crash."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ValidationException(MALFORMED + "Statement is nested too deeply")
        try:
            yield
        finally:
            self.depth -= 1

    def keyword(self, *words: str) -> bool:
        if self.peek().is_keyword(*words):
            self.at += 1
            return True
        return False

    def expect_keyword(self, word: str, detail: str | None = None) -> None:
        if not self.keyword(word):
            raise self.fail(detail)

    def symbol(self, text: str) -> bool:
        token = self.peek()
        if token.kind == "symbol" and token.text == text:
            self.at += 1
            return True
        return False

    def expect_symbol(self, text: str) -> None:
        if not self.symbol(text):
            raise self.fail(f"Expected {_SYMBOL_NAMES.get(text, repr(text))}")

    def name(self) -> str:
        """An identifier: bare (not a reserved word) or double-quoted."""
        token = self.peek()
        if token.kind == "quoted" or (token.kind == "name" and not _reserved(token)):
            self.at += 1
            return token.value
        raise self.fail()

    def no_alias(self) -> None:
        """A table alias (``t`` or ``AS t``) after the table (dynamodb-conformance tier3 partiqlGrammar)."""
        token = self.peek()
        if token.is_keyword("AS") or token.kind == "quoted" or (token.kind == "name" and not _reserved(token)):
            raise ValidationException("Aliasing is not supported")

    # -- statements ----------------------------------------------------------

    def statement(self) -> Statement:
        token = self.peek()
        if token.is_keyword("SELECT"):
            result: Statement = self.select()
        elif token.is_keyword("INSERT"):
            result = self.insert()
        elif token.is_keyword("UPDATE"):
            result = self.update()
        elif token.is_keyword("DELETE"):
            result = self.delete()
        elif token.is_keyword("EXISTS"):
            self.at += 1
            self.expect_symbol("(")
            result = Exists(self.select())
            self.expect_symbol(")")
        else:
            raise self.fail("Expected data manipulation")
        if self.symbol(";") and self.peek().kind != "end":
            raise self.fail("Unexpected token after semicolon. (Only one query is allowed.)")
        if self.peek().kind != "end":
            raise self.fail("Unexpected token after expression")
        return result

    def select(self) -> Select:
        self.expect_keyword("SELECT")
        projection: tuple[Path, ...] | None = None
        if not self.symbol("*"):
            paths = [self.projected()]
            while self.symbol(","):
                paths.append(self.projected())
            projection = tuple(paths)
        self.expect_keyword("FROM", "Expected FROM after SELECT list")
        table = self.name()
        index = self.name() if self.symbol(".") else None
        if self.symbol("."):
            raise ValidationException("A path may contain at most 2 components in the FROM clause")
        if table == "" or index == "":
            raise ValidationException("Path component cannot be an empty string")
        self.no_alias()
        where = self.condition() if self.keyword("WHERE") else None
        ascending = None
        if self.keyword("ORDER"):
            self.expect_keyword("BY")
            self.path()
            ascending = not self.keyword("DESC")
            if ascending:
                self.keyword("ASC")
        return Select(table, index, projection, where, ascending)

    def projected(self) -> Path:
        """A SELECT list entry. DynamoDB has no aggregates: COUNT(...) is refused at its line:column,
        length 5 whatever the parentheses hold (dynoxide's AWS capture, eu-west-2 2026-07-29)."""
        token = self.peek()
        if token.is_keyword("COUNT") and self.peek(1).text == "(":
            raise ValidationException(f"Unexpected path component at {place(self.source, token, 5)}")
        return self.path()

    def insert(self) -> Insert:
        self.expect_keyword("INSERT")
        self.expect_keyword("INTO")
        target = self.peek()
        table = self.name()
        if self.peek().text == ".":
            # Refused bare, placed at the table name (dynoxide's AWS capture, eu-west-2 2026-08-15).
            raise ValidationException(
                "FROM clause may only contain a single table name in data manipulation statements at "
                + place(self.source, target, len(target.text))
            )
        if not self.peek().is_keyword("VALUE"):
            raise self.fail("Unexpected token after expression")
        self.expect_keyword("VALUE")
        if self.symbol("{"):
            with self.nested():
                value: Operand = Value({"M": self.map_members(item=True)})
        else:
            value = self.primary()
        if not isinstance(value, Value) or "M" not in value.value:
            raise ValidationException(MALFORMED + "INSERT VALUE must be a single map of attributes")
        return Insert(table, value.value["M"])

    def update(self) -> Update:
        self.expect_keyword("UPDATE")
        table = self.write_target()
        self.no_alias()
        sets: list[tuple[Path, Operand]] = []
        removes: list[Path] = []
        while True:
            if self.keyword("SET"):
                sets.append(self.assignment())
                while self.symbol(","):
                    sets.append(self.assignment())
            elif self.keyword("REMOVE"):
                removes.append(self.path())
                while self.symbol(","):
                    removes.append(self.path())
            else:
                break
        if not sets and not removes:
            raise self.fail("Expected data manipulation")
        where = self.condition() if self.keyword("WHERE") else None
        return Update(table, tuple(sets), tuple(removes), where, self.returning())

    def assignment(self) -> tuple[Path, Operand]:
        target = self.path()
        self.expect_symbol("=")
        return target, self.operand()

    def delete(self) -> Delete:
        self.expect_keyword("DELETE")
        self.expect_keyword("FROM", "Expected FROM after DELETE")
        table = self.write_target()
        self.no_alias()
        where = self.condition() if self.keyword("WHERE") else None
        return Delete(table, where, self.returning())

    def write_target(self) -> str:
        """The table an UPDATE or DELETE names; an index qualifier is refused before the table is
        looked up (dynoxide's AWS captures Q23/Q24, eu-west-2 2026-08-15)."""
        table = self.name()
        if self.symbol("."):
            raise ValidationException(NOT_ON_INDEX)
        return table

    def returning(self) -> str | None:
        if not self.keyword("RETURNING"):
            return None
        which = self.advance().text.upper()
        when = self.advance().text.upper()
        self.expect_symbol("*")
        if (which, when) not in _RETURNING:
            raise ValidationException(
                MALFORMED + "RETURNING must be ALL OLD *, ALL NEW *, MODIFIED OLD * or MODIFIED NEW *"
            )
        return _RETURNING[(which, when)]

    # -- conditions ------------------------------------------------------------

    def condition(self) -> Condition:
        with self.nested():
            items = [self.conjunction()]
            while self.keyword("OR"):
                items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conjunction(self) -> Condition:
        items = [self.negation()]
        while self.keyword("AND"):
            items.append(self.negation())
        return items[0] if len(items) == 1 else And(tuple(items))

    def negation(self) -> Condition:
        if self.keyword("NOT"):
            with self.nested():
                return Not(self.negation())
        return self.predicate()

    def predicate(self) -> Condition:
        if self.symbol("("):
            inner = self.condition()
            self.expect_symbol(")")
            return inner
        left = self.operand()
        token = self.peek()
        if token.kind == "symbol" and token.text in _COMPARATORS:
            self.at += 1
            return Compare(_COMPARATORS[token.text], left, self.operand())
        negated = self.keyword("NOT")
        if self.keyword("BETWEEN"):
            low = self.operand()
            self.expect_keyword("AND")
            found: Condition = Between(left, low, self.operand())
        elif self.keyword("IN"):
            found = In(left, self.options())
        elif not negated and self.keyword("IS"):
            negated = self.keyword("NOT")
            token = self.peek()
            if token.is_keyword("MISSING", "NULL") or (token.kind == "name" and token.text.upper() in IS_TYPES):
                return Is(left, self.advance().text.upper(), negated)
            raise self.fail()
        elif not negated and isinstance(left, Call) and left.name in PREDICATE_FUNCTIONS:
            return Predicate(left)
        else:
            raise self.fail()
        return Not(found) if negated else found

    def options(self) -> tuple[Operand, ...]:
        if self.symbol("?"):
            value = self.parameter()
            if "L" not in value:
                raise ValidationException(MALFORMED + "IN requires a list")
            return tuple(Value(member) for member in value["L"])
        close = "]" if self.symbol("[") else ")"
        if close == ")":
            self.expect_symbol("(")
        items = [self.operand()]
        while self.symbol(","):
            items.append(self.operand())
        self.expect_symbol(close)
        return tuple(items)

    # -- operands ----------------------------------------------------------------

    def operand(self) -> Operand:
        result = self.primary()
        with ExitStack() as depth:
            while self.peek().kind == "symbol" and self.peek().text in ("+", "-"):
                depth.enter_context(self.nested())  # each operator nests the tree one level
                operator = self.advance().text
                result = Arithmetic(operator, result, self.primary())
        return result

    def primary(self) -> Operand:
        token = self.peek()
        if token.kind == "name" and self.peek(1).text == "(" and self.peek(1).kind == "symbol":
            return self.call()
        if token.kind == "quoted" or (
            token.kind == "name" and not _reserved(token) and not token.is_keyword("TRUE", "FALSE")
        ):
            return self.path()
        return Value(self.literal())

    def call(self) -> Call:
        token = self.advance()
        name, at = token.text.lower(), _at(token)
        self.expect_symbol("(")
        if self.symbol(")"):  # the function's own check counts the operands
            return Call(name, (), at)
        first_at = _at(self.peek())
        with self.nested():
            args = [self.operand()]
            while self.symbol(","):
                args.append(self.operand())
        self.expect_symbol(")")
        return Call(name, tuple(args), at, first_at)

    def path(self) -> Path:
        parts: list[str | int] = [self.name()]
        while True:
            if self.symbol("."):
                parts.append(self.name())
            elif self.symbol("["):
                token = self.advance()
                if token.kind == "number" and token.text.isdigit():
                    parts.append(int(token.text))
                elif token.kind == "string":
                    parts.append(token.value)
                else:
                    self.at -= token.kind != "end"  # advance() stays on the end
                    raise self.fail()
                self.expect_symbol("]")
            else:
                return Path(tuple(parts))

    def parameter(self) -> AttributeValue:
        value = self.parameters.next()
        # A missing parameter is reported once the whole statement is read.
        return value if value is not None else {"NULL": True}

    def literal(self) -> AttributeValue:
        with self.nested():
            return self._literal()

    def _literal(self) -> AttributeValue:
        token = self.advance()
        if token.kind == "string":
            return {"S": token.value}
        if token.kind == "number":
            return {"N": self.number(token.text)}
        if token.kind == "symbol":
            if token.text == "?":
                return self.parameter()
            if token.text == "-" and self.peek().kind == "number":
                return {"N": self.number("-" + self.advance().text)}
            if token.text == "[":
                return {"L": self.members("]")}
            if token.text == "{":
                return {"M": self.map_members()}
            if token.text == "<<":
                return self.set_literal(self.members(">>"))
        if token.is_keyword("TRUE", "FALSE"):
            return {"BOOL": token.text.upper() == "TRUE"}
        if token.is_keyword("NULL"):
            return {"NULL": True}
        self.at -= token.kind != "end"  # advance() stays on the end
        raise self.fail()

    def number(self, text: str) -> str:
        """A number literal: an exponent or scale past a 32-bit integer is unreadable (nothing after
        the colon); DynamoDB's range and precision errors name where the literal sits
        (dynamodb-conformance tier3 partiqlGrammar, eu-west-2, 2026-10)."""
        match = _NUMBER_PARTS.fullmatch(text.lstrip("-"))
        if match is not None and match.group(3) is not None:
            exponent = int(match.group(3))
            scale = len(match.group(2) or "") - exponent
            if not (_INT_MIN <= exponent <= _INT_MAX and _INT_MIN <= scale <= _INT_MAX):
                raise ValidationException(MALFORMED)
        try:
            return normalize_number(text)
        except ValidationException as error:
            raise ValidationException(f"{error.message} under root{''.join(self.value_path)}") from None

    def members(self, close: str) -> list[AttributeValue]:
        values: list[AttributeValue] = []
        if self.symbol(close):
            return values
        while True:
            self.value_path.append(f"[{len(values)}]")
            try:
                values.append(self.literal())
            finally:
                self.value_path.pop()
            if not self.symbol(","):
                break
        self.expect_symbol(close)
        return values

    def map_members(self, item: bool = False) -> dict[str, AttributeValue]:
        """A map literal's members; ``item``: an INSERT's item, whose values are each a root."""
        members: dict[str, AttributeValue] = {}
        if self.symbol("}"):
            return members
        while True:
            key = self.advance()
            if key.kind != "string":
                self.at -= key.kind != "end"
                raise self.fail()
            self.expect_symbol(":")
            saved, self.value_path = self.value_path, [] if item else [*self.value_path, f".{key.value}"]
            try:
                members[key.value] = self.literal()
            finally:
                self.value_path = saved
            if not self.symbol(","):
                break
        self.expect_symbol("}")
        return members

    def set_literal(self, members: list[AttributeValue]) -> AttributeValue:
        if not members:  # AWS's words (dynamodb-conformance tier3 partiqlFunctions)
            raise ValidationException("Empty bags are not supported")
        kinds = {next(iter(member)) for member in members}
        if len(kinds) != 1 or (kind := kinds.pop()) not in _SET_TYPES:
            raise ValidationException(MALFORMED + "A set must hold strings, numbers or binaries of one type")
        return normalize_value({_SET_TYPES[kind]: [member[kind] for member in members]})
