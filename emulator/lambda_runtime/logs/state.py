"""Saved CloudWatch Logs resources that are not log groups: per region, per kind, by name.

Account policies, destinations, deliveries and export tasks keep their documents
here, in the shape the API answers them; ``save`` writes the whole file (beside
the log store) after each change, unless the emulator runs in memory. A reset
empties it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..json_files import read_json, write_json


class ResourceState:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        #: region -> kind -> name -> document
        self.regions: dict[str, dict[str, dict[str, dict[str, Any]]]] = read_json(path) or {}

    def of(self, region: str, kind: str) -> dict[str, dict[str, Any]]:
        """The resources of one kind in one region (a live dict: change it, then ``save``)."""
        return self.regions.setdefault(region, {}).setdefault(kind, {})

    def any(self, region: str, kind: str) -> bool:
        """Whether the region has resources of that kind (without making room for them, as ``of`` does)."""
        return bool(self.regions.get(region, {}).get(kind))

    def save(self) -> None:
        if self.path is not None:
            write_json(self.path, self.regions)

    def clear(self) -> None:
        self.regions.clear()
        self.save()
