"""Request headers as HTTP APIs and function URLs hand them on: repeated names comma-joined."""

from __future__ import annotations

from emulator.aws.http import joined_headers


def test_distinct_headers_are_decoded_as_they_are() -> None:
    raw = [(b"host", b"api.localhost"), (b"x-caf\xe9", b"cr\xe8me"), (b"empty", b"")]
    assert joined_headers(raw) == {"host": "api.localhost", "x-caf\xe9": "cr\xe8me", "empty": ""}


def test_repeated_headers_are_comma_joined_in_order() -> None:
    raw = [(b"accept", b"a"), (b"cookie", b"x=1"), (b"accept", b"b"), (b"accept", b"c")]
    assert joined_headers(raw) == {"accept": "a,b,c", "cookie": "x=1"}


def test_no_headers_and_odd_bytes() -> None:
    assert joined_headers([]) == {}
    assert joined_headers([(b"x-nul", b"a\0b")]) == {"x-nul": "a\0b"}
