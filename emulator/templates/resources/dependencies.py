"""What ``sam build`` would install for a function and its code folder lacks.

The emulator runs a CodeUri folder as it is: Python functions import the
emulator's own packages, Node functions resolve ``node_modules`` upwards from
the folder. A note names what is missing, so a failing import is no surprise.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def missing_dependencies(folder: Path, runtime: str) -> str | None:
    """A sentence naming the missing packages, or None."""
    if runtime.startswith("python"):
        missing = _missing_python(folder / "requirements.txt")
        if missing:
            return (
                f"the emulator runs {folder.name}/ unbuilt with its own Python packages; requirements.txt names "
                f"packages not installed there: {', '.join(missing)} (pip install them into the emulator's environment)"
            )
    elif runtime.startswith("nodejs"):
        missing = _missing_node(folder)
        if missing:
            return (
                f"the emulator runs {folder.name}/ unbuilt; package.json dependencies not found in node_modules: "
                f"{', '.join(missing)} (run npm install there)"
            )
    return None


def _missing_python(requirements: Path) -> list[str]:
    if not requirements.is_file():
        return []
    missing = []
    for line in requirements.read_text().splitlines():
        found = _REQUIREMENT_NAME.match(line)
        if found and not line.lstrip().startswith("-"):
            try:
                metadata.distribution(found.group(1))
            except metadata.PackageNotFoundError:
                missing.append(found.group(1))
    return missing


def _missing_node(folder: Path) -> list[str]:
    try:
        manifest = json.loads((folder / "package.json").read_text())
    except (OSError, ValueError):
        return []
    dependencies = manifest.get("dependencies") if isinstance(manifest, dict) else None
    if not isinstance(dependencies, dict):
        return []
    roots = [folder, *folder.parents]
    return [name for name in dependencies if not any((root / "node_modules" / name).is_dir() for root in roots)]
