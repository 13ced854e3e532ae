"""Identifiers in API Gateway's format."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits


def new_id(length: int = 10) -> str:
    """A random id like API Gateway's (``a1b2c3d4e5``): API, resource, stage ids."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
