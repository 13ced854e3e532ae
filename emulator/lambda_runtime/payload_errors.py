"""How Lambda describes a payload that is not JSON: its JSON parser (Jackson) writes the message.

Worded as AWS answered in 2025 (LocalStack's AWS-validated snapshot test_lambda.snapshot.json::
TestLambdaErrors::test_lambda_invoke_payload_encoding_error): the parser no longer quotes the source.
Three faults are worded as Jackson words them: a payload that starts with a bare word (``hello``,
``not json``), a bad UTF-8 byte inside such a word, and a control character in first place. Other
faults keep the parser's own text after AWS's prefix.
"""

from __future__ import annotations

PREFIX = "Could not parse request body into json: Could not parse payload into json: "
_EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
_LOCATION = "\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: {}]"
_LITERALS = frozenset({b"true", b"false", b"null"})


def _is_token_byte(byte: int) -> bool:
    """Jackson's ``Character.isJavaIdentifierPart`` for the ASCII characters payloads hold."""
    return chr(byte).isalnum() or byte in b"_$"


def _is_bad_utf8_start(byte: int) -> bool:
    """A byte no UTF-8 character starts with: a continuation byte, an overlong or out-of-range lead."""
    return 0x80 <= byte <= 0xC1 or byte >= 0xF5


def describe(payload: bytes, parser_error: str) -> str:
    """The message of the InvalidRequestContentException for ``payload``."""
    first = payload[0] if payload else None
    if first is not None and 0x80 <= first <= 0x9F:  # Java's ISO control characters, read as Latin-1
        return (
            f"{PREFIX}Unexpected character ((CTRL-CHAR, code {first})): expected a valid value {_EXPECTED_VALUE}"
            + _LOCATION.format(1)
        )
    if first is None or not ((first < 0x80 and chr(first).isalpha()) or first in b"_$"):
        return PREFIX + parser_error
    end = 1
    while end < len(payload) and _is_token_byte(payload[end]):
        end += 1
    # Jackson reads the character that ends the word too, and reports the column after it.
    if end < len(payload) and _is_bad_utf8_start(payload[end]):
        return f"{PREFIX}Invalid UTF-8 start byte 0x{payload[end]:02x}" + _LOCATION.format(end + 2)
    token = payload[:end]
    if token in _LITERALS:  # a valid literal with something after it: another fault
        return PREFIX + parser_error
    column = end + (2 if end < len(payload) else 1)
    return f"{PREFIX}Unrecognized token '{token.decode()}': was expecting {_EXPECTED_VALUE}" + _LOCATION.format(column)
