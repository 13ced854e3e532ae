"""Lambda functions from inline source, for tests: a zip built in memory and deployed with boto3."""

from __future__ import annotations

import io
import zipfile
from typing import Any

#: Any role ARN will do: the emulator records roles, it does not enforce them.
ROLE = "arn:aws:iam::000000000000:role/lambda-role"


def make_zip(files: dict[str, str]) -> bytes:
    """A zip archive holding ``{path: source}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def create_python_function(lambda_client: Any, name: str, code: str, **options: Any) -> dict[str, Any]:
    """A Python function whose handler is ``app.handler`` in ``code``; returns CreateFunction's answer."""
    arguments: dict[str, Any] = {
        "FunctionName": name,
        "Runtime": "python3.12",
        "Role": ROLE,
        "Handler": "app.handler",
        "Code": {"ZipFile": make_zip(options.pop("files", None) or {"app.py": code})},
    }
    arguments.update(options)
    return lambda_client.create_function(**arguments)
