"""Binary payloads: which content types an API treats as binary, and base64 both ways."""

from __future__ import annotations

import base64
import binascii


def is_binary_type(content_type: str | None, binary_media_types: tuple[str, ...]) -> bool:
    """Whether ``content_type`` matches one of the API's binaryMediaTypes (``image/*``, ``*/*`` too)."""
    if not content_type or not binary_media_types:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    main = media.split("/", 1)[0]
    for pattern in binary_media_types:
        if pattern == media or pattern == "*/*" or pattern == f"{main}/*":
            return True
    return False


def accepts_binary(accept: str | None, binary_media_types: tuple[str, ...]) -> bool:
    """Whether the first media type of an ``Accept`` header is one of the API's binaryMediaTypes.

    Only the first counts (the guide's binary media types page: a browser's
    ``Accept`` gets binary media only when the API's types include ``*/*``).
    """
    if not accept or not binary_media_types:
        return False
    return is_binary_type(accept.split(",", 1)[0], binary_media_types)


def b64encode_text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode_text(text: str) -> bytes | None:
    """The bytes of a base64 text, or None when it is not valid base64."""
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None
