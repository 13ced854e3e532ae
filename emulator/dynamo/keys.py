"""Key schemas: which attributes form a key, their order keys, and AWS's key checks.

An *order key* is the Python value a key attribute sorts and hashes by, as
DynamoDB orders it: ``S`` as ``str`` (code-point order equals UTF-8 byte
order), ``N`` as ``Decimal`` (by value, so ``1.0`` and ``1`` are one key),
``B`` as the decoded ``bytes``.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from ..aws.errors import ValidationException

Item = dict[str, Any]

INVALID = "One or more parameter values were invalid: "
SCHEMA_MISMATCH = "The provided key element does not match the schema"


class EmptyKeyValue(ValidationException):
    """An empty string or binary as a key value: refused up front, even inside a transaction."""

    code = "ValidationException"


def empty_key(declared: str, index: str, name: str, *, updated: bool = False) -> EmptyKeyValue:
    """AWS's refusal of an empty string or binary as a secondary index key (``updated``: an
    update expression's result, which AWS words apart and names no index)."""
    kind = "binary" if declared == "B" else "string"
    if updated:
        return EmptyKeyValue(
            "One or more parameter values are not valid. The update expression attempted to update a "
            "secondary index key to a value that is not supported. The AttributeValue for a key "
            f"attribute cannot contain an empty {kind} value."
        )
    return EmptyKeyValue(
        "One or more parameter values are not valid. A value specified for a secondary index key is not "
        f"supported. The AttributeValue for a key attribute cannot contain an empty {kind} value. "
        f"IndexName: {index}, IndexKey: {name}"
    )


class KeyTypeMismatch(ValidationException):
    """A key value of the wrong type (or shape): inside a transaction, AWS cancels the action with a
    ValidationError reason instead of refusing the request."""

    code = "ValidationException"

MAX_HASH_BYTES = 2048
MAX_RANGE_BYTES = 1024
HASH_TOO_BIG = INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"
RANGE_TOO_BIG = INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
_EMPTY_KIND = {"S": "string", "B": "binary"}


class _Top:
    """Sorts after every value: an inclusive upper bound over composite index keys."""

    def __lt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return other is self

    def __gt__(self, other: object) -> bool:
        return other is not self

    def __ge__(self, other: object) -> bool:
        return True


TOP = _Top()


def order_key(kind: str, raw: str) -> Any:
    if kind == "S":
        return raw
    if kind == "N":
        return Decimal(raw)
    return base64.b64decode(raw)


def oversized(type_: str, raw: str, is_hash: bool) -> str | None:
    """AWS's refusal of a key value over its limit (2048 bytes HASH, 1024 RANGE), or None.
    Index keys are held to the same limits (Developer Guide, GSI.OnlineOps.ViolationDetection)."""
    limit = MAX_HASH_BYTES if is_hash else MAX_RANGE_BYTES
    if type_ == "N" or len(raw) * 4 <= limit:  # no UTF-8 character or base64 digit weighs more
        return None
    size = len(base64.b64decode(raw)) if type_ == "B" else len(raw.encode())
    if size <= limit:
        return None
    return HASH_TOO_BIG if is_hash else RANGE_TOO_BIG


class KeyAttribute:
    __slots__ = ("name", "type", "is_hash")

    def __init__(self, name: str, type_: str, is_hash: bool) -> None:
        self.name = name
        self.type = type_
        self.is_hash = is_hash

    def value_order(self, value: dict[str, Any]) -> Any:
        """The order key of a request's value, checked as AWS checks key values."""
        raw = value.get(self.type)
        if raw is None:
            return None
        if raw == "" and self.type != "N":
            raise EmptyKeyValue(
                "One or more parameter values are not valid. The AttributeValue for a key attribute "
                f"cannot contain an empty {_EMPTY_KIND[self.type]} value. Key: {self.name}"
            )
        okey = order_key(self.type, raw)
        if self.type != "N":
            size = len(okey) if self.type == "B" or okey.isascii() else len(raw.encode())
            if self.is_hash and size > MAX_HASH_BYTES:
                raise ValidationException(HASH_TOO_BIG)
            if not self.is_hash and size > MAX_RANGE_BYTES:
                raise ValidationException(RANGE_TOO_BIG)
        return okey


class _Schema:
    """What every key schema answers the same way."""

    __slots__ = ()
    names: tuple[str, ...]

    def key_attributes(self, item: Item) -> Item:
        """The key attributes of a stored item, as DynamoDB JSON."""
        return {name: item[name] for name in self.names}


class KeySchema(_Schema):
    """A table's or index's HASH and optional RANGE attribute."""

    __slots__ = ("hash", "range", "names", "elements", "hashes", "ranges", "hash_names", "range_names", "by_name")

    def __init__(self, elements: list[dict[str, str]], types: dict[str, str]) -> None:
        self.elements = elements
        self.hash = KeyAttribute(elements[0]["AttributeName"], types[elements[0]["AttributeName"]], True)
        self.range = (
            KeyAttribute(elements[1]["AttributeName"], types[elements[1]["AttributeName"]], False)
            if len(elements) > 1
            else None
        )
        self.names = tuple(e["AttributeName"] for e in elements)
        #: The HASH and RANGE attributes in key order, as ``MultiKeySchema`` lists its own.
        self.hashes: tuple[KeyAttribute, ...] = (self.hash,)
        self.ranges: tuple[KeyAttribute, ...] = () if self.range is None else (self.range,)
        self.hash_names, self.range_names, self.by_name = _named(self.hashes, self.ranges)

    def partition(self, values: list[dict[str, Any]]) -> Any:
        """The partition a key condition's HASH values name (None: a value of the wrong type)."""
        return self.hash.value_order(values[0])

    def item_key(self, item: Item, *, batch: bool = False) -> tuple[Any, Any]:
        """(hash, range) order keys of an item being written (PutItem's checks).

        ``batch``: BatchWriteItem words a missing or mistyped key as a schema mismatch.
        """
        return self._item_part(item, self.hash, batch), (self._item_part(item, self.range, batch) if self.range else None)

    @staticmethod
    def _item_part(item: Item, attr: KeyAttribute, batch: bool) -> Any:
        value = item.get(attr.name)
        if value is None:
            raise ValidationException(SCHEMA_MISMATCH if batch else INVALID + f"Missing the key {attr.name} in the item")
        okey = attr.value_order(value)
        if okey is None:
            if batch:
                raise KeyTypeMismatch(SCHEMA_MISMATCH)
            actual = next(iter(value), "")
            raise KeyTypeMismatch(
                INVALID + f"Type mismatch for key {attr.name} expected: {attr.type} actual: {actual}"
            )
        return okey

    def request_key(self, key: Item) -> tuple[Any, Any]:
        """(hash, range) order keys of a ``Key`` parameter (GetItem's checks)."""
        if len(key) != len(self.names):
            raise KeyTypeMismatch(SCHEMA_MISMATCH)
        h = self._key_part(key, self.hash)
        return h, (self._key_part(key, self.range) if self.range else None)

    @staticmethod
    def _key_part(key: Item, attr: KeyAttribute) -> Any:
        value = key.get(attr.name)
        okey = attr.value_order(value) if isinstance(value, dict) else None
        if okey is None:
            raise KeyTypeMismatch(SCHEMA_MISMATCH)
        return okey

    def entry(self, item: Item) -> tuple[Any, Any] | None:
        """(hash, range) order keys of a stored item, or None if it lacks one (sparse index)."""
        h = item.get(self.hash.name)
        if h is None or self.hash.type not in h:
            return None
        hk = order_key(self.hash.type, h[self.hash.type])
        if self.range is None:
            return hk, None
        r = item.get(self.range.name)
        if r is None or self.range.type not in r:
            return None
        return hk, order_key(self.range.type, r[self.range.type])


def _named(
    hashes: tuple[KeyAttribute, ...], ranges: tuple[KeyAttribute, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, KeyAttribute]]:
    """(HASH names, RANGE names, attribute by name) of a key."""
    return tuple(a.name for a in hashes), tuple(a.name for a in ranges), {a.name: a for a in hashes + ranges}


def multi_attribute(elements: list[dict[str, str]]) -> bool:
    """Whether a key schema has more than one HASH or more than one RANGE attribute."""
    kinds = [element["KeyType"] for element in elements]
    return kinds.count("HASH") > 1 or kinds.count("RANGE") > 1


def key_schema(elements: list[dict[str, str]], types: dict[str, str]) -> KeySchema | MultiKeySchema:
    """The schema of a key: ``MultiKeySchema`` for a GSI's multi-attribute key, else ``KeySchema``."""
    return MultiKeySchema(elements, types) if multi_attribute(elements) else KeySchema(elements, types)


class MultiKeySchema(_Schema):
    """A GSI key of up to four HASH and four RANGE attributes (multi-attribute keys).

    Its partition key is the tuple of the HASH attributes' order keys and its sort key the
    tuple of the RANGE attributes' ones, compared attribute by attribute in key order.
    """

    __slots__ = ("names", "elements", "hashes", "ranges", "hash_names", "range_names", "by_name")

    def __init__(self, elements: list[dict[str, str]], types: dict[str, str]) -> None:
        self.elements = elements
        self.names = tuple(e["AttributeName"] for e in elements)
        attrs = [KeyAttribute(e["AttributeName"], types[e["AttributeName"]], e["KeyType"] == "HASH") for e in elements]
        self.hashes = tuple(attr for attr in attrs if attr.is_hash)
        self.ranges = tuple(attr for attr in attrs if not attr.is_hash)
        self.hash_names, self.range_names, self.by_name = _named(self.hashes, self.ranges)

    def partition(self, values: list[dict[str, Any]]) -> Any:
        parts = tuple(attr.value_order(value) for attr, value in zip(self.hashes, values, strict=True))
        return None if None in parts else parts

    def entry(self, item: Item) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
        """(HASH order keys, RANGE order keys) of a stored item, or None if it lacks one (sparse index)."""
        found = []
        for attrs in (self.hashes, self.ranges):
            part = []
            for attr in attrs:
                value = item.get(attr.name)
                if value is None or attr.type not in value:
                    return None
                part.append(order_key(attr.type, value[attr.type]))
            found.append(tuple(part))
        return found[0], found[1]
