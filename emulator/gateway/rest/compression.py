"""Payload compression of a REST API's responses (the API's ``minimumCompressionSize``).

As AWS documents it, API Gateway compresses a method response when the API (as deployed) sets
``minimumCompressionSize``, the request's ``Accept-Encoding`` puts a coding it supports (gzip,
deflate, identity) first, the integration response has no ``Content-Encoding`` of its own, and the
payload, after its mapping template, is at least that size. With no ``Accept-Encoding`` (RFC 7231's
default ``*``), or ``identity`` first, the payload goes out as it is.
"""

from __future__ import annotations

import gzip
import zlib

_COMPRESSORS = {"gzip": lambda body: gzip.compress(body, mtime=0), "deflate": zlib.compress}


def preferred_coding(accept_encoding: str | None) -> str | None:
    """The coding to compress with: the first compressing one (gzip, deflate) of those ``Accept-Encoding``
    weighs highest; None when those are ``identity`` or codings API Gateway lacks (``br``)."""
    if not accept_encoding:
        return None
    weighted: list[tuple[float, str]] = []
    for item in accept_encoding.split(","):
        name, _, parameters = item.strip().partition(";")
        weight = 1.0
        key, _, value = parameters.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                continue
        if name and weight > 0:
            weighted.append((weight, name.strip().lower()))
    if not weighted:
        return None
    top = max(weight for weight, _ in weighted)
    return next((name for weight, name in weighted if weight == top and name in _COMPRESSORS), None)


def compress(
    minimum_size: int, accept_encoding: str | None, headers: list[tuple[bytes, bytes]], body: bytes
) -> bytes:
    """``body`` as the client gets it; adds ``Content-Encoding`` to ``headers`` when it compresses."""
    if len(body) < minimum_size or any(name.lower() == b"content-encoding" for name, _ in headers):
        return body
    coding = preferred_coding(accept_encoding)
    if coding is None:
        return body
    headers.append((b"content-encoding", coding.encode()))
    return _COMPRESSORS[coding](body)
