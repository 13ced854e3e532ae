"""Property tests: sort-key order and number normalisation against reference orders."""

from __future__ import annotations

import base64
from decimal import Context, Decimal

from hypothesis import given
from hypothesis import strategies as st

from emulator.aws.errors import ValidationException
from emulator.dynamo.values import add_numbers, compare, normalize_number, order_key

#: Numbers DynamoDB accepts: up to 38 significant digits, magnitudes 1E-130 .. <1E+126.
numbers = st.builds(
    lambda sign, digits, exponent: f"{sign}{digits}E{exponent - len(digits) + 1}",
    st.sampled_from(["", "-"]),
    st.integers(min_value=1, max_value=10**38 - 1).map(str).filter(lambda d: not d.endswith("0") or d == "0"),
    st.integers(min_value=-130, max_value=125),
)
#: Text as JSON can carry it: any code point but lone surrogates.
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(numbers, min_size=2, max_size=20))
def test_numbers_sort_by_value(raw: list[str]) -> None:
    values = [{"N": normalize_number(n)} for n in raw]
    assert sorted(values, key=order_key) == sorted(values, key=lambda v: Decimal(v["N"]))


@given(numbers)
def test_normalising_keeps_the_value_and_is_idempotent(raw: str) -> None:
    canonical = normalize_number(raw)
    assert Decimal(canonical) == Decimal(raw)
    assert normalize_number(canonical) == canonical
    assert "E" not in canonical and not canonical.endswith(".")


@given(st.lists(texts, min_size=2, max_size=20))
def test_strings_sort_by_utf8_bytes(raw: list[str]) -> None:
    values = [{"S": s} for s in raw]
    assert sorted(values, key=order_key) == sorted(values, key=lambda v: v["S"].encode())


@given(st.lists(st.binary(max_size=12), min_size=2, max_size=20))
def test_binaries_sort_by_unsigned_bytes(raw: list[bytes]) -> None:
    values = [{"B": base64.b64encode(b).decode()} for b in raw]
    assert sorted(values, key=order_key) == sorted(values, key=lambda v: base64.b64decode(v["B"]))


@given(numbers, numbers)
def test_compare_agrees_with_decimal(a: str, b: str) -> None:
    x, y = Decimal(a), Decimal(b)
    assert compare({"N": a}, {"N": b}) == (x > y) - (x < y)


@given(texts, texts)
def test_compare_strings_agrees_with_bytes(a: str, b: str) -> None:
    x, y = a.encode(), b.encode()
    assert compare({"S": a}, {"S": b}) == (x > y) - (x < y)


@given(numbers, numbers, st.booleans())
def test_arithmetic_is_exact_or_refused_as_aws_refuses(a: str, b: str, subtract: bool) -> None:
    wide = Context(prec=400)
    exact = wide.subtract(Decimal(a), Decimal(b)) if subtract else wide.add(Decimal(a), Decimal(b))
    try:
        result = add_numbers(normalize_number(a), normalize_number(b), subtract)
    except ValidationException as error:
        assert (
            "38 significant digits" in str(error)
            or "Number overflow" in str(error)
            or "underflow" in str(error)
        )
        return
    assert Decimal(result) == exact
    assert normalize_number(result) == result


@given(st.integers(-(10**40), 10**40), st.integers(-(10**40), 10**40))
def test_integer_arithmetic_matches_decimal_arithmetic(a: int, b: int) -> None:
    outcomes = []
    for x, y in ((str(a), str(b)), (f"{a}.0", f"{b}.0")):  # the second spelling takes the Decimal path
        try:
            outcomes.append(add_numbers(x, y))
        except ValidationException as error:
            outcomes.append(error.message)
    assert outcomes[0] == outcomes[1]
