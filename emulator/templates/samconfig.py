"""``samconfig.toml`` beside a template: the stack name and parameter overrides ``sam deploy`` would use.

Only the ``default`` environment is read (``[default.deploy.parameters]``, then
``[default.global.parameters]``), so a project that deploys with ``sam deploy``
gets the same names here; what the command line gives wins.
"""

from __future__ import annotations

import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import TemplateError


@dataclass
class SamConfig:
    stack_name: str | None = None
    parameter_overrides: dict[str, str] = field(default_factory=dict)


def read_samconfig(folder: Path) -> SamConfig:
    path = folder / "samconfig.toml"
    if not path.is_file():
        return SamConfig()
    try:
        document = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise TemplateError(f"{path} cannot be read: {error}") from None
    environment = document.get("default") or {}
    settings: dict[str, Any] = {
        **((environment.get("global") or {}).get("parameters") or {}),
        **((environment.get("deploy") or {}).get("parameters") or {}),
    }
    stack_name = settings.get("stack_name")
    return SamConfig(str(stack_name) if stack_name else None, _overrides(settings.get("parameter_overrides")))


def _overrides(value: Any) -> dict[str, str]:
    # SAM CLI writes one string of Key="Value" pairs; newer files may hold a list of them.
    words = shlex.split(value) if isinstance(value, str) else [w for item in value or [] for w in shlex.split(str(item))]
    overrides = {}
    for word in words:
        key, separator, text = word.partition("=")
        if separator:
            overrides[key] = text
    return overrides
