"""Functions on Powertools for AWS Lambda (Python), deployed as users deploy them: the handler and
Powertools with what it needs (pydantic for validation, the X-Ray SDK for Tracer) in the function's
zip, the packages copied from this environment (nothing is downloaded). jmespath and boto3 are
the runtime's own, as on AWS."""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from emulator.testing.functions import ROLE

#: Top-level modules shipped beside the handler: Powertools, pydantic (event handler validation),
#: the X-Ray SDK (Tracer), and what they import.
SHIPPED = (
    "aws_lambda_powertools",
    "typing_extensions",
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "typing_inspection",
    "aws_xray_sdk",
    "wrapt",
)


def _module_files(name: str) -> list[tuple[Path, str]]:
    """(file, name in the zip) of an installed top-level module or package."""
    spec = find_spec(name)
    assert spec is not None and spec.origin, f"{name} is installed by the test extra"
    if not spec.submodule_search_locations:
        path = Path(spec.origin)
        return [(path, path.name)]
    root = Path(next(iter(spec.submodule_search_locations)))
    return [
        (path, f"{name}/{path.relative_to(root).as_posix()}")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    ]


@cache
def _packages_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name in SHIPPED:
            for path, member in _module_files(name):
                archive.write(path, member)
    return buffer.getvalue()


def powertools_zip(handler_source: str) -> bytes:
    """``app.py`` beside the shipped packages."""
    buffer = io.BytesIO(_packages_zip())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("app.py", handler_source)
    return buffer.getvalue()


def create_powertools_function(lambda_client: Any, name: str, handler_source: str, **options: Any) -> dict[str, Any]:
    """A python3.13 function (handler ``app.handler``, 30 s) shipping Powertools; ``options`` add to or override CreateFunction's."""
    arguments = {"Runtime": "python3.13", "Role": ROLE, "Handler": "app.handler", "Timeout": 30, **options}
    return lambda_client.create_function(FunctionName=name, Code={"ZipFile": powertools_zip(handler_source)}, **arguments)


def invoke(lambda_client: Any, name: str, event: Any) -> tuple[str | None, Any]:
    """(FunctionError, the decoded payload) of a synchronous invocation."""
    response = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event).encode())
    return response.get("FunctionError"), json.loads(response["Payload"].read())
