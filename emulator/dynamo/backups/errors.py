"""Errors of the backup, restore, export and import operations."""

from __future__ import annotations

from ...aws.errors import AwsError


class TableNotFoundException(AwsError):
    pass


class TableAlreadyExistsException(AwsError):
    pass


class BackupNotFoundException(AwsError):
    pass


class PointInTimeRecoveryUnavailableException(AwsError):
    pass


class InvalidRestoreTimeException(AwsError):
    pass


class ExportNotFoundException(AwsError):
    pass


class ImportNotFoundException(AwsError):
    pass


class InvalidExportTimeException(AwsError):
    pass
