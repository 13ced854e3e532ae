"""Durable functions' own errors (their body members are ``Type`` and ``Message``)."""

from __future__ import annotations

from ..errors import CapitalMessageError


class DurableExecutionAlreadyStartedException(CapitalMessageError):
    """An execution name taken by an execution started with another payload."""

    status = 409


class CallbackTimeoutException(CapitalMessageError):
    """A callback answered after its timeout."""

    status = 400
