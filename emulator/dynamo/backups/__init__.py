"""Backups, point-in-time recovery, exports and imports.

Each operation is a function ``(provider, ctx, params)`` that the DynamoDB
provider delegates to; their state is the provider's ``BackupCatalog``.
"""

from .catalog import BackupCatalog, attach, catalog_of
from .exports import describe_export, export_table_to_point_in_time, list_exports
from .imports import describe_import, import_table, list_imports
from .on_demand import create_backup, delete_backup, describe_backup, list_backups, restore_table_from_backup
from .point_in_time import (
    describe_continuous_backups,
    restore_table_to_point_in_time,
    update_continuous_backups,
)
from .replay import replayer

__all__ = [
    "BackupCatalog",
    "attach",
    "catalog_of",
    "create_backup",
    "delete_backup",
    "describe_backup",
    "describe_continuous_backups",
    "describe_export",
    "describe_import",
    "export_table_to_point_in_time",
    "import_table",
    "list_backups",
    "list_exports",
    "list_imports",
    "replayer",
    "restore_table_from_backup",
    "restore_table_to_point_in_time",
    "update_continuous_backups",
]
