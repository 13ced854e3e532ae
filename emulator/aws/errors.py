"""Errors a provider raises; the protocol layer turns them into AWS's wire format.

A provider raises ``AwsError`` (or a subclass named after the AWS error code) and
never builds an HTTP response itself. The protocol serializer reads ``code``,
``status``, ``namespace`` and ``fields`` to write the error the way the
service's protocol does (``__type`` for json, ``x-amzn-ErrorType`` for rest-json).
"""

from __future__ import annotations

from typing import Any, ClassVar

#: ``__type`` namespaces AWS's Coral framework uses for framework-level errors.
VALIDATE_NAMESPACE = "com.amazon.coral.validate"
SERVICE_NAMESPACE = "com.amazon.coral.service"


class AwsError(Exception):
    """An error AWS would answer with.

    Subclasses set ``code`` (the class name by default), ``status`` and, for
    errors that come from Coral rather than from the service, ``namespace``.
    ``fields`` are extra members of the error body (``CancellationReasons``,
    ``Item``, Lambda's ``Type`` ...).
    """

    code: ClassVar[str] = ""
    status: ClassVar[int] = 400
    namespace: ClassVar[str | None] = None
    #: DynamoDB writes ``message``; a few Coral errors write ``Message``.
    message_key: ClassVar[str] = "message"

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        super().__init__(message or "")
        self.message = message
        self.fields = fields

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            cls.code = cls.__name__

    @property
    def error_code(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class CustomError(AwsError):
    """An error whose code and status are chosen at the raise site."""

    def __init__(self, code: str, message: str | None = None, status: int = 400, **fields: Any) -> None:
        super().__init__(message, **fields)
        self._code = code
        self._status = status

    @property
    def error_code(self) -> str:
        return self._code

    @property
    def http_status(self) -> int:
        return self._status


class ValidationException(AwsError):
    namespace = VALIDATE_NAMESPACE


class SerializationException(AwsError):
    namespace = SERVICE_NAMESPACE
    message_key = "Message"


class UnknownOperationException(AwsError):
    namespace = SERVICE_NAMESPACE


class MissingAuthenticationTokenException(AwsError):
    """A json-protocol call without a signature: a 400 there (dynalite's AWS-run tests), unlike API Gateway's 403."""

    namespace = SERVICE_NAMESPACE


class NotImplementedYet(AwsError):
    """An operation in the model that the emulator does not implement."""

    code = "UnknownOperationException"
    status = 501
    namespace = SERVICE_NAMESPACE


class InternalFailure(AwsError):
    status = 500
    namespace = SERVICE_NAMESPACE


def status_of(error: AwsError) -> int:
    return getattr(error, "http_status", error.status)
