"""Identifiers made on every invocation: cheap random ones (no system call, no ``uuid.UUID`` object)."""

from __future__ import annotations

import time
from random import getrandbits

from ..aws.context import new_request_id

#: A request id in UUID version 4 form, as Lambda gives each invocation: the API's own request ids' maker.
invocation_id = new_request_id


def trace_id() -> str:
    """An X-Ray trace header, as Lambda hands one to every invocation."""
    bits = getrandbits(160).to_bytes(20, "big").hex()  # twice as fast as formatting the ints in hex
    return f"Root=1-{int(time.time()):08x}-{bits[:24]};Parent={bits[24:]};Sampled=0"
