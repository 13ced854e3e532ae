"""How a service words a JSON value of the wrong kind: the ``SerializationException`` its reader raises.

Two readers answer AWS's JSON today. Coral's (Lambda, API Gateway, CloudWatch Logs) names the Java class
it could not convert (``class java.lang.String can not be converted to an Integer``, dynalite's older
AWS-run tests). DynamoDB's newer reader names the JSON token instead (``NUMBER_VALUE cannot be converted
to String``, ``Unexpected field type``), as dynalite's current AWS-run tests (test/helpers.js
``assertType``) and moto's ``aws_verified`` PutItem test record it. A service's ``ValidationStyle``
chooses one; ``validate.py`` asks it for the message when a value is of the wrong kind.

``nested`` says where the value sits: a structure member (a field), or an element of a list or map
(DynamoDB words the two differently).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import SerializationException

if TYPE_CHECKING:
    from botocore.model import Shape

LIST_FOUND = "Start of list found where not expected"
MAP_FOUND = "Start of structure or map found where not expected."


class CoralTypeErrors:
    """Coral's reader; ``number_class`` names JSON numbers where a string is expected (API Gateway's
    ``TruncatingBigNumber``), else the smallest boxed Java type that holds the number."""

    def __init__(self, number_class: str = "") -> None:
        self.number_class = number_class

    def scalar(self, value: Any, target: str, *, text_target: bool = False) -> SerializationException:
        """``value`` is not the ``target`` (``String``, ``Integer``, ``Boolean``, ``Blob``, ``Date`` ...)."""
        if isinstance(value, list):
            return SerializationException(LIST_FOUND)
        if isinstance(value, dict):
            return SerializationException(MAP_FOUND)
        if isinstance(value, bool):
            source = "java.lang.Boolean"
        elif isinstance(value, int | float):
            source = (self.number_class if text_target else "") or _java_number_class(value)
        else:
            source = "java.lang.String"
        article = "a" if target in ("Blob", "Date") else "an"
        return SerializationException(f"class {source} can not be converted to {article} {target}")

    def boolean_text(self, value: str) -> SerializationException:
        return SerializationException(f"'{value.upper()}' can not be converted to an Boolean")

    def not_list(self, value: Any, shape: Shape, nested: bool) -> SerializationException:
        return SerializationException(MAP_FOUND if isinstance(value, dict) else "Expected list or null")

    def not_map(self, value: Any, shape: Shape, nested: bool) -> SerializationException:
        return SerializationException(LIST_FOUND if isinstance(value, list) else "Expected map or null")

    def not_structure(self, value: Any, shape: Shape, nested: bool) -> SerializationException:
        return SerializationException(LIST_FOUND if isinstance(value, list) else "Expected null")

    def blob_length(self, value: str) -> SerializationException:
        return SerializationException(
            f"'{value}' can not be converted to a Blob: "
            f"Base64 encoded length is expected a multiple of 4 bytes but found: {len(value)}"
        )

    def blob_text(self, value: str, bad_character: str) -> SerializationException:
        """``bad_character`` as ``base64_fault`` gives it."""
        problem = (
            f"Invalid Base64 character: '{bad_character}'"
            if bad_character
            else "Invalid last non-pad Base64 character dectected"  # sic
        )
        return SerializationException(f"'{value}' can not be converted to a Blob: {problem}")


class DynamoDBTypeErrors:
    """DynamoDB's newer reader: the JSON token's kind, or the Java type it could not fill."""

    #: Java's names for the model's shapes, in ``Unrecognized collection type ...``.
    package = "com.amazonaws.dynamodb.v20120810"

    def scalar(self, value: Any, target: str, *, text_target: bool = False) -> SerializationException:
        if isinstance(value, list):
            java = "java.nio.ByteBuffer" if target == "Blob" else f"java.lang.{target}"
            return SerializationException(f"Unrecognized collection type class {java}")
        if isinstance(value, dict):
            return SerializationException(MAP_FOUND.rstrip("."))
        if target == "Blob":
            return SerializationException("only base-64-encoded strings are convertible to bytes")
        if isinstance(value, bool):
            token = "TRUE_VALUE" if value else "FALSE_VALUE"
        elif isinstance(value, int):
            token = "NUMBER_VALUE"
        elif isinstance(value, float):
            token = "NUMBER_VALUE" if value.is_integer() else "DECIMAL_VALUE"
        else:
            token = "STRING_VALUE"
        return SerializationException(f"{token} cannot be converted to {target}")

    def boolean_text(self, value: str) -> SerializationException:
        return SerializationException("Unexpected token received from parser")

    def not_list(self, value: Any, shape: Shape, nested: bool) -> SerializationException:
        if isinstance(value, dict):
            return SerializationException(MAP_FOUND.rstrip("."))
        if nested:  # a list held in a map: Java's reflection fails on its parameterized type
            return SerializationException(
                "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
                "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
                "java.lang.Class are in module java.base of loader 'bootstrap')"
            )
        return SerializationException("Unexpected field type")

    def not_map(self, value: Any, shape: Shape, nested: bool) -> SerializationException:
        if isinstance(value, list):
            return SerializationException(f"Unrecognized collection type {self._java_type(shape)}")
        return SerializationException("Unexpected field type")

    def not_structure(self, value: Any, shape: Shape, nested: bool) -> SerializationException:
        if isinstance(value, list):
            return SerializationException(f"Unrecognized collection type class {self.package}.{shape.name}")
        if isinstance(value, dict):  # not reached: a dict is a structure
            return SerializationException(MAP_FOUND.rstrip("."))
        return SerializationException("Unexpected value type in payload" if nested else "Unexpected field type")

    def blob_length(self, value: str) -> SerializationException:
        return SerializationException(f"Base64 encoded length is expected a multiple of 4 bytes but found: {len(value)}")

    def blob_text(self, value: str, bad_character: str) -> SerializationException:
        return SerializationException("Invalid last non-pad Base64 character dectected")  # sic, for either fault

    def _java_type(self, shape: Shape) -> str:
        """A shape as Java prints a generic type: ``java.util.Map<java.lang.String, ...WriteRequest>>``."""
        kind = shape.type_name
        if kind == "map":
            return f"java.util.Map<java.lang.String, {self._java_type(shape.value)}>"  # type: ignore[attr-defined]
        if kind == "list":
            return f"java.util.List<{self._java_type(shape.member)}>"  # type: ignore[attr-defined]
        if kind == "structure":
            return f"{self.package}.{shape.name}"
        return _JAVA_SCALARS.get(kind, "java.lang.String")


#: The wordings a ``ValidationStyle`` chooses from.
TypeErrors = CoralTypeErrors | DynamoDBTypeErrors

_JAVA_SCALARS = {
    "string": "java.lang.String",
    "integer": "java.lang.Integer",
    "long": "java.lang.Long",
    "boolean": "java.lang.Boolean",
    "double": "java.lang.Double",
    "float": "java.lang.Float",
    "blob": "java.nio.ByteBuffer",
    "timestamp": "java.util.Date",
}


def _java_number_class(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return "java.lang.Double"
    if -32768 <= value <= 32767:
        return "java.lang.Short"
    if -2147483648 <= value <= 2147483647:
        return "java.lang.Integer"
    return "java.lang.Long"


def base64_fault(value: str) -> str | None:
    """Why ``value`` (whose length is a multiple of 4) is not canonical base64: the first character the
    alphabet lacks (a ``=`` before the padding counts), ``""`` for a last character with bits to spare,
    None when it is canonical."""
    pads = 2 if value.endswith("==") else 1 if value.endswith("=") else 0
    core = value[: len(value) - pads]
    for character in core:
        if character not in _BASE64_ALPHABET:
            return character
    if pads and core and _BASE64_ALPHABET.index(core[-1]) & (0b11 if pads == 1 else 0b1111):
        return ""
    return None


_BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
