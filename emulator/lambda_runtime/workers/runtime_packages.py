"""What a Python function may import: its code, its layers, the standard library, and of the
packages installed beside the interpreter only those AWS's Python runtimes carry (the AWS SDK
and what it needs). A package the emulator's own environment happens to have (pydantic, yaml,
requests...) fails to import as on AWS: "Unable to import module 'app': No module named 'yaml'".

Imports nothing of the package (the zygote loads it as a top-level module).
"""

from __future__ import annotations

import importlib.machinery
import site
import sys
from collections.abc import Sequence
from types import ModuleType

#: Top-level names of what AWS's Python runtimes install in /var/lang/lib/python3.x/site-packages:
#: the AWS SDK and its dependencies, the runtime interface client's, and the durable execution SDK
#: ("Lambda Node.js and Python runtimes include the durable execution SDK", AWS's durable functions guide).
AWS_RUNTIME_PACKAGES = frozenset(
    {
        "boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3", "awslambdaric", "simplejson",
        "aws_durable_execution_sdk_python",
    }
)  # fmt: skip


class RuntimePackagesOnly:
    """A meta path finder, just before the path finder: a top-level module that is not one of the
    runtime's is looked for everywhere but in the interpreter's site-packages folders."""

    def __init__(self, site_folders: frozenset[str]) -> None:
        self.site_folders = site_folders

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if path is not None or name in AWS_RUNTIME_PACKAGES:
            return None  # a submodule, or the runtime's own: found as usual
        searched = [entry for entry in sys.path if entry not in self.site_folders]
        spec = importlib.machinery.PathFinder.find_spec(name, searched)
        if spec is None:
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return spec


def hide_host_packages() -> None:
    """From now on, imports find only the runtime's packages in site-packages; modules the zygote
    loaded from there for itself (orjson...) are forgotten, so a function's import of them fails too."""
    folders = frozenset(site.getsitepackages() + [site.getusersitepackages()])
    finder = RuntimePackagesOnly(folders)
    position = next(
        (index for index, entry in enumerate(sys.meta_path) if entry is importlib.machinery.PathFinder),
        len(sys.meta_path),
    )
    sys.meta_path.insert(position, finder)  # type: ignore[arg-type]
    prefixes = tuple(folder + "/" for folder in folders)
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] in AWS_RUNTIME_PACKAGES:
            continue
        if (getattr(module, "__file__", None) or "").startswith(prefixes):
            del sys.modules[name]
