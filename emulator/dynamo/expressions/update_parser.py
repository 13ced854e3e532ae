"""The update expression grammar: SET, REMOVE, ADD and DELETE clauses, each at most once."""

from __future__ import annotations

from .nodes import Arithmetic, Operand, Path, UpdateClauses, ValueRef
from .parser import CONDITION_FUNCTIONS, UPDATE_FUNCTIONS, Parser


class UpdateParser(Parser):
    keywords = frozenset({"SET", "REMOVE", "ADD", "DELETE"})
    functions = frozenset(UPDATE_FUNCTIONS)
    foreign_functions = frozenset(CONDITION_FUNCTIONS)
    foreign_message = "The function is not allowed in an update expression"
    issue_order = ("reserved", "unknown_function", "section", "limits")

    def parse(self) -> UpdateClauses:
        sets: list[tuple[Path, Operand]] = []
        removes: list[Path] = []
        adds: list[tuple[Path, ValueRef]] = []
        deletes: list[tuple[Path, ValueRef]] = []
        seen: dict[str, None] = {}
        while self.token.kind != "eof":
            if not self.at_any_keyword():
                self.fail()
            clause = self.advance().text.upper()
            if clause in seen:
                self.note("section", f'The "{clause}" section can only be used once in an update expression;')
            seen[clause] = None
            while True:
                if clause == "SET":
                    path = self.parse_path()
                    self.expect_op("=")
                    sets.append((path, self.parse_set_value()))
                elif clause == "REMOVE":
                    removes.append(self.parse_path())
                else:
                    path = self.parse_path()
                    if self.token.kind != "attr_value":
                        self.fail()
                    (adds if clause == "ADD" else deletes).append((path, ValueRef(self.advance().text)))
                if not self.accept_op(","):
                    break
        return UpdateClauses(tuple(sets), tuple(removes), tuple(adds), tuple(deletes), tuple(seen))

    def parse_set_value(self) -> Operand:
        left = self.parse_set_term()
        token = self.token
        if token.kind == "op" and token.text in ("+", "-"):
            self.index += 1
            self.operators += 1
            return Arithmetic(token.text, left, self.parse_set_term())
        return left

    def parse_set_term(self) -> Operand:
        if self.accept_op("("):
            inner = self.parse_set_value()
            self.expect_op(")")
            return inner
        return self.parse_operand()
