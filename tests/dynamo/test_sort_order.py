"""Property tests: partitions keep sort keys in DynamoDB's order, and range reads agree with it."""

from __future__ import annotations

import base64
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from emulator.dynamo.keys import order_key
from emulator.dynamo.partitions import Partitions

numbers = st.decimals(min_value=Decimal("-1e20"), max_value=Decimal("1e20"), allow_nan=False, allow_infinity=False, places=6)


def reference_number(text: str) -> Decimal:
    return Decimal(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(numbers, unique=True, min_size=1, max_size=40))
def test_numbers_sort_by_value(values: list[Decimal]) -> None:
    part = Partitions(sorted_=True)
    for value in values:
        part.put("p", order_key("N", str(value)), {"n": str(value)})
    assert [Decimal(i["n"]) for i in part.scan()] == sorted(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), unique=True, min_size=1, max_size=40))
def test_strings_sort_by_utf8_bytes(values: list[str]) -> None:
    part = Partitions(sorted_=True)
    for value in values:
        part.put("p", order_key("S", value), {"s": value})
    assert [i["s"] for i in part.scan()] == sorted(values, key=lambda v: v.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=8), unique=True, min_size=1, max_size=40))
def test_binaries_sort_by_unsigned_bytes(values: list[bytes]) -> None:
    part = Partitions(sorted_=True)
    for value in values:
        part.put("p", order_key("B", base64.b64encode(value).decode()), {"b": value})
    assert [i["b"] for i in part.scan()] == sorted(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-1000, 1000), unique=True, min_size=1, max_size=50), st.integers(-1000, 1000), st.integers(0, 300))
def test_range_reads_match_a_filter_of_the_reference_order(values: list[int], low: int, width: int) -> None:
    part = Partitions(sorted_=True)
    for value in values:
        part.put("p", Decimal(value), value)
    partition = part.partition("p")
    found = [partition[k] for k in partition.irange(Decimal(low), Decimal(low + width))]
    assert found == sorted(v for v in values if low <= v <= low + width)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=3), st.integers(0, 5)), unique=True, min_size=1, max_size=60), st.integers(1, 5))
def test_scan_resumes_anywhere_and_segments_cover_everything(keys: list[tuple[str, int]], total: int) -> None:
    part = Partitions(sorted_=True)
    for h, s in keys:
        part.put(h, s, (h, s))
    whole = list(part.scan())
    assert sorted(whole) == sorted(keys)
    for cut in range(len(whole)):
        assert list(part.scan(whole[cut])) == whole[cut + 1 :]
    segments = [item for segment in range(total) for item in part.scan(None, segment, total)]
    assert sorted(segments) == sorted(keys)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab\U0010ffff\uffff", max_size=4), unique=True, max_size=30), st.text(alphabet="ab\U0010ffff\uffff", min_size=1, max_size=3))
def test_prefix_ranges_hold_exactly_the_prefixed_strings(values: list[str], prefix: str) -> None:
    from emulator.dynamo.operations.query import _prefix_end

    end = _prefix_end(prefix)
    inside = [v for v in values if prefix <= v and (end is None or v < end)]
    assert sorted(inside) == sorted(v for v in values if v.startswith(prefix))
