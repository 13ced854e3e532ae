"""Reading a request body as an operation's input document, as Coral's JSON reader does.

Both protocols read the input structure with the reader that reads nested structures
(``validate.py``), so a body of the wrong JSON kind is refused in the same words as a member
of the wrong kind: a list is "Start of list found where not expected", a string, number or
boolean "Expected null" (the reader wanted a structure or null). A body that is not JSON at
all is a ``SerializationException`` whose message the protocol chooses.
"""

from __future__ import annotations

from typing import Any

import orjson

from .errors import SerializationException

LIST_NOT_EXPECTED = "Start of list found where not expected"
SCALAR_NOT_EXPECTED = "Expected null"


def read_object(body: bytes, unparsable: str | None = None) -> dict[str, Any]:
    """The JSON object ``body`` holds; ``unparsable`` is the message for a body that is not JSON."""
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise SerializationException(unparsable) from None
    if type(document) is dict:
        return document
    if isinstance(document, list):
        raise SerializationException(LIST_NOT_EXPECTED)
    if document is None:
        raise SerializationException(unparsable)
    raise SerializationException(SCALAR_NOT_EXPECTED)
