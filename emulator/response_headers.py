"""Which response headers HTTP/1.1 can carry: one line each, a token for a name.

The connection refuses a head that breaks these rules (it could split the
response); applications that pass on headers from elsewhere (a function's
answer, configuration) check them first, to answer a bad one in their own words.
"""

from __future__ import annotations

import re
from operator import itemgetter

#: A header name: a token (RFC 9110), ASCII only.
_HEADER_NAME = re.compile(rb"[^\x00-\x20\x7f-\xff()<>@,;:\[\]={}\\\"/?]+")
#: Names found valid so far: responses reuse a few, so most are checked by one set lookup.
known_names: set[bytes] = set()
_MAX_KNOWN_NAMES = 4096
_name_of = itemgetter(0)
_value_of = itemgetter(1)
#: What may not be in a header value: it would end the line, or the header.
_LINE_BREAKS = b"\r\n\0"
#: Headers that frame a message: the connection writes its own.
_FRAMING = frozenset({b"content-length", b"transfer-encoding", b"connection"})


def names_valid(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether every name is a token; those that are are remembered (``known_names``)."""
    for name, _ in headers:
        if name not in known_names:
            if _HEADER_NAME.fullmatch(name) is None:
                return False
            if len(known_names) < _MAX_KNOWN_NAMES:
                known_names.add(name)
    return True


def passable(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]] | None:
    """Headers from elsewhere (a function's answer) as the connection can send them: those that
    frame the message left out (it writes its own); None if one cannot go out as one line."""
    if not sendable(headers):
        return None
    if _FRAMING.isdisjoint(map(_name_of, headers)):
        return headers
    return [header for header in headers if header[0] not in _FRAMING]


def sendable(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether each header can go out as one line: its name a token, no CR, LF or NUL in its value.

    For headers an application passes on from elsewhere (a function's), so that it can answer
    a bad one in its own words rather than have the connection refuse the response.
    """
    values = b"".join(map(_value_of, headers))
    # translate(), not `in`: a bytes `in` first tries its operand as an int, raising inside (a
    # third of this check's cost per test).
    if len(values.translate(None, _LINE_BREAKS)) != len(values):
        return False
    return known_names.issuperset(map(_name_of, headers)) or names_valid(headers)


def carried(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Headers from configuration (CORS settings) with any that cannot go out as one line left out."""
    if sendable(headers):
        return headers
    return [header for header in headers if sendable([header])]
