"""What backups, point-in-time recovery and exports keep between requests.

The catalog is a persistence component: its own actions are journalled as
``["backups", action, ...]`` entries. Replay happens with the store in the
state it had when the action was first taken, so entries name tables and
never carry their items: a backup taken on replay captures the same items.

Point-in-time recovery keeps, per enabled table, the items as they were at
the start of the window (``base``) and every change since (``history``);
restoring to a time applies the history up to it. Changes older than the
window are folded into the base.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from ..changes import Change, Item, ItemChange

DAY_S = 24 * 3600


@dataclass(slots=True)
class Backup:
    arn: str
    name: str
    region: str
    created_at: float
    definition: dict[str, Any]
    items: list[Item]
    size_bytes: int


@dataclass(slots=True)
class PitrLog:
    enabled_at: float
    #: Items (by encoded key) as they were at ``base_at``.
    base: dict[bytes, Item]
    base_at: float
    days: int
    history: list[tuple[float, bytes, Item | None]] = field(default_factory=list)

    def fold(self, horizon: float) -> None:
        """Move changes older than ``horizon`` into the base."""
        cut = 0
        for at, key, new in self.history:
            if at >= horizon:
                break
            if new is None:
                self.base.pop(key, None)
            else:
                self.base[key] = new
            cut += 1
        if cut:
            del self.history[:cut]
        self.base_at = max(self.base_at, horizon)

    def items_at(self, moment: float) -> list[Item]:
        state = dict(self.base)
        for at, key, new in self.history:
            if at > moment:
                break
            if new is None:
                state.pop(key, None)
            else:
                state[key] = new
        return list(state.values())


class BackupCatalog:
    name = "backups"

    def __init__(self) -> None:
        self.backups: dict[str, Backup] = {}
        self.pitr: dict[tuple[str, str], PitrLog] = {}
        self.exports: dict[str, dict[str, Any]] = {}
        self.imports: dict[str, dict[str, Any]] = {}
        #: StartBulkPutItems' operations by ARN (their descriptions), and the running ones' controls.
        self.bulk: dict[str, dict[str, Any]] = {}
        self.bulk_runs: dict[str, Any] = {}
        #: The temporary folder standing for S3 when nothing may be written to the data directory.
        self.scratch: Path | None = None
        #: Appends a journal entry (set while persistence is on).
        self.journal: Callable[[list[Any]], None] = lambda entry: None
        #: Replays one journalled action against the live store (set by the operations module).
        self.replayer: Callable[[BackupCatalog, list[Any]], None] = lambda catalog, entry: None

    def on_change(self, change: Change) -> None:
        log = self.pitr.get((change.region, change.table))
        if log is None:
            return
        if isinstance(change, ItemChange):
            log.history.append((change.at, orjson.dumps(change.key), change.new))
            if log.history[0][0] < change.at - log.days * DAY_S:
                log.fold(change.at - log.days * DAY_S)
        elif change.kind == "delete":
            del self.pitr[(change.region, change.table)]

    def restorable(self, region: str, table: str, now: float | None = None) -> tuple[float, float] | None:
        log = self.pitr.get((region, table))
        if log is None:
            return None
        now = time.time() if now is None else now
        log.fold(now - log.days * DAY_S)
        return max(log.enabled_at, log.base_at), now

    # -- persistence component ---------------------------------------------

    def dump(self) -> Any:
        return {
            "backups": [
                [b.arn, b.name, b.region, b.created_at, b.definition, b.items, b.size_bytes]
                for b in self.backups.values()
            ],
            "pitr": [
                [region, table, log.enabled_at, [[key.decode(), item] for key, item in log.base.items()],
                 log.base_at, log.days, [[at, key.decode(), new] for at, key, new in log.history]]
                for (region, table), log in self.pitr.items()
            ],
            "exports": list(self.exports.values()),
            "imports": list(self.imports.values()),
            "bulk": list(self.bulk.values()),
        }

    def load(self, state: Any) -> None:
        self.backups = {raw[0]: Backup(*raw) for raw in state["backups"]}
        self.pitr = {}
        for region, table, enabled_at, base, base_at, days, history in state["pitr"]:
            self.pitr[(region, table)] = PitrLog(
                enabled_at,
                {key.encode(): item for key, item in base},
                base_at,
                days,
                [(at, key.encode(), new) for at, key, new in history],
            )
        self.exports = {raw["ExportArn"]: raw for raw in state["exports"]}
        self.imports = {raw["ImportArn"]: raw for raw in state["imports"]}
        self.bulk = {raw["BulkOperationArn"]: raw for raw in state.get("bulk", [])}  # absent before bulk puts

    def replay(self, entry: list[Any]) -> None:
        self.replayer(self, entry)

    def clear(self) -> None:
        self.backups.clear()
        self.pitr.clear()
        self.exports.clear()
        self.imports.clear()
        self.bulk.clear()
        for run in self.bulk_runs.values():
            run.cancel()
        self.bulk_runs.clear()


_catalogs: weakref.WeakKeyDictionary[Any, BackupCatalog] = weakref.WeakKeyDictionary()


def attach(provider: Any, catalog: BackupCatalog) -> None:
    """Make ``catalog`` the one the DynamoDB provider's backup operations use."""
    _catalogs[provider] = catalog


def catalog_of(provider: Any) -> BackupCatalog:
    catalog = _catalogs.get(provider)
    if catalog is None:
        catalog = _catalogs[provider] = BackupCatalog()
    return catalog
