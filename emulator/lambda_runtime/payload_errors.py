"""How Lambda describes a payload that is not JSON: its JSON parser (Jackson) writes the message.

Only the common case is worded as Jackson words it: a payload that starts with
a bare word (``hello``, ``not json``). Other faults keep the parser's own text
after AWS's prefix.
"""

from __future__ import annotations

PREFIX = "Could not parse request body into json: Could not parse payload into json: "
#: Jackson quotes at most this many characters of the source.
_SOURCE_EXCERPT = 500
_LITERALS = frozenset({"true", "false", "null"})


def _is_token_char(char: str) -> bool:
    """Jackson's ``Character.isJavaIdentifierPart`` for the characters payloads hold."""
    return char.isalnum() or char in "_$"


def describe(payload: bytes, parser_error: str) -> str:
    """The message of the InvalidRequestContentException for ``payload``."""
    text = payload.decode(errors="replace")
    if not text or not (text[0].isalpha() or text[0] in "_$"):
        return PREFIX + parser_error
    end = 1
    while end < len(text) and _is_token_char(text[end]):
        end += 1
    token = text[:end]
    if token in _LITERALS:  # a valid literal with something after it: another fault
        return PREFIX + parser_error
    # Jackson reads the character that ends the word too, and reports the column after it.
    column = end + (2 if end < len(text) else 1)
    if len(payload) > _SOURCE_EXCERPT:
        source = f'"{text[:_SOURCE_EXCERPT]}"[truncated {len(payload) - _SOURCE_EXCERPT} bytes]'
    else:
        source = f'"{text}"'
    return (
        f"{PREFIX}Unrecognized token '{token}': was expecting (JSON String, Number, Array, Object or token "
        f"'null', 'true' or 'false')\n at [Source: (byte[]){source}; line: 1, column: {column}]"
    )
