"""Identifiers made on every invocation: cheap random ones (no system call, no ``uuid.UUID`` object)."""

from __future__ import annotations

import time
from random import getrandbits

#: The version (4) and variant (10xx) bits of a random UUID.
_UUID4_BITS = (0x4 << 76) | (0x8 << 60)
_UUID4_MASK = ~((0xF << 76) | (0xC << 60))


def invocation_id() -> str:
    """A request id in UUID version 4 form, as Lambda gives each invocation."""
    text = (getrandbits(128) & _UUID4_MASK | _UUID4_BITS).to_bytes(16, "big").hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def trace_id() -> str:
    """An X-Ray trace header, as Lambda hands one to every invocation."""
    bits = getrandbits(160).to_bytes(20, "big").hex()  # twice as fast as formatting the ints in hex
    return f"Root=1-{int(time.time()):08x}-{bits[:24]};Parent={bits[24:]};Sampled=0"
