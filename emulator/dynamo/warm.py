"""Warm throughput: the reads and writes per second a table or GSI serves at once.

AWS reports it for every table and GSI in DescribeTable (not in CreateTable's
answer unless asked for): 12000 reads and 4000 writes per second for on-demand
capacity, the provisioned units otherwise. It never decreases: raising the
provisioned units or switching to on-demand raises it for good, and a
WarmThroughput asked for below the current value is refused.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ValidationException
from .keys import INVALID

Warm = dict[str, int]

READ = "ReadUnitsPerSecond"
WRITE = "WriteUnitsPerSecond"
ON_DEMAND: Warm = {READ: 12000, WRITE: 4000}


def floor(on_demand: bool, throughput: dict[str, Any] | None) -> Warm:
    """The warm throughput capacity alone gives."""
    if on_demand or not throughput:
        return ON_DEMAND
    return {READ: throughput["ReadCapacityUnits"], WRITE: throughput["WriteCapacityUnits"]}


def raised(current: Warm | None, *others: Warm | None) -> Warm:
    """Each member at the highest value any of the given ones has."""
    out = dict(current or {})
    for other in others:
        for member in (READ, WRITE):
            value = (other or {}).get(member)
            if value is not None and value > out.get(member, 0):
                out[member] = value
    return out


def check_not_lower(current: Warm, requested: Warm, owner: str) -> None:
    for member in (READ, WRITE):
        if requested.get(member, current[member]) < current[member]:
            raise ValidationException(
                f"{INVALID}Requested {member} for WarmThroughput for {owner} is lower than current "
                "WarmThroughput, decreasing WarmThroughput is not supported"
            )


def described(warm: Warm) -> dict[str, Any]:
    return {READ: warm[READ], WRITE: warm[WRITE], "Status": "ACTIVE"}
