"""Connection, request and message ids in API Gateway's shape (``Jx3iZcOFoAMCI1w=``)."""

from __future__ import annotations

import secrets


def new_id() -> str:
    """16 URL-safe characters ending in ``=``, as AWS's ids look; safe in an ``@connections`` path."""
    return secrets.token_urlsafe(11) + "="
