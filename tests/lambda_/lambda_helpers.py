"""Shared by the Lambda tests: a role ARN, handler sources, zips built in memory."""

from __future__ import annotations

from emulator.testing.functions import ROLE, make_zip  # noqa: F401 - re-exported to the tests

ECHO = """
import os

def handler(event, context):
    print("echo", event)
    return {"event": event, "version": context.function_version, "region": os.environ["AWS_REGION"]}
"""

