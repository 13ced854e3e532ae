"""Headers for a request to an HTTP integration, as httpx can send them."""

from __future__ import annotations

from collections.abc import Iterable


def header_bytes(headers: Iterable[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    """Header pairs as bytes, for the rare request httpx refuses (it encodes text as ASCII only).

    A client's header was read as latin-1 and goes on as the bytes it came as; a value beyond
    latin-1 (a decoded query parameter mapped to a header) goes as its UTF-8 bytes.
    """
    return [(_encoded(name), _encoded(value)) for name, value in headers]


def _encoded(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")
