"""Vector indexes: their entries, the checks on the vectors written, and exact k-NN search.

An entry holds an item's vector at 32-bit float precision (as AWS stores it in the
index), the values of its search-schema attributes and the item's stored text
(shared with the table, never copied). Entries are grouped by the value of the
search schema's HASH attribute, so a search reads one group. Items lacking the
vector attribute, or the HASH attribute, are not indexed (sparse, as a GSI).

Search is exact brute force: every entry of the group is scored and the best
``k`` kept, a valid answer to AWS's approximate search.
"""

from __future__ import annotations

import heapq
import math
import operator
import time
from array import array
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import orjson

from .keys import KeyTypeMismatch, empty_key
from .values import item_size, normalize_value

Item = dict[str, Any]
Vector = array  # of "f": 32-bit floats
_mul = operator.mul
#: Quotas (DynamoDB developer guide, Service quotas: vector indexes).
MAX_DIMENSIONS = 4096
MAX_VECTOR_INDEXES = 5
MAX_INLINE_FILTERS = 18
MAX_TOP_K = 100
F32_MAX = 3.4028234663852886e38
#: The bound AWS states for a vector's numbers (F32_MAX as Java prints it).
F32_BOUND = 3.4028235e38
#: The least a vector write or search is metered at (AWS's vector pricing: 1 KB a request).
MIN_REQUEST_BYTES = 1024


class Entry(NamedTuple):
    vector: Vector
    norm: float
    group: Any
    filters: Item
    blob: bytes


def _dot(a: Vector, b: Vector) -> float:
    return sum(map(_mul, a, b))


def _cosine(query: Vector, query_norm: float, entry: Entry) -> float:
    """1 - cos: exactly 0 for the same vector, 2 for the opposite direction, 1 where a vector is
    all zeros (as AWS answers, recorded by the dynoxide project); rounding never leaves [0, 2]."""
    if not query_norm or not entry.norm:
        return 1.0
    if query == entry.vector:
        return 0.0
    return min(2.0, max(0.0, 1.0 - _dot(query, entry.vector) / (query_norm * entry.norm)))


def _euclidean(query: Vector, query_norm: float, entry: Entry) -> float:
    return math.dist(query, entry.vector)


def _dot_product(query: Vector, query_norm: float, entry: Entry) -> float:
    return _dot(query, entry.vector)


#: distance function -> (score of an entry, whether the highest scores are the most similar)
SCORES: dict[str, tuple[Callable[[Vector, float, Entry], float], bool]] = {
    "COSINE": (_cosine, False),
    "EUCLIDEAN": (_euclidean, False),
    "DOT_PRODUCT": (_dot_product, True),
}


class VectorIndex:
    __slots__ = (
        "name", "attribute", "dimensions", "distance", "search_schema", "hash", "filter_names", "projection",
        "projected", "arn", "from_update", "ready_at", "entries", "groups", "changes", "_size",
    )

    def __init__(self, definition: dict[str, Any], table_key_names: tuple[str, ...], types: dict[str, str], table_arn: str) -> None:
        self.name: str = definition["IndexName"]
        self.attribute: str = definition["VectorAttribute"]["AttributeName"]
        self.dimensions: int = definition["Dimensions"]
        self.distance: str = definition["DistanceFunction"]
        self.search_schema: list[dict[str, str]] | None = definition.get("SearchSchema")
        schema = self.search_schema or []
        hashes = [e["AttributeName"] for e in schema if e["SearchSchemaElementType"] == "HASH"]
        #: (name, declared type) of the HASH attribute, if the schema has one.
        self.hash: tuple[str, str] | None = (hashes[0], types[hashes[0]]) if hashes else None
        #: Every search-schema attribute with its declared type (HASH and INLINE_FILTER).
        self.filter_names: dict[str, str] = {e["AttributeName"]: types[e["AttributeName"]] for e in schema}
        self.projection: dict[str, Any] = definition["Projection"]
        #: Attribute names a result may carry; None for ALL.
        self.projected: frozenset[str] | None = (
            None
            if self.projection.get("ProjectionType") == "ALL"
            else frozenset(
                (*table_key_names, *self.filter_names, self.attribute, *self.projection.get("NonKeyAttributes", ()))
            )
        )
        self.arn = f"{table_arn}/index/{self.name}"
        #: Added by UpdateTable (AWS reports Backfilling only for those).
        self.from_update: bool = definition.get("FromUpdate", False)
        #: When an index added by UpdateTable has finished backfilling (epoch seconds; 0: it has).
        self.ready_at = 0.0
        self.entries: dict[tuple[Any, Any], Entry] = {}
        self.groups: dict[Any, dict[tuple[Any, Any], Entry]] = {}
        #: Writes applied so far, and (writes, bytes) of the last size computed.
        self.changes = 0
        self._size: tuple[int, int] | None = None

    def definition(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "IndexName": self.name,
            "VectorAttribute": {"AttributeName": self.attribute},
            "Projection": self.projection,
            "Dimensions": self.dimensions,
            "DistanceFunction": self.distance,
        }
        if self.search_schema is not None:
            out["SearchSchema"] = self.search_schema
        if self.from_update:
            out["FromUpdate"] = True
        return out

    def describe(self, table_creating: bool) -> dict[str, Any]:
        """Its VectorIndexDescription: CREATING with its table, or while backfilling (then with
        Backfilling, which AWS reports only for an index added by UpdateTable), then ACTIVE."""
        out = self.definition()
        out.pop("FromUpdate", None)
        backfilling = self.backfilling
        out["IndexStatus"] = "CREATING" if table_creating or backfilling else "ACTIVE"
        if backfilling:
            out["Backfilling"] = True
        out.update(IndexSizeBytes=self.size(), ItemCount=len(self.entries), IndexArn=self.arn)
        return out

    @property
    def backfilling(self) -> bool:
        return self.ready_at > 0 and time.time() < self.ready_at

    def size(self) -> int:
        """IndexSizeBytes: the sum of the entries' sizes; recounted only after writes (AWS itself
        refreshes the figure about every six hours)."""
        if self._size is not None and self._size[0] == self.changes:
            return self._size[1]
        total = sum(self._entry_bytes(self.project(orjson.loads(e.blob))) for e in self.entries.values())
        self._size = (self.changes, total)
        return total

    def _entry_bytes(self, projected: Item) -> int:
        """An entry's size as AWS meters it (recorded from the service by the dynoxide project): the
        vector at 4 bytes a dimension plus its attribute's name, and the other projected attributes."""
        rest = item_size({name: value for name, value in projected.items() if name != self.attribute})
        return 4 * self.dimensions + len(self.attribute.encode()) + rest

    # -- writes ---------------------------------------------------------------

    def check(self, item: Item, *, updated: bool = False) -> None:
        """What an item written carries for this index: a vector (a list of finite f32 numbers of the
        index's dimensions), search-schema values of their declared types, and a HASH value that is
        not empty (refused as a GSI key's is; ``updated``: in an update's words)."""
        value = item.get(self.attribute)
        if value is not None:
            _check_vector(self.attribute, value, self.dimensions, self.name)
        for name, declared in self.filter_names.items():
            value = item.get(name)
            if value is None:
                continue
            check_search_schema(name, declared, value, self.name)
            if self.hash is not None and name == self.hash[0] and value[declared] == "" and declared != "N":
                raise empty_key(declared, self.name, name, updated=updated)

    def write_bytes(self, old: Item | None, new: Item | None) -> int:
        """Vector write bytes a write meters on this index: the entry added or removed, the larger
        of the two when it changes (1 KB at least, AWS's pricing); 0 when the entry is untouched."""
        before = self._entry(old, None) if old is not None else None
        after = self._entry(new, None) if new is not None else None
        if before is None and after is None:
            return 0
        views = [self.project(item) for item, entry in ((old, before), (new, after)) if entry is not None]
        if before is not None and after is not None and before.vector == after.vector:
            old_view, new_view = (dict(v) for v in views)
            old_view.pop(self.attribute, None)
            new_view.pop(self.attribute, None)
            if old_view == new_view:
                return 0
        return max(MIN_REQUEST_BYTES, *map(self._entry_bytes, views))

    def update(self, key: tuple[Any, Any], new: Item | None, blob: bytes | None) -> None:
        """Follow a table write at ``key`` (``new`` None: a delete)."""
        self.changes += 1
        old = self.entries.pop(key, None)
        if old is not None:
            group = self.groups[old.group]
            del group[key]
            if not group:
                del self.groups[old.group]
        entry = self._entry(new, blob) if new is not None else None
        if entry is not None:
            self.entries[key] = entry
            self.groups.setdefault(entry.group, {})[key] = entry

    def _entry(self, item: Item, blob: Any) -> Entry | None:
        value = item.get(self.attribute)
        if value is None:
            return None
        group = None
        if self.hash is not None:
            hashed = item.get(self.hash[0])
            group = hashed.get(self.hash[1]) if hashed is not None else None
            if group is None or group == "":
                return None
        vector = to_vector(value.get("L"))
        filters = {name: item[name] for name in self.filter_names if name in item}
        if vector is None or len(vector) != self.dimensions or any(
            self.filter_names[name] not in value for name, value in filters.items()
        ):
            return None  # backfill skips an item a write would be refused for, as a GSI's does
        return Entry(vector, math.sqrt(_dot(vector, vector)), group, filters, blob)

    def rebuild(self, keyed: Iterable[tuple[tuple[Any, Any], bytes]]) -> None:
        """Index every existing item: (table key, stored text) pairs."""
        self.entries, self.groups = {}, {}
        for key, blob in keyed:
            self.update(key, orjson.loads(blob), blob)

    # -- search ---------------------------------------------------------------

    def search(self, query: Vector, k: int, group: Any, accept: Callable[[Item], bool] | None) -> tuple[list[tuple[float, Entry]], int]:
        """The ``k`` most similar entries of one group (all entries if the schema has no HASH) that
        ``accept`` their search-schema values, best first, with their scores; and how many were examined."""
        entries = self.groups.get(group, {}) if self.hash is not None else self.entries
        candidates: Iterable[tuple[tuple[Any, Any], Entry]] = entries.items()
        if accept is not None:
            candidates = [(key, e) for key, e in candidates if accept(e.filters)]
        score, highest_first = SCORES[self.distance]
        norm = math.sqrt(_dot(query, query))
        sign = -1.0 if highest_first else 1.0
        # Equal scores in table key order (AWS's own order of ties varies from call to call).
        ranked = ((sign * _saturated(score(query, norm, e)), key, e) for key, e in candidates)
        best = heapq.nsmallest(k, ranked, key=operator.itemgetter(0, 1))
        return [(sign * ranked_score, e) for ranked_score, _, e in best], len(entries)

    def project(self, item: Item) -> Item:
        projected = self.projected
        if projected is None:
            return item
        return {name: value for name, value in item.items() if name in projected}


def _saturated(score: float) -> float:
    """A score held to the f32 range, as AWS reports one that would overflow it."""
    return min(F32_MAX, max(-F32_MAX, score))


def stored_vector(vector: Vector) -> Item:
    """A vector as the index holds it (its f32 values), as an attribute value: each number the
    shortest decimal that reads back as the same f32."""
    return {"L": [{"N": _f32_text(v)} for v in vector]}


def _f32_text(value: float) -> str:
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if array("f", [float(text)])[0] == value:
            break
    return normalize_value({"N": text})["N"]


def to_vector(values: Any) -> Vector | None:
    """A list attribute's numbers at f32 precision; None if it is not a list of finite f32 numbers."""
    if type(values) is not list:
        return None
    try:
        vector = array("f", [float(v["N"]) for v in values])
    except (KeyError, TypeError, ValueError):
        return None
    return vector if all(map(math.isfinite, vector)) else None


#: AWS's words for a bad vector on a write (recorded from the service in eu-west-2 and us-east-1,
#: 2026-08, by the dynoxide project): note the full stop after "invalid".
BAD_VECTOR = "One or more parameter values were invalid. "


def _check_vector(name: str, value: dict[str, Any], dimensions: int, index: str) -> None:
    members = value.get("L")
    if type(members) is not list:
        raise KeyTypeMismatch(
            f"{BAD_VECTOR}Invalid type for parameter {name}, Expected: 32-bit floating point number list IndexName: {index}"
        )
    for position, member in enumerate(members):
        actual = next(iter(member), "")
        if actual != "N":
            raise KeyTypeMismatch(
                f"{BAD_VECTOR}Invalid type for parameter {name}[{position}], Expected: 32-bit floating point number, "
                f"Actual: {actual}. IndexName: {index}"
            )
        if abs(float(member["N"])) > F32_BOUND:
            raise KeyTypeMismatch(
                f"{BAD_VECTOR}Invalid value for parameter {name}[{position}], Value: {member['N']} is outside valid "
                f"range [-3.4028235E38, 3.4028235E38]. IndexName: {index}"
            )
    if len(members) != dimensions:
        raise KeyTypeMismatch(
            f"{BAD_VECTOR}Invalid size for parameter {name}, Expected: {dimensions}, Actual: {len(members)} "
            f"IndexName: {index}"
        )


def check_search_schema(name: str, declared: str, value: dict[str, Any], index: str) -> None:
    """A search-schema attribute's value: of its declared type (AWS's words, recorded as above)."""
    actual = next(iter(value), "")
    if actual != declared:
        raise KeyTypeMismatch(
            f"{BAD_VECTOR}Attribute '{name}' type mismatch. Expected: {declared}, Actual: {actual}. IndexName: {index}"
        )
