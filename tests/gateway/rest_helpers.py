"""What the REST API control-plane tests share."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


def error_of(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    """An error's code, message and HTTP status."""
    response = info.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )
