"""Lambda's errors, with the body members AWS writes (``Type``, ``Message`` or ``message``)."""

from __future__ import annotations

from typing import Any

from ..aws.errors import AwsError


class LambdaError(AwsError):
    """A Lambda error: AWS adds ``"Type": "User"`` to every client error body."""

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        super().__init__(message, **{"Type": "User", **fields})


class CapitalMessageError(LambdaError):
    """Errors whose model member is ``Message`` rather than ``message``."""

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(None, Message=message, **fields)


class ResourceNotFoundException(CapitalMessageError):
    status = 404


class ResourceInUseException(CapitalMessageError):
    status = 400


class ResourceConflictException(LambdaError):
    status = 409


class InvalidParameterValueException(LambdaError):
    status = 400


class UntypedInvalidParameterValueException(AwsError):
    """InvalidParameterValueException as AWS writes it for a few checks: ``message`` alone, no ``Type``."""

    code = "InvalidParameterValueException"
    status = 400


class UntypedResourceNotFoundException(AwsError):
    """ResourceNotFoundException as AWS writes it for code signing configs: ``Message`` alone, no ``Type``."""

    code = "ResourceNotFoundException"
    status = 404

    def __init__(self, message: str) -> None:
        super().__init__(None, Message=message)


class AccessDeniedException(AwsError):
    """A function ARN of another account: AWS answers 403 with a null ``Message`` and no ``Type``."""

    status = 403

    def __init__(self) -> None:
        super().__init__(None, Message=None)


class CodeSigningConfigNotFoundException(CapitalMessageError):
    status = 404


class InvalidRequestContentException(LambdaError):
    status = 400


class PreconditionFailedException(LambdaError):
    status = 412


class RequestEntityTooLargeException(AwsError):
    """Not in Lambda's model: AWS writes it with ``Message`` and without ``Type``."""

    status = 413

    def __init__(self, message: str) -> None:
        super().__init__(None, Message=message)


class TooManyRequestsException(LambdaError):
    status = 429


class ProvisionedConcurrencyConfigNotFoundException(LambdaError):
    status = 404


def function_not_found(arn: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Function not found: {arn}")


def below_minimum_unreserved(minimum: int, what: str) -> UntypedInvalidParameterValueException:
    """Reserved or provisioned concurrency that would leave the account's unreserved pool under its minimum
    (AWS words it without "Type"); ``what``: ReservedConcurrentExecutions or ConcurrentExecutions."""
    return UntypedInvalidParameterValueException(
        f"Specified {what} for function decreases account's UnreservedConcurrentExecution "
        f"below its minimum value of [{minimum}]."
    )


def resource_not_found() -> ResourceNotFoundException:
    return ResourceNotFoundException("The resource you requested does not exist.")


def revision_mismatch() -> PreconditionFailedException:
    return PreconditionFailedException(
        "The Revision Id provided does not match the latest Revision Id. "
        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
    )
