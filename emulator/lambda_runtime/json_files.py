"""State kept in JSON files (functions, log groups, query definitions, resource policies), each
written whole: aside first, then renamed over the old one, so a crash never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson


def read_json(path: Path | None) -> Any | None:
    """The document in ``path``; None when there is no such file (or no path: in memory)."""
    if path is None or not path.is_file():
        return None
    return orjson.loads(path.read_bytes())


def write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_suffix(".tmp")
    staging.write_bytes(orjson.dumps(document))
    os.replace(staging, path)
