"""Inputs for an AWS operation generated from its botocore input shape, for fuzzing the protocol layer
and the providers behind it.

``InputGenerator.valid`` builds a plausible input (required members, enums, bounds, simple patterns,
identifiers the caller knows to exist); ``InputGenerator.hostile`` derives bad inputs from it: a member
of the wrong JSON type or null, numbers out of range, odd strings, deep nesting, huge lists, a missing
required member, an unknown member, and bodies that are not JSON objects at all. Everything is seeded by
the operation's name, so a failure reproduces from its label.

``wire_request`` turns an input (member names, any JSON types) into the HTTP request the service's
protocol expects, without botocore's serializer, which refuses wrong types.
"""

from __future__ import annotations

import base64
import random
import re
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import orjson

if TYPE_CHECKING:
    from botocore.model import OperationModel, ServiceModel, Shape


def raw_number(text: str) -> str:
    """A JSON number orjson cannot write (beyond 64 bits, or a double), written into the body as ``text``."""
    return f"\x00number:{text}\x00"


_RAW_NUMBER = re.compile(rb'"\\u0000number:([^\\]*)\\u0000"')

#: Strings no service expects.
ODD_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "x" * 70_000,
    "ü漢字🙂\u202e",
    "\x00\x01\x1f\x7f",
    "\ufffd\ufeff\u200b",
    "../../%00%zz{}${x}",
    "arn:aws:lambda:us-east-1:000000000000:function:",
    "NaN",
    "-1e999",
    "9" * 40,
)
#: Text for members the URI, query string or a header carries (no control characters: HTTP forbids them).
ODD_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "x" * 3000,
    "ü漢字🙂",
    "-1",
    "1e400",
    "99999999999999999999999",
    "a/b?c#d%",
    "null",
)
_ODD_HEADER_TEXTS: tuple[str, ...] = (
    "",
    "x" * 3000,
    "-1",
    "1e400",
    "99999999999999999999999",
    "null",
    "a b;c",
)
#: Numbers out of every range a model declares.
ODD_NUMBERS: tuple[Any, ...] = (
    -1,
    0,
    raw_number(str(2**63)),
    raw_number(str(-(2**63) - 1)),
    raw_number("1" + "0" * 40),
    1.5,
    -0.0,
    1e308,
    raw_number("1e400"),
    raw_number("1E-400"),
)
#: A value of each JSON type, for members of another type.
_BY_TYPE: dict[str, tuple[Any, ...]] = {
    "string": ("fuzz", "", "1"),
    "number": (7, 1.25),
    "boolean": (True, False),
    "list": ([], ["fuzz"], [1, None]),
    "object": ({}, {"a": {"b": [1]}}),
}
_JSON_TYPE_OF = {
    "string": "string",
    "blob": "string",
    "timestamp": "number",
    "integer": "number",
    "long": "number",
    "float": "number",
    "double": "number",
    "boolean": "boolean",
    "list": "list",
    "structure": "object",
    "map": "object",
}
#: Strings an operation parses (expressions, policies, schemas, patterns, queries, templates), by member
#: name, well-formed and not: given as ``known`` values, plausible inputs carry them, so that the parsers behind them are fuzzed too.
PARSED_TEXTS: dict[str, list[Any]] = {
    "UpdateExpression": [
        "SET n = n + :v",
        "REMOVE a[99999999999]",
        "ADD n :v, s :v",
        "SET #k = list_append(a, :v)",
        "SET",
    ],
    "ConditionExpression": [
        "attribute_exists(#k)",
        "size(a) > :v",
        "a BETWEEN :v AND :v",
        "attribute_type(a, :v)",
        "(a",
    ],
    "FilterExpression": ["n > :v", "contains(a, :v) OR NOT b IN (:v, :v)", "a.b[1].c = :v", "#k = "],
    "KeyConditionExpression": ["#k = :v", "#k = :v AND begins_with(s, :v)", "#k BETWEEN :v", "n > :v"],
    "ProjectionExpression": ["a.b[1]", "#k, n, a[99999999999]", "a..b", "#missing"],
    "Statement": [
        'SELECT * FROM "fuzz-table" WHERE pk = ?',
        "UPDATE \"fuzz-table\" SET n = 1 WHERE pk = 'a'",
        "INSERT INTO \"fuzz-table\" VALUE {'pk': 'z', 'n': 1e999}",
        "DELETE FROM",
        'SELECT * FROM "fuzz-table"."missing-index" WHERE pk IN [1, 2',
    ],
    "Policy": [
        '{"Version":"2012-10-17","Statement":[]}',
        '{"Statement":[{"Effect":"Allow","Principal":"*"}]}',
        "{",
        "[]",
    ],
    "policy": ['{"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]}', "{", "null"],
    "policyDocument": ['{"Version":"2012-10-17","Statement":[]}', "{", '"x"'],
    "schema": ['{"type":"object","required":["a"]}', '{"$ref":"#/definitions/x"}', "{", "[1]"],
    "Schema": ['{"type":"object"}', "{", '{"type":"array","items":{"$ref":"x"}}'],
    "filterPattern": [
        "ERROR",
        "{ $.a = 1 }",
        "[ip, user, ...]",
        '{ $.a = "x',
        "?ERROR ?WARN",
        "{ ($.a > 1) && }",
    ],
    "queryString": [
        "fields @message | limit 5",
        "stats count(*) by bin(5m)",
        'parse @message "*" as a |',
        "| | |",
    ],
    "logEventMessages": [["ERROR x", '{"a": 1}', "[1, 2"]],
    "requestTemplates": [
        {"application/json": '#set($a = $input.json("$"))$a'},
        {"application/json": "$util.parseJson("},
    ],
    "responseTemplates": [
        {"application/json": '#foreach($x in $input.path("$"))$x#end'},
        {"application/json": "#if("},
    ],
    "body": [
        b'{"swagger": "2.0", "info": {"title": "fuzz", "version": "1"}, "paths": {"/a/{id}": {"get": {"responses": {"200": {}}}}}}',
        b"openapi: 3.0.1\ninfo: {title: fuzz}\npaths:\n  /x:\n    post:\n      x-amazon-apigateway-integration: {type: mock}\n",
        b"Name,Key,Enabled\nfuzz,abcdefghijklmnopqrstuvwxyz,true\n",
        b'{"documentationParts": {"API": {"description": "x"}}}',
    ],
    "Body": [
        '{"openapi": "3.0.1", "info": {"title": "fuzz", "version": "1"}, "paths": {"/x": {"get": {'
        '"x-amazon-apigateway-integration": {"type": "HTTP_PROXY", "uri": "https://example.com", "httpMethod": "GET",'
        ' "payloadFormatVersion": "1.0"}}}}}',
        "openapi: 3.0.1\ninfo: {title: fuzz}\npaths: {/x: {get: {}}}\n",
    ],
    "logEvents": [
        [{"timestamp": 1_700_000_000_000, "message": "a"}, {"timestamp": 1_700_000_000_001, "message": "b"}]
    ],
    "RouteKey": ["GET /x", "$default", "ANY /{proxy+}", "GET /{a}/{a}", "BAD"],
    "pathPart": ["{proxy+}", "{id}", "x y", "{"],
    "patchOperations": [
        [{"op": "replace", "path": "/description", "value": "x"}],
        [{"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "-1"}],
        [{"op": "add", "path": "/binaryMediaTypes/image~1png"}],
        [{"op": "replace", "path": "/minimumCompressionSize", "value": "abc"}],
        [{"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "REGIONAL"}],
        [{"op": "replace", "path": "/variables/x", "value": "y"}, {"op": "remove", "path": "/variables/x"}],
        [{"op": "copy", "from": "/name", "path": "/description"}],
        [{"op": "replace", "path": "/~1items/GET/throttling/rateLimit", "value": "1e400"}],
        [{"op": "replace", "path": "/apiStages", "value": "x:y"}],
    ],
}
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_MAX_DEPTH = 5


@dataclass(frozen=True, slots=True)
class FuzzCase:
    """One input for one operation; ``body`` replaces the serialized body when set (raw bytes)."""

    label: str
    params: dict[str, Any]
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class WireRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def seeded(*parts: str) -> random.Random:
    """A generator seeded by text, the same on every run and in every process."""
    return random.Random(zlib.crc32("/".join(parts).encode()))


class InputGenerator:
    """Inputs for the operations of one service model."""

    def __init__(
        self, model: ServiceModel, known: Mapping[str, Sequence[Any]] | None = None, seed: str = ""
    ) -> None:
        self.model = model
        #: Another seed, other inputs (for exploratory sweeps); the same seed, the same inputs.
        self.seed = seed
        #: Member name -> values that name resources that exist (a table, a function, an API...).
        self.known = dict(known or {})
        self._patterns: dict[str, re.Pattern[str] | None] = {}

    # -- plausible inputs ---------------------------------------------------

    def valid(self, operation: str, variant: int = 0) -> dict[str, Any]:
        """A plausible input: every required member, about half the optional ones."""
        shape = self.model.operation_model(operation).input_shape
        if shape is None:
            return {}
        rng = seeded(self.seed, self.model.service_name, operation, "valid", str(variant))
        return self._structure(shape, rng, 0, top=True)

    def _value(self, name: str, shape: Shape, rng: random.Random, depth: int) -> Any:
        if name in self.known and self.known[name] and rng.random() < 0.8:
            return rng.choice(list(self.known[name]))
        kind = shape.type_name
        meta = shape.metadata
        if kind == "structure":
            if getattr(shape, "is_document_type", False):
                return {"fuzz": [1, "a"]}
            return self._structure(shape, rng, depth + 1)
        if kind == "list":
            count = max(meta.get("min", 0), 1 if depth < _MAX_DEPTH else 0)
            return [self._value(name, shape.member, rng, depth + 1) for _ in range(min(count, 3))]  # type: ignore[attr-defined]
        if kind == "map":
            if depth >= _MAX_DEPTH:
                return {}
            key = self._value("", shape.key, rng, depth + 1)  # type: ignore[attr-defined]
            return {str(key): self._value(name, shape.value, rng, depth + 1)}  # type: ignore[attr-defined]
        if kind == "string":
            return self._string(shape, rng)
        if kind in ("integer", "long"):
            low = meta.get("min", 0)
            return rng.randint(low, min(meta.get("max", low + 100), low + 100))
        if kind in ("float", "double"):
            return float(meta.get("min", 0)) + 0.5
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "timestamp":
            return 1_700_000_000
        if kind == "blob":
            return base64.b64encode(b"fuzz").decode()
        return None

    def _structure(self, shape: Shape, rng: random.Random, depth: int, top: bool = False) -> dict[str, Any]:
        members: dict[str, Shape] = shape.members  # type: ignore[attr-defined]
        if shape.metadata.get("union") or getattr(shape, "is_tagged_union", False):
            if not members or depth >= _MAX_DEPTH:
                return {}
            scalar = [n for n, m in members.items() if m.type_name not in ("structure", "list", "map")]
            chosen = rng.choice(scalar or list(members))
            return {chosen: self._value(chosen, members[chosen], rng, depth)}
        required = set(shape.required_members)  # type: ignore[attr-defined]
        result: dict[str, Any] = {}
        for name, member in members.items():
            wanted = name in required or (rng.random() < (0.5 if top else 0.3) and depth < _MAX_DEPTH - 1)
            if name in self.known and top:
                wanted = True
            if wanted:
                result[name] = self._value(name, member, rng, depth)
        return result

    def _string(self, shape: Shape, rng: random.Random) -> str:
        meta = shape.metadata
        if meta.get("enum"):
            return rng.choice(meta["enum"])
        low, high = meta.get("min", 1), meta.get("max", 64)
        pattern = self._pattern(meta.get("pattern"))
        candidates = [
            "fuzz" + "".join(rng.choice(_ALPHABET) for _ in range(6)),
            "".join(rng.choice("0123456789") for _ in range(12)),
            f"arn:aws:lambda:us-east-1:000000000000:function:fuzz{rng.randint(0, 99)}",
            "/fuzz/" + "".join(rng.choice(_ALPHABET) for _ in range(6)),
            "FUZZ",
        ]
        for candidate in candidates:
            text = (candidate + "x" * low)[: max(low, len(candidate))][:high]
            if pattern is None or pattern.fullmatch(text):
                return text
        return candidates[0][:high]

    def _pattern(self, text: str | None) -> re.Pattern[str] | None:
        if not text:
            return None
        if text not in self._patterns:
            try:
                self._patterns[text] = re.compile(text.replace(r"\p{L}", "a-zA-Z").replace(r"\p{N}", "0-9"))
            except re.error:
                self._patterns[text] = None
        return self._patterns[text]

    # -- hostile inputs -----------------------------------------------------

    def hostile(self, operation: str, count: int, bases: int = 1) -> list[FuzzCase]:
        """``count`` bad inputs, chosen (seeded) from every mutation of ``bases`` plausible inputs."""
        model = self.model.operation_model(operation)
        rng = seeded(self.seed, self.model.service_name, operation, "hostile")
        kinds: dict[str, list[FuzzCase]] = {}
        for variant in range(bases):
            for case in self._mutations(model, self.valid(operation, variant)):
                kinds.setdefault(case.label.partition(":")[0], []).append(case)
        for cases in kinds.values():
            rng.shuffle(cases)
        # One of each kind in turn (body, type, null, number, string, missing...), so that a few cases
        # already try every kind of badness.
        chosen: list[FuzzCase] = []
        while len(chosen) < count and any(kinds.values()):
            chosen.extend(cases.pop() for cases in kinds.values() if cases)
        return chosen[:count]

    def _mutations(self, model: OperationModel, base: dict[str, Any]) -> Iterator[FuzzCase]:
        shape = model.input_shape
        if self.model.protocol == "json" or _has_body(model):
            yield FuzzCase("body: not json", base, b"{not json")
            yield FuzzCase("body: a list", base, b"[1, 2]")
            yield FuzzCase("body: a string", base, b'"text"')
            yield FuzzCase("body: null", base, b"null")
            yield FuzzCase("body: deeply nested", base, b'{"a":' * 3000 + b"1" + b"}" * 3000)
            yield FuzzCase("body: not utf-8", base, b'{"FuzzUnknownMember": "\xff\xfe"}')
        if shape is None:
            return
        yield FuzzCase("unknown: member", {**base, "FuzzUnknownMember": {"x": [1]}})
        for name in shape.required_members:
            yield FuzzCase(f"missing: required {name}", {k: v for k, v in base.items() if k != name})
        for path, member in _walk(shape, base):
            # A member the URI, query string or a header carries is text whatever its type.
            located = member_location(shape, path[0])
            if located and len(path) > 1:
                continue
            for label, value in self._bad_values(member, bool(located), located == "header"):
                yield FuzzCase(f"{label} at {'.'.join(map(str, path))}", _replaced(base, path, value))

    def _bad_values(self, shape: Shape, located: bool, header: bool) -> Iterator[tuple[str, Any]]:
        kind = shape.type_name
        if located:
            for text in _ODD_HEADER_TEXTS if header else ODD_TEXTS:
                yield "text:", text
            return
        expected = _JSON_TYPE_OF.get(kind, "")
        for json_type, values in _BY_TYPE.items():
            if json_type != expected:
                for value in values:
                    yield f"type: {json_type}", value
        yield "null:", None
        if kind in ("integer", "long", "float", "double", "timestamp"):
            for number in ODD_NUMBERS:
                yield "number:", number
        elif kind in ("string", "blob"):
            for text in ODD_STRINGS:
                yield "string:", text
            if kind == "blob":
                yield "string:", "not base64!"
        elif kind == "list":
            yield "huge list:", ["x"] * 10_000
            yield "list of nulls:", [None, None]
            yield "nested list:", [[[[[]]]]]
        elif kind == "map":
            yield "deep map:", _nested(200)
            yield "huge map:", {f"k{i}": "v" for i in range(5000)}
            yield "odd keys:", {"": "v", "\x00": "v", "x" * 5000: "v"}
        elif kind == "structure":
            yield "deep structure:", _nested(200)


def _has_body(model: OperationModel) -> bool:
    shape = model.input_shape
    if shape is None:
        return False
    return any(not m.serialization.get("location") for m in shape.members.values())


def member_location(shape: Shape, name: str) -> str:
    member = shape.members.get(name)  # type: ignore[attr-defined]
    return member.serialization.get("location", "") if member is not None else ""


def _walk(shape: Shape, value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Shape]]:
    """(path, shape) of every value present in a plausible input, outermost first."""
    if path:
        yield path, shape
    if len(path) >= 4:
        return
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, item in value.items():
            member = shape.members.get(name)  # type: ignore[attr-defined]
            if member is not None:
                yield from _walk(member, item, (*path, name))
    elif kind == "list" and isinstance(value, list) and value:
        yield from _walk(shape.member, value[0], (*path, 0))  # type: ignore[attr-defined]
    elif kind == "map" and isinstance(value, dict) and value:
        key = next(iter(value))
        yield from _walk(shape.value, value[key], (*path, key))  # type: ignore[attr-defined]


def _replaced(base: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(base, list):
        copy = list(base)
        copy[head] = _replaced(base[head], rest, value)
        return copy
    return {**base, head: _replaced(base[head], rest, value)}


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(depth):
        value = {"a": value}
    return value


# -- the wire -------------------------------------------------------------


def to_wire_names(shape: Shape | None, value: Any) -> Any:
    """Member names -> the names a rest-json body uses; values of the wrong type pass unchanged."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        converted = {}
        for name, item in value.items():
            member = members.get(name)
            wire = member.serialization.get("name", name) if member is not None else name
            converted[wire] = to_wire_names(member, item)
        return converted
    if kind == "list" and isinstance(value, list):
        return [to_wire_names(shape.member, item) for item in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {key: to_wire_names(shape.value, item) for key, item in value.items()}  # type: ignore[attr-defined]
    return value


def json_bytes(value: Any) -> bytes:
    return _RAW_NUMBER.sub(rb"\1", orjson.dumps(value, default=_blob_text))


def _blob_text(value: Any) -> str:
    """A blob (known values are bytes, as boto3 takes them) as a JSON body carries it: base64 text."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(type(value))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.removeprefix("\x00number:").removesuffix("\x00")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return orjson.dumps(value).decode() if isinstance(value, list | dict) else str(value)


def wire_request(model: OperationModel, case: FuzzCase) -> WireRequest:
    """The HTTP request that carries ``case`` to ``model``'s operation (unsigned)."""
    service = model.service_model
    if service.protocol == "json":
        target = f"{service.metadata['targetPrefix']}.{model.name}"
        body = case.body if case.body is not None else json_bytes(case.params)
        content_type = f"application/x-amz-json-{service.metadata.get('jsonVersion', '1.0')}"
        return WireRequest("POST", "/", {"X-Amz-Target": target, "Content-Type": content_type}, body)
    shape = model.input_shape
    params = dict(case.params)
    uri, _, static_query = model.http["requestUri"].partition("?")
    query: list[tuple[str, str]] = [
        tuple(p.split("=", 1)) if "=" in p else (p, "") for p in static_query.split("&") if p
    ]  # type: ignore[misc]
    headers = {"Content-Type": "application/json"}
    document: dict[str, Any] = {}
    payload: bytes | None = None
    payload_name = shape.serialization.get("payload") if shape is not None else None
    members = shape.members if shape is not None else {}
    for name, value in params.items():
        member = members.get(name)
        location = member.serialization.get("location", "") if member is not None else ""
        wire = member.serialization.get("name", name) if member is not None else name
        if location == "uri":
            greedy = "{" + wire + "+}" in uri
            uri = uri.replace(
                "{" + wire + ("+}" if greedy else "}"), quote(_text(value), safe="/" if greedy else "")
            )
        elif location == "querystring":
            if isinstance(value, dict):
                query.extend((str(k), _text(v)) for k, v in value.items())
            elif isinstance(value, list):
                query.extend((wire, _text(item)) for item in value)
            elif value is not None:
                query.append((wire, _text(value)))
        elif location == "header":
            if value is not None:
                headers[wire] = _text(value).encode("utf-8").decode("latin-1")
        elif location == "headers":
            if isinstance(value, dict):
                headers.update({f"{wire}{k}": _text(v) for k, v in value.items()})
        elif name == payload_name and member is not None:
            if member.type_name == "blob":
                payload = value if isinstance(value, bytes) else _text(value).encode()
            elif member.type_name == "string":
                payload = _text(value).encode()
            else:
                payload = json_bytes(to_wire_names(member, value))
        else:
            document[wire] = to_wire_names(member, value)
    # Labels the input left out stay empty, as a client that sent an empty id would have it.
    uri = re.sub(r"\{[^}]+\}", "", uri)
    if query:
        uri += "?" + urlencode(query)
    if case.body is not None:
        body = case.body
    elif payload is not None:
        body = payload
    else:
        body = json_bytes(document) if document or _has_body(model) else b""
    return WireRequest(model.http["method"], uri, headers, body)
