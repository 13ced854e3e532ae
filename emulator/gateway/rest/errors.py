"""API Gateway's control-plane errors (codes and statuses as AWS answers them)."""

from __future__ import annotations

from ...aws.errors import AwsError


class NotFoundException(AwsError):
    status = 404


class ConflictException(AwsError):
    status = 409


class BadRequestException(AwsError):
    status = 400
