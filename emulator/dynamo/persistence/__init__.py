"""Persistence of DynamoDB's state: write-ahead log, snapshots, recovery."""

from .journal import Persistence, SnapshotResult
from .records import CorruptDataError, DataDirError, NewerFormatError
from .target import Component, StoreTarget, TableTarget

__all__ = [
    "Component",
    "CorruptDataError",
    "DataDirError",
    "NewerFormatError",
    "Persistence",
    "SnapshotResult",
    "StoreTarget",
    "TableTarget",
]
