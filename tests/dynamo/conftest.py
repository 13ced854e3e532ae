"""Fixtures for the DynamoDB API tests: tables shaped as most tests need them."""

from __future__ import annotations

from typing import Any

import pytest
from ddb_helpers import create_table


@pytest.fixture
def table(dynamodb: Any) -> str:
    """A hash (pk: S) + range (sk: N) table."""
    create_table(dynamodb, "items", range_key=("sk", "N"))
    return "items"


@pytest.fixture
def hash_table(dynamodb: Any) -> str:
    """A hash-only (pk: S) table."""
    create_table(dynamodb, "things")
    return "things"
