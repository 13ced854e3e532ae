"""apigatewayv2's error codes, with AWS's statuses."""

from __future__ import annotations

from ...aws.errors import AwsError


class NotFoundException(AwsError):
    status = 404


class BadRequestException(AwsError):
    status = 400


class ConflictException(AwsError):
    status = 409
