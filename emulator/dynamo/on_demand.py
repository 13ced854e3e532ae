"""OnDemandThroughput: the request-unit ceilings of an on-demand table or GSI.

UpdateTable merges the members it is given into the current ones, and -1 clears a member: the
UpdateTable answer echoes the -1, while DescribeTable leaves a cleared member out, and the whole
structure once both are (terraform-provider-aws's TestAccDynamoDBTable_onDemandThroughput reads
max_read_request_units 0 after setting -1; ack-api-quirks DDB-TABLE-178 records the merge).
"""

from __future__ import annotations

from typing import Any

OnDemand = dict[str, int]

#: The value that clears a ceiling (no limit).
UNLIMITED = -1


def merged(current: OnDemand | None, requested: dict[str, Any]) -> OnDemand:
    """The ceilings after an update, cleared ones still shown as -1 (UpdateTable's answer)."""
    return {**(current or {}), **requested}


def kept(throughput: OnDemand | None) -> OnDemand | None:
    """The ceilings as kept and described: no cleared member, nothing once all are cleared."""
    out = {member: value for member, value in (throughput or {}).items() if value != UNLIMITED}
    return out or None
