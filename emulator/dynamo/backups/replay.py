"""Recovery of the catalog's journalled actions, against the store as it was then."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..table import Table
from .catalog import BackupCatalog
from .on_demand import take_backup
from .point_in_time import set_pitr


def replayer(tables: Callable[[str], Mapping[str, Table]]) -> Callable[[BackupCatalog, list[Any]], None]:
    def replay(catalog: BackupCatalog, entry: list[Any]) -> None:
        action = entry[1]
        if action == "backup":
            _, _, region, name, arn, backup_name, at = entry
            table = tables(region).get(name)
            if table is not None:
                take_backup(catalog, table, arn, backup_name, at)
        elif action == "delete":
            catalog.backups.pop(entry[2], None)
        elif action == "pitr":
            _, _, region, name, enabled, days, at = entry
            table = tables(region).get(name)
            if table is not None:
                set_pitr(catalog, table, enabled, days, at)
        elif action == "export":
            catalog.exports[entry[2]["ExportArn"]] = entry[2]
        elif action == "import":
            catalog.imports[entry[2]["ImportArn"]] = entry[2]
        elif action == "bulk":
            catalog.bulk[entry[2]["BulkOperationArn"]] = entry[2]

    return replay
