"""AttributeValues: validation, number normalisation, comparison, order and size.

Items are kept as DynamoDB JSON (``{"S": "x"}``, ``{"N": "1.5"}``, binaries as
base64 text). This module is the one place that knows what those values mean,
shared by the expression evaluator and the store.
"""

from __future__ import annotations

import base64
import binascii
import re
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from ..aws.errors import SerializationException, ValidationException

AttributeValue = dict[str, Any]
Item = dict[str, AttributeValue]

SCALAR_TYPES = frozenset({"S", "N", "B"})
SET_TYPES = {"SS": "S", "NS": "N", "BS": "B"}
ALL_TYPES = ("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS")
INVALID = "One or more parameter values were invalid: "


class Layered(ValidationException):
    """A request-validation error AWS words in one of two layers (dynamodb-conformance, eu-west-2
    and us-east-1, 2026-10-09): ``message`` is the older wording (BatchWriteItem, transactions,
    Scan, PartiQL); ``current`` the newer one PutItem, UpdateItem and DeleteItem put in the
    ``1 validation error detected: `` envelope (expression and legacy-parameter errors, bad values)."""

    code = "ValidationException"

    def __init__(self, message: str, current: str | None = None) -> None:
        super().__init__(message)
        self.current = current if current is not None else message


class ValueProblem(Layered):
    """A bad number or a duplicate set member (dynamodb-conformance valueLayers, four regions):
    GetItem, BatchGetItem and Query answer these bare in the newer wording too, never inside the
    ExpressionAttributeValues wrapper."""

    code = "ValidationException"


def in_current_layer(error: Layered, enveloped: bool) -> ValidationException:
    envelope = "1 validation error detected: "
    if not enveloped or error.current.startswith(envelope):
        return ValidationException(error.current)
    return ValidationException(envelope + error.current)

MAX_DIGITS = 38
MAX_EXPONENT = 125  # largest magnitude: 9.99...9E+125
MIN_EXPONENT = -130  # smallest magnitude: 1E-130

#: The number syntax DynamoDB accepts (Decimal alone would also take "NaN", "1_0", " 1").
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"-?\d+")
#: Wide enough that sums and differences of two valid numbers are exact.
EXACT = Context(prec=400, Emin=-999999, Emax=999999)


def type_of(value: AttributeValue) -> str:
    """The value's type tag ("S", "N", ...); values are validated on the way in."""
    for tag in value:
        return tag
    return ""


# -- numbers ---------------------------------------------------------------


def normalize_number(text: Any) -> str:
    """The canonical form AWS returns ("01.50" -> "1.5", "1e2" -> "100"), or AWS's error."""
    if not isinstance(text, str) or not _NUMBER.fullmatch(text):
        # AWS names the text unless it is empty.
        current = f"The parameter cannot be converted to a numeric value: {text}"
        # The older layer names the text unless it is empty.
        raise ValueProblem(current if text != "" else "The parameter cannot be converted to a numeric value", current)
    match = _PARTS.fullmatch(text)
    if match is not None and match.group(3) is not None and abs(int(match.group(3))) > _LONG_MAX:
        # An exponent past a 64-bit integer cannot be read at all (numberExponent, eu-west-2).
        raise ValueProblem(f"The parameter cannot be converted to a numeric value: {text}")
    try:
        number = Decimal(text)
    except InvalidOperation:  # past what Decimal reads: far outside DynamoDB's range either way
        huge = match is not None and match.group(3) is not None and int(match.group(3)) > 0
        raise ValueProblem(OVERFLOW if huge else UNDERFLOW) from None
    try:
        if number.is_zero():
            # Zero is range-checked by the exponent it is written with (numberExponent, eu-west-2).
            exponent = number.as_tuple().exponent
            assert isinstance(exponent, int)
            if exponent > MAX_EXPONENT:
                raise ValueProblem(OVERFLOW)
            if exponent < MIN_EXPONENT:
                raise ValueProblem(UNDERFLOW)
        return format_decimal(number)
    except ValueProblem as error:
        older = _older_range_error(text)
        if older is None:
            raise
        raise ValueProblem(older, error.current) from None


_PARTS = re.compile(r"[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MAX = 2**63 - 1
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"


def _older_range_error(text: str) -> str | None:
    """The older layer reads a number as Java's BigDecimal does (dynamodb-conformance valueLayers and
    partiqlParameterNumbers, eu-west-2 and us-east-1, 2026-10): an exponent or scale past a 32-bit
    integer cannot be converted at all, and the magnitude, worked out in 32-bit arithmetic, wraps
    (1e2147483647 underflows). None: the newer layer's words hold."""
    match = _PARTS.fullmatch(text)
    if match is None or match.group(3) is None:
        return None
    whole, fraction, exponent = match.group(1), match.group(2) or "", int(match.group(3))
    scale = len(fraction) - exponent
    if not (_INT_MIN <= exponent <= _INT_MAX and _INT_MIN <= scale <= _INT_MAX):
        return f"The parameter cannot be converted to a numeric value: {text}"
    precision = max(len((whole + fraction).lstrip("0")), 1)
    magnitude = precision - scale
    if magnitude > _INT_MAX:
        return "Number underflow. Attempting to store a number with magnitude smaller than supported range"
    if magnitude < _INT_MIN:
        return "Number overflow. Attempting to store a number with magnitude larger than supported range"
    return None


def format_decimal(number: Decimal) -> str:
    """Plain notation without trailing zeros, after checking DynamoDB's range and precision."""
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    start = 0
    while start < len(digits) and digits[start] == 0:
        start += 1
    if start == len(digits):
        return "0"
    end = len(digits)
    while digits[end - 1] == 0:
        end -= 1
    exponent += len(digits) - end
    significant = "".join(map(str, digits[start:end]))
    magnitude = exponent + len(significant) - 1
    if magnitude > MAX_EXPONENT:
        raise ValueProblem("Number overflow. Attempting to store a number with magnitude larger than supported range")
    if magnitude < MIN_EXPONENT:
        raise ValueProblem("Number underflow. Attempting to store a number with magnitude smaller than supported range")
    if len(significant) > MAX_DIGITS:
        raise ValueProblem("Attempting to store more than 38 significant digits in a Number")
    if exponent >= 0:
        text = significant + "0" * exponent
    elif -exponent >= len(significant):
        text = "0." + "0" * (-exponent - len(significant)) + significant
    else:
        text = significant[:exponent] + "." + significant[exponent:]
    return "-" + text if sign else text


def add_numbers(a: str, b: str, subtract: bool = False) -> str:
    if _INTEGER.fullmatch(a) and _INTEGER.fullmatch(b):
        # Counters are the common case: integer arithmetic is exact and much cheaper.
        total = str(int(a) - int(b) if subtract else int(a) + int(b))
        digits = total.lstrip("-")
        if len(digits) <= MAX_EXPONENT + 1 and len(digits.rstrip("0")) <= MAX_DIGITS:
            return total
    x, y = Decimal(a), Decimal(b)
    return format_decimal(EXACT.subtract(x, y) if subtract else EXACT.add(x, y))


# -- binaries ----------------------------------------------------------------


def to_bytes(value: str | bytes) -> bytes:
    """A binary as its bytes (values travel and are stored as base64 text)."""
    if isinstance(value, bytes):
        return value
    return base64.b64decode(value)


# -- comparison and order ------------------------------------------------------


def order_key(value: AttributeValue) -> Decimal | str | bytes:
    """A Python value that sorts as DynamoDB sorts key values of one type.

    Strings compare as Python ``str`` (by code point): for text without lone
    surrogates, which JSON input cannot carry, that is the order of the UTF-8
    bytes DynamoDB compares.
    """
    if "S" in value:
        return value["S"]
    if "N" in value:
        return Decimal(value["N"])
    return to_bytes(value["B"])


def compare(a: AttributeValue, b: AttributeValue) -> int | None:
    """-1/0/1 for two scalars (S, N, B) of one type; None if they cannot be ordered."""
    tag = type_of(a)
    if tag not in SCALAR_TYPES or tag not in b:
        return None
    x, y = order_key(a), order_key(b)
    return (x > y) - (x < y)  # type: ignore[operator]


def equal(a: AttributeValue, b: AttributeValue) -> bool:
    """Equality as conditions see it: same type and same value (sets ignore order)."""
    tag = type_of(a)
    if tag not in b:
        return False
    x, y = a[tag], b[tag]
    if tag == "S" or tag == "BOOL" or tag == "NULL":
        return x == y
    if tag == "N":
        return x == y or Decimal(x) == Decimal(y)
    if tag == "B":
        return x == y or to_bytes(x) == to_bytes(y)
    if tag == "SS":
        return set(x) == set(y)
    if tag == "NS":
        return {Decimal(n) for n in x} == {Decimal(n) for n in y}
    if tag == "BS":
        return {to_bytes(v) for v in x} == {to_bytes(v) for v in y}
    if tag == "L":
        return len(x) == len(y) and all(equal(p, q) for p, q in zip(x, y, strict=True))
    if tag == "M":
        return x.keys() == y.keys() and all(equal(v, y[k]) for k, v in x.items())
    return False


def set_members(tag: str, members: list[Any]) -> dict[Any, Any]:
    """Set members keyed by identity (numbers by value, binaries by bytes), in order."""
    if tag == "NS":
        return {Decimal(m): m for m in members}
    if tag == "BS":
        return {to_bytes(m): m for m in members}
    return {m: m for m in members}


# -- size --------------------------------------------------------------------------


def number_size(text: str) -> int:
    """Bytes of a number: one per pair of significant digits (pairs aligned on the decimal
    point, as DynamoDB stores base-100 digits) plus one, plus one if negative."""
    sign, digits, exponent = Decimal(text).as_tuple()
    assert isinstance(exponent, int)
    written = "".join(map(str, digits))
    significant = written.rstrip("0")
    low = exponent + len(written) - len(significant)  # power of ten of the last significant digit
    significant = significant.lstrip("0")
    if not significant:
        return 1
    high = low + len(significant) - 1
    return 1 + (high // 2 - low // 2 + 1) + sign


def value_size(value: AttributeValue) -> int:
    tag = type_of(value)
    inner = value[tag]
    if tag == "S":
        return len(inner.encode())
    if tag == "N":
        return number_size(inner)
    if tag == "B":
        return len(to_bytes(inner))
    if tag == "BOOL" or tag == "NULL":
        return 1
    if tag == "SS":
        return sum(len(s.encode()) for s in inner)
    if tag == "NS":
        return sum(number_size(n) for n in inner)
    if tag == "BS":
        return sum(len(to_bytes(b)) for b in inner)
    if tag == "L":
        return 3 + sum(1 + value_size(v) for v in inner)
    return 3 + sum(1 + len(k.encode()) + value_size(v) for k, v in inner.items())


def item_size(item: Item) -> int:
    """An item's size as AWS counts it against the 400 KB limit and capacity units."""
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


# -- validation ------------------------------------------------------------------

# AWS's own wording, the double space included; binary sets are worded apart.
_EMPTY_SET = {
    "SS": INVALID + "An string set  may not be empty",
    "NS": INVALID + "An number set  may not be empty",
    "BS": INVALID + "Binary sets should not be empty",
}
_NULL_MEMBER = {
    "SS": INVALID + "An string set may not have a null string as a member",
    "NS": INVALID + "An number set may not have a null number as a member",
    "BS": INVALID + "Binary sets may not contain null or empty values",
}
_JSON_KINDS = {str: "String", bool: "Boolean", list: "List", dict: "Map"}


def _serialization_error(tag: str, raw: Any, expected: type) -> SerializationException:
    found = (
        "NUMBER_VALUE" if isinstance(raw, (int, float)) and not isinstance(raw, bool) else type(raw).__name__
    )
    return SerializationException(
        f"Unexpected value type in payload: {found} for {tag} (expected {_JSON_KINDS[expected]})"
    )


def _expect(tag: str, raw: Any, expected: type) -> None:
    if not isinstance(raw, expected) or (expected is not bool and isinstance(raw, bool)):
        raise _serialization_error(tag, raw, expected)


def normalize_value(value: Any) -> AttributeValue:
    """Check one AttributeValue as AWS does and return it with numbers in canonical form.

    The input is never modified; values without numbers are returned as they are.
    """
    if not isinstance(value, dict):
        raise SerializationException("Unexpected value type in payload: expected an AttributeValue structure")
    present = [tag for tag in ALL_TYPES if value.get(tag) is not None]
    if not present:
        raise ValidationException(
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        )
    if len(present) > 1:
        raise ValidationException(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
        )
    tag = present[0]
    raw = value[tag]
    if tag == "S":
        _expect(tag, raw, str)
    elif tag == "N":
        _expect(tag, raw, str)
        normalized = normalize_number(raw)
        return value if normalized == raw and len(value) == 1 else {"N": normalized}
    elif tag == "B":
        _check_binary(raw)
    elif tag == "BOOL":
        _expect(tag, raw, bool)
    elif tag == "NULL":
        _expect(tag, raw, bool)
        if raw is not True:
            raise ValidationException(INVALID + "Null attribute value types must have the value of true")
    elif tag in SET_TYPES:
        return _normalize_set(tag, raw, value)
    elif tag == "L":
        _expect(tag, raw, list)
        items = [normalize_value(v) for v in raw]
        if any(new is not old for new, old in zip(items, raw, strict=True)) or len(value) > 1:
            return {"L": items}
    else:
        _expect(tag, raw, dict)
        members = {k: normalize_value(v) for k, v in raw.items()}
        if any(members[k] is not v for k, v in raw.items()) or len(value) > 1:
            return {"M": members}
    return value if len(value) == 1 else {tag: raw}


def _check_binary(raw: Any) -> None:
    if not isinstance(raw, str):
        raise _serialization_error("B", raw, str)
    try:
        base64.b64decode(raw, validate=True)
    except binascii.Error as error:
        raise SerializationException(f"Base64 encoded value could not be decoded: {error}") from None


def _normalize_set(tag: str, raw: Any, value: AttributeValue) -> AttributeValue:
    _expect(tag, raw, list)
    if not raw:
        raise ValidationException(_EMPTY_SET[tag])
    if None in raw:
        raise ValidationException(_NULL_MEMBER[tag])
    if tag == "NS":
        members = [normalize_number(m) for m in raw]
    else:
        for member in raw:
            if tag == "BS":
                _check_binary(member)
            elif not isinstance(member, str):
                raise _serialization_error(tag, member, str)
        members = list(raw)
    if len(set_members(tag, members)) != len(members):
        raise _duplicates(tag, raw, members)
    if members != raw or len(value) > 1:
        return {tag: members}
    return value


def _duplicates(tag: str, raw: list[Any], members: list[Any]) -> ValueProblem:
    if tag == "NS":  # AWS words number sets apart, naming no members
        return ValueProblem("Input collection contains duplicates", f"{INVALID}Input collection contains duplicates.")
    of_type = "of type BS" if tag == "BS" else ""  # AWS names only binary sets, unspaced
    older = f"{INVALID}Input collection [{', '.join(map(str, raw))}]{of_type} contains duplicates."
    # The newer layer quotes the members in byte order up to the first repeat, then the repeat,
    # then the rest as sent.
    order = (lambda m: to_bytes(m)) if tag == "BS" else (lambda m: m.encode())
    seen: list[Any] = []
    shown = list(raw)
    for i, member in enumerate(raw):
        if any(order(m) == order(member) for m in seen):
            shown = sorted(seen, key=order) + [member] + list(raw[i + 1 :])
            break
        seen.append(member)
    joiner = "," if tag == "BS" else ", "
    listed = joiner.join(f'"{m}"' for m in shown)
    return ValueProblem(older, f"{INVALID}Input collection [{listed}]{of_type} contains duplicates.")


# -- nesting ---------------------------------------------------------------------

#: Levels a document may have, the attribute itself being level 1.
MAX_LEVELS = 32
TOO_DEEP = (
    "1 validation error detected: Nesting Levels have exceeded supported limits: "
    "Attributes in the item have nested levels beyond supported limit"
)


#: TransactWriteItems words it bare (dynamodb-conformance deepRequests, ten regions, 2026-10).
NESTED_TOO_DEEP = TOO_DEEP.removeprefix("1 validation error detected: ")
EMPTY_NAME = "Empty attribute name"


def check_depth(values: Any, message: str = TOO_DEEP) -> None:
    """AWS's 32-level document limit over an item's (or placeholders') values."""
    for value in values:
        if ("M" in value or "L" in value) and _too_deep(value, 1):
            raise ValidationException(message)


def check_item_names(item: Item) -> None:
    """An item's attribute names may not be empty (checked ahead of its values' depth, as
    dynamodb-conformance deepRequests captured for TransactWriteItems)."""
    if "" in item:
        raise Layered(EMPTY_NAME)


def _too_deep(value: AttributeValue, level: int) -> bool:
    inner = value.get("M")
    if inner is not None:
        members = inner.values()
    else:
        inner = value.get("L")
        if inner is None:
            return False
        members = inner
    if level >= MAX_LEVELS:
        return bool(members)
    return any(_too_deep(member, level + 1) for member in members)


def normalize_item(item: Any) -> Item:
    """Check every attribute of an item; returns it with canonical numbers (copied only if needed)."""
    if not isinstance(item, dict):
        raise SerializationException("Unexpected value type in payload: expected a map of AttributeValues")
    changed = {}
    for name, value in item.items():
        normalized = normalize_value(value)
        if normalized is not value:
            changed[name] = normalized
    return {**item, **changed} if changed else item
