"""The AWS SDK for JavaScript v3 that AWS's Node.js runtimes carry in /var/runtime/node_modules.

AWS's nodejs18.x and later runtimes include ``@aws-sdk/*``, so handlers (``sam init``'s among
them) import it without bundling it. ``emulator setup node-sdk`` installs a pinned set of those
packages with npm into a cache folder -- the one step that downloads -- and a Node.js function
finds that folder where AWS's runtime keeps its copy: on NODE_PATH, after the function's own
node_modules and its layers (workers/environment.py; workers/node_module_paths.mjs does the same
for ES modules).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

#: Overrides the folder the SDK is installed in and read from.
DIR_VARIABLE = "EMULATOR_NODE_SDK_DIR"

#: What is installed, at the versions pinned (each package is released on its own, so versions differ).
#: AWS's runtime carries every client; these are the ones this emulator serves, plus the few that
#: handlers commonly import at load time (a missing one fails the whole function's init).
PACKAGES: dict[str, str] = {
    "@aws-sdk/client-dynamodb": "3.1169.0",
    "@aws-sdk/lib-dynamodb": "3.1169.0",
    "@aws-sdk/util-dynamodb": "3.996.9",
    "@aws-sdk/client-dynamodb-streams": "3.1141.0",
    "@aws-sdk/client-lambda": "3.1164.0",
    "@aws-sdk/client-apigatewaymanagementapi": "3.1169.0",
    "@aws-sdk/client-api-gateway": "3.1142.0",
    "@aws-sdk/client-apigatewayv2": "3.1169.0",
    "@aws-sdk/client-cloudwatch-logs": "3.1169.0",
    "@aws-sdk/client-sts": "3.1177.0",
    "@aws-sdk/credential-providers": "3.1175.0",
    "@aws-sdk/client-s3": "3.1175.0",
    "@aws-sdk/lib-storage": "3.1175.0",
    "@aws-sdk/client-sqs": "3.1175.0",
    "@aws-sdk/client-sns": "3.1169.0",
    "@aws-sdk/client-eventbridge": "3.1169.0",
    "@aws-sdk/client-secrets-manager": "3.1164.0",
    "@aws-sdk/client-ssm": "3.1169.0",
    # AWS's Node.js runtimes carry the durable execution SDK too (durable functions' guide).
    "@aws/durable-execution-sdk-js": "2.4.0",
}


class SetupError(Exception):
    """The SDK could not be installed (no npm, or npm failed)."""


def sdk_dir() -> Path:
    """The install folder: $EMULATOR_NODE_SDK_DIR, else emulator/node-sdk in the user's cache folder."""
    configured = os.environ.get(DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser().absolute()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "emulator" / "node-sdk"


def modules_dir(root: Path | None = None) -> Path:
    """The folder that stands for /var/runtime/node_modules (it need not exist)."""
    return (root or sdk_dir()) / "node_modules"


def _installed_version(root: Path, name: str) -> str | None:
    try:
        return json.loads((modules_dir(root) / name / "package.json").read_bytes())["version"]
    except (OSError, ValueError, KeyError):
        return None


def install(root: Path, packages: Sequence[str] = ()) -> list[str]:
    """Install the pinned packages and ``packages`` (``name`` or ``name@version``) under ``root``
    with npm; return what npm was asked for (empty: all there already, nothing downloaded)."""
    wanted = [spec for spec in _specs(packages) if _needs(root, spec)]
    if not wanted:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise SetupError("npm is not installed (it comes with Node.js; on Debian/Ubuntu: apt-get install npm)")
    root.mkdir(parents=True, exist_ok=True)
    command = [npm, "install", "--prefix", str(root), "--save-exact", "--no-audit", "--no-fund", "--loglevel=error"]
    completed = subprocess.run([*command, *wanted], check=False)
    if completed.returncode != 0:
        raise SetupError(f"npm install failed (exit status {completed.returncode})")
    return wanted


def _specs(packages: Sequence[str]) -> list[str]:
    """``name@version`` of each package to install: the pinned ones, then the extra ones (a version
    given for a pinned package replaces its pin)."""
    chosen = dict(PACKAGES)
    for spec in packages:
        name, version = _split(spec)
        chosen[name] = version or chosen.get(name, "")
    return [f"{name}@{version}" if version else name for name, version in chosen.items()]


def _needs(root: Path, spec: str) -> bool:
    """Whether ``spec`` is not installed yet (a name without a version: at any version)."""
    name, version = _split(spec)
    installed = _installed_version(root, name)
    return installed is None or (bool(version) and installed != version)


def _split(spec: str) -> tuple[str, str]:
    at = spec.find("@", 1)  # a scoped name starts with "@"
    return (spec[:at], spec[at + 1 :]) if at > 0 else (spec, "")
