"""A Velocity (VTL) subset for API Gateway mapping templates, parsed once per deployment.

Covers what mapping templates use: references (``$x``, ``$!x``, ``${x}``,
``$a.b.c``, ``$a.method(args)``, ``$a[0]``), ``#set``, ``#if``/``#elseif``/``#else``,
``#foreach`` (with ``$foreach.hasNext``/``index``/``count`` and ``$velocityCount``),
``#define`` and ``#macro`` (the Serverless Framework's default request template uses
``#define``), ``##`` and ``#* *#`` comments, literals (strings, numbers, booleans, lists,
maps, ranges) and the usual operators. Undefined references render as empty text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .vtl_eval import BUDGET, MAX_RENDER_ITERATIONS, TooManyIterations, render_nodes
from .vtl_nodes import (
    DefineNode,
    ForeachNode,
    IfNode,
    Interpolated,
    Jump,
    Macro,
    MacroCall,
    Node,
    Op,
    Ref,
    SetNode,
    Stopped,
    TemplateError,
)

__all__ = ["BrokenTemplate", "Template", "TemplateError"]

_IDENT_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_IDENT = _IDENT_START | frozenset("0123456789-")
_DIRECTIVES = ("set", "if", "elseif", "else", "end", "foreach", "break", "stop", "define", "macro")


class Template:
    """A parsed template; ``render(variables)`` returns text."""

    def __init__(self, source: str) -> None:
        self.source = source
        parser = _Parser(source)
        try:
            self.nodes, closing = parser.block()
        except RecursionError:
            raise TemplateError("template nested too deeply") from None
        if closing is not None:
            raise TemplateError(f"unexpected #{closing}")

    def render(self, variables: dict[str, Any]) -> str:
        out: list[str] = []
        scope = dict(variables)
        scope[BUDGET] = [MAX_RENDER_ITERATIONS]
        try:
            render_nodes(self.nodes, scope, out)
        except Stopped:
            pass  # what was rendered before a #stop (or a #break outside any #foreach) is the output
        except RecursionError:
            raise TemplateError("template nested too deeply") from None
        except TooManyIterations:
            raise TemplateError(f"the template's loops ran over {MAX_RENDER_ITERATIONS} iterations") from None
        return "".join(out)


class BrokenTemplate(Template):
    """A template that does not parse: AWS takes any text when it is put, and fails each
    request that renders it ("Unable to transform request/response", a 500)."""

    def __init__(self, error: TemplateError) -> None:
        self.source = ""
        self.nodes = []
        self.error = error

    def render(self, variables: dict[str, Any]) -> str:
        raise self.error


class _Parser:
    def __init__(self, text: str, macros: dict[str, Macro] | None = None) -> None:
        self.text = text
        self.i = 0
        #: Macros defined so far: ``#name(...)`` calls one defined above it.
        self.macros: dict[str, Macro] = {} if macros is None else macros

    # -- template level ------------------------------------------------------

    def block(self) -> tuple[list[Node], str | None]:
        """Nodes up to a closing directive (``end``/``else``/``elseif``) or the end."""
        nodes: list[Node] = []
        text: list[str] = []
        source = self.text
        while self.i < len(source):
            char = source[self.i]
            if char == "#":
                directive = self._directive_name()
                if source.startswith("##", self.i):
                    end = source.find("\n", self.i)
                    self.i = len(source) if end < 0 else end + 1
                    continue
                if source.startswith("#*", self.i):
                    end = source.find("*#", self.i + 2)
                    self.i = len(source) if end < 0 else end + 2
                    continue
                if directive:
                    _flush(text, nodes)
                    name, braced = directive
                    self.i += len(name) + (3 if braced else 1)
                    if name in ("end", "else", "elseif"):
                        if name != "elseif":
                            self._eat_line_end()
                        return nodes, name
                    nodes.append(self._directive(name))
                    continue
                call = self._macro_call()
                if call is not None:
                    _flush(text, nodes)
                    nodes.append(call)
                    continue
            elif char == "$":
                ref = self._maybe_reference()
                if ref is not None:
                    _flush(text, nodes)
                    nodes.append(ref)
                    continue
            elif char == "\\" and self.text.startswith("\\$", self.i):
                text.append("$")
                self.i += 2
                continue
            text.append(char)
            self.i += 1
        _flush(text, nodes)
        return nodes, None

    def _directive_name(self) -> tuple[str, bool] | None:
        for name in _DIRECTIVES:
            if self.text.startswith("#{" + name + "}", self.i):
                return name, True
            if self.text.startswith("#" + name, self.i):
                after = self.text[self.i + 1 + len(name) : self.i + 2 + len(name)]
                if not after or after not in _IDENT:
                    return name, False
        return None

    def _directive(self, name: str) -> Node:
        if name in ("break", "stop"):
            return Jump(stop=name == "stop")
        self._skip_spaces()
        self._expect("(")
        if name == "define":
            self._skip_spaces()
            target = self._reference().name
            self._skip_spaces()
            self._expect(")")
            return DefineNode(target, self._body(name))
        if name == "macro":
            return self._macro()
        if name == "set":
            self._skip_spaces()
            target = self._reference()
            self._skip_spaces()
            self._expect("=")
            value = self.expression()
            self._skip_spaces()
            self._expect(")")
            self._eat_line_end()
            return SetNode(target, value)
        if name == "foreach":
            self._skip_spaces()
            variable = self._reference().name
            self._skip_spaces()
            if not self.text.startswith("in", self.i):
                raise TemplateError("expected 'in' in #foreach")
            self.i += 2
            items = self.expression()
            self._skip_spaces()
            self._expect(")")
            return ForeachNode(variable, items, self._body(name))
        # if
        branches: list[tuple[Any, list[Node]]] = []
        condition = self.expression()
        self._skip_spaces()
        self._expect(")")
        self._eat_line_end()
        while True:
            body, closing = self.block()
            branches.append((condition, body))
            if closing == "elseif":
                self._skip_spaces()
                self._expect("(")
                condition = self.expression()
                self._skip_spaces()
                self._expect(")")
                self._eat_line_end()
                continue
            if closing == "else":
                otherwise, closing = self.block()
                if closing != "end":
                    raise TemplateError("#else without #end")
                return IfNode(branches, otherwise)
            if closing != "end":
                raise TemplateError("#if without #end")
            return IfNode(branches, [])

    def _body(self, directive: str) -> list[Node]:
        """The block a directive opens, up to its ``#end``."""
        self._eat_line_end()
        body, closing = self.block()
        if closing != "end":
            raise TemplateError(f"#{directive} without #end")
        return body

    def _macro(self) -> Node:
        self._skip_spaces()
        macro = Macro(self._identifier(), [], [])
        macro.params = self._macro_arguments(lambda: self._reference().name)
        self.macros[macro.name] = macro  # before its body: a macro may call itself
        macro.body = self._body("macro")
        return ""

    def _macro_call(self) -> MacroCall | None:
        """``#name(args)`` of a macro defined above, or None (the ``#`` is text)."""
        start = self.i + 1
        end = start
        while end < len(self.text) and (self.text[end] in _IDENT_START or self.text[end].isdigit()):
            end += 1
        macro = self.macros.get(self.text[start:end])
        if macro is None or not self.text.startswith("(", end):
            return None
        self.i = end + 1
        return MacroCall(macro, self._macro_arguments(self.expression))

    def _macro_arguments(self, parse_one: Callable[[], Any]) -> list[Any]:
        """What ``parse_one`` reads, repeatedly, separated by commas or spaces, up to and past the ``)``."""
        items: list[Any] = []
        while True:
            self._skip_spaces()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            if self.text.startswith(")", self.i):
                self.i += 1
                return items
            items.append(parse_one())

    def _eat_line_end(self) -> None:
        j = self.i
        while j < len(self.text) and self.text[j] in " \t":
            j += 1
        if self.text.startswith("\r\n", j):
            self.i = j + 2
        elif self.text.startswith("\n", j):
            self.i = j + 1

    # -- references ----------------------------------------------------------

    def _maybe_reference(self) -> Ref | None:
        j = self.i + 1
        if self.text.startswith("!", j):
            j += 1
        if self.text.startswith("{", j):
            j += 1
        if j < len(self.text) and self.text[j] in _IDENT_START:
            return self._reference()
        return None

    def _reference(self) -> Ref:
        start = self.i
        self._expect("$")
        if self.text.startswith("!", self.i):
            self.i += 1
        braced = self.text.startswith("{", self.i)
        if braced:
            self.i += 1
        name = self._identifier()
        accessors: list[tuple[Any, ...]] = []
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == "." and self.i + 1 < len(self.text) and self.text[self.i + 1] in _IDENT_START:
                self.i += 1
                member = self._identifier(hyphens=True)
                if self.text.startswith("(", self.i):
                    self.i += 1
                    accessors.append(("call", member, self._arguments(")")))
                else:
                    accessors.append(("attr", member))
            elif char == "[":
                self.i += 1
                index = self.expression()
                self._skip_spaces()
                self._expect("]")
                accessors.append(("index", index))
            else:
                break
        if braced:
            self._expect("}")
        return Ref(name, accessors, self.text[start : self.i])

    def _identifier(self, hyphens: bool = False) -> str:
        """A name; a member's may hold hyphens, as Velocity's do (``$context.responseOverride.header.X-Kind``)."""
        start = self.i
        text = self.text
        while self.i < len(text) and (
            text[self.i] in _IDENT_START
            or text[self.i].isdigit()
            or (hyphens and text[self.i] == "-" and self.i > start and text[self.i + 1 : self.i + 2] in _IDENT_START)
        ):
            self.i += 1
        if start == self.i:
            raise TemplateError(f"expected a name at {start}")
        return self.text[start : self.i]

    def _arguments(self, closing: str) -> list[Any]:
        args: list[Any] = []
        self._skip_spaces()
        if self.text.startswith(closing, self.i):
            self.i += 1
            return args
        while True:
            args.append(self.expression())
            self._skip_spaces()
            if self.text.startswith(",", self.i):
                self.i += 1
                continue
            self._expect(closing)
            return args

    # -- expressions ---------------------------------------------------------

    def expression(self) -> Any:
        return self._binary(0)

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("||", "or"),
        ("&&", "and"),
        ("==", "!=", "<=", ">=", "<", ">", "eq", "ne", "lt", "gt", "le", "ge"),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def _binary(self, level: int) -> Any:
        if level == len(self._LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while True:
            self._skip_spaces()
            operator = next((o for o in self._LEVELS[level] if self._at_operator(o)), None)
            if operator is None:
                return left
            self.i += len(operator)
            left = Op(_CANONICAL.get(operator, operator), [left, self._binary(level + 1)])

    def _at_operator(self, operator: str) -> bool:
        if not self.text.startswith(operator, self.i):
            return False
        if operator[0].isalpha():
            after = self.text[self.i + len(operator) : self.i + len(operator) + 1]
            return not after or after in " \t\n($!"
        return True

    def _unary(self) -> Any:
        self._skip_spaces()
        if self.text.startswith("!", self.i) and not self.text.startswith("!=", self.i):
            self.i += 1
            return Op("not", [self._unary()])
        if self.text.startswith("-", self.i):
            self.i += 1
            return Op("neg", [self._unary()])
        return self._primary()

    def _primary(self) -> Any:
        self._skip_spaces()
        text, i = self.text, self.i
        if i >= len(text):
            raise TemplateError("unexpected end of template")
        char = text[i]
        if char == "$":
            return self._reference()
        if char == "(":
            self.i += 1
            value = self.expression()
            self._skip_spaces()
            self._expect(")")
            return value
        if char in "'\"":
            end = text.find(char, i + 1)
            if end < 0:
                raise TemplateError("unterminated string")
            self.i = end + 1
            body = text[i + 1 : end]
            if char == '"' and ("$" in body or "#" in body):
                return Interpolated(_Parser(body, self.macros).block()[0])
            return ("lit", body)
        if char == "[":
            self.i += 1
            self._skip_spaces()
            if text.startswith("]", self.i):
                self.i += 1
                return Op("list", [])
            first = self.expression()
            self._skip_spaces()
            if text.startswith("..", self.i):
                self.i += 2
                last = self.expression()
                self._skip_spaces()
                self._expect("]")
                return Op("range", [first, last])
            rest = [first]
            while text.startswith(",", self.i):
                self.i += 1
                rest.append(self.expression())
                self._skip_spaces()
            self._expect("]")
            return Op("list", rest)
        if char == "{":
            self.i += 1
            pairs: list[Any] = []
            self._skip_spaces()
            while not text.startswith("}", self.i):
                key = self.expression()
                self._skip_spaces()
                self._expect(":")
                pairs.extend((key, self.expression()))
                self._skip_spaces()
                if text.startswith(",", self.i):
                    self.i += 1
                    self._skip_spaces()
            self.i += 1
            return Op("map", pairs)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                self.i += len(word)
                return ("lit", value)
        j = i
        while j < len(text) and text[j].isdigit():
            j += 1
        if j > i:
            # A fraction only when a digit follows the dot: ``[1..5]`` is a range of integers.
            if text.startswith(".", j) and j + 1 < len(text) and text[j + 1].isdigit():
                j += 1
                while j < len(text) and text[j].isdigit():
                    j += 1
                self.i = j
                return ("lit", float(text[i:j]))
            self.i = j
            return ("lit", int(text[i:j]))
        raise TemplateError(f"unexpected {char!r} at {i}")

    def _skip_spaces(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t\r\n":
            self.i += 1

    def _expect(self, token: str) -> None:
        if not self.text.startswith(token, self.i):
            raise TemplateError(f"expected {token!r} at {self.i}")
        self.i += len(token)


_CANONICAL = {"or": "||", "and": "&&", "eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}


def _flush(text: list[str], nodes: list[Node]) -> None:
    if text:
        nodes.append("".join(text))
        text.clear()
