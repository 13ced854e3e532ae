"""Logs Insights QL's grammar: commands separated by ``|``, and their expressions.

Expressions bind, loosest first: ``or``; ``and``; ``not``; comparisons (``=``,
``!=``, ``<``, ``<=``, ``>``, ``>=``, ``like``, ``not like``, ``=~``, ``in``,
``not in``); ``+ -``; ``* / %``; ``^``; unary minus.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .ast import (
    Binary,
    Call,
    Command,
    Dedup,
    Display,
    Duration,
    Expr,
    Field,
    Fields,
    Filter,
    Limit,
    ListOf,
    Literal,
    Named,
    Parse,
    Query,
    Regex,
    Sort,
    SortKey,
    Star,
    Stats,
    Unary,
)
from .lex import (
    DURATION,
    END,
    NAME,
    NUMBER,
    REGEX,
    STRING,
    SYMBOL,
    QueryError,
    Token,
    tokenize,
    unexpected,
)

_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=", "=~")
#: ``bin``'s units and their spellings; those longer than one letter also take a plural ``s``.
_UNIT_SPELLINGS = {
    "ms": ("millisecond", "ms", "msec"),
    "s": ("second", "s", "sec"),
    "m": ("minute", "m", "min"),
    "h": ("hour", "h", "hr"),
    "d": ("day", "d"),
    "w": ("week", "w"),
    "mo": ("month", "mo", "mon"),
    "q": ("quarter", "q", "qtr"),
    "y": ("year", "y", "yr"),
}
_UNITS = {
    spelled: unit
    for unit, spellings in _UNIT_SPELLINGS.items()
    for word in spellings
    for spelled in ((word, word + "s") if len(word) > 1 else (word,))
}
#: Java's named group ``(?<name>...)`` is Python's ``(?P<name>...)``.
_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")


def parse_query(source: str) -> Query:
    try:
        return _Parser(source).query()
    except RecursionError:  # thousands of nested parentheses: refused, not a server error
        raise QueryError("The query is nested too deeply", 0, len(source)) from None


def compile_regex(source: str, at: int = 0, end: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(_NAMED_GROUP.sub("(?P<", source))
    except re.error as error:
        raise QueryError(f"Invalid regular expression: {error}", at, end) from None


def glob_pattern(glob: str) -> re.Pattern[str]:
    """``parse``'s glob: each ``*`` captures the shortest text that lets the rest match (the last one, the rest)."""
    parts = [re.escape(part) for part in glob.split("*")]
    captures = ["(.*?)"] * (len(parts) - 1)
    if glob.endswith("*") and captures:
        captures[-1] = "(.*)"
    return re.compile(
        "".join(part + capture for part, capture in zip(parts, [*captures, ""], strict=True)), re.DOTALL
    )


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.at = 0
        self.commands: dict[str, Callable[[], Command]] = {
            "fields": self._fields,
            "display": self._display,
            "filter": self._filter,
            "sort": self._sort,
            "limit": self._limit,
            "stats": self._stats,
            "parse": self._parse,
            "dedup": self._dedup,
        }

    # -- tokens ---------------------------------------------------------------

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def accept(self, symbol: str) -> bool:
        if self.token.kind == SYMBOL and self.token.text == symbol:
            self.at += 1
            return True
        return False

    def accept_word(self, *words: str) -> bool:
        if self.token.is_word(*words):
            self.at += 1
            return True
        return False

    def expect(self, symbol: str) -> None:
        if not self.accept(symbol):
            raise self.unexpected()

    def unexpected(self) -> QueryError:
        return unexpected(self.source, self.token)

    def text_from(self, start: Token) -> str:
        return self.source[start.start : self.tokens[self.at - 1].end]

    # -- commands -------------------------------------------------------------

    def query(self) -> Query:
        query = Query()
        if self.token.kind == END:
            return query
        while True:
            word = self.token
            command = self.commands.get(word.text.lower()) if word.kind == NAME else None
            # "The only query command that you can use in a query after the dedup command is limit."
            after_dedup = any(isinstance(c, Dedup) for c in query.commands) and not word.is_word("limit")
            if command is None or after_dedup:
                raise self.unexpected()
            self.advance()
            query.starts.append(word.start)
            query.commands.append(command())
            if self.accept("|"):
                continue
            if self.token.kind != END:
                raise self.unexpected()
            return query

    def _fields(self) -> Fields:
        return Fields(self._named_list())

    def _display(self) -> Display:
        return Display(tuple(self._field_name() for _ in self._commas()))

    def _filter(self) -> Filter:
        return Filter(self.expression())

    def _sort(self) -> Sort:
        self.accept_word("by")
        keys = []
        for _ in self._commas():
            expr = self.expression()
            # Guessed: without asc/desc a sort is descending.
            descending = not self.accept_word("asc")
            if descending:
                self.accept_word("desc")
            keys.append(SortKey(expr, descending))
        return Sort(tuple(keys))

    def _limit(self) -> Limit:
        if self.token.kind != NUMBER or not self.token.text.isdigit() or int(self.token.text) < 1:
            raise self.unexpected()
        return Limit(int(self.advance().text))

    def _stats(self) -> Stats:
        items = self._named_list()
        by: tuple[Named, ...] = ()
        if self.accept_word("by"):
            by = self._named_list()
        return Stats(items, by)

    def _parse(self) -> Parse:
        source: Expr = Field("@message", "@message")
        if self.token.kind not in (STRING, REGEX):
            source = self.primary()
        token = self.advance()
        if token.kind == REGEX:
            pattern = compile_regex(token.text, token.start, token.end)
            names = tuple(name for name, _ in sorted(pattern.groupindex.items(), key=lambda item: item[1]))
            if not names:
                raise QueryError(
                    "Regex pattern must have at least one named capture group", token.start, token.end
                )
            return Parse(source, pattern, names)
        if token.kind != STRING:
            self.at -= 1
            raise self.unexpected()
        pattern = glob_pattern(token.text)
        if not self.accept_word("as"):
            raise self.unexpected()
        names = tuple(self._field_name() for _ in self._commas())
        if len(names) != pattern.groups:  # (guessed wording)
            message = f"Number of wildcards ({pattern.groups}) in the pattern must match the number of fields ({len(names)})"
            raise QueryError(message, token.start, self.tokens[self.at - 1].end)
        return Parse(source, pattern, names)

    def _dedup(self) -> Dedup:
        return Dedup(tuple(self._field_name() for _ in self._commas()))

    def _commas(self):  # type: ignore[no-untyped-def]
        """Yields once per item of a comma-separated list (the caller parses the item)."""
        yield
        while self.accept(","):
            yield

    def _named_list(self) -> tuple[Named, ...]:
        items = []
        for _ in self._commas():
            expr = self.expression()
            name = self._field_name() if self.accept_word("as") else expr.text
            items.append(Named(expr, name))
        return tuple(items)

    def _field_name(self) -> str:
        if self.token.kind != NAME:
            raise self.unexpected()
        return self.advance().text

    # -- expressions ----------------------------------------------------------

    def expression(self) -> Expr:
        return self._or()

    def _binary_chain(self, operand: Callable[[], Expr], words: tuple[str, ...]) -> Expr:
        start = self.token
        left = operand()
        while self.token.is_word(*words):
            op = self.advance().text.lower()
            right = operand()
            left = Binary(self.text_from(start), op, left, right)
        return left

    def _or(self) -> Expr:
        return self._binary_chain(self._and, ("or",))

    def _and(self) -> Expr:
        return self._binary_chain(self._not, ("and",))

    def _not(self) -> Expr:
        start = self.token
        if self.accept_word("not"):
            operand = self._not()
            return Unary(self.text_from(start), "not", operand)
        return self._comparison()

    def _comparison(self) -> Expr:
        start = self.token
        left = self._additive()
        negated = False
        if self.token.is_word("not") and self.tokens[self.at + 1].is_word("like", "in"):
            self.advance()
            negated = True
        if self.token.kind == SYMBOL and self.token.text in _COMPARISONS and not negated:
            op = self.advance().text
            op = "like" if op == "=~" else op
        elif self.token.is_word("like", "in"):
            op = self.advance().text.lower()
        else:
            return left
        right = self._list() if op == "in" else self._additive()
        return Binary(self.text_from(start), f"not {op}" if negated else op, left, right)

    def _list(self) -> Expr:
        start = self.token
        self.expect("[")
        items = (
            []
            if self.token.kind == SYMBOL and self.token.text == "]"
            else [self.expression() for _ in self._commas()]
        )
        self.expect("]")
        return ListOf(self.text_from(start), tuple(items))

    def _additive(self) -> Expr:
        return self._arithmetic(self._multiplicative, ("+", "-"))

    def _multiplicative(self) -> Expr:
        return self._arithmetic(self._power, ("*", "/", "%"))

    def _power(self) -> Expr:
        return self._arithmetic(self._unary, ("^",))

    def _arithmetic(self, operand: Callable[[], Expr], symbols: tuple[str, ...]) -> Expr:
        start = self.token
        left = operand()
        while self.token.kind == SYMBOL and self.token.text in symbols:
            op = self.advance().text
            right = operand()
            left = Binary(self.text_from(start), op, left, right)
        return left

    def _unary(self) -> Expr:
        start = self.token
        if self.accept("-"):
            operand = self._unary()
            return Unary(self.text_from(start), "-", operand)
        return self.primary()

    def primary(self) -> Expr:
        token = self.advance()
        if token.kind == NUMBER:
            value = float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
            return Literal(token.text, value)
        if token.kind == STRING:
            return Literal(self.source[token.start : token.end], token.text)
        if token.kind == REGEX:
            return Regex(
                self.source[token.start : token.end], compile_regex(token.text, token.start, token.end)
            )
        if token.kind == DURATION:
            amount, unit = re.match(r"(\d+)(.*)", token.text).groups()  # type: ignore[union-attr]
            if unit.lower() not in _UNITS:
                self.at -= 1
                raise self.unexpected()
            return Duration(token.text, int(amount), _UNITS[unit.lower()])
        if token.kind == SYMBOL and token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == SYMBOL and token.text == "*":
            return Star("*")
        if token.kind == NAME:
            if self.accept("("):
                args: list[Expr] = []
                if not self.accept(")"):
                    args = [self.expression() for _ in self._commas()]
                    self.expect(")")
                return Call(self.text_from(token), token.text.lower(), tuple(args))
            return Field(token.text, token.text)
        self.at -= 1
        raise self.unexpected()
