"""Input validation from botocore shapes, with AWS's messages.

Each operation's input shape is compiled once into a tree of small check
functions. A check first verifies the JSON type of a value (a mismatch is a
``SerializationException``, raised at once, as Coral's deserializer does), then
collects constraint violations (required, length, range, pattern, enum) into
one ``ValidationException``:

    1 validation error detected: Value '1000' at 'limit' failed to satisfy
    constraint: Member must have value less than or equal to 100

Paths name members in lower camel case, list elements as ``name.N.member``
and map values as ``name.key.member``, as AWS writes them. Services word a few
things their own way; ``ValidationStyle`` holds those differences as data.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import AwsError, CustomError, SerializationException
from .type_errors import CoralTypeErrors, TypeErrors, base64_fault
from .wording import EnumRule, ValidationStyle, lower_first, raise_for, violation

if TYPE_CHECKING:
    from botocore.model import ListShape, MapShape, Shape, StructureShape


class Violations(list[str]):
    """The constraint violations found in one input, and the service's own errors met on the way."""

    def __init__(self) -> None:
        super().__init__()
        #: Raised when the input has no constraint violation (see ``EnumRule.error_code``).
        self.own_errors: list[AwsError] = []


#: check(value, path, violations); value is never None.
Check = Callable[[Any, str, Violations], None]


#: Timestamps and numbers past their Java type keep Coral's wording in every service: no recording
#: shows DynamoDB's newer reader refusing them.
_CORAL = CoralTypeErrors()

_NUMBER_TARGETS = {"integer": "Integer", "long": "Long", "float": "Float", "double": "Double"}


class ShapeValidator:
    """Compiles shapes into checks; one instance per service model.

    ``opaque`` names shapes the validator does not descend into, because the
    provider validates them itself with messages the model cannot express
    (DynamoDB's AttributeValue).
    """

    def __init__(self, opaque: frozenset[str] = frozenset(), style: ValidationStyle | None = None) -> None:
        self._opaque = opaque
        self._style = style or ValidationStyle()
        self._words: TypeErrors = self._style.type_errors or CoralTypeErrors(self._style.number_class)
        #: Checks by shape name and whether the value sits in a list or map (DynamoDB words its
        #: type errors apart), compiled on first use.
        self._checks: dict[tuple[str, bool], Check] = {}
        self._input_checks: dict[str, Check] = {}

    def validate(self, shape: StructureShape | None, params: dict[str, Any], operation: str = "") -> None:
        """Raise the first type error, else all constraint violations, else the service's own error."""
        if shape is None:
            return
        errors = Violations()
        self._input_check(shape, operation)(params, "", errors)
        raise_for(errors)
        if errors.own_errors:
            raise errors.own_errors[0]

    def _input_check(self, shape: StructureShape, operation: str) -> Check:
        if not self._style.names_input_structure:
            return self.check_for(shape)
        check = self._input_checks.get(operation)
        if check is None:
            root = lower_first(operation) + "Input."
            located = {name for name, member in shape.members.items() if member.serialization.get("location")}
            # The input structure's members come first in AWS's messages, then URI, query and header members.
            paths = {
                name: root + member.serialization.get("name", name)
                for name, member in shape.members.items()
                if name not in located
            }
            paths.update((name, lower_first(name)) for name in shape.members if name in located)
            check = self._input_checks[operation] = self._structure(shape, paths)
        return check

    def check_for(self, shape: Shape, nested: bool = False) -> Check:
        """The check of ``shape``'s values; ``nested``: as elements of a list or values of a map."""
        key = (shape.name, nested)
        check = self._checks.get(key)
        if check is None:
            # Recursive shapes (AttributeValue -> MapAttributeValue -> ...) look
            # themselves up through this indirection while being compiled.
            self._checks[key] = lambda v, p, e: self._checks[key](v, p, e)
            check = self._compile(shape, nested)
            if shape.metadata.get("sensitive"):
                check = _hiding_values(check)
            self._checks[key] = check
        return check

    def _compile(self, shape: Shape, nested: bool) -> Check:
        if shape.name in self._opaque:
            return _accept
        kind = shape.type_name
        words = self._words
        if kind == "structure":
            return self._structure(shape, nested=nested)  # type: ignore[arg-type]
        if kind == "list":
            return self._list(shape, nested)  # type: ignore[arg-type]
        if kind == "map":
            return self._map(shape, nested)  # type: ignore[arg-type]
        if kind == "string":
            style = self._style
            enforced = shape.name not in style.unenforced_patterns
            return _string(shape, style.enum_rules.get(shape.name), words, enforced)
        if kind in _NUMBER_TARGETS:
            return _number(shape, _NUMBER_TARGETS[kind], words)
        if kind == "boolean":
            return _boolean(words)
        if kind == "blob":
            return _blob(shape, words)
        if kind == "timestamp":
            return _epoch_timestamp if self._style.epoch_timestamps else _timestamp(self._style.error_code)
        return _accept

    def _structure(self, shape: StructureShape, paths: dict[str, str] | None = None, nested: bool = False) -> Check:
        """``paths``: the members' full paths, for an operation's input named API Gateway's way."""
        required = set(shape.required_members)
        members = [
            (
                name,
                paths[name] if paths else lower_first(name),
                name in required,
                shape.members[name].type_name in ("integer", "long"),
                self.check_for(shape.members[name]),
            )
            for name in paths or shape.members
        ]
        words = self._words

        def check(value: Any, path: str, errors: Violations) -> None:
            if not isinstance(value, dict):
                raise words.not_structure(value, shape, nested)
            prefix = f"{path}." if path else ""
            for name, wire, is_required, integral, member_check in members:
                member_value = value.get(name)
                if member_value is None:
                    if name in value:
                        del value[name]  # Coral reads a JSON null member as an absent one
                    if is_required:
                        errors.append(violation(None, prefix + wire, "Member must not be null"))
                    continue
                if integral and isinstance(member_value, float) and math.isfinite(member_value):
                    # Coral's JSON reader takes 1.9 for an Integer as 1, as dynalite's AWS-checked tests have it.
                    value[name] = member_value = math.floor(member_value)
                member_check(member_value, prefix + wire, errors)

        return check

    def _list(self, shape: ListShape, nested: bool) -> Check:
        style = self._style
        words = self._words
        member = shape.member
        if shape.name in style.unenforced_patterns and member.type_name == "string":
            member_check = _string(member, style.enum_rules.get(member.name), words, False)
        else:
            member_check = self.check_for(member, nested=True)
        length = _length_check(shape)
        # A list of enum values is judged as a whole, as Coral does:
        # Value '[x]' at 'types' failed to satisfy constraint: Member must
        # satisfy constraint: [Member must satisfy enum value set: [...]]
        # A rule's own error is for single values: Lambda words a bad runtime in
        # CompatibleRuntimes as this ValidationException, a bad Runtime its own way.
        enum = shape.member.metadata.get("enum") if shape.member.type_name == "string" else None
        rule = self._style.enum_rules.get(shape.member.name)
        allowed = frozenset(enum or ())
        listed = rule.values(enum) if rule and enum else enum
        required = ", Member must not be null" if self._style.list_members_required else ""
        whole = (
            f"Member must satisfy constraint: [Member must satisfy enum value set: [{', '.join(listed or ())}]"
            f"{required}]"
        )
        # Lambda judges a list of constrained strings as a whole too, listing every constraint of its
        # members (Layers: "Value '[arn]' at 'layers' failed to satisfy constraint: Member must satisfy
        # constraint: [Member must have length less than or equal to 2048, ..., Member must not be null]").
        member_texts = _constraint_texts(shape.member) if shape.member.type_name == "string" and not enum else []
        judged_whole = bool(member_texts) and self._style.list_members_required
        if judged_whole:
            whole = f"Member must satisfy constraint: [{', '.join(member_texts)}{required}]"

        def check(value: Any, path: str, errors: Violations) -> None:
            if not isinstance(value, list):
                raise words.not_list(value, shape, nested)
            outside = False
            for index, item in enumerate(value, 1):
                if item is None:
                    # Lambda words a null member inside its whole-list constraint, Coral at the member.
                    if judged_whole or (enum and required):
                        outside = True
                    else:
                        errors.append(violation(None, f"{path}.{index}.member", "Member must not be null"))
                    continue
                if enum and isinstance(item, str):
                    outside = outside or item not in allowed
                    continue
                if judged_whole:
                    member_errors = Violations()
                    member_check(item, "", member_errors)
                    outside = outside or bool(member_errors)
                    continue
                member_check(item, f"{path}.{index}.member", errors)
            if outside:
                errors.append(violation(value, path, whole))
            if length:
                length(value, path, errors)

        return check

    def _map(self, shape: MapShape, nested: bool) -> Check:
        words = self._words
        key_check = self.check_for(shape.key)
        value_check = self.check_for(shape.value, nested=True)
        length = _length_check(shape)
        # JSON object keys are strings: a key shape with no constraints needs no
        # check, and an opaque value shape none either (DynamoDB's items).
        check_keys = any(k in shape.key.metadata for k in ("min", "max", "pattern", "enum"))
        check_values = value_check is not _accept
        required = ", Member must not be null" if self._style.list_members_required else ""
        bounds = _value_bounds(shape.value, required)
        values_are_shapes = _holds_shapes(shape)
        doubles = shape.value.type_name in ("double", "float")
        # A bad key is Coral's constraint on the whole map, listing every constraint of the key shape.
        # A sensitive key (Lambda's environment variable names) lists no null rule: AWS's answers
        # quoted in serverless-secrets#39 (2018) and amplify-backend#2290 (2024).
        key_texts = _constraint_texts(shape.key)
        key_required = "" if shape.key.metadata.get("sensitive") else required
        keys_whole = f"Map keys must satisfy constraint: [{', '.join(key_texts)}{key_required}]" if key_texts else ""

        def check(value: Any, path: str, errors: Violations) -> None:
            if not isinstance(value, dict):
                raise words.not_map(value, shape, nested)
            outside = False
            bad_key = False
            if check_keys or check_values:
                for key, item in value.items():
                    if check_keys and not bad_key:
                        if keys_whole:
                            key_errors = Violations()
                            key_check(key, "", key_errors)
                            bad_key = bool(key_errors)
                        else:
                            key_check(key, f"{path}.{key}.key", errors)
                    if not check_values:
                        continue
                    if item is None:
                        if values_are_shapes:
                            errors.append(violation(None, f"{path}.{key}.member", "Member must not be null"))
                        continue
                    if bounds is not None and not bounds.fits(item):
                        outside = True  # Coral names the whole map (below), not the value
                        continue
                    value_check(item, f"{path}.{key}.member", errors)
            if bad_key:
                errors.append(violation(value, path, keys_whole))
            if outside:  # Coral prints a map of doubles as Java does: {2=2.0}
                shown = {k: v if v is None else float(v) for k, v in value.items()} if doubles else value
                errors.append(violation(shown, path, bounds.constraint))  # type: ignore[union-attr]
            if length:
                length(value, path, errors)

        return check


def _hiding_values(check: Check) -> Check:
    """A sensitive shape's check: its violations name no value (``Value at 'environment.variables'
    failed to satisfy constraint: ...``), as AWS words them for Lambda's environment variables."""

    def hiding(value: Any, path: str, errors: Violations) -> None:
        start = len(errors)
        check(value, path, errors)
        for index in range(start, len(errors)):
            text = errors[index]
            at = text.find(f" at '{path}")
            if at > 0:
                errors[index] = "Value" + text[at:]

    return hiding


def _holds_shapes(shape: MapShape) -> bool:
    """Whether a map's values are structures, lists or maps: a null one is refused as a missing
    required value (the operations would fail on it). A null scalar is let through, as AWS lets API
    Gateway's ``{"application/json": null}`` template through."""
    return shape.value.type_name in ("structure", "list", "map")


def _accept(value: Any, path: str, errors: Violations) -> None:
    return None


@dataclass(frozen=True, slots=True)
class _Bounds:
    """A map value shape's own length or range, as Coral words it for the whole map:
    ``Map value must satisfy constraint: [Member must have length less than or equal to 25, ...]``."""

    low: float | None
    high: float | None
    by_length: bool
    constraint: str

    def fits(self, item: Any) -> bool:
        if self.by_length:
            if not isinstance(item, list | dict | str):
                return True  # the value's own check raises the type error
            size: float = len(item)
        elif isinstance(item, int | float) and not isinstance(item, bool):
            size = item
        else:
            return True
        return (self.low is None or size >= self.low) and (self.high is None or size <= self.high)


def _value_bounds(shape: Shape, required: str) -> _Bounds | None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    by_length = shape.type_name in ("list", "map", "string")
    if (low is None and high is None) or not (by_length or shape.type_name in _NUMBER_TARGETS):
        return None
    texts = _constraint_texts(shape, pattern=False)
    return _Bounds(low, high, by_length, f"Map value must satisfy constraint: [{', '.join(texts)}{required}]")


def _constraint_texts(shape: Shape, *, pattern: bool = True) -> list[str]:
    """A shape's bounds (and pattern), as Coral lists them when it judges a whole list or map."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    measure = "length" if shape.type_name in ("list", "map", "string") else "value"
    if shape.type_name in ("double", "float"):  # Java prints a Double's bound as 1.0
        low, high = (None if bound is None else float(bound) for bound in (low, high))
    texts = []
    if high is not None:
        texts.append(f"Member must have {measure} less than or equal to {high}")
    if low is not None:
        texts.append(f"Member must have {measure} greater than or equal to {low}")
    if pattern and "pattern" in shape.metadata:
        texts.append(f"Member must satisfy regular expression pattern: {shape.metadata['pattern']}")
    return texts


def _length_check(shape: Shape) -> Check | None:
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")
    if low is None and high is None:
        return None

    def check(value: Any, path: str, errors: Violations) -> None:
        size = len(value)
        if low is not None and size < low:
            errors.append(violation(value, path, f"Member must have length greater than or equal to {low}"))
        if high is not None and size > high:
            errors.append(violation(value, path, f"Member must have length less than or equal to {high}"))

    return check


def _string(shape: Shape, rule: EnumRule | None, words: TypeErrors, pattern_enforced: bool) -> Check:
    enum = shape.metadata.get("enum")
    pattern_text = shape.metadata.get("pattern") if pattern_enforced else None
    pattern = _compile_pattern(pattern_text) if pattern_text else None
    length = _length_check(shape)
    enum_set = frozenset(enum) if enum else None
    listed = rule.values(enum) if rule and enum else enum
    enum_message = f"Member must satisfy enum value set: [{', '.join(listed)}]" if enum else ""

    def check(value: Any, path: str, errors: Violations) -> None:
        if not isinstance(value, str):
            raise words.scalar(value, "String", text_target=True)
        if pattern is not None and not pattern.fullmatch(value):
            errors.append(
                violation(value, path, f"Member must satisfy regular expression pattern: {pattern_text}")
            )
        if length:
            length(value, path, errors)
        if enum_set is not None and value not in enum_set:
            if rule and rule.error_code:
                message = (
                    f"Value {value} at '{path}' failed to satisfy constraint: {enum_message}{rule.suffix}"
                )
                errors.own_errors.append(CustomError(rule.error_code, message, **rule.fields))
            else:
                errors.append(violation(value, path, enum_message))

    return check


def _compile_pattern(text: str) -> re.Pattern[str] | None:
    # Models use Java regex syntax; the few constructs Python lacks
    # (\p{...} classes) are approximated, and an untranslatable one is skipped.
    translated = (
        text.replace(r"\p{L}", "a-zA-Z\u00c0-\uffff")
        .replace(r"\p{Z}", r"\s")
        .replace(r"\p{N}", "0-9")
        .replace(r"\p{ASCII}", r"\x00-\x7f")
    )
    try:
        return re.compile(translated, re.DOTALL)
    except re.error:
        return None


#: The values a Java Integer and Long hold: a JSON number past them is not read into the member.
_JAVA_RANGES = {"Integer": (-(2**31), 2**31 - 1), "Long": (-(2**63), 2**63 - 1)}


def _number(shape: Shape, target: str, words: TypeErrors) -> Check:
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")
    least, most = _JAVA_RANGES.get(target, (None, None))

    def check(value: Any, path: str, errors: Violations) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise words.scalar(value, target)
        if least is not None and not least <= value <= most:  # type: ignore[operator]
            source = "java.lang.Long" if -(2**63) <= value < 2**63 else "java.math.BigInteger"
            raise SerializationException(f"class {source} can not be converted to an {target}")
        if low is not None and value < low:
            errors.append(violation(value, path, f"Member must have value greater than or equal to {low}"))
        if high is not None and value > high:
            errors.append(violation(value, path, f"Member must have value less than or equal to {high}"))

    return check


def _boolean(words: TypeErrors) -> Check:
    def check(value: Any, path: str, errors: Violations) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, str):
            raise words.boolean_text(value)
        raise words.scalar(value, "Boolean")

    return check


def _blob(shape: Shape, words: TypeErrors) -> Check:
    length = _length_check(shape)

    def check(value: Any, path: str, errors: Violations) -> None:
        if isinstance(value, bytes):
            if length:
                length(value, path, errors)
            return
        if not isinstance(value, str):
            raise words.scalar(value, "Blob")
        if len(value) % 4:
            raise words.blob_length(value)
        fault = base64_fault(value)
        if fault is not None:
            raise words.blob_text(value, fault)
        if length:
            length(base64.b64decode(value), path, errors)

    return check


def _timestamp(error_code: str) -> Check:
    """A rest-json body's timestamp: epoch seconds, or ISO 8601 text (the providers read both). Other
    text is refused rather than stored and answered back unread: as Coral's reader refuses a string for
    a Date, or, in a service whose input errors are its own (apigatewayv2), in that service's words."""

    def check(value: Any, path: str, errors: Violations) -> None:
        if isinstance(value, str):
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                if error_code == "ValidationException":
                    raise _CORAL.scalar(value, "Date") from None
                member = path.rsplit(".", 1)[-1]
                raise CustomError(error_code, f"Invalid timestamp specified for {member}: {value}") from None
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise _CORAL.scalar(value, "Date")

    return check


def _epoch_timestamp(value: Any, path: str, errors: Violations) -> None:
    """The json protocol's timestamps are epoch seconds: a string is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _CORAL.scalar(value, "Date")
