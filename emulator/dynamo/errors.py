"""DynamoDB's own errors (``com.amazonaws.dynamodb.v20120810#...``).

Input problems are ``ValidationException`` from ``emulator.aws.errors``; these
are the service-level outcomes, each with AWS's status code.
"""

from __future__ import annotations

from ..aws.errors import AwsError

NOT_FOUND = "Requested resource not found"


class ResourceNotFoundException(AwsError):
    def __init__(self, message: str = NOT_FOUND) -> None:
        super().__init__(message)


class ResourceInUseException(AwsError):
    pass


class ConditionalCheckFailedException(AwsError):
    pass


class ConditionalCheckFailedWithItem(ConditionalCheckFailedException):
    """The refusal that returns the old ``Item``: AWS then writes ``Message``, not ``message``
    (moto's aws_verified TestReturnValuesOnConditionCheckFailure)."""

    code = "ConditionalCheckFailedException"
    message_key = "Message"


class PolicyNotFoundException(AwsError):
    pass


class TransactionCanceledException(AwsError):
    # Capitalised, as AWS writes it (bodies quoted in aws-sdk-net#1292, PynamoDB#1144) and the model names it.
    message_key = "Message"


class TransactionConflictException(AwsError):
    pass


class IdempotentParameterMismatchException(AwsError):
    message_key = "Message"  # as the model names the member


class ItemCollectionSizeLimitExceededException(AwsError):
    pass


class LimitExceededException(AwsError):
    pass


# -- global tables version 2017.11.29 -------------------------------------------


class GlobalTableAlreadyExistsException(AwsError):
    pass


class GlobalTableNotFoundException(AwsError):
    pass


class TableNotFoundException(AwsError):
    pass


class ReplicaAlreadyExistsException(AwsError):
    pass


class ReplicaNotFoundException(AwsError):
    pass


class IndexNotFoundException(AwsError):
    pass
