"""Node.js scripts that use the AWS SDK for JavaScript v3 as a client of a test server.

Node developers point the SDK at the emulator with ``endpoint``, a region and dummy credentials;
a script here does the same. The SDK is the copy ``emulator setup node-sdk`` installed (nothing is
downloaded here). One script runs a whole scenario (Node start-up plus SDK import costs ~0.3 s) and
prints one JSON document, which ``run`` returns.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from emulator.lambda_runtime import node_sdk
from emulator.testing import EmulatorProcess
from emulator.testing.functions import make_zip

#: The machine's Node.js (the one the emulator runs Node.js functions on).
NODE = shutil.which("node") or "/usr/bin/node"

#: What every script starts with: the client configuration and helpers to report results as JSON.
PRELUDE = """
export const config = {
  endpoint: process.env.EMULATOR_URL,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

/** An SDK error as a caller inspects it: its name, message, HTTP status and modeled members. */
export function described(error) {
  const { name, message, $metadata, $fault, $response, $retryable, ...members } = error;
  return { name, message, status: $metadata?.httpStatusCode, fault: $fault, members };
}

/** The error a promise rejects with, described (or a marker when it resolves). */
export async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return described(error);
  }
  return 'no error';
}

/** JSON for what the SDK returns: bytes as {"bytes": base64}, Sets as {"set": [...]}, big numbers
 * as {"bigint": text} or {"number": text} (lib-dynamodb's NumberValue); dates print as ISO text. */
function jsonable(key, value) {
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return { set: [...value].map((member) => jsonable('', member)) };
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (value?.constructor?.name === 'NumberValue') return { number: value.toString() };
  return value;
}

export function print(result) {
  process.stdout.write(JSON.stringify(result, jsonable));
}

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A deployment package the test passed in the environment variable ``name`` (base64), as the SDK takes it. */
export function archive(name) {
  return new Uint8Array(Buffer.from(process.env[name], 'base64'));
}
"""


def archive(files: dict[str, str]) -> str:
    """A zip of ``files`` as base64 text, for a script's ``archive(name)``."""
    return base64.b64encode(make_zip(files)).decode()


def run(
    server: EmulatorProcess,
    script: str,
    *,
    env: dict[str, str] | None = None,
    node_args: tuple[str, ...] = (),
    timeout: float = 60,
) -> Any:
    """Run ``script`` (an ES module that imports ``config``, ``print``... from './prelude.mjs')
    against ``server`` with ``env`` added to its environment; return what it printed, parsed."""
    modules = node_sdk.modules_dir()
    if not modules.is_dir():
        raise AssertionError(f"the AWS SDK for JavaScript is not installed in {modules}: run `emulator setup node-sdk`")
    with tempfile.TemporaryDirectory(prefix="js-sdk-") as folder:
        root = Path(folder)
        # ES modules resolve packages from node_modules folders above the file (NODE_PATH is CommonJS only).
        (root / "node_modules").symlink_to(modules, target_is_directory=True)
        (root / "prelude.mjs").write_text(PRELUDE)
        (root / "scenario.mjs").write_text(script)
        host = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        completed = subprocess.run(
            [NODE, *node_args, str(root / "scenario.mjs")],
            env={**host, **(env or {}), "EMULATOR_URL": server.url},
            cwd=root,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if completed.returncode != 0:
        raise AssertionError(f"node exited {completed.returncode}:\n{completed.stderr}")
    return json.loads(completed.stdout)
