"""Shared by the Lambda tests: a role ARN, handler sources, zips built in memory."""

from __future__ import annotations

import io
import zipfile

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

ECHO = """
import os

def handler(event, context):
    print("echo", event)
    return {"event": event, "version": context.function_version, "region": os.environ["AWS_REGION"]}
"""


def make_zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
